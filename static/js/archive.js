// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

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
    if (body) addParagraphLinks(body);
    setUpCopyButtons();
  });
})();
