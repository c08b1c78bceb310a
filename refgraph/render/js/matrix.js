"use strict";
/* The stance matrix (works and sources by claims) and the contradictions tab. */
const { slug, isolate, clip } = require("./text.js");
const { STANCE_MARK } = require("./style.js");
const { byLabel } = require("./data.js");
const { byDomId, el } = require("./dom.js");

function install(app) {
  const { graph, ids } = app;
  app.buildMatrix = function buildMatrix() {
    const box = byDomId(ids.matrix);
    const claims = graph.nodesOf("claim").sort(byLabel);
    const rows = [...graph.nodesOf("work").sort(byLabel), ...graph.nodesOf("source").sort(byLabel)];
    if (!claims.length) { box.replaceChildren(el("p", "muted", "No claims in this library.")); return; }
    const table = el("table", "matrix-table");
    const head = el("tr", null, el("th", null, ""));
    for (const c of claims) { const th = el("th", null, app.nodeButton(c.id)); th.scope = "col"; head.append(th); }
    table.append(el("thead", null, head));
    const body = el("tbody");
    for (const r of rows) {
      const th = el("th", null, app.nodeButton(r.id));
      th.scope = "row";
      const tr = el("tr", null, th);
      for (const c of claims) {
        const s = graph.stanceOn(r.id, c.id);
        const value = s ? s.value : "";
        const cell = el("button", "cell " + (s ? slug(value) : "none"), s ? STANCE_MARK[value] || "?" : "");
        cell.type = "button";
        const says = isolate(clip(r.label, 200)) + " on " + isolate(clip(c.label, 200)) + ": " + (value || "no stance");
        cell.setAttribute("aria-label", says);
        cell.title = says + (s && s.note ? " \u2014 " + isolate(clip(s.note, 500)) : "");
        cell.addEventListener("click", () => app.selectNode(r.id, true));
        tr.append(el("td", null, cell));
      }
      body.append(tr);
    }
    table.append(body);
    box.replaceChildren(el("p", "muted", "Rows: works and source documents; columns: claims (hover a cell for the note). + supports, \u2212 disputes, ~ mixed, \u00b7 not addressed."), el("div", "matrix-scroll", table));
  };
  app.buildContradictions = function buildContradictions() {
    const box = byDomId(ids.contradictions);
    const intro = el("p", "muted", "Source documents that take a side on a claim while citing works that take the other side.");
    box.replaceChildren(intro, ...(graph.contradictions.length ? graph.contradictions.map(app.contradictionCard) : [el("p", null, "None found.")]));
  };
}

module.exports = { install };
