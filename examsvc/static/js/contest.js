/* Stage form: add and remove section / quota rows without a round trip, and show only the
 * settings of a section's type. Without this script the same buttons submit the form and the
 * server adds or removes the row, so nothing depends on it. */
(function () {
  "use strict";
  const form = document.querySelector(".stage-form");
  if (!form) { return; }

  function rowsOf(name) { return form.querySelector('[data-rows="' + name + '"]'); }

  function nextIndex(container, name) {
    let max = -1;
    const pattern = new RegExp("^" + name + "-(\\d+)-");
    container.querySelectorAll("[name]").forEach(function (el) {
      const m = pattern.exec(el.name);
      if (m) { max = Math.max(max, Number(m[1])); }
    });
    return max + 1;
  }

  function renumber(row, name, index) {
    const pattern = new RegExp("^" + name + "-\\d+-");
    const replacement = name + "-" + index + "-";
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for"].forEach(function (attr) {
        const value = el.getAttribute(attr);
        if (value && pattern.test(value)) { el.setAttribute(attr, value.replace(pattern, replacement)); }
      });
      el.removeAttribute("aria-describedby");
      el.removeAttribute("aria-invalid");
    });
  }

  function clear(row) {
    row.querySelectorAll(".field-error, [data-supply-line]").forEach(function (el) { el.remove(); });
    row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
    row.querySelectorAll("input[type=text], input:not([type])").forEach(function (el) { el.value = ""; });
    const heading = row.querySelector("h3");
    if (heading) { heading.textContent = heading.textContent.replace(/\d+/, String(rowsOfRow(row).length)); }
  }

  function rowsOfRow(row) { return row.parentNode.querySelectorAll("[data-row]"); }

  function showTypeFields(row) {
    const select = row.querySelector("[data-type-select]");
    if (!select) { return; }
    row.querySelectorAll("[data-only]").forEach(function (el) {
      el.hidden = el.dataset.only !== select.value;
    });
  }

  form.addEventListener("click", function (event) {
    const add = event.target.closest("[data-add-row]");
    const remove = event.target.closest("[data-remove-row]");
    if (add) {
      const name = add.dataset.addRow;
      const container = rowsOf(name);
      const rows = container.querySelectorAll("[data-row]");
      if (!rows.length) { return; }  // nothing to copy: let the server add the row
      event.preventDefault();
      const row = rows[rows.length - 1].cloneNode(true);
      renumber(row, name, nextIndex(container, name));
      container.appendChild(row);
      clear(row);
      showTypeFields(row);
      const first = row.querySelector("input, select");
      if (first) { first.focus(); }
    } else if (remove) {
      event.preventDefault();
      const row = remove.closest("[data-row]");
      row.remove();
    }
  });

  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-type-select]")) { showTypeFields(event.target.closest("[data-row]")); }
  });

  form.querySelectorAll('[data-rows="sections"] [data-row]').forEach(showTypeFields);
})();
