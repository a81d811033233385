// Swagger UI's markup lacks what screen readers need: its section headings skip from h1 to h3 (and
// its "Schemas" heading to h4), and its title block sits outside every landmark. It re-renders as
// readers open sections, so the fixes are applied whenever its content changes.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");

  function describeStructure() {
    root.querySelectorAll(".opblock-tag, .models > h4").forEach(function (heading) {
      heading.setAttribute("aria-level", "2");
    });
    var title = root.querySelector(".information-container");
    if (title) title.setAttribute("role", "banner");
  }

  new MutationObserver(describeStructure).observe(root, { childList: true, subtree: true });
})();
