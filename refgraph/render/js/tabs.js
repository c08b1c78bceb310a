"use strict";
/* The panel's tabs: Details, Results, Matrix, Contradictions; arrow keys move between them. */
const { byDomId } = require("./dom.js");

const TABS = ["details", "results", "matrix", "contradictions"];
const PANELS = { details: "detailsPanel", results: "results", matrix: "matrix", contradictions: "contradictions" };

function install(app) {
  const { ids, state } = app;
  app.showTab = function showTab(name) {
    for (const t of TABS) {
      const tab = byDomId(ids.tabs[t]);
      tab.setAttribute("aria-selected", String(t === name));
      tab.tabIndex = t === name ? 0 : -1;
      byDomId(ids[PANELS[t]]).hidden = t !== name;
    }
    if (name === "matrix" && !state.builtTabs.has("matrix")) { app.buildMatrix(); state.builtTabs.add("matrix"); }
  };
  app.bindTabs = function bindTabs() {
    TABS.forEach((t, i) => {
      const tab = byDomId(ids.tabs[t]);
      tab.addEventListener("click", () => app.showTab(t));
      tab.addEventListener("keydown", (ev) => {
        const step = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
        if (!step) return;
        const next = TABS[(i + step + TABS.length) % TABS.length];
        app.showTab(next);
        byDomId(ids.tabs[next]).focus();
      });
    });
  };
}

module.exports = { install };
