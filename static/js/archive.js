// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // Wrap the character ranges [start, end) of an element's text in <mark>, across inline elements.
  function markSpans(element, spans) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    var nodes = [];
    var offset = 0;
    while (walker.nextNode()) {
      nodes.push({ node: walker.currentNode, start: offset });
      offset += walker.currentNode.nodeValue.length;
    }
    // The server counts from the paragraph's first non-space character.
    var leading = element.textContent.length - element.textContent.replace(/^\s+/, "").length;
    spans.slice().reverse().forEach(function (span) {
      var start = span[0] + leading;
      var end = span[1] + leading;
      nodes.slice().reverse().forEach(function (entry) {
        var nodeEnd = entry.start + entry.node.nodeValue.length;
        if (nodeEnd <= start || entry.start >= end) return;
        var range = document.createRange();
        range.setStart(entry.node, Math.max(start - entry.start, 0));
        range.setEnd(entry.node, Math.min(end, nodeEnd) - entry.start);
        var mark = document.createElement("mark");
        range.surroundContents(mark);
      });
    });
  }

  function markHighlights(body) {
    var data = document.getElementById("highlights");
    if (!data) return;
    var highlights = JSON.parse(data.textContent);
    Object.keys(highlights).forEach(function (anchor) {
      var paragraph = document.getElementById(anchor);
      if (paragraph && body.contains(paragraph)) markSpans(paragraph, highlights[anchor]);
    });
  }

  function addParagraphLinks(body) {
    body.querySelectorAll('[id^="p-"]').forEach(function (paragraph) {
      var link = document.createElement("a");
      link.className = "paragraph-link";
      link.href = "#" + paragraph.id;
      link.textContent = "¶";
      link.setAttribute("aria-label", "Link to this paragraph");
      paragraph.prepend(link);
    });
  }

  // "Who else said this": selecting a passage offers a search for it as an exact quote.
  function offerQuoteSearch(body) {
    var offer = document.createElement("a");
    offer.className = "quote-search";
    offer.hidden = true;
    offer.textContent = "Who else said this? Search the exact quote";
    document.body.appendChild(offer);
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      var text = selection.toString().replace(/\s+/g, " ").trim();
      var inBody = selection.rangeCount && body.contains(selection.getRangeAt(0).commonAncestorContainer);
      if (!inBody || text.split(" ").length < 2 || text.length > 500) {
        offer.hidden = true;
        return;
      }
      text = text.replace(/["“”„«»]/g, "").replace(/^¶\s*/, "");
      offer.href = "/search/?q=" + encodeURIComponent("\"" + text + "\"");
      var rect = selection.getRangeAt(0).getBoundingClientRect();
      offer.style.top = window.scrollY + rect.bottom + 8 + "px";
      offer.style.left = Math.max(8, Math.min(window.scrollX + rect.left, window.innerWidth - 320)) + "px";
      offer.hidden = false;
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = document.getElementById(button.dataset.copyTarget).textContent.trim();
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy citation"; }, 2000);
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("document-body");
    if (body) {
      markHighlights(body);
      addParagraphLinks(body);
      offerQuoteSearch(body);
    }
    setUpCopyButtons();
  });
})();
