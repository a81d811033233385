// The ties table of a document's sources: beside each paragraph's region (four percentages of the
// page), a button that opens the chosen page so the editor can draw the region on it with a pointer.
// The text field stays the way to give it by keyboard.
(function () {
  "use strict";

  function percent(value) { return Math.round(Math.min(Math.max(value, 0), 1) * 1000) / 10; }

  function drawer() {
    var dialog = document.getElementById("region-drawer");
    var sheet = dialog.querySelector(".region-drawer__sheet");
    var image = sheet.querySelector("img");
    var box = sheet.querySelector(".region-drawer__box");
    var region = null, start = null, field = null;

    function show(part) {
      region = part;
      box.hidden = !part;
      if (!part) return;
      ["left", "top", "width", "height"].forEach(function (side, index) { box.style[side] = (part[index] * 100) + "%"; });
    }
    function at(event) {
      var bounds = image.getBoundingClientRect();
      return [(event.clientX - bounds.left) / bounds.width, (event.clientY - bounds.top) / bounds.height];
    }
    sheet.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      start = at(event);
      sheet.setPointerCapture(event.pointerId);
    });
    sheet.addEventListener("pointermove", function (event) {
      if (!start) return;
      var end = at(event);
      var left = Math.max(Math.min(start[0], end[0]), 0), top = Math.max(Math.min(start[1], end[1]), 0);
      show([left, top, Math.min(Math.max(start[0], end[0]), 1) - left, Math.min(Math.max(start[1], end[1]), 1) - top]);
    });
    sheet.addEventListener("pointerup", function () { start = null; });
    dialog.querySelector(".region-drawer__buttons").addEventListener("click", function (event) {
      var choice = event.target.value;
      if (!choice) return;
      if (choice === "use" && region && region[2] > 0.005 && region[3] > 0.005) {
        field.value = region.map(percent).join(", ");
      } else if (choice === "whole") {
        field.value = "";
      }
      dialog.close();
      field.focus();
    });

    return function open(input, pageUrl) {
      field = input;
      image.src = pageUrl;
      var numbers = input.value.match(/\d+(\.\d+)?/g);
      show(numbers && numbers.length === 4 ? numbers.map(function (n) { return parseFloat(n) / 100; }) : null);
      dialog.showModal();
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var inputs = document.querySelectorAll("input.tie-region");
    if (!inputs.length || !document.getElementById("region-drawer")) return;
    var open = drawer();
    inputs.forEach(function (input) {
      var page = document.getElementById(input.id.replace("id_region-", "id_"));
      var button = document.createElement("button");
      button.type = "button";
      button.className = "region-draw";
      button.textContent = "Draw";
      button.setAttribute("aria-label", "Draw the region on the page (" + input.getAttribute("aria-label") + ")");
      button.disabled = !page.value;
      page.addEventListener("change", function () { button.disabled = !page.value; });
      button.addEventListener("click", function () {
        open(input, input.dataset.firstPage.replace(/\d+$/, page.value));
      });
      input.insertAdjacentElement("afterend", button);
    });
  });
})();
