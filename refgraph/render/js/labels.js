"use strict";
/* Which labels to draw: as many as fit without overlapping, most important first; the rest
 * show on zoom (more room) or hover (the tooltip). Pure: screen boxes in, boxes out. */
const { str } = require("./text.js");

// Bidi controls would reorder a label's own characters; the canvas draws each label alone.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_CHARS = 48;

/** The text drawn for a label: bidi controls removed, at most `max` characters (48). */
function labelText(label, max = MAX_CHARS) {
  const text = str(label).replace(BIDI_CONTROLS, "");
  return text.length > max ? text.slice(0, max - 1) + "\u2026" : text;
}

const KIND_RANK = { topic: 0, claim: 1, source: 2, work: 3, external: 4 };

/** Node ids by importance: topics (more works first), claims, sources, then works and
 * outside works by size (citations in the library), then label. */
function importanceOrder(nodes, worksOf) {
  const weight = (n) => (n.kind === "topic" ? (worksOf ? worksOf(n) : 0) : n.size || 0);
  return nodes.slice().sort((a, b) => (KIND_RANK[a.kind] ?? 5) - (KIND_RANK[b.kind] ?? 5)
    || weight(b) - weight(a) || String(a.label).localeCompare(String(b.label))).map((n) => n.id);
}

/**
 * Greedy placement. `candidates`, most important first: {id, x, y, r, w, h} (the node's
 * centre and radius and the label's size, in screen pixels). Each label goes below its node,
 * else above, else to the right, at the first spot that overlaps no label placed before nor
 * any of `obstacles` ({x, y, w, h}: boxes of nodes a label must not cover, such as the
 * selected one) and lies inside `width` x `height`; otherwise it is left out. At most `max`
 * labels. Returns [{id, x, y, w, h}] (top-left corners).
 */
function placeLabels(candidates, width, height, max, obstacles = []) {
  const cell = 64;
  const grid = new Map();
  const placed = [];
  const cells = (b) => {
    const out = [];
    for (let gx = Math.floor(b.x / cell); gx <= Math.floor((b.x + b.w) / cell); gx++) {
      for (let gy = Math.floor(b.y / cell); gy <= Math.floor((b.y + b.h) / cell); gy++) out.push(gx + "," + gy);
    }
    return out;
  };
  const free = (b) => cells(b).every((k) => (grid.get(k) || []).every((o) =>
    b.x >= o.x + o.w || o.x >= b.x + b.w || b.y >= o.y + o.h || o.y >= b.y + b.h));
  for (const b of obstacles) for (const k of cells(b)) { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(b); }
  for (const c of candidates) {
    if (placed.length >= max) break;
    const spots = [
      { x: c.x - c.w / 2, y: c.y + c.r + 2 },
      { x: c.x - c.w / 2, y: c.y - c.r - 2 - c.h },
      { x: c.x + c.r + 3, y: c.y - c.h / 2 },
    ];
    for (const s of spots) {
      const b = { id: c.id, x: s.x, y: s.y, w: c.w, h: c.h };
      if (b.x < 0 || b.y < 0 || b.x + b.w > width || b.y + b.h > height || !free(b)) continue;
      for (const k of cells(b)) { if (!grid.has(k)) grid.set(k, []); grid.get(k).push(b); }
      placed.push(b);
      break;
    }
  }
  return placed;
}

module.exports = { labelText, importanceOrder, placeLabels };
