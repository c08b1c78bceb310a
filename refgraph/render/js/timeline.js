"use strict";
/* The timeline layout: works by year from left to right, cited outside works above the axis,
 * sources on the left, claims and topics on the right. Pure. */
const { byLabel } = require("./data.js");

const STEP = 110; // canvas units per year

/** {positions: [{id, x, y}], ticks: [{year, x}]} for the graph's nodes; empty when no
 * work has a year. */
function timelineLayout(graph) {
  const isDated = (n) => (n.kind === "work" || n.kind === "external") && typeof n.data.year === "number";
  const dated = graph.nodes.filter(isDated);
  if (!dated.length) return { positions: [], ticks: [] };
  const years = dated.map((n) => n.data.year);
  const minY = Math.min(...years);
  const maxY = Math.max(...years);
  const xOf = (y) => (y - minY) * STEP;
  const positions = [];
  const stacks = new Map();
  for (const n of dated.slice().sort(byLabel)) {
    const key = n.data.year + ":" + n.kind;
    const i = stacks.get(key) || 0;
    stacks.set(key, i + 1);
    positions.push({ id: n.id, x: xOf(n.data.year), y: n.kind === "work" ? 70 + i * 46 : -70 - i * 30 });
  }
  const right = xOf(maxY) + 260;
  const column = (kind, x) => graph.nodesOf(kind).sort(byLabel).forEach((n, i) => positions.push({ id: n.id, x, y: i * 70 }));
  column("source", -260);
  column("claim", right);
  column("topic", right + 240);
  graph.nodes.filter((n) => (n.kind === "work" || n.kind === "external") && !isDated(n))
    .forEach((n, i) => positions.push({ id: n.id, x: -130, y: 70 + i * 46 }));
  const every = maxY - minY > 40 ? 5 : 1;
  const ticks = [];
  for (let y = minY; y <= maxY; y += every) ticks.push({ year: y, x: xOf(y) });
  return { positions, ticks };
}

module.exports = { timelineLayout };
