/* The marking screen: the scoring points add up to the mark as they are filled in, and the
 * keyboard does the rest (documented on the page). Without this script the form still works:
 * the server adds the points up itself. */
(function () {
  "use strict";
  const form = document.getElementById("mark-form");
  if (!form) { return; }
  const blankForm = document.getElementById("blank-form");
  const total = document.getElementById("mark-total");
  const points = Array.prototype.slice.call(form.querySelectorAll("[data-point]"));

  // marks in hundredths, so that 1.25 + 0.1 is exactly 1.35 and never 1.3499999
  function cents(text) {
    const match = /^\s*(\d+)(?:[.,](\d{0,2}))?\s*$/.exec(text || "");
    if (!match) { return null; }
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }

  function show(hundredths) {
    const whole = Math.floor(hundredths / 100);
    const rest = hundredths % 100;
    if (rest === 0) { return String(whole); }
    return whole + "." + (rest < 10 ? "0" : "") + (rest % 10 === 0 ? rest / 10 : rest);
  }

  function update() {
    if (!total) { return; }
    let sum = 0;
    let complete = true;
    points.forEach(function (input) {
      if (input.type === "checkbox") {
        if (input.checked) { sum += cents(input.dataset.max); }
        return;
      }
      const value = cents(input.value);
      if (value === null) { complete = false; return; }
      sum += value;
    });
    total.textContent = show(sum) + (complete ? "" : " …");
  }

  function setAll(full) {
    points.forEach(function (input) {
      if (input.type === "checkbox") { input.checked = full; }
      else { input.value = full ? input.dataset.max : "0"; }
    });
    update();
  }

  function submit(target) {
    if (typeof target.requestSubmit === "function") { target.requestSubmit(); }
    else { target.submit(); }
  }

  points.forEach(function (input) {
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey && !event.ctrlKey && !event.metaKey) {
      const key = event.key.toLowerCase();
      if (key === "f") { event.preventDefault(); setAll(true); return; }
      if (key === "z") { event.preventDefault(); setAll(false); return; }
      if (key === "b" && blankForm) { event.preventDefault(); submit(blankForm); return; }
    }
    if (event.key !== "Enter" || event.shiftKey || event.altKey) { return; }
    const target = event.target;
    // Enter elsewhere (a link, the shortcuts list, the blank button) keeps its own meaning
    if (target !== document.body && !form.contains(target)) { return; }
    if (target.tagName === "TEXTAREA" && !event.ctrlKey) { return; }  // a new line in the comment
    if (target.tagName === "BUTTON") { return; }  // the button's own click
    event.preventDefault();
    submit(form);
  });

  update();
})();
