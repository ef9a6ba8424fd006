// The live execution monitor: follows a run's events over a WebSocket and draws them.
// Reconnects on its own (0.5 s, 1 s, 2 s ... at most 5 s apart) and asks for the events after the last
// offset it saw, so a browser that lost its connection catches up without gaps or duplicates.
(function () {
  "use strict";
  var root = document.getElementById("monitor");
  if (!root) { return; }
  var runId = root.getAttribute("data-run");
  var state = { offset: 0, events: 0, connects: 0, finished: false, final: {}, failedOnce: {}, running: {}, total: 0 };
  window.jumpMonitor = state;  // read by the browser tests (and handy in the console)

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function say(text) { document.getElementById("connection").textContent = text; }

  function lane(worker) {
    var id = "lane-" + (worker || "parent");
    var found = document.getElementById(id);
    if (found) { return found.querySelector("ol"); }
    var section = el("section", { "class": "lane", id: id, "aria-label": "worker " + (worker || "parent") });
    section.appendChild(el("h3", {}, worker || "parent"));
    section.appendChild(el("ol", {}));
    document.getElementById("lanes").appendChild(section);
    return section.querySelector("ol");
  }

  function item(ev) {
    var id = "scenario-" + ev.location + "-" + (ev.worker || "");
    var node = document.getElementById(id);
    if (!node) {
      node = el("li", { id: id, "data-location": ev.location });
      node.appendChild(el("span", { "class": "status status-running" }, "running"));
      node.appendChild(document.createTextNode(" "));
      node.appendChild(el("span", { "class": "name" }, ev.name || ev.location));
      node.appendChild(el("span", { "class": "detail" }));
      lane(ev.worker).appendChild(node);
    }
    return node;
  }

  function setStatus(node, status) {
    var badge = node.querySelector(".status");
    badge.className = "status status-" + status;
    badge.textContent = status;
    node.setAttribute("data-status", status);
  }

  function counts() {
    var c = { running: Object.keys(state.running).length, passed: 0, failed: 0, flaky: 0, skipped: 0 };
    Object.keys(state.final).forEach(function (loc) { c[state.final[loc]] = (c[state.final[loc]] || 0) + 1; });
    ["running", "passed", "failed", "flaky", "skipped"].forEach(function (k) {
      document.getElementById("count-" + k).textContent = c[k];
    });
    document.getElementById("count-done").textContent = Object.keys(state.final).length + (state.total ? " of " + state.total : "");
  }

  function failure(ev, step, message) {
    var list = document.getElementById("failures");
    var id = "failure-" + ev.location;
    var node = document.getElementById(id) || el("li", { id: id });
    node.textContent = "";
    node.appendChild(el("strong", {}, ev.name || ev.location));
    node.appendChild(el("span", { "class": "hint" }, " " + ev.location + (ev.worker ? " on " + ev.worker : "")));
    if (step) { node.appendChild(el("div", {}, step)); }
    if (message) { node.appendChild(el("pre", {}, message)); }
    if (!node.parentNode) { list.appendChild(node); }
    document.getElementById("no-failures").hidden = true;
  }

  function handle(ev) {
    switch (ev.kind) {
      case "run_started":
        state.total = ev.scenarios || 0;
        document.getElementById("run-facts").textContent = ev.environment + ", " + ev.scenarios + " scenario(s), " +
          ev.parallel + " worker(s), shard " + ev.shard + (ev.rerun_failed ? ", reruns up to " + ev.rerun_failed : "");
        break;
      case "scenario_started":
        state.running[ev.location + "|" + ev.worker] = true;
        setStatus(item(ev), "running");
        break;
      case "step_finished":
        if (ev.status === "failed" || ev.status === "error") {
          var node = item(ev);
          node.querySelector(".detail").textContent = " - " + ev.keyword + " " + ev.name + ": " + (ev.message || "").split("\n")[0];
        }
        break;
      case "scenario_finished":
        delete state.running[ev.location + "|" + ev.worker];
        var status = ev.status;
        // ev.final_status's rule (passed after a failure is flaky), here: after a reconnect only the browser has the earlier attempts
        if (status === "failed") { state.failedOnce[ev.location] = true; }
        if (status === "passed" && state.failedOnce[ev.location]) { status = "flaky"; }
        state.final[ev.location] = status;
        var row = item(ev);
        setStatus(row, status);
        if (ev.status === "failed") {
          var f = ev.failure || {};
          failure(ev, f.step || "", f.message || ev.error || "");
        } else if (status === "flaky") {
          var gone = document.getElementById("failure-" + ev.location);
          if (gone) { gone.remove(); }
        }
        break;
      case "rerun_started":
        document.getElementById("phase").textContent = "Rerun " + ev.attempt + " of " + ev.of + ": " + ev.scenarios +
          " failed scenario(s) again.";
        break;
      case "worker_failed":
        failure({ location: ev.worker || "worker", name: "Worker " + ev.worker + " stopped" }, "", ev.message);
        break;
      case "run_finished":
        state.finished = true;
        var banner = document.getElementById("outcome");
        banner.hidden = false;
        banner.textContent = "Run finished: " + ev.reason.replace("_", " ") + " (exit code " + ev.exit_code + ")" +
          (ev.message ? ": " + ev.message : "");
        banner.className = ev.exit_code === 0 ? "notice" : "error";
        var cancel = document.getElementById("cancel");
        if (cancel) { cancel.hidden = true; }
        var links = document.getElementById("after-links");
        if (links) { links.hidden = false; }
        break;
    }
    counts();
  }

  var delay = 500;
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/runs/" + encodeURIComponent(runId) + "/stream?offset=" + state.offset);
    socket.onopen = function () {
      state.connects += 1;
      delay = 500;
      say(state.connects > 1 ? "reconnected: caught up from offset " + state.offset : "live");
    };
    socket.onmessage = function (message) {
      var data = JSON.parse(message.data);
      if (data.offset <= state.offset) { return; }  // never twice, whatever the server sends
      state.offset = data.offset;
      state.events += 1;
      handle(data.event);
    };
    socket.onclose = function (close) {
      if (state.finished) { say("finished"); return; }
      if (close.code === 4401) { say("your session has ended: sign in again to keep watching"); return; }
      if (close.code === 4403) { say("not allowed to watch this run"); return; }
      say("connection lost: reconnecting in " + (delay / 1000) + " s");
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }
  counts();
  connect();
})();
