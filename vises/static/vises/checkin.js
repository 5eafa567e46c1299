// Check-in taps that survive a basement: a lost connection, a reload, a closed tab.
//
// What survives what:
// - Every tap on a form with data-retry (came / did not come / undo on a row, and the
//   employee counter's − and +) is written to this phone's localStorage BEFORE it is sent,
//   under one key per café ("vises.checkin.queue:" + the café's check-in path). A tap is
//   removed only when the server answered it with 2xx, so a reload, a closed tab, a crashed
//   browser or a phone restart before the answer loses nothing. Clearing the browser's site
//   data, another browser, or another phone does lose it.
// - Each tap gets its own key (a random UUID) when it is made; every sending of that tap
//   carries the same key and the server carries out a key once
//   (vises.cafes.checkin.services), so a tap whose answer was lost and is sent again changes
//   nothing more. The CSRF token is not stored: each sending takes the current page's.
// - The queue is sent one tap at a time, in the order the taps were made, the next after the
//   previous answer: when this page opens, when the browser says it is online again, and
//   after a back-off (1 s doubling to 30 s) while it fails. A newer tap on the same row
//   replaces one of that row's taps that still waits (the row ends in the state last tapped
//   either way); employee taps all count. A queue is sent only from its own café's page and
//   only to URLs under that café's path: another café's page never sends it.
// - No answer, a timeout, 5xx, 408 and 429 are tried again. Any other refusal (the person
//   left the list, the café was cancelled, the volunteer lost access) marks the tap as not
//   saved, keeps it visible on its row and stops sending it; a newer tap on the row replaces
//   it. A logged-out session follows the server's redirect to log in; the queue waits.
// - The page shows how many taps wait (a live region), and rows that wait say so also after
//   a reload. Walk-ins are not queued: they carry a name and a phone number, which should not
//   be left in a phone's storage; an offline walk-in shows the browser's error with the
//   form still filled in on Back.
// - Stored per tap: its form's URL and fields (attendance or delta, and the key), the row's
//   element id, the café's path and the time of the tap. No name or phone number.
// Loaded as a file: the Content-Security-Policy allows no inline script. The sentences come
// from the template (json_script), translated.
(function () {
  "use strict";
  var STORE = "vises.checkin.queue:";
  var TIMEOUT = 10000;
  var MAX_DELAY = 30000;
  var QUIET = 2000;  // a tap made here shows as waiting only if not answered within this

  var root = document.querySelector("[data-checkin-queue]");
  var textsNode = document.getElementById("checkin-queue-texts");
  if (!root || !textsNode) return;
  var scope = root.getAttribute("data-checkin-queue");
  var storageKey = STORE + scope;
  var texts = JSON.parse(textsNode.textContent);
  var storage = usableStorage();
  var memory = [];  // the queue when the browser refuses storage (it then lives as long as the page)
  var madeHere = new Map();  // id → time, for taps made on this page
  var inFlight = null;
  var timer = null;
  var failures = 0;

  function usableStorage() {
    try {
      var probe = "vises.checkin.probe";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function valid(entry) {
    return entry && entry.cafe === scope && typeof entry.id === "string" &&
      typeof entry.action === "string" && entry.action.indexOf(scope) === 0 &&
      typeof entry.box === "string" && Array.isArray(entry.fields);
  }

  function load() {
    if (!storage) return memory.slice();
    try {
      var entries = JSON.parse(storage.getItem(storageKey) || "[]");
      return Array.isArray(entries) ? entries.filter(valid) : [];
    } catch (error) {
      return [];
    }
  }

  function save(entries) {
    memory = entries.slice();
    if (!storage) return;
    try {
      if (entries.length) storage.setItem(storageKey, JSON.stringify(entries));
      else storage.removeItem(storageKey);
    } catch (error) {
      storage = null;  // full or refused: keep the queue in this page from now on
    }
  }

  function update(id, change) {
    save(load().map(function (entry) { return entry.id === id ? change(entry) || entry : entry; }));
  }

  function newKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    var bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.from(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function boxOf(form) {
    return form.closest("[data-checkin-row]") || form.closest("#employees");
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : root.getAttribute("data-csrf") || "";
  }

  // The page ------------------------------------------------------------------------------

  function field(entry, name) {
    var found = entry.fields.filter(function (pair) { return pair[0] === name; })[0];
    return found ? found[1] : null;
  }

  function pressed(box, attendance) {
    box.querySelectorAll("form[data-retry]").forEach(function (form) {
      var button = form.querySelector("button[aria-pressed]");
      var input = form.querySelector("input[name=attendance]");
      if (!button || !input) return;
      if (button.dataset.serverPressed === undefined) button.dataset.serverPressed = button.getAttribute("aria-pressed");
      var value = attendance === undefined ? button.dataset.serverPressed : String(input.value === attendance);
      button.setAttribute("aria-pressed", value);
    });
  }

  function mark(box, state, entry) {
    var pending = box.querySelector("[data-pending]");
    var failed = box.querySelector("[data-failed]");
    var status = box.querySelector("[data-status]");
    var waiting = box.querySelector("[data-pending-status]");
    if (pending) pending.hidden = state !== "pending";
    if (waiting) waiting.hidden = state !== "pending";
    if (status) status.hidden = state === "pending";
    if (failed) {
      if (failed.dataset.text === undefined) failed.dataset.text = failed.textContent;
      failed.textContent = state === "failed" && entry.message ? entry.message : failed.dataset.text;
      failed.hidden = state !== "failed";
    }
    box.classList.toggle("is-pending", state === "pending");
    box.classList.toggle("is-sending", state === "sending");
    var attendance = entry && state !== "failed" ? field(entry, "attendance") : null;
    pressed(box, attendance === null ? undefined : attendance);
  }

  function sending(entry) {
    var made = madeHere.get(entry.id);
    return !entry.attempts && made !== undefined && Date.now() - made < QUIET;
  }

  function say(lines) {
    var text = lines.join("\n");
    if (root.dataset.said === text) return;  // the live region speaks only on a change
    root.dataset.said = text;
    root.replaceChildren.apply(root, lines.map(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      return p;
    }));
  }

  function render() {
    var states = new Map();
    var waiting = 0;
    var failed = 0;
    load().forEach(function (entry) {
      var state = entry.failed ? "failed" : sending(entry) ? "sending" : "pending";
      if (state === "failed") failed += 1;
      if (state === "pending") waiting += 1;
      states.set(entry.box, { state: state, entry: entry });  // a row's latest tap wins
    });
    document.querySelectorAll("[data-checkin-row], #employees").forEach(function (box) {
      var found = states.get(box.id);
      mark(box, found ? found.state : null, found ? found.entry : null);
    });
    var lines = [];
    if (waiting) lines.push(texts.counts[waiting - 1] || texts.many, texts.kept);
    if (failed) lines.push(texts.failed);
    say(lines);
  }

  // Answers are swapped in as htmx would have: the element with the tap's id, and any
  // hx-swap-oob element (the summary) by its id.
  function swapIn(entry, html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    template.content.querySelectorAll("[hx-swap-oob]").forEach(function (node) {
      node.removeAttribute("hx-swap-oob");
      var old = node.id && document.getElementById(node.id);
      if (old) old.replaceWith(node);
      else node.remove();
    });
    template.content.querySelectorAll("script").forEach(function (node) { node.remove(); });
    var target = document.getElementById(entry.box);
    if (target) target.replaceWith(template.content);
  }

  // Sending -------------------------------------------------------------------------------

  function send(entry) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("csrfmiddlewaretoken", csrfToken());
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, TIMEOUT);
    return fetch(entry.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      cache: "no-store",
      redirect: "manual",
      headers: { "HX-Request": "true" },
      signal: controller.signal,
    }).then(function (response) {
      var redirect = response.headers.get("HX-Redirect");
      if (redirect) return { outcome: "redirect", to: redirect };
      var status = response.status;
      if (response.type === "opaqueredirect" || status === 0 || status >= 500 || status === 408 || status === 429) {
        return { outcome: "retry" };
      }
      return response.text().then(function (text) {
        if (response.ok) return { outcome: "sent", html: text };
        var plain = (response.headers.get("Content-Type") || "").indexOf("text/plain") === 0;
        return { outcome: "failed", message: plain ? text.trim().slice(0, 300) : "" };
      });
    }).catch(function () {
      return { outcome: "retry" };
    }).finally(function () {
      clearTimeout(timeout);
    });
  }

  function answered(entry, result) {
    if (result.outcome === "sent") {
      // Gone from the queue, and so are earlier refusals on the same row: this tap replaces them.
      save(load().filter(function (other) {
        return other.id !== entry.id && !(other.failed && other.box === entry.box);
      }));
      swapIn(entry, result.html);
      return true;
    }
    if (result.outcome === "failed") {
      if (document.getElementById(entry.box)) {
        update(entry.id, function (e) { e.failed = true; e.message = result.message; });
      } else {
        save(load().filter(function (other) { return other.id !== entry.id; }));  // nothing left to show it on
      }
      return true;
    }
    update(entry.id, function (e) { e.attempts = (e.attempts || 0) + 1; });
    return false;
  }

  function drain() {
    if (inFlight) return;
    clearTimeout(timer);
    timer = null;
    var entry = load().filter(function (e) { return !e.failed; })[0];
    if (!entry) {
      failures = 0;
      render();
      return;
    }
    inFlight = entry.id;
    render();
    send(entry).then(function (result) {
      inFlight = null;
      if (result.outcome === "redirect") {
        // Logged out: the queue stays for after the login.
        if (result.to.charAt(0) === "/" && result.to.charAt(1) !== "/") window.location.assign(result.to);
        render();
        return;
      }
      if (answered(entry, result)) {
        failures = 0;
        drain();
        return;
      }
      failures += 1;
      render();
      timer = setTimeout(drain, Math.min(MAX_DELAY, 1000 * Math.pow(2, failures - 1)));
    });
  }

  document.addEventListener("submit", function (evt) {
    var form = evt.target.closest ? evt.target.closest("form[data-retry]") : null;
    var box = form && boxOf(form);
    if (!box || !box.id) return;
    var action = new URL(form.getAttribute("action") || "", window.location.href).pathname;
    if (action.indexOf(scope) !== 0) return;  // not this café's: the form posts the plain way
    evt.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return;
      fields.push([name, name === "key" ? newKey() : String(value)]);
    });
    var entry = { id: newKey(), cafe: scope, action: action, fields: fields, box: box.id, at: Date.now(), attempts: 0 };
    var entries = load();
    if (box.hasAttribute("data-checkin-row")) {
      entries = entries.filter(function (other) { return other.box !== box.id || other.id === inFlight; });
    }
    entries.push(entry);
    save(entries);
    madeHere.set(entry.id, entry.at);
    setTimeout(render, QUIET + 50);
    drain();
    render();
  });

  // Back online: send at once instead of at the end of the back-off.
  window.addEventListener("online", drain);
  // Another tab of the same café changed the queue.
  window.addEventListener("storage", function (evt) {
    if (evt.key === storageKey) render();
  });
  // A refusal whose row is gone (the person left the list) has nothing left to show it on.
  save(load().filter(function (entry) { return !entry.failed || document.getElementById(entry.box); }));
  render();
  drain();
})();
