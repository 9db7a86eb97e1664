// Small enhancements for the newsroom. Everything works without them: forms post and pages
// render on the server; this only adds a live preview and a few conveniences.
(function () {
  "use strict";

  function csrfToken() {
    var field = document.querySelector('input[name="_csrf"]');
    return field ? field.value : "";
  }

  // The story's preview, rendered by the server with the public site's own code.
  var body = document.querySelector("textarea[data-preview]");
  if (body) {
    var target = document.getElementById(body.getAttribute("data-preview"));
    var timer = null;
    var latest = 0;
    body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var request = ++latest;
        var form = new URLSearchParams();
        form.set("body", body.value);
        fetch(body.getAttribute("data-preview-url"), {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRF-Token": csrfToken() },
          body: form.toString()
        }).then(function (response) {
          return response.ok ? response.text() : null;
        }).then(function (html) {
          // The server's output is already sanitized: it is what the article page would show.
          if (html !== null && request === latest) { target.innerHTML = html; }
        }).catch(function () {});
      }, 300);
    });
  }

  // "Select all" for bulk moderation.
  // Buttons that insert the Markdown for a figure, a pull quote or a fact box at the cursor.
  document.querySelectorAll("[data-insert-into]").forEach(function (toolbar) {
    var area = document.getElementById(toolbar.getAttribute("data-insert-into"));
    if (!area) { return; }
    toolbar.hidden = false;
    toolbar.querySelectorAll("button[data-insert]").forEach(function (button) {
      button.addEventListener("click", function () {
        var text = button.getAttribute("data-insert");
        var start = area.selectionStart, end = area.selectionEnd;
        var before = area.value.slice(0, start), after = area.value.slice(end);
        // Each block stands on its own, with a blank line before and after it.
        var lead = before === "" || /\n\n$/.test(before) ? "" : (/\n$/.test(before) ? "\n" : "\n\n");
        var trail = /^\n\n/.test(after) ? "" : (/^\n/.test(after) ? "\n" : "\n\n");
        area.value = before + lead + text + trail + after;
        var caret = (before + lead + text).length;
        area.focus();
        area.setSelectionRange(caret, caret);
        area.dispatchEvent(new Event("input"));
      });
    });
  });

  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var name = box.getAttribute("data-select-all");
      box.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (other) { other.checked = box.checked; });
    });
  });

  // Ask before what cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });

  // Jump to the list of problems when a form comes back with some.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
