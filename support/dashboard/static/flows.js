// The flow builder (templates/flow_builder.html): SortableJS lanes, step cards with typed fields, and the
// flow as JSON in #flow-json (what Save posts and what the validation endpoint checks after every change).
(function () {
  "use strict";
  var KEYWORD = { given: "Given", when: "When", then: "Then" };
  var form = document.getElementById("flow-form");
  if (!form) { return; }
  var scenarios = document.getElementById("flow-scenarios");
  var active = null;   // the scenario Add puts steps into (the last one touched)

  function words(value) {
    return value.split(/\s+/).map(function (t) { return t.replace(/^@/, ""); }).filter(Boolean);
  }

  // "| a | b\|c |" -> ["a", "b|c"]: cells between unescaped pipes, \| and \\ unescaped
  function cells(line) {
    var out = [], cell = "", text = line.trim();
    if (text.charAt(0) === "|") { text = text.slice(1); }
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (ch === "\\" && i + 1 < text.length) { cell += text.charAt(++i); continue; }
      if (ch === "|") { out.push(cell.trim()); cell = ""; continue; }
      cell += ch;
    }
    if (cell.trim()) { out.push(cell.trim()); }
    return out;
  }

  function stepOf(card, type) {
    var step = JSON.parse(card.dataset.step);
    if (step.step_type !== type || card.dataset.moved) { step.keyword = ""; }
    step.step_type = type;
    var phrase = card.querySelector(".phrase");
    var free = phrase.querySelector(".free");
    if (free) {
      step.text = free.value;
    } else {
      step.text = Array.prototype.map.call(phrase.children, function (part) {
        return part.classList.contains("lit") ? part.textContent : part.value;
      }).join("");
    }
    var doc = card.querySelector("textarea.doc");
    if (doc && (doc.value !== doc.defaultValue || !step.doc_string)) {
      step.doc_string = Object.assign({ delimiter: '"""', content_type: "" }, step.doc_string || {}, { content: doc.value });
    }
    var table = card.querySelector("textarea.table");
    if (table && (table.value !== table.defaultValue || !step.table)) {
      var rows = table.value.split("\n").filter(function (l) { return l.trim(); }).map(cells);
      step.table = rows.length ? { headings: rows[0], rows: rows.slice(1), kept: {} } : null;
    }
    return step;
  }

  function collect() {
    var flow = JSON.parse(form.dataset.flowMeta);
    flow.area = document.getElementById("flow-area").value.trim();
    flow.name = document.getElementById("flow-name").value.trim();
    flow.feature = document.getElementById("flow-title").value.trim();
    flow.tags = words(document.getElementById("flow-tags").value);
    flow.background = null;
    flow.scenarios = [];
    scenarios.querySelectorAll(".flow-scenario").forEach(function (section) {
      var scenario = JSON.parse(section.dataset.meta);
      var name = section.querySelector(".scenario-name"), tags = section.querySelector(".scenario-tags");
      if (name) { scenario.name = name.value.trim(); }
      if (tags) { scenario.tags = words(tags.value); }
      scenario.steps = [];
      section.querySelectorAll(".flow-lane").forEach(function (lane) {
        lane.querySelectorAll(".flow-steps > .flow-card").forEach(function (card) {
          scenario.steps.push(stepOf(card, lane.dataset.type));
        });
      });
      if (section.dataset.index === "-1") { flow.background = scenario; } else { flow.scenarios.push(scenario); }
    });
    return flow;
  }

  function showKeywords() {
    scenarios.querySelectorAll(".flow-scenario").forEach(function (section) {
      var previous = null;
      section.querySelectorAll(".flow-lane").forEach(function (lane) {
        lane.querySelectorAll(".flow-steps > .flow-card").forEach(function (card) {
          var type = lane.dataset.type;
          card.querySelector(".kw").textContent = type === previous ? "And" : KEYWORD[type];
          previous = type;
        });
      });
    });
  }

  function changed() {
    document.getElementById("flow-json").value = JSON.stringify(collect());
    showKeywords();
    document.body.dispatchEvent(new CustomEvent("flowchanged"));
  }

  function touched(list) {  // a drag changes the order of a lane: its keywords are chosen again
    list.querySelectorAll(".flow-card").forEach(function (card) { card.dataset.moved = "1"; });
  }

  function placed(card) {  // a catalog card now in a lane: its Add button has no meaning there
    var add = card.querySelector("button.add");
    if (add) { add.remove(); }
    var shown = card.querySelector(".phrase-text");
    if (shown) { shown.remove(); }
  }

  function lanes(root) {
    root.querySelectorAll(".flow-steps").forEach(function (list) {
      if (list.dataset.sortable) { return; }
      list.dataset.sortable = "1";
      new Sortable(list, {
        group: "flow", animation: 120, forceFallback: true, filter: "input, select, textarea, button", preventOnFilter: false,
        onAdd: function (e) { placed(e.item); touched(e.to); active = e.to.closest(".flow-scenario"); changed(); },
        onUpdate: function (e) { touched(e.to); changed(); },
        onRemove: function (e) { touched(e.from); }
      });
    });
  }

  function catalogs() {
    document.querySelectorAll(".flow-catalog").forEach(function (list) {
      if (list.dataset.sortable) { return; }
      list.dataset.sortable = "1";
      new Sortable(list, { group: { name: "flow", pull: "clone", put: false }, sort: false, forceFallback: true,
                           filter: "button", preventOnFilter: false });
    });
  }

  function addToActive(card) {
    var section = active || scenarios.querySelector(".flow-scenario:last-of-type");
    var type = JSON.parse(card.dataset.step).step_type;
    var lanesOfType = section.querySelectorAll('.flow-lane[data-type="' + type + '"] .flow-steps');
    var list = lanesOfType[lanesOfType.length - 1] || section.querySelector(".flow-steps");
    var copy = card.cloneNode(true);
    placed(copy);
    list.appendChild(copy);
    touched(list);
    changed();
    var first = copy.querySelector(".param, .free, textarea");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (e) {
    var button = e.target.closest("button");
    if (!button) { return; }
    if (button.classList.contains("add")) { addToActive(button.closest(".flow-card")); }
    else if (button.classList.contains("remove")) {
      var list = button.closest(".flow-steps");
      button.closest(".flow-card").remove();
      if (list) { touched(list); }
      changed();
    } else if (button.classList.contains("add-phase")) {  // a further When and Then: request, check, request, check
      var lanesOf = button.closest(".flow-scenario").querySelector(".flow-lanes");
      ["when", "then"].forEach(function (type) {
        var lane = document.createElement("div"), title = KEYWORD[type];
        lane.className = "flow-lane";
        lane.dataset.type = type;
        lane.innerHTML = "<h3>" + title + "</h3><ol class=\"flow-steps\" aria-label=\"" + title + " steps\"></ol>";
        lanesOf.appendChild(lane);
      });
      lanes(lanesOf);
      active = button.closest(".flow-scenario");
    } else if (button.classList.contains("remove-scenario")) {
      button.closest(".flow-scenario").remove();
      active = null;
      changed();
    } else if (button.id === "add-scenario") {
      var section = document.getElementById("scenario-template").content.firstElementChild.cloneNode(true);
      scenarios.appendChild(section);
      lanes(section);
      active = section;
      changed();
      section.querySelector(".scenario-name").focus();
    }
  });
  form.addEventListener("submit", function () { document.getElementById("flow-json").value = JSON.stringify(collect()); });
  document.addEventListener("input", function (e) { if (e.target.closest(".flow-scenarios, #flow-scenarios, #flow-form")) { changed(); } });
  function picked(select) {  // an operation of the pinned contract fills the request step's fields
    var option = select.selectedOptions[0], card = select.closest(".flow-card");
    if (!option || !option.value) { return; }
    if (option.dataset.document !== undefined) {
      card.querySelector("textarea.doc").value = option.dataset.document;
    } else {
      card.querySelector('.param[aria-label="method (Method)"]').value = option.dataset.method;
      card.querySelector('.param[aria-label="path"]').value = option.dataset.path;
      card.querySelector(".statuses").textContent = "documented answers: " + option.dataset.statuses;
    }
  }

  document.addEventListener("change", function (e) {
    if (e.target.classList.contains("operation")) { picked(e.target); } if (e.target.closest("#flow-scenarios, #flow-form")) { changed(); } });
  document.addEventListener("focusin", function (e) { var s = e.target.closest(".flow-scenario"); if (s) { active = s; } });
  document.body.addEventListener("htmx:afterSwap", function (e) { if (e.target.id === "catalog-list") { catalogs(); } });

  lanes(scenarios);
  catalogs();
  showKeywords();
  window.jumpFlow = { collect: collect };
})();
