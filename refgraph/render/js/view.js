"use strict";
/* The network view: vis-network made once, filters applied to it, network and timeline
 * layouts. */
const { byDomId } = require("./dom.js");
const { plural } = require("./text.js");
const { visNode, visEdge, isDrawn } = require("./canvas.js");
const { visibleIds } = require("./filters.js");
const { timelineLayout, axisTicks } = require("./timeline.js");
const { labelText, importanceOrder, placeLabels } = require("./labels.js");

const MAX_LABELS = 250;
const CLAIM_CHARS = 28; // a claim's label is shorter: 48 characters crossed the sources beside it
const UNSORTED = "topic:~none"; // topicmap.NO_TOPIC: the label of the works of no topic
const MAX_CANDIDATES = 4000; // nodes looked at per frame, most important first

/** Draws, after each frame, the labels of the visible nodes that fit (labels.js), in screen
 * pixels whatever the zoom; selected nodes first, then by importance. */
function labelDrawer(app) {
  const { graph, state } = app;
  const order = importanceOrder(graph.nodes, (n) => graph.intoOf(n.id, "about").length);
  const widths = new Map(); // label width in CSS pixels, measured once per node
  const fontOf = (n) => (n.kind === "topic" ? "600 14px system-ui, sans-serif" : "12px system-ui, sans-serif");
  // The works of no topic stand in a disc of their own (topicmap.py) with no topic node at
  // its centre: it gets a label of its own, else it looked like noise.
  const unsorted = graph.topicmap && graph.topicmap.unsorted;
  const unsortedWorks = unsorted ? graph.nodesOf("work").filter((n) => !graph.outOf(n.id, "about").length).map((n) => n.id) : [];
  const unsortedLabel = { kind: "topic", text: unsorted ? "no topic (" + unsorted[3].toLocaleString("en") + ")" : "" };
  function unsortedCandidate(ctx, m, pr) {
    if (!unsorted || state.timeline || state.overview || !unsortedWorks.some((id) => state.visible.has(id))) return null;
    const [x, y, r] = unsorted;
    ctx.font = fontOf(unsortedLabel);
    const w = ctx.measureText(unsortedLabel.text).width / pr;
    return { id: UNSORTED, x: m.a * x + m.e, y: m.d * y + m.f, r: r * m.a, w: w * pr + 4 * pr, h: 18 * pr, text: unsortedLabel.text, n: unsortedLabel };
  }
  return function drawLabels(ctx) {
    const network = state.network;
    const m = ctx.getTransform();
    const scale = network.getScale();
    const pr = m.a / scale; // device pixels per CSS pixel
    const width = ctx.canvas.width;
    const height = ctx.canvas.height;
    const body = network.body.nodes;
    const selected = network.getSelectedNodes();
    const candidates = [];
    const seen = new Set();
    const rings = []; // the selected nodes, drawn enlarged with an outline: {x, y, r, R}
    const obstacles = []; // boxes no label may cover: the selected nodes, sources and claims
    for (const id of [...selected, ...order]) {
      if (candidates.length >= MAX_CANDIDATES) break;
      if (seen.has(id) || !state.visible.has(id) || !body[id]) continue;
      seen.add(id);
      const b = body[id];
      const x = m.a * b.x + m.e;
      const y = m.d * b.y + m.f;
      if (x < -50 || y < -50 || x > width + 50 || y > height + 50) continue;
      const n = graph.byId.get(id);
      // A work drawn smaller than a few pixels is not labelled (zoom in to see its label):
      // a whole library fitted on screen shows its topics' labels, not a field of names.
      const isSelected = selected.includes(id);
      if ((n.kind === "work" || n.kind === "external") && (b.options.size || 10) * m.a < 2.5 * pr && !isSelected) continue;
      let r = (b.options.size || 10) * m.a;
      if (isSelected) {
        // a selected work on a big map is a dot of a pixel or two: drawn at least 8 px
        // across with a dark ring, and its label kept clear of others
        const R = Math.max(r, 8 * pr) + 5 * pr;
        rings.push({ x, y, r: Math.max(r, 8 * pr), R });
        r = R;
      }
      if (isSelected || n.kind === "source" || n.kind === "claim") obstacles.push({ x: x - r, y: y - r, w: 2 * r, h: 2 * r });
      const text = labelText((n.data.retracted ? "\u26a0 " : "") + n.label, n.kind === "claim" ? CLAIM_CHARS : undefined);
      if (!widths.has(id)) { ctx.font = fontOf(n); widths.set(id, ctx.measureText(text).width / pr); }
      candidates.push({ id, x, y, r, w: widths.get(id) * pr + 4 * pr, h: (n.kind === "topic" ? 18 : 15) * pr, text, n });
    }
    const none = unsortedCandidate(ctx, m, pr); // after the selected nodes, before the rest
    if (none) candidates.splice(candidates.filter((c) => selected.includes(c.id)).length, 0, none);
    const byId = new Map(candidates.map((c) => [c.id, c]));
    const placed = placeLabels(candidates, width, height, MAX_LABELS, obstacles);
    state.labels = placed.map((p) => ({ id: p.id, x: p.x / pr, y: p.y / pr, w: p.w / pr, h: p.h / pr }));
    state.rings = rings.map((g) => ({ x: g.x / pr, y: g.y / pr, r: g.R / pr }));
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    for (const g of rings) {
      ctx.beginPath();
      ctx.arc(g.x, g.y, g.r, 0, 2 * Math.PI);
      ctx.fillStyle = "#f0a800";
      ctx.fill();
      ctx.lineWidth = 2 * pr;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(g.x, g.y, g.R - 1.5 * pr, 0, 2 * Math.PI);
      ctx.lineWidth = 3 * pr;
      ctx.strokeStyle = "#1d2330";
      ctx.stroke();
    }
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    for (const p of placed) {
      const c = byId.get(p.id);
      ctx.font = fontOf(c.n).replace(/(\d+)px/, (_, s) => s * pr + "px");
      ctx.lineWidth = 3 * pr;
      ctx.strokeStyle = "rgba(255,255,255,0.92)";
      ctx.strokeText(c.text, p.x + 2 * pr, p.y + 1.5 * pr);
      ctx.fillStyle = c.n.kind === "topic" ? "#0b5c5c" : "#1d2330";
      ctx.fillText(c.text, p.x + 2 * pr, p.y + 1.5 * pr);
    }
    ctx.restore();
  };
}

