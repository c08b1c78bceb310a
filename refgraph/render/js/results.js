"use strict";
/* The search box's results: listed in the Results tab, selected and zoomed to on the canvas. */
const { KIND_NAMES } = require("./style.js");
const { plural } = require("./text.js");
const { searchIndex, search } = require("./search.js");
const { byDomId, el } = require("./dom.js");

function install(app) {
  const { graph, state, ids } = app;
  let index = null; // built on the first search: the page draws sooner
  /** Lists the nodes matching `query`, selects those shown and brings them into view: all of
   * them, or with `focusFirst` the first one zoomed to (the search box's Enter). One view
   * animation only: vis-network 9 leaks the first of two started before a frame is drawn,
   * and the leaked one pulls the view back at every later frame (a layout switch then
   * showed a blank canvas). */
  app.runSearch = function runSearch(query, { focusFirst = false } = {}) {
    const status = byDomId(ids.searchStatus);
    const box = byDomId(ids.results);
    const network = state.network;
    if (!index) index = searchIndex(graph);
    const found = search(graph, index, query);
    if (!query.trim()) { status.textContent = ""; box.replaceChildren(el("p", "muted", "Type in the search box.")); network.unselectAll(); return found; }
    const shown = found.filter((n) => state.visible.has(n.id));
    const hidden = found.length - shown.length;
    const why = state.overview ? " not shown yet: pick one to open its topic" : " hidden by filters";
    status.textContent = found.length + " found" + (hidden ? ", " + hidden + why : "");
    const ul = el("ul", "linklist");
    for (const n of found.slice(0, 500)) ul.append(el("li", null, app.nodeButton(n.id), " ", el("span", "muted", KIND_NAMES[n.kind] || n.kind)));
    const more = found.length > 500 ? " (the first 500 listed)" : "";
    box.replaceChildren(el("p", "muted", plural(found.length, "match", "matches") + " for \u201c", query, "\u201d" + more), found.length ? ul : el("p", null, "Nothing matches."));
    network.selectNodes(shown.map((n) => n.id));
    if (focusFirst && found.length) app.selectNode(found[0].id, true);
    else if (shown.length) network.fit({ nodes: shown.map((n) => n.id), animation: { duration: 300 } });
    if (!focusFirst || !found.length) app.showTab("results");
    return found;
  };
}

module.exports = { install };
