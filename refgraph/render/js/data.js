"use strict";
/* The graph the page shows, decoded from the payload (refgraph/render/payload.py), with
 * indexes over it. Pure: no DOM. */

// Nodes and edges travel as arrays: [id, kind, label, size, size by Crossref, x, y, brief]
// and [from index, to index, kind, attributes].
function decodeNode([id, kind, label, size, sizeCrossref, x, y, brief], index) {
  const n = { id, kind, label, size, size_crossref: sizeCrossref, data: brief || {}, index };
  if (typeof x === "number") { n.x = x; n.y = y; }
  return n;
}

/**
 * The payload as a graph: {title, subtitle, physics, contradictions, topicmap, nodes, edges, byId,
 * outOf(id, kind), intoOf(id, kind), nodesOf(kind), stanceOn(subject, claim), edgesAt(id)}.
 * Nodes are {id, kind, label, size, size_crossref, data (the brief), index[, x, y]}; edges
 * {from, to, kind, index, ...attributes}.
 */
function decodeGraph(raw) {
  const nodes = raw.nodes.map(decodeNode);
  const edges = raw.edges.map(([a, b, kind, extra], index) =>
    Object.assign({ from: nodes[a].id, to: nodes[b].id, kind, index }, extra));
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outEdges = new Map();
  const inEdges = new Map();
  for (const e of edges) {
    if (!outEdges.has(e.from)) outEdges.set(e.from, []);
    if (!inEdges.has(e.to)) inEdges.set(e.to, []);
    outEdges.get(e.from).push(e);
    inEdges.get(e.to).push(e);
  }
  const outOf = (id, kind) => (outEdges.get(id) || []).filter((e) => e.kind === kind);
  const intoOf = (id, kind) => (inEdges.get(id) || []).filter((e) => e.kind === kind);
  const nodesOf = (kind) => nodes.filter((n) => n.kind === kind);
  const edgesAt = (id) => (outEdges.get(id) || []).concat(inEdges.get(id) || []);
  const stanceOn = (subject, claim) => outOf(subject, "stance").find((e) => e.to === claim) || null;
  return { title: raw.title, subtitle: raw.subtitle, physics: Boolean(raw.physics),
    contradictions: raw.contradictions || [], topicmap: raw.topicmap || null,
    nodes, edges, byId, outOf, intoOf, nodesOf, stanceOn, edgesAt };
}

/**
 * A function giving a node's full attributes: its brief plus its details. `readBlock()`
 * returns the details block, one JSON text per line in node order (refgraph.render.
 * details_block); it is read on the first use only, its line starts found once, and only
 * the asked node's line is parsed: the page draws sooner and a first click at 50,000 works
 * does not parse 100 MB.
 */
function detailsReader(readBlock) {
  let block = null;
  let starts = null;
  return (n) => {
    if (block === null) {
      block = readBlock();
      starts = [0];
      for (let at = block.indexOf("\n"); at >= 0; at = block.indexOf("\n", at + 1)) starts.push(at + 1);
    }
    const end = n.index + 1 < starts.length ? starts[n.index + 1] - 1 : block.length;
    const text = n.index < starts.length ? block.slice(starts[n.index], end) : "";
    return Object.assign({}, n.data, text ? JSON.parse(text) : {});
  };
}

const byLabel = (a, b) => String(a.label).localeCompare(String(b.label));

module.exports = { decodeGraph, detailsReader, byLabel };
