// Document editor in the admin: a live preview rendered by the public page's own code, and
// "Clean pasted text", which shows every changed word before the editor applies it.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (key) { body.append(key, data[key]); });
    return fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": csrfToken() }, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) return response.json();
        // A 400 says what is wrong with the text (a list nested too deep, say): show that.
        return response.json().catch(function () { return {}; }).then(function (data) {
          throw new Error(data.error || "The server answered " + response.status);
        });
      });
  }

  function paragraphs(count) {
    return count + (count === 1 ? " paragraph" : " paragraphs");
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function setUpPreview(body, baseUrl) {
    var preview = element("div", "document-preview");
    preview.setAttribute("aria-live", "polite");
    var heading = element("p", "document-preview__heading", "Preview, as the public page shows it");
    var content = element("div", "document-preview__content");
    var problem = element("p", "errornote");  // words the page would not show: saving refuses them
    problem.hidden = true;
    preview.append(heading, problem, content);
    document.querySelector(".clean-panel").after(preview);
    var timer = null;
    function refresh() {
      post(baseUrl + "preview/", { body: body.value }).then(function (data) {
        // The server returns sanitised HTML rendered by speeches.rendering.
        content.innerHTML = data.html;
        heading.textContent = "Preview, as the public page shows it (" + paragraphs(data.paragraphs) + ")";
        problem.textContent = data.problem || "";
        problem.hidden = !data.problem;
      }).catch(function (error) { heading.textContent = "Preview unavailable: " + error.message; });
    }
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    refresh();
  }

  function setUpCleaning(body, sourceText, baseUrl) {
    var toolbar = element("div", "document-toolbar");
    var button = element("button", "button clean-pasted-text", "Clean pasted text");
    button.type = "button";
    toolbar.append(button, element("span", "document-toolbar__hint",
      "Joins PDF line breaks into paragraphs; shows every changed word before you apply it."));
    var panel = element("div", "clean-panel");
    panel.hidden = true;
    body.closest(".form-row").after(toolbar, panel);

    button.addEventListener("click", function () {
      var raw = body.value;
      post(baseUrl + "clean/", { text: raw }).then(function (data) {
        panel.replaceChildren();
        panel.append(element("p", "clean-panel__summary", paragraphs(data.paragraphs) + ". " + (data.changes.length
          ? data.changes.length + " change(s) to words — check each before applying:"
          : "No word is changed: only line breaks and spaces.")));
        var list = element("ol", "clean-panel__changes");
        data.changes.forEach(function (change) {
          var item = element("li");
          item.append(element("del", "", change.removed || "∅"), document.createTextNode(" → "),
            element("ins", "", change.inserted || "(removed)"), element("div", "clean-panel__context", "… " + change.context + " …"));
          list.append(item);
        });
        panel.append(list);
        var apply = element("button", "button default", "Apply");
        apply.type = "button";
        var cancel = element("button", "button", "Cancel");
        cancel.type = "button";
        apply.addEventListener("click", function () {
          if (sourceText && !sourceText.value.trim()) sourceText.value = raw;  // keep the text as pasted
          body.value = data.markdown;
          body.dispatchEvent(new Event("input"));
          panel.hidden = true;
        });
        cancel.addEventListener("click", function () { panel.hidden = true; });
        panel.append(apply, cancel);
        panel.hidden = false;
      }).catch(function (error) {
        panel.replaceChildren(element("p", "errornote", "Cleaning failed: " + error.message));
        panel.hidden = false;
      });
    });
  }

  // The body of another text (original, translation) in the inline: "texts-0-body", not the template row's.
  var OTHER_TEXT_BODY = /^id_texts-\d+-body$/;

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.getElementById("id_body");
    if (!body) return;
    var baseUrl = window.location.pathname.replace(/(add|\d+\/change)\/$/, "");
    setUpCleaning(body, document.getElementById("id_source_text"), baseUrl);
    setUpPreview(body, baseUrl);
    document.querySelectorAll("textarea[id^=id_texts-]").forEach(function (textBody) {
      if (OTHER_TEXT_BODY.test(textBody.id)) setUpCleaning(textBody, null, baseUrl);
    });
    document.addEventListener("formset:added", function (event) {  // "Add another text", Django 4.1+
      var textBody = event.target.querySelector("textarea[id$=-body]");
      if (textBody && OTHER_TEXT_BODY.test(textBody.id)) setUpCleaning(textBody, null, baseUrl);
    });
  });
})();
