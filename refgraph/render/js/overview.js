"use strict";
/* The topic overview of a big library (refgraph/render/topicmap.py): the page opens on one
 * node per topic, sized by its works and linked by the citations and authors topics share;
 * a click on a topic, or zooming in on it, opens its works; search reaches every work and
 * opens its topic. */
const { byDomId } = require("./dom.js");
const { plural } = require("./text.js");

const WORK_BUDGET = 6000; // works drawn at most by zooming in (a click opens any topic)

/**
 * The overview's state and rules, pure: `topicmap` from the payload ({overview, group,
 * groups: [[topic node index, works, radius]], links}). `allows(n)` says whether node `n`
 * may be drawn now: topics heading a group always, works only in an opened group, outside
 * works next to them, sources and claims not on the map.
 */
function createOverview(graph, topicmap) {
  const groupOf = new Map();
  graph.nodes.forEach((n, i) => { if (topicmap.group[i] >= 0) groupOf.set(n.id, topicmap.group[i]); });
  const heads = new Map(); // topic id -> group index
  topicmap.groups.forEach(([index], g) => { if (index >= 0) heads.set(graph.nodes[index].id, g); });
  const ov = {
    opened: new Set(), // by a click, a search result, the topic filter
    zoomed: new Set(), // by zooming in, recomputed on every zoom
    groupOf: (id) => (groupOf.has(id) ? groupOf.get(id) : heads.has(id) ? heads.get(id) : -1),
    headOf: (g) => { const index = topicmap.groups[g][0]; return index >= 0 ? graph.nodes[index].id : null; },
    isHead: (id) => heads.has(id),
    isOpen: (g) => ov.opened.has(g) || ov.zoomed.has(g),
    allows(n) {
      if (n.kind === "topic") return heads.has(n.id);
      if (n.kind === "work") return groupOf.has(n.id) && ov.isOpen(groupOf.get(n.id));
      // Sources and claims link works of every topic and would sit in the middle of the
      // map: reached by search, the matrix and the contradictions tab instead.
      if (n.kind === "source" || n.kind === "claim") return false;
      return true; // outside works show only next to a visible citer (filters.js)
    },
  };
  return ov;
}

/**
 * The groups to open when zoomed: those whose disc is at least `share` of the view's
 * smaller side and whose centre is in view, biggest on screen first, until `budget` works.
 * `groups`: [{x, y, radius, works}] in canvas units; `view`: {x, y, width, height, scale}
 * (the canvas point at the view's centre, the view's size in pixels).
 */
function groupsInView(groups, view, share = 0.35, budget = WORK_BUDGET) {
  const side = Math.min(view.width, view.height);
  const fits = [];
  groups.forEach((g, i) => {
    const sx = (g.x - view.x) * view.scale;
    const sy = (g.y - view.y) * view.scale;
    if (Math.abs(sx) > view.width / 2 || Math.abs(sy) > view.height / 2) return;
    if (g.radius * 2 * view.scale >= share * side) fits.push(i);
  });
  fits.sort((a, b) => groups[b].radius - groups[a].radius);
  const out = new Set();
  let works = 0;
  for (const i of fits) {
    if (works + groups[i].works > budget && out.size) break;
    out.add(i);
    works += groups[i].works;
  }
  return out;
}

/** Adds the overview to the page when the payload asks for it (a big library). */
function install(app) {
  const { graph, state, ids } = app;
  const map = graph.topicmap;
  if (!map || !map.overview) return;
  const ov = createOverview(graph, map);
  state.overview = ov;
  const discs = map.groups.map(([index, works, radius]) => {
    const n = index >= 0 ? graph.nodes[index] : { x: 0, y: 0 };
    return { x: n.x, y: n.y, radius, works };
  });
  // In the overview a topic is drawn as big as its disc of works (its area grows with its
  // works); an opened topic shrinks back so that its works can be seen around it.
  const bubble = (g) => Math.max(24, discs[g].radius * 0.6);
  app.overviewSizes = () => map.groups.map(([index], g) => index >= 0 && { id: graph.nodes[index].id, size: ov.isOpen(g) ? graph.nodes[index].size : bubble(g) })
    .filter((s) => s && state.added.has(s.id));
  app.overviewEdges = () => map.links.map(([a, b, w], i) => ({ id: "overview" + i, from: ov.headOf(a), to: ov.headOf(b), overview: true,
    width: Math.min(8, 1 + Math.log2(1 + w)), color: { color: "#7fb8b8", opacity: 0.6 }, title: plural(w, "shared citation or author", "shared citations or authors") }))
    .filter((e) => e.from && e.to);
  function refresh(fitTo) {
    state.nodesDS.update(app.overviewSizes());
    app.applyFilters();
    const back = byDomId(ids.overviewBack);
    back.hidden = !ov.opened.size && !ov.zoomed.size;
    if (fitTo) state.network.fit({ nodes: fitTo, animation: { duration: 300 } });
  }
  /** Opens the group of node `id` (a work, or a topic heading a group); true when it was closed. */
  app.openGroupOf = function openGroupOf(id, fit) {
    const g = ov.groupOf(id);
    if (g < 0 || ov.isOpen(g)) return false;
    ov.opened.add(g);
    const members = graph.nodes.filter((n) => ov.groupOf(n.id) === g).map((n) => n.id);
    refresh(fit ? members : null);
    return true;
  };
  app.closeGroups = function closeGroups() {
    ov.opened.clear();
    ov.zoomed.clear();
    refresh(null);
  };
  app.bindOverview = function bindOverview() {
    byDomId(ids.overviewBack).addEventListener("click", () => { app.closeGroups(); state.network.fit({ animation: { duration: 300 } }); });
    let timer = null;
    state.network.on("zoom", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const net = state.network;
        const canvas = byDomId(ids.network);
        const centre = net.getViewPosition();
        const next = groupsInView(discs, { x: centre.x, y: centre.y, width: canvas.clientWidth, height: canvas.clientHeight, scale: net.getScale() });
        const same = next.size === ov.zoomed.size && [...next].every((g) => ov.zoomed.has(g));
        if (same) return;
        ov.zoomed = next;
        refresh(null);
      }, 250);
    });
  };
}

module.exports = { createOverview, groupsInView, install };
