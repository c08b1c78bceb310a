"use strict";
/* The timeline layout: works by year from left to right, cited outside works below the axis,
 * works without a year and sources on the left, claims on the right. Topics are left out
 * (view.js hides them): stacked in a block their labels did not fit, and their works are
 * on the timeline anyway. Pure. */
const { byLabel } = require("./data.js");

const WIDTH = 1800; // canvas units the years are spread over (within MIN_STEP..MAX_STEP a year)
const MIN_STEP = 10;
const MAX_STEP = 110;
const BASE = 70; // works stand above the axis (y = 0) from here up; their labels clear it
const NICE = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];

/** Canvas units per year: ten years spread wide, a century and a half still on one screen. */
const yearStep = (minY, maxY) => Math.max(MIN_STEP, Math.min(MAX_STEP, WIDTH / Math.max(1, maxY - minY)));

/**
 * The years to mark on an axis from `minY` to `maxY` drawn `pxPerYear` pixels apart: every
 * 1, 2, 5, 10, 20, 25, 50, ... years (the smallest interval leaving `gap` pixels between
 * ticks), at multiples of the interval ("1900, 1925, 1950"), inside the range.
 */
function axisTicks(minY, maxY, pxPerYear, gap = 64) {
  const every = NICE.find((n) => n * pxPerYear >= gap) || NICE[NICE.length - 1];
  const ticks = [];
  for (let y = Math.ceil(minY / every) * every; y <= maxY; y += every) ticks.push(y);
  if (!ticks.length) ticks.push(minY);
  return ticks;
}

/** {positions: [{id, x, y}], axis: {minY, maxY, step, undated: {left, right, count} | null}
 * | null} (`undated`: the x range of the block of works without a year, for its label). The works of one year stand
 * in a column (several side by side when a year is crowded and there is room), above the
 * axis at y = 0; outside works below it; works without a year left of the first year. */
function timelineLayout(graph) {
  const isDated = (n) => (n.kind === "work" || n.kind === "external") && typeof n.data.year === "number";
  const dated = graph.nodes.filter(isDated);
  if (!dated.length) return { positions: [], axis: null };
  let minY = Infinity;
  let maxY = -Infinity;
  for (const n of dated) { minY = Math.min(minY, n.data.year); maxY = Math.max(maxY, n.data.year); }
  const step = yearStep(minY, maxY);
  const xOf = (y) => (y - minY) * step;
  const gap = Math.max(16, Math.min(46, step * 0.8)); // between works of one year
  const columns = Math.max(1, Math.floor(step / gap));
  const positions = [];
  const stacks = new Map();
  for (const n of dated.slice().sort(byLabel)) {
    const key = n.data.year + ":" + n.kind;
    const i = stacks.get(key) || 0;
    stacks.set(key, i + 1);
    const col = i % columns;
    const row = Math.floor(i / columns);
    const x = xOf(n.data.year) + (col - (columns - 1) / 2) * gap;
    positions.push({ id: n.id, x, y: n.kind === "work" ? -BASE - row * gap : BASE + row * gap * 0.7 });
  }
  // Sources (left) and claims (right) in blocks about as tall as the tallest year, so that
  // 22 claims do not make a column that dwarfs ten works.
  const tallest = Math.max(0, ...[...stacks.values()].map((i) => Math.ceil(i / columns)));
  const perColumn = Math.max(8, tallest);
  const block = (kind, x0, dir) => {
    const nodes = graph.nodesOf(kind).sort(byLabel);
    nodes.forEach((n, i) => positions.push({ id: n.id, x: x0 + dir * Math.floor(i / perColumn) * 200, y: -BASE - (i % perColumn) * 46 }));
    return x0 + dir * Math.ceil(nodes.length / perColumn) * 200;
  };
  const undated = graph.nodes.filter((n) => (n.kind === "work" || n.kind === "external") && !isDated(n));
  // Works without a year: a compact block left of the first year, as tall as the tallest year.
  undated.forEach((n, i) => positions.push({ id: n.id, x: -130 - Math.floor(i / perColumn) * gap, y: -BASE - (i % perColumn) * gap }));
  const undatedBlock = undated.length
    ? { left: -130 - Math.floor((undated.length - 1) / perColumn) * gap, right: -130, count: undated.length } : null;
  block("source", -130 - Math.ceil(undated.length / perColumn) * gap - 130, -1);
  block("claim", xOf(maxY) + 260, 1);
  return { positions, axis: { minY, maxY, step, undated: undatedBlock } };
}

module.exports = { timelineLayout, axisTicks, yearStep };
