"use strict";
/* The stance matrix (works and sources by claims) and the contradictions tab. */
const { slug, plural, agree, isolate, clip } = require("./text.js");
const { STANCE_MARK } = require("./style.js");
const { byLabel } = require("./data.js");
const { byDomId, el } = require("./dom.js");

/** The matrix's rows: {rows, without}. `rows` are the works, then the sources, that take a
 * stance on at least one claim (by label); `without` counts the works and sources that take
 * none (listing all 3,195 works of a library for one stance buried it). Pure. */
function stanceRows(graph) {
  const rows = [];
  let without = 0;
  for (const kind of ["work", "source"]) {
    for (const n of graph.nodesOf(kind).sort(byLabel)) {
      if (graph.outOf(n.id, "stance").length) rows.push(n);
      else without += 1;
    }
  }
  return { rows, without };
}

function install(app) {
  const { graph, ids } = app;
  app.buildMatrix = function buildMatrix() {
    const box = byDomId(ids.matrix);
    const claims = graph.nodesOf("claim").sort(byLabel);
    const { rows, without } = stanceRows(graph);
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
        // no stance edge reads as "not addressed", with the legend's mark
        const cell = el("button", "cell " + (s ? slug(value) : "none"), s ? STANCE_MARK[value] || "?" : STANCE_MARK["not addressed"]);
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
    const others = without ? " " + plural(without, "other work or source", "other works and sources") + " " + agree(without, "takes no stance and is", "take no stance and are") + " not listed." : "";
    box.replaceChildren(el("p", "muted", "Rows: works and source documents that take a stance; columns: claims (hover a cell for the note). + supports, \u2212 disputes, ~ mixed, \u00b7 not addressed." + others),
      rows.length ? el("div", "matrix-scroll", table) : el("p", null, "No work or source takes a stance yet."));
  };
  app.buildContradictions = function buildContradictions() {
    const box = byDomId(ids.contradictions);
    const intro = el("p", "muted", "Source documents that take a side on a claim while citing works that take the other side.");
    box.replaceChildren(intro, ...(graph.contradictions.length ? graph.contradictions.map(app.contradictionCard) : [el("p", null, "None found.")]));
  };
}

module.exports = { install, stanceRows };
