"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { stanceRows } = require("../../refgraph/render/js/matrix.js");
const { graph } = require("./graph.js");

test("the matrix lists only the works and sources that take a stance", () => {
  const { rows, without } = stanceRows(graph());
  // work:a supports, work:b disputes; work:c and source:001 take none
  assert.deepEqual(rows.map((n) => n.id), ["work:a", "work:b"]);
  assert.equal(without, 2);
});
