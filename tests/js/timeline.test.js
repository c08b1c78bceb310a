"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { timelineLayout } = require("../../refgraph/render/js/timeline.js");
const { graph } = require("./graph.js");

test("works are placed left to right by year", () => {
  const { positions } = timelineLayout(graph());
  const x = Object.fromEntries(positions.map((p) => [p.id, p.x]));
  assert.ok(x["work:c"] < x["work:a"] && x["work:a"] < x["work:b"]);
});
