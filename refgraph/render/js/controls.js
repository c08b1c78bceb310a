"use strict";
/* The controls: legend, filter inputs, layout and size selects, Reset, search box, keys. */
const { KINDS, KIND_NAMES, KIND_STYLE, STANCE_COLOR } = require("./style.js");
const { byLabel } = require("./data.js");
const { defaultFilters } = require("./filters.js");
const { byDomId, el } = require("./dom.js");
const { isolate, clip } = require("./text.js");

function install(app) {
  const { graph, state, ids } = app;
  const filters = () => state.filters;

  function fillSelect(id, nodes) {
    const select = byDomId(id);
    for (const n of nodes.sort(byLabel)) {
      const o = el("option");
      o.textContent = isolate(clip(n.label, 80)); // an <option> cannot hold a <bdi>
      o.value = n.id;
      select.append(o);
    }
  }
  function buildLegend() {
    const legend = byDomId(ids.legendItems);
    for (const k of KINDS) {
      const sw = el("i", "swatch " + k);
      sw.style.background = KIND_STYLE[k].color;
      legend.append(el("span", null, sw, k === "topic" ? "Topic, curated" : KIND_NAMES[k]));
      if (k === "topic" && graph.nodes.some((n) => n.kind === "topic" && n.data.origin === "automatic")) {
        legend.append(el("span", null, el("i", "swatch topic automatic"), "Topic, automatic"));
      }
    }
    for (const [v, c] of Object.entries(STANCE_COLOR)) { const l = el("i", "line"); l.style.borderTopColor = c; legend.append(el("span", null, l, v)); }
    legend.append(el("span", null, el("i", "line cites"), "cites \u2192"), el("span", null, el("i", app.big ? "line about solid" : "line about"), "about (topic)"));
  }
  function buildKindFilter() {
    const box = byDomId(ids.kindFilter);
    for (const k of KINDS) {
      const input = el("input");
      input.type = "checkbox";
      input.value = k;
      input.id = "kind-" + k;
      input.checked = filters().kinds.has(k);
      input.addEventListener("change", () => { input.checked ? filters().kinds.add(k) : filters().kinds.delete(k); app.applyFilters(); });
      box.append(el("label", null, input, k === "external" ? "outside works" : k + "s"));
    }
  }
  function yearValue(id) {
    const v = byDomId(id).value.trim();
    return v === "" || Number.isNaN(Number(v)) ? null : Number(v);
  }
  function reset() {
    state.filters = defaultFilters();
    for (const id of [ids.topicFilter, ids.claimFilter, ids.stanceFilter, ids.sourceFilter, ids.yearMin, ids.yearMax, ids.search]) byDomId(id).value = "";
    for (const k of KINDS) byDomId("kind-" + k).checked = state.filters.kinds.has(k);
    byDomId(ids.layoutSelect).value = "network";
    app.setLayout("network");
    if (state.overview) app.closeGroups();
    app.applyFilters();
    app.runSearch("");
    state.network.fit({ animation: false });
  }
  function bind() {
    const bindFilter = (id, key) => byDomId(id).addEventListener("change", (ev) => { filters()[key] = ev.target.value; app.applyFilters(); });
    bindFilter(ids.topicFilter, "topic");
    // in the topic overview, choosing a topic opens it
    byDomId(ids.topicFilter).addEventListener("change", (ev) => { if (state.overview && ev.target.value) app.openGroupOf(ev.target.value, true); });
    bindFilter(ids.claimFilter, "claim");
    bindFilter(ids.stanceFilter, "stance");
    bindFilter(ids.sourceFilter, "source");
    for (const id of [ids.yearMin, ids.yearMax]) {
      byDomId(id).addEventListener("input", () => { filters().yearMin = yearValue(ids.yearMin); filters().yearMax = yearValue(ids.yearMax); app.applyFilters(); });
    }
    byDomId(ids.layoutSelect).addEventListener("change", (ev) => app.setLayout(ev.target.value));
    byDomId(ids.sizeSelect).addEventListener("change", (ev) => {
      const crossref = ev.target.value === "crossref";
      state.nodesDS.update([...state.added].map((id) => graph.byId.get(id)).map((n) => ({ id: n.id, size: crossref ? n.size_crossref : n.size })));
    });
    byDomId(ids.reset).addEventListener("click", reset);
    const input = byDomId(ids.search);
    let timer = null;
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => app.runSearch(input.value), 150); });
    byDomId(ids.searchForm).addEventListener("submit", (ev) => {
      ev.preventDefault();
      clearTimeout(timer);
      app.runSearch(input.value, { focusFirst: true });
    });
    document.addEventListener("keydown", (ev) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
      if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); }
      if (ev.key === "Escape") {
        // Escape in the search box ends the search: box, status and results cleared.
        if (document.activeElement === input) { clearTimeout(timer); input.value = ""; app.runSearch(""); }
        state.network.unselectAll();
        if (typing) document.activeElement.blur();
      }
    });
  }
  /** Fills the legend and filter inputs; binds every control. */
  app.buildControls = function buildControls() {
    // On a phone the open filter block would push the network below the fold.
    if (window.matchMedia("(max-width: 760px)").matches) { byDomId(ids.filters).open = false; byDomId(ids.legend).open = false; }
    buildLegend();
    buildKindFilter();
    fillSelect(ids.topicFilter, graph.nodesOf("topic").filter((n) => !n.data.group));
    fillSelect(ids.claimFilter, graph.nodesOf("claim"));
    fillSelect(ids.sourceFilter, graph.nodesOf("source"));
  };
  app.bindControls = bind;
}

module.exports = { install };
