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
    // The server counts characters from the paragraph's first non-space character; the page counts
    // UTF-16 units, two for a character beyond the first plane (𠮷 in a name, an emoji).
    var text = element.textContent.replace(/^\s+/, "");
    var leading = element.textContent.length - text.length;
    spans.slice().reverse().forEach(function (span) {
      var start = unitsBefore(text, span[0]) + leading;
      var end = unitsBefore(text, span[1]) + leading;
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

  // The UTF-16 length of the first ``characters`` characters of ``text``.
  function unitsBefore(text, characters) {
    var units = 0;
    for (var counted = 0; counted < characters && units < text.length; counted++) {
      units += text.codePointAt(units) > 0xffff ? 2 : 1;
    }
    return units;
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
      if (!range || !body.contains(range.commonAncestorContainer) || !severalWords(text) || text.length > 500) {
        tools.hidden = true;
        return;
      }
      var phrase = "\"" + text.replace(/["“”„«»]/g, "") + "\"";
      quoteSearch.href = "/search/?q=" + encodeURIComponent(phrase);
      var start = range.startContainer.nodeType === 1 ? range.startContainer : range.startContainer.parentElement;
      var paragraph = start.closest('[id^="p-"]');
      // The link opens the text being read (?lang=): another text holds other words.
      var language = new URLSearchParams(window.location.search).get("lang");
      passageLink.href = window.location.pathname + "?" + (language ? "lang=" + encodeURIComponent(language) + "&" : "") +
        "hl=" + encodeURIComponent(phrase) + (paragraph ? "#" + paragraph.id : "");
      var rect = range.getBoundingClientRect();
      tools.style.top = window.scrollY + rect.bottom + 8 + "px";
      tools.style.left = Math.max(8, Math.min(window.scrollX + rect.left, window.innerWidth - 380)) + "px";
      tools.hidden = false;
    });
  }

  // Two words or more: in Chinese, Japanese or Thai, written without spaces, two characters or more.
  function severalWords(text) {
    return text.split(" ").length > 1 || (UNSPACED_SCRIPT.test(text) && Array.from(text).length > 1);
  }

  var UNSPACED_SCRIPT = /[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

  // Arriving at a marked passage whose paragraph is gone (or was never named): show the first mark.
  function revealFirstMark(body) {
    var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
    if (target && target.querySelector("mark")) return;
    var mark = body.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "center" });
  }

  // A link citing a paragraph (?cite=p-3, as shared from its citation) without a #fragment: the page
  // opens at the paragraph, marked, as a link to it (#p-3) would.
  function showCitedParagraph(body) {
    var paragraph = body.dataset.cited && document.getElementById(body.dataset.cited);
    if (!paragraph || window.location.hash) return;
    paragraph.classList.add("is-highlighted");
    paragraph.scrollIntoView({ block: "center" });
  }

  // A link to a paragraph that is elsewhere now is taken there, with a notice: one of a duplicate merged
  // into this document (?from=, its #p-N kept by the redirect: "anchors-from"), or one merged into another
  // paragraph when the text was corrected ("merged-anchors"). A link to one removed lands on the document,
  // with a notice too.
  function followParagraphLinkedTo(body) {
    var match = /^#(p-(\d+))$/.exec(window.location.hash);
    if (!match) return;
    var anchor = match[1], number = match[2];
    var fromDuplicate = anchorMap("anchors-from"), merged = anchorMap("merged-anchors");
    var here, message;
    if (anchor in fromDuplicate) {
      here = fromDuplicate[anchor];
      message = "The document you were linked to was a duplicate of this one, merged into it: " + (here
        ? "the paragraph you were linked to (its ¶ " + number + ") is ¶ " + here.slice(2) + " here."
        : "the paragraph you were linked to (its ¶ " + number + ") is not in this one. " +
          "The document is shown from the start.");
    } else if (document.getElementById(anchor)) {
      return;
    } else if (merged[anchor]) {
      here = merged[anchor];
      message = "The paragraph you were linked to (¶ " + number + ") was merged into ¶ " + here.slice(2) +
        " when the text was corrected: it is shown here.";
    } else {
      message = "The paragraph you were linked to (¶ " + number + ") is no longer in this document: " +
        "it was removed when the text was corrected. The document is shown from the start.";
    }
    var notice = document.createElement("p");
    notice.className = "message paragraph-missing";
    notice.setAttribute("role", "status");
    notice.textContent = message;
    body.before(notice);
    if (here) {
      window.location.replace("#" + here);  // scrolls there and marks it :target, without a new history entry
    } else {
      history.replaceState(null, "", window.location.pathname + window.location.search);
      window.scrollTo(0, 0);
    }
  }

  function anchorMap(id) {
    var script = document.getElementById(id);
    return script ? JSON.parse(script.textContent) : {};
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

  // A document read beside its sources: the page of the paragraph being read (or chosen) is shown
  // beside it, and a paragraph tied to a time plays the recording from there. The ties come from the
  // page (#source-places: anchor -> {page: {src, caption, alt}, time: {start, label}}).
  function followSources() {
    var data = document.getElementById("source-places");
    if (!data) return;
    var places = JSON.parse(data.textContent);
    var image = document.getElementById("source-page");
    var link = document.getElementById("source-page-link");
    var caption = document.getElementById("source-page-caption");
    var player = document.getElementById("source-recording");
    var region = document.getElementById("source-region");
    var pageButtons = [];
    function showPage(anchor) {
      var page = places[anchor] && places[anchor].page;
      if (!page || !image) return;
      if (image.getAttribute("src") !== page.src) {
        image.src = page.src;
        image.alt = page.alt;
        link.href = page.src;
        caption.textContent = page.caption;
      }
      showRegion(page.region);
      pageButtons.forEach(function (button) { button.setAttribute("aria-pressed", String(button.dataset.anchor === anchor)); });
    }
    // The part of the page the paragraph fills, marked on it: [left, top, width, height] in fractions.
    function showRegion(box) {
      if (!region) return;
      region.hidden = !box;
      if (!box) return;
      ["left", "top", "width", "height"].forEach(function (side, index) {
        region.style[side] = (box[index] * 100) + "%";
      });
    }
    Object.keys(places).forEach(function (anchor) {
      var paragraph = document.getElementById(anchor);
      if (!paragraph) return;
      var tools = document.createElement("span");
      tools.className = "source-places";
      var place = places[anchor];
      if (place.page && image) {
        var pageButton = document.createElement("button");
        pageButton.type = "button";
        pageButton.dataset.anchor = anchor;
        pageButton.textContent = place.page.caption.split(" of ")[0];
        // The accessible name begins with the words shown ("p. 2"), as speech input users say them.
        pageButton.setAttribute("aria-label", place.page.caption + ": show it beside the text");
        pageButton.addEventListener("click", function () { showPage(anchor); });
        pageButtons.push(pageButton);
        tools.appendChild(pageButton);
      }
      if (place.time && player) {
        var playButton = document.createElement("button");
        playButton.type = "button";
        playButton.className = "source-play";
        playButton.textContent = "▶ " + place.time.label;
        playButton.setAttribute("aria-label", "Play the recording from " + place.time.label);
        playButton.addEventListener("click", function () {
          player.currentTime = place.time.start;
          player.play();
        });
        tools.appendChild(playButton);
      }
      paragraph.appendChild(tools);
    });
    if (image) {
      image.addEventListener("click", function (event) {
        event.preventDefault();
        image.closest("figure").classList.toggle("is-zoomed");
      });
    }
    // The paragraph being read: the first tied one showing more than a sliver, begun in the upper third
    // of the window. Looked for once a frame at most while the reader scrolls, and once the page has
    // loaded (a link to a paragraph, #p-4, has scrolled to it by then).
    var tied = Object.keys(places).map(function (anchor) { return document.getElementById(anchor); })
      .filter(function (paragraph) { return paragraph; });
    var looking = false;
    function followReading() {
      looking = false;
      var reading = tied.filter(function (paragraph) {
        var box = paragraph.getBoundingClientRect();
        return box.bottom > 48 && box.top < window.innerHeight * 0.35;
      })[0];
      if (reading) showPage(reading.id);
    }
    window.addEventListener("scroll", function () {
      if (!looking) { looking = true; window.requestAnimationFrame(followReading); }
    }, { passive: true });
    window.addEventListener("load", followReading);
    var shownOnArrival = decodeURIComponent(location.hash.slice(1));
    if (shownOnArrival) showPage(shownOnArrival);
    window.addEventListener("hashchange", function () { showPage(decodeURIComponent(location.hash.slice(1))); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("document-body");
    if (body) {
      markHighlights(body);
      followParagraphLinkedTo(body);
      showCitedParagraph(body);
      revealFirstMark(body);
      offerSelectionTools(body);
    }
    setUpCopyButtons();
    followSources();
  });
})();
