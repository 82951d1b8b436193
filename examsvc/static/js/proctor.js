/* Proctor console: refresh the live cells every 5 s and count down the time left.
 * Only cell contents change, so a form being filled in is never wiped by a refresh. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("proctor-config").textContent);
  const S = config.strings;

  function fmt(seconds) {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function time(iso) {
    if (!iso) { return ""; }
    return new Date(iso).toLocaleTimeString("zh-CN", { hour12: false });
  }

  function render(rows) {
    const counts = { not_started: 0, in_progress: 0, submitted: 0 };
    rows.forEach(function (row) {
      counts[row.status] = (counts[row.status] || 0) + 1;
      const tr = document.querySelector('[data-row="' + row.enrolment_id + '"]');
      if (!tr) { return; }
      tr.className = "status-" + row.status + (row.locked ? " locked" : "");
      tr.querySelector('[data-cell="ip"]').textContent = row.ip;
      tr.querySelector('[data-cell="status"]').textContent = S.status[row.status] || row.status;
      tr.querySelector('[data-cell="answered"]').textContent = row.answered + (row.items ? "/" + row.items : "");
      tr.querySelector('[data-cell="last_save"]').textContent = time(row.last_save);
      const left = tr.querySelector('[data-cell="left"]');
      left.dataset.seconds = row.seconds_left === null ? "" : row.seconds_left;
      left.textContent = row.seconds_left === null ? "" : fmt(row.seconds_left);
      if (row.extension_minutes) { left.textContent += " +" + row.extension_minutes + "′"; }
      const signals = tr.querySelector('[data-cell="signals"]');
      signals.textContent = "";
      Object.keys(row.signals).forEach(function (kind) {
        const badge = document.createElement("span");
        badge.className = "badge " + (["second_login", "ip_change", "session_blocked"].indexOf(kind) >= 0 ? "bad" : "warn");
        badge.textContent = (S.signals[kind] || kind) + " × " + row.signals[kind];
        signals.appendChild(badge);
        signals.appendChild(document.createTextNode(" "));
      });
    });
    Object.keys(counts).forEach(function (key) {
      const el = document.querySelector('[data-count="' + key + '"]');
      if (el) { el.textContent = counts[key]; }
    });
    document.getElementById("refreshed").textContent = S.refreshed + " " + new Date().toLocaleTimeString("zh-CN", { hour12: false });
  }

  function refresh() {
    window.fetch(config.url, { credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body) { render(body.rows); } })
      .catch(function () { document.getElementById("refreshed").textContent = S.offline; });
  }

  window.setInterval(function () {
    document.querySelectorAll('[data-cell="left"]').forEach(function (cell) {
      if (cell.dataset.seconds === "") { return; }
      const next = Math.max(0, Number(cell.dataset.seconds) - 1);
      cell.dataset.seconds = next;
      cell.firstChild && (cell.firstChild.textContent = fmt(next));
    });
  }, 1000);
  window.setInterval(refresh, 5000);
})();
