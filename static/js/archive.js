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

  // Selecting a passage offers "who else said this" (a search for it as an exact quote) and a link
  // to the passage: its paragraph's stable anchor plus the words themselves, which still resolve
  // after unrelated edits.
  function offerSelectionTools(body) {
    var tools = document.createElement("div");
    tools.className = "selection-tools";
    tools.hidden = true;
    var quoteSearch = document.createElement("a");
    quoteSearch.textContent = "Who else said this? Search the exact quote";
    var passageLink = document.createElement("a");
    passageLink.textContent = "Link to this passage";
    tools.append(quoteSearch, passageLink);
    document.body.appendChild(tools);
    document.addEventListener("selectionchange", function () {
      var selection = window.getSelection();
      var text = selection.toString().replace(/\s+/g, " ").replace(/^¶\s*/, "").trim();
      var range = selection.rangeCount ? selection.getRangeAt(0) : null;
      if (!range || !body.contains(range.commonAncestorContainer) || text.split(" ").length < 2 || text.length > 500) {
        tools.hidden = true;
        return;
      }
      var phrase = "\"" + text.replace(/["“”„«»]/g, "") + "\"";
      quoteSearch.href = "/search/?q=" + encodeURIComponent(phrase);
      var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      var paragraph = start.closest('[id^="p-"]');
      passageLink.href = window.location.pathname + "?hl=" + encodeURIComponent(phrase) +
        (paragraph ? "#" + paragraph.id : "");
      var rect = range.getBoundingClientRect();
      tools.style.top = window.scrollY + rect.bottom + 8 + "px";
      tools.style.left = Math.max(8, Math.min(window.scrollX + rect.left, window.innerWidth - 380)) + "px";
      tools.hidden = false;
    });
  }

  // Arriving at a marked passage whose paragraph is gone (or was never named): show the first mark.
  function revealFirstMark(body) {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.querySelector("mark")) return;
    var mark = body.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  // A link to a paragraph that a later correction removed still lands on the document, with a notice.
  function noticeMissingParagraph(body) {
    var match = /^#p-(\d+)$/.exec(window.location.hash);
    if (!match || document.getElementById("p-" + match[1])) return;
    var notice = document.createElement("p");
    notice.className = "message paragraph-missing";
    notice.setAttribute("role", "status");
    notice.textContent = "The paragraph you were linked to (¶ " + match[1] + ") is no longer in this document: " +
      "it was removed when the text was corrected. The document is shown from the start.";
    body.before(notice);
  }

  function setUpCopyButtons() {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var label = button.textContent;
      button.addEventListener("click", function () {
        var text = document.getElementById(button.dataset.copyTarget).textContent.trim();
        navigator.clipboard.writeText(text).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
    document.querySelectorAll("[data-print]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("document-body");
    if (body) {
      markHighlights(body);
      noticeMissingParagraph(body);
      revealFirstMark(body);
      offerSelectionTools(body);
    }
    setUpCopyButtons();
  });
})();