function options(physics, big) {
  return {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: { smooth: big ? false : { type: "continuous" }, selectionWidth: 2, hoverWidth: 0.5 },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      keyboard: { enabled: true, bindToWindow: false }, multiselect: false },
    physics: physics
      ? { enabled: true, solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -90, springLength: 100, centralGravity: 0.02, avoidOverlap: 0.4 },
        stabilization: { enabled: true, iterations: 400, updateInterval: 100, fit: true } }
      : { enabled: false },
  };
}

/** The timeline's year axis, drawn in screen pixels at every zoom: ticks at round years far
 * enough apart to read (timeline.js), kept on screen when the axis line is not. */
function drawAxis(ctx, state) {
  const axis = state.timelineAxis;
  if (!axis) return;
  const m = ctx.getTransform();
  const pr = m.a / state.network.getScale();
  const width = ctx.canvas.width;
  const height = ctx.canvas.height;
  const xOf = (year) => m.a * (year - axis.minY) * axis.step + m.e;
  const y = Math.max(4 * pr, Math.min(height - 22 * pr, m.f)); // canvas y = 0 is the axis
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.strokeStyle = "#9aa3ae";
  ctx.lineWidth = pr;
  ctx.beginPath();
  ctx.moveTo(Math.max(0, xOf(axis.minY) - 20 * pr), y);
  ctx.lineTo(Math.min(width, xOf(axis.maxY) + 20 * pr), y);
  ctx.stroke();
  ctx.font = 12 * pr + "px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const year of axisTicks(axis.minY, axis.maxY, (m.a / pr) * axis.step)) {
    const x = xOf(year);
    if (x < -40 * pr || x > width + 40 * pr) continue;
    ctx.fillStyle = "#9aa3ae";
    ctx.fillRect(x - pr / 2, y - 4 * pr, pr, 8 * pr);
    ctx.fillStyle = "#3d4552";
    ctx.fillText(String(year), x, y + 5 * pr);
  }
  // The works without a year stand in a block left of the first year: a bracket under it
  // and "no year (1,312)" say what they are.
  const undated = axis.undated;
  if (undated) {
    const left = m.a * (undated.left - 8) + m.e;
    const right = m.a * (undated.right + 8) + m.e;
    if (right > -200 * pr && left < width + 200 * pr) {
      ctx.strokeStyle = "#9aa3ae";
      ctx.beginPath();
      ctx.moveTo(left, y - 4 * pr); ctx.lineTo(left, y); ctx.lineTo(right, y); ctx.lineTo(right, y - 4 * pr);
      ctx.stroke();
      ctx.fillStyle = "#3d4552";
      ctx.font = "italic " + 12 * pr + "px system-ui, sans-serif";
      ctx.fillText("no year (" + undated.count.toLocaleString("en") + ")", Math.max(left, Math.min(right, (left + right) / 2)), y + 5 * pr);
    }
  }
  ctx.restore();
}

