/* examsvc exam page: autosave that never loses an answer, a countdown that follows the server.
 *
 * - Every change is queued with an increasing seq per item and kept in localStorage until the
 *   server acknowledges it; the queue is replayed after a reload, a crash or a dropped network.
 * - Saves are sent within 2 s (choices at once, typing after a short pause), retried with
 *   backoff, and shown per item and overall: saving… / saved ✓ / not saved — retrying.
 * - The countdown runs on the server's deadline, re-synced with server_time; at zero the page
 *   flushes pending saves and then submits. The server finalizes the attempt anyway.
 * No inline script anywhere (CSP): configuration comes from JSON data blocks in the page.
 */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("exam-config").textContent);
  const S = JSON.parse(document.getElementById("exam-strings").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const storeKey = "examsvc.attempt." + config.attemptId;
  const itemTypes = {};
  config.items.forEach(function (it) { itemTypes[it.no] = it.type; });

  // ------------------------------------------------------------------ persistent state
  function load() {
    try {
      const raw = window.localStorage.getItem(storeKey);
      if (raw) { return JSON.parse(raw); }
    } catch (e) { /* storage unavailable: keep going in memory */ }
    return { pending: {}, flags: [], lastSeq: {} };
  }
  const state = load();
  state.pending = state.pending || {};
  state.flags = state.flags || [];
  state.lastSeq = state.lastSeq || {};
  Object.keys(config.seqs || {}).forEach(function (no) {
    state.lastSeq[no] = Math.max(state.lastSeq[no] || 0, config.seqs[no]);
  });
  function persist() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* ignore */ }
  }

  function nextSeq(no) {
    const seq = Math.max((state.lastSeq[no] || 0) + 1, Date.now());
    state.lastSeq[no] = seq;
    return seq;
  }

  // ------------------------------------------------------------------ reading inputs
  function valueOf(no) {
    const type = itemTypes[no];
    const form = document.getElementById("exam-form");
    if (type === "short") {
      const text = form.elements["a" + no].value;
      return text === "" ? null : text;
    }
    const inputs = Array.prototype.slice.call(form.querySelectorAll('input[name="a' + no + '"]'));
    const chosen = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
    if (type === "multiple") { return chosen.length ? chosen : null; }
    if (!chosen.length) { return null; }
    if (type === "truefalse") { return chosen[0] === "true"; }
    return chosen[0];
  }

  function applyValue(no, value) {
    const type = itemTypes[no];
    const form = document.getElementById("exam-form");
    if (type === "short") {
      form.elements["a" + no].value = value || "";
      updateCount(no);
      return;
    }
    form.querySelectorAll('input[name="a' + no + '"]').forEach(function (input) {
      if (type === "multiple") { input.checked = Array.isArray(value) && value.indexOf(input.value) >= 0; }
      else if (type === "truefalse") { input.checked = value !== null && String(value) === input.value; }
      else { input.checked = value === input.value; }
    });
  }

  function isAnswered(value) {
    return value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);
  }

  // ------------------------------------------------------------------ display
  const overall = document.getElementById("save-overall");
  const itemState = {};  // no -> "saving" | "saved" | "failed"

  function showItemState(no, kind) {
    itemState[no] = kind;
    const el = document.querySelector('[data-save-state="' + no + '"]');
    if (el) {
      el.textContent = kind === "saving" ? S.saving : kind === "saved" ? S.saved : kind === "failed" ? S.failed : "";
      el.className = "save-state " + (kind || "");
    }
    const nav = document.querySelector('[data-nav="' + no + '"]');
    if (nav) { nav.classList.toggle("unsaved", kind === "failed" || kind === "saving"); }
    showOverall();
  }

  function showOverall() {
    const waiting = Object.keys(state.pending).length;
    const failing = Object.keys(itemState).filter(function (no) { return itemState[no] === "failed"; }).length;
    if (failing) {
      overall.textContent = S.overallFailed.replace("%(n)s", failing);
      overall.className = "save-overall failed";
    } else if (waiting) {
      overall.textContent = S.overallSaving;
      overall.className = "save-overall saving";
    } else {
      overall.textContent = S.overallSaved;
      overall.className = "save-overall saved";
    }
  }

  function refreshNav(no) {
    const nav = document.querySelector('[data-nav="' + no + '"]');
    if (!nav) { return; }
    nav.classList.toggle("answered", isAnswered(valueOf(no)));
    nav.classList.toggle("flagged", state.flags.indexOf(String(no)) >= 0);
  }

  function updateCount(no) {
    const el = document.querySelector('[data-count="' + no + '"]');
    const area = document.getElementById("a" + no);
    if (el && area) { el.textContent = area.value.length; }
  }

  const notice = document.getElementById("notice");
  let noticeTimer = null;
  function tell(text, sticky) {
    notice.textContent = text;
    notice.hidden = false;
    if (noticeTimer) { window.clearTimeout(noticeTimer); }
    if (!sticky) { noticeTimer = window.setTimeout(function () { notice.hidden = true; }, 12000); }
  }

  // ------------------------------------------------------------------ saving
  const timers = {};      // no -> debounce timer
  const firstChange = {}; // no -> time of the first unsent change
  const inFlight = {};    // no -> true while a PUT is running
  const failures = {};    // no -> consecutive failures (for backoff)
  let closed = false;

  function queue(no, delay) {
    const value = valueOf(no);
    state.pending[no] = { value: value, seq: nextSeq(no) };
    persist();
    refreshNav(no);
    showItemState(no, "saving");
    if (!firstChange[no]) { firstChange[no] = Date.now(); }
    const wait = Math.max(0, Math.min(delay, 2000 - (Date.now() - firstChange[no]) - 200));
    if (timers[no]) { window.clearTimeout(timers[no]); }
    timers[no] = window.setTimeout(function () { send(no); }, wait);
  }

  function api(method, path, body) {
    return window.fetch(config.api + path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  }

  function send(no) {
    timers[no] = null;
    if (closed || inFlight[no]) { return Promise.resolve(); }
    const entry = state.pending[no];
    if (!entry) { return Promise.resolve(); }
    inFlight[no] = true;
    return api("PUT", "/attempts/" + config.attemptId + "/answers/" + no, { value: entry.value, seq: entry.seq })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          return { status: response.status, body: body };
        });
      })
      .then(function (result) {
        inFlight[no] = false;
        if (result.status === 200) {
          failures[no] = 0;
          const current = state.pending[no];
          if (current && current.seq <= result.body.seq) {
            delete state.pending[no];
            delete firstChange[no];
            persist();
            showItemState(no, "saved");
          } else if (current) {
            send(no);  // a newer change arrived meanwhile
          }
          return;
        }
        if (result.status === 409 && result.body.error && result.body.error.code === "attempt_closed") {
          closeExam();
          return;
        }
        if (result.status === 423) {
          tell(S.locked, true);
        }
        if (result.status === 422) {
          // the server refuses this value for good: drop it rather than retry forever
          delete state.pending[no];
          persist();
          showItemState(no, "failed");
          return;
        }
        retryLater(no);
      })
      .catch(function () {
        inFlight[no] = false;
        retryLater(no);
      });
  }

  function retryLater(no) {
    failures[no] = (failures[no] || 0) + 1;
    showItemState(no, "failed");
    const delay = Math.min(15000, 1000 * Math.pow(2, failures[no] - 1)) + Math.random() * 500;
    if (timers[no]) { window.clearTimeout(timers[no]); }
    timers[no] = window.setTimeout(function () { send(no); }, delay);
  }

  function flushAll() {
    return Promise.all(Object.keys(state.pending).map(function (no) {
      if (timers[no]) { window.clearTimeout(timers[no]); timers[no] = null; }
      return send(no);
    }));
  }

  // ------------------------------------------------------------------ clock
  const deadline = new Date(config.deadline).getTime();
  let offset = new Date(config.serverTime).getTime() - Date.now();
  let currentDeadline = deadline;
  const warned = {};
  const timerEl = document.getElementById("timer");
  let submitting = false;

  function remaining() { return currentDeadline - (Date.now() + offset); }

  function tick() {
    const left = remaining();
    const seconds = Math.max(0, Math.floor(left / 1000));
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const pad = function (n) { return (n < 10 ? "0" : "") + n; };
    timerEl.textContent = (h ? h + ":" : "") + pad(m) + ":" + pad(s);
    timerEl.classList.toggle("low", seconds <= 300);
    [15, 5, 1].forEach(function (minutes) {
      if (!warned[minutes] && seconds <= minutes * 60 && seconds > 0) {
        warned[minutes] = true;
        tell(S.minutesLeft.replace("%(n)s", minutes));
      }
    });
    if (left <= 0 && !submitting && !closed) { timeUp(); }
  }

  function resync() {
    const sent = Date.now();
    return api("GET", "/attempts/" + config.attemptId + "/clock").then(function (r) {
      return r.json().then(function (body) {
        const rtt = Date.now() - sent;
        offset = new Date(body.server_time).getTime() + rtt / 2 - Date.now();
        const next = new Date(body.deadline).getTime();
        if (next !== currentDeadline) {
          if (next > currentDeadline) { tell(S.extended); }
          currentDeadline = next;
        }
        if (body.status === "submitted") { closeExam(); }
      });
    }).catch(function () { /* offline: keep counting on the last known offset */ });
  }

  function timeUp() {
    submitting = true;
    tell(S.timeUp, true);
    flushAll().then(function () {
      return api("POST", "/attempts/" + config.attemptId + "/submit", { reason: "timer" });
    }).then(function (response) {
      if (response.status === 409) {
        return resync().then(function () { submitting = false; });
      }
      if (response.ok) { finish(); return; }
      submitting = false;
    }).catch(function () {
      // offline at the deadline: the server finalizes the attempt with the saved answers
      submitting = false;
      window.setTimeout(resync, 5000);
    });
  }

  function closeExam() {
    if (closed) { return; }
    closed = true;
    finish();
  }

  function finish() {
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
    window.location.assign(config.doneUrl);
  }

  // ------------------------------------------------------------------ signals
  let lastSignal = {};
  function signal(kind) {
    const now = Date.now();
    if (lastSignal[kind] && now - lastSignal[kind] < 10000) { return; }
    lastSignal[kind] = now;
    api("POST", "/attempts/" + config.attemptId + "/signals", { kind: kind }).catch(function () {});
  }

  // ------------------------------------------------------------------ wiring
  const form = document.getElementById("exam-form");
  form.addEventListener("change", function (event) {
    const article = event.target.closest(".item");
    if (!article) { return; }
    const no = article.dataset.no;
    queue(no, itemTypes[no] === "short" ? 800 : 100);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName !== "TEXTAREA") { return; }
    const no = event.target.closest(".item").dataset.no;
    updateCount(no);
    queue(no, 800);
  });
  form.addEventListener("paste", function () { signal("paste"); });
  form.addEventListener("submit", function (event) { event.preventDefault(); });

  document.querySelectorAll("[data-flag]").forEach(function (button) {
    const no = button.dataset.flag;
    const on = state.flags.indexOf(no) >= 0;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.addEventListener("click", function () {
      const index = state.flags.indexOf(no);
      if (index >= 0) { state.flags.splice(index, 1); } else { state.flags.push(no); }
      button.setAttribute("aria-pressed", index >= 0 ? "false" : "true");
      persist();
      refreshNav(no);
    });
    refreshNav(no);
  });

  document.querySelectorAll("[data-text-size]").forEach(function (button) {
    button.addEventListener("click", function () {
      const root = document.documentElement;
      const size = parseFloat(window.getComputedStyle(root).fontSize) + 2 * Number(button.dataset.textSize);
      root.style.fontSize = Math.max(14, Math.min(26, size)) + "px";
    });
  });

  const dialog = document.getElementById("submit-dialog");
  document.getElementById("open-submit").addEventListener("click", function () {
    let answered = 0;
    config.items.forEach(function (it) { if (isAnswered(valueOf(String(it.no)))) { answered += 1; } });
    document.getElementById("submit-summary").textContent = S.summary
      .replace("%(answered)s", answered)
      .replace("%(unanswered)s", config.items.length - answered)
      .replace("%(flagged)s", state.flags.length);
    dialog.showModal();
  });
  document.getElementById("cancel-submit").addEventListener("click", function () { dialog.close(); });
  document.getElementById("confirm-submit").addEventListener("click", function () {
    const button = this;
    button.disabled = true;
    submitting = true;
    flushAll().then(function () {
      return api("POST", "/attempts/" + config.attemptId + "/submit", { reason: "contestant" });
    }).then(function (response) {
      if (response.ok) { finish(); return; }
      return response.json().then(function (body) {
        if (body.error && body.error.code === "attempt_closed") { finish(); return; }
        throw new Error("submit refused");
      });
    }).catch(function () {
      button.disabled = false;
      submitting = false;
      dialog.close();
      tell(S.submitFailed, true);
    });
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { signal("hidden"); flushAll(); }
    else { resync(); }
  });
  window.addEventListener("blur", function () { signal("focus_lost"); });
  window.addEventListener("online", function () { tell(S.online); flushAll(); resync(); });
  window.addEventListener("offline", function () { tell(S.offline, true); });
  window.addEventListener("beforeunload", function () { persist(); });

  // replay what this browser had not yet got acknowledged (reload, crash, lost network)
  Object.keys(state.pending).forEach(function (no) {
    const entry = state.pending[no];
    const serverSeq = (config.seqs || {})[no] || 0;
    if (!(no in itemTypes) || entry.seq <= serverSeq) { delete state.pending[no]; return; }
    applyValue(no, entry.value);
    refreshNav(no);
    showItemState(no, "saving");
    send(no);
  });
  persist();
  showOverall();
  tick();
  window.setInterval(tick, 250);
  window.setInterval(resync, 60000);
  window.setInterval(function () {
    Object.keys(state.pending).forEach(function (no) { if (!inFlight[no] && !timers[no]) { send(no); } });
  }, 5000);
})();
