"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { labelText, importanceOrder, placeLabels } = require("../../refgraph/render/js/labels.js");

const overlap = (a, b) => !(a.x >= b.x + b.w || b.x >= a.x + a.w || a.y >= b.y + b.h || b.y >= a.y + a.h);

test("placed labels never overlap and stay on screen, most important first", () => {
  const candidates = [];
  for (let i = 0; i < 400; i++) candidates.push({ id: "n" + i, x: 40 + (i * 37) % 420, y: 20 + (i * 53) % 260, r: 4, w: 70, h: 14 });
  const placed = placeLabels(candidates, 500, 300, 1000);
  assert.ok(placed.length > 20 && placed.length < 400);
  assert.equal(placed[0].id, "n0");
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i];
    assert.ok(p.x >= 0 && p.y >= 0 && p.x + p.w <= 500 && p.y + p.h <= 300);
    for (let j = i + 1; j < placed.length; j++) assert.ok(!overlap(p, placed[j]), p.id + " overlaps " + placed[j].id);
  }
});

test("a blocked label tries above, then to the right", () => {
  const c = (id, x, y) => ({ id, x, y, r: 5, w: 40, h: 10 });
  const placed = placeLabels([c("a", 100, 100), c("b", 100, 100), c("c", 100, 100), c("d", 100, 100)], 400, 400, 10);
  assert.deepEqual(placed.map((p) => p.id), ["a", "b", "c"]);
  assert.ok(placed[1].y < 100 && placed[2].x > 100);
});

test("at most `max` labels", () => {
  const candidates = [0, 1, 2, 3].map((i) => ({ id: String(i), x: 50 + i * 100, y: 50, r: 2, w: 20, h: 10 }));
  assert.equal(placeLabels(candidates, 500, 100, 2).length, 2);
});

test("topics come first, then claims, sources, works by size", () => {
  const n = (id, kind, size) => ({ id, kind, size, label: id });
  const order = importanceOrder([n("w1", "work", 10), n("w2", "work", 30), n("t", "topic", 5), n("s", "source", 22), n("c", "claim", 18)]);
  assert.deepEqual(order, ["t", "c", "s", "w2", "w1"]);
});

test("a label loses bidi controls and is cut at 48 characters", () => {
  assert.equal(labelText("Evil\u202e 2021"), "Evil 2021");
  const long = labelText("x".repeat(1000000));
  assert.equal(long.length, 48);
  assert.ok(long.endsWith("\u2026"));
});

test("no label covers an obstacle (the selected node, a source, a claim)", () => {
  const obstacle = { x: 90, y: 110, w: 40, h: 40 }; // right under node a
  const placed = placeLabels([{ id: "a", x: 100, y: 100, r: 5, w: 60, h: 15 }], 400, 400, 10, [obstacle]);
  assert.equal(placed.length, 1);
  const p = placed[0];
  assert.ok(p.x >= obstacle.x + obstacle.w || obstacle.x >= p.x + p.w || p.y >= obstacle.y + obstacle.h || obstacle.y >= p.y + p.h, JSON.stringify(p));
  assert.equal(labelText("x".repeat(60), 28).length, 28);
});
