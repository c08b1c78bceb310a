"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { createOverview, groupsInView } = require("../../refgraph/render/js/overview.js");
const { graph } = require("./graph.js");

test("closed topics hide their works; opening one shows them", () => {
  const g = graph(); // work:c is about topic:microbiome (index 3)
  const map = { overview: true, group: [-1, -1, 0, -1, -1, -1, -1], groups: [[3, 1, 100]], links: [] };
  const ov = createOverview(g, map);
  const c = g.byId.get("work:c");
  assert.equal(ov.allows(g.byId.get("topic:microbiome")), true);
  assert.equal(ov.allows(c), false);
  assert.equal(ov.allows(g.byId.get("work:a")), false); // a work of no group
  assert.equal(ov.allows(g.byId.get("source:001")), false);
  assert.equal(ov.groupOf("work:c"), 0);
  assert.equal(ov.groupOf("topic:microbiome"), 0);
  ov.opened.add(0);
  assert.equal(ov.allows(c), true);
});

test("zooming opens the groups big enough on screen and in view, within a budget", () => {
  const groups = [{ x: 0, y: 0, radius: 500, works: 4000 }, { x: 900, y: 0, radius: 500, works: 4000 },
    { x: 100, y: 0, radius: 50, works: 10 }, { x: 50000, y: 0, radius: 900, works: 5 }];
  const view = { x: 300, y: 0, width: 800, height: 600, scale: 0.5 };
  // 0 and 1 are in view and 500 px wide; 2 is too small; 3 is far away; budget 6,000: one big
  assert.deepEqual([...groupsInView(groups, view)], [0]);
  assert.deepEqual([...groupsInView(groups, view, 0.35, 10000)].sort(), [0, 1]);
  assert.deepEqual([...groupsInView(groups, Object.assign({}, view, { scale: 0.01 }))], []);
});
