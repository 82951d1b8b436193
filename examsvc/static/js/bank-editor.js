/* Question editor, progressive enhancement only: every button also works without this file
   (the server re-renders the form). No inline script anywhere: the CSP forbids it. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    var form = document.getElementById("question-editor");
    if (!form) { return; }

    // "Add option" / "Add scoring point": reveal the next prepared row instead of a round trip
    form.querySelectorAll("[data-reveal]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        var kind = button.getAttribute("data-reveal");
        var hidden = Array.prototype.filter.call(
          form.querySelectorAll('[data-row="' + kind + '"][hidden]'),
          function (el) { return el.hasAttribute("data-index"); });
        if (!hidden.length) { return; } // none prepared: let the server add one
        event.preventDefault();
        var next = Math.min.apply(null, hidden.map(function (el) { return +el.getAttribute("data-index"); }));
        form.querySelectorAll('[data-row="' + kind + '"][data-index="' + next + '"]').forEach(function (el) {
          el.hidden = false;
        });
        if (kind === "option") {
          var count = form.querySelector('input[name="option_count"]');
          if (count) { count.value = String(next); }
          if (next >= 8) { button.disabled = true; }
        }
        var field = form.querySelector('[data-row="' + kind + '"][data-index="' + next + '"] textarea, ' +
                                       '[data-row="' + kind + '"][data-index="' + next + '"] input');
        if (field) { field.focus(); }
      });
    });

    // changing the type re-renders the form for that type at once
    form.querySelectorAll(".js-autosubmit").forEach(function (select) {
      select.addEventListener("change", function () {
        var button = form.querySelector('[name="' + select.getAttribute("data-submit") + '"]');
        if (button) { button.click(); }
      });
    });

    // "Insert into the stem": put the uploaded image's Markdown at the cursor
    form.querySelectorAll("[data-insert]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = form.querySelector(button.getAttribute("data-insert"));
        var target = form.querySelector(button.getAttribute("data-target"));
        if (!source || !target) { return; }
        var focused = document.activeElement === target || target.selectionStart > 0;
        var start = focused ? target.selectionStart : target.value.length;
        var end = focused ? target.selectionEnd : start;
        var text = source.value;
        target.value = target.value.slice(0, start) + text + target.value.slice(end);
        target.focus();
        target.selectionStart = target.selectionEnd = start + text.length;
      });
    });
  });
})();
