// Check-in taps survive a flaky connection. A tap that could not reach the server (no
// network, a timeout, a server error) is sent again, with the same form and so the same
// key, until it gets an answer; the server carries out each key once. A newer tap on the
// same row replaces the older one (hx-sync), and a row swapped by an answer drops its
// pending retries. Loaded as a file: the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var MAX_DELAY = 30000;
  var timers = new Map();

  function formOf(evt) {
    var elt = evt.detail && evt.detail.elt;
    return elt && elt.closest ? elt.closest("form[data-retry]") : null;
  }

  function boxOf(form) {
    return form.closest("[data-checkin-row]") || form.closest("#employees") || form;
  }

  function mark(form, state) {
    var box = boxOf(form);
    var pending = box.querySelector("[data-pending]");
    var failed = box.querySelector("[data-failed]");
    if (pending) pending.hidden = state !== "pending";
    if (failed) failed.hidden = state !== "failed";
    box.classList.toggle("is-pending", state === "pending");
  }

  function send(form) {
    timers.delete(form);
    if (document.body.contains(form) && window.htmx) window.htmx.trigger(form, "submit");
  }

  function retry(form) {
    var attempt = parseInt(form.dataset.attempt || "0", 10) + 1;
    form.dataset.attempt = String(attempt);
    mark(form, "pending");
    clearTimeout(timers.get(form));
    var delay = Math.min(MAX_DELAY, 1000 * Math.pow(2, attempt - 1));
    timers.set(form, setTimeout(function () { send(form); }, delay));
  }

  document.addEventListener("htmx:sendError", function (evt) {
    var form = formOf(evt);
    if (form) retry(form);
  });
  document.addEventListener("htmx:timeout", function (evt) {
    var form = formOf(evt);
    if (form) retry(form);
  });
  document.addEventListener("htmx:responseError", function (evt) {
    var form = formOf(evt);
    if (!form) return;
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (status === 0 || status >= 500) retry(form);
    else mark(form, "failed");  // refused (e.g. logged out): trying again would not help
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = formOf(evt);
    if (form && evt.detail.successful) {
      clearTimeout(timers.get(form));
      timers.delete(form);
      form.dataset.attempt = "0";
      mark(form, "done");
    }
  });
  // Back online: send whatever waits at once instead of at the end of its back-off.
  window.addEventListener("online", function () {
    Array.from(timers.keys()).forEach(function (form) {
      clearTimeout(timers.get(form));
      send(form);
    });
  });
})();