function install(app) {
  const { graph, state, ids } = app;
  // Above PHYSICS_LIMIT nodes: fixed positions from Python and a cheaper drawing.
  const big = !graph.physics;
  app.big = big;

  // Topics are left out of the timeline (timeline.js): their works stand on it by year.
  const computeVisible = () => {
    const shown = visibleIds(graph, state.filters, state.overview);
    if (state.timeline) for (const id of shown) if (graph.byId.get(id)?.kind === "topic") shown.delete(id);
    return shown;
  };
  function showCount() {
    const shownCount = [...state.visible].filter((id) => graph.byId.has(id)).length;
    byDomId(ids.visibleCount).textContent = "Showing " + shownCount + " of " + plural(graph.nodes.length, "node");
  }
  /** Puts the nodes `ids` (and their drawn edges to nodes already there) into the
   * DataSets, once: a big library's 76,000 nodes and 390,000 edges are not all made at
   * load, only those shown so far (seconds saved at 50,000 works). */
  function addToDataSets(ids) {
    const fresh = [];
    for (const id of ids) {
      if (state.added.has(id) || !graph.byId.has(id)) continue;
      state.added.add(id);
      const v = visNode(graph.byId.get(id), big);
      const at = state.timelinePositions && state.timelinePositions.get(id);
      if (at) { v.x = at.x; v.y = at.y; }
      fresh.push(v);
    }
    if (!fresh.length) return;
    const edges = [];
    for (const v of fresh) {
      for (const e of graph.edgesAt(v.id)) {
        if (state.addedEdges.has(e.index) || !state.added.has(e.from) || !state.added.has(e.to) || !isDrawn(e, big)) continue;
        state.addedEdges.add(e.index);
        edges.push(visEdge(e, e.index, big));
      }
    }
    state.nodesDS.add(fresh);
    state.edgesDS.add(edges);
  }
  app.addToDataSets = addToDataSets;
  function rememberPositions() {
    if (big || state.timeline || !state.network) return;
    const pos = state.network.getPositions();
    state.nodesDS.update(Object.keys(pos).map((id) => ({ id, x: pos[id].x, y: pos[id].y })));
  }
  function relax() {
    // Small graphs only: new nodes (an expanded work's references) need a place.
    if (big || state.timeline) return;
    state.network.setOptions({ physics: { enabled: true } });
    state.network.stabilize(150);
  }
  app.applyFilters = function applyFilters() {
    rememberPositions();
    const before = state.visible;
    state.visible = computeVisible();
    const network = state.network;
    addToDataSets(state.visible);
    // Each refresh's add/remove events would redraw synchronously (up to four full draws);
    // vis-network's own redraw block makes them one.
    if (network) network.body.emitter.emit("_blockRedraw");
    state.nodeView.refresh();
    state.edgeView.refresh();
    if (network) { network.body.emitter.emit("_allowRedraw"); network.redraw(); }
    const fresh = [...state.visible].some((id) => !before.has(id) && graph.byId.has(id) && !state.placed.has(id));
    for (const id of state.visible) state.placed.add(id);
    if (fresh && network && before.size) relax();
    showCount();
  };
  app.setLayout = function setLayout(mode) {
    const timeline = mode === "timeline";
    if (timeline === state.timeline) return;
    const network = state.network;
    if (timeline) {
      state.savedPositions = network.getPositions();
      network.setOptions({ physics: { enabled: false } });
      const { positions, axis } = timelineLayout(graph);
      state.timelineAxis = axis;
      state.timeline = true;
      state.timelinePositions = new Map(positions.map((p) => [p.id, p]));
      state.nodesDS.update(positions.filter((p) => state.added.has(p.id)));
    } else {
      state.timeline = false;
      state.timelinePositions = null;
      // Back where they were: a node shown then, or its position from the payload.
      const pos = state.savedPositions || {};
      const back = [];
      for (const id of state.added) {
        const n = graph.byId.get(id);
        if (pos[id]) back.push({ id, x: pos[id].x, y: pos[id].y });
        else if (typeof n.x === "number") back.push({ id, x: n.x, y: n.y });
      }
      state.nodesDS.update(back);
    }
    app.applyFilters();
    network.fit({ animation: false });
  };
  app.startNetwork = function startNetwork() {
    state.nodesDS = new vis.DataSet();
    state.edgesDS = new vis.DataSet();
    state.visible = computeVisible();
    addToDataSets(state.visible);
    if (state.overview) {
      state.nodesDS.update(app.overviewSizes());
      state.edgesDS.add(app.overviewEdges());
    }
    for (const id of state.visible) state.placed.add(id);
    // The views are made once `visible` is known: a view filled after the network exists
    // makes vis-network draw every added node at full size, synchronously (seconds at 10k).
    state.nodeView = new vis.DataView(state.nodesDS, { filter: (n) => state.visible.has(n.id) });
    // On the timeline, topics stand in a block on the right: lines to them only hid the years.
    state.edgeView = new vis.DataView(state.edgesDS, { filter: (e) => state.visible.has(e.from) && state.visible.has(e.to)
      && !(state.timeline && e.kind === "about") });
    const container = byDomId(ids.network);
    container.tabIndex = 0;
    const network = new vis.Network(container, { nodes: state.nodeView, edges: state.edgeView }, options(graph.physics, big));
    state.network = network;
    performance.mark("refgraph:network");
    network.on("click", (params) => {
      const id = params.nodes[0];
      if (!id || !graph.byId.has(id)) return;
      if (state.overview && state.overview.isHead(id)) app.openGroupOf(id, true); // a topic opens
      app.showDetails(id);
    });
    network.on("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
    network.on("afterDrawing", (ctx) => { if (state.timeline) drawAxis(ctx, state); });
    network.on("afterDrawing", labelDrawer(app));
    showCount(); // the views were made from `visible`: nothing to refresh or redraw yet
    const markReady = () => {
      network.once("afterDrawing", () => {
        performance.mark("refgraph:drawn"); // timing marks for benchmarks/bench_page.py
        window.refgraphReady = true;
        document.body.dataset.ready = "true";
        // Inflate gzipped details (main.js) once the page is idle: started at once, it held
        // the main thread just as the first view was to be used.
        if (app.startDetails) {
          if (window.requestIdleCallback) window.requestIdleCallback(() => app.startDetails(), { timeout: 2000 });
          else setTimeout(() => app.startDetails(), 500);
        }
      });
      network.redraw();
    };
    if (graph.physics) network.once("stabilizationIterationsDone", markReady);
    else markReady();
  };
}

module.exports = { install };
