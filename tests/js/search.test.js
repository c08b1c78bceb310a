"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { searchIndex, search } = require("../../refgraph/render/js/search.js");
const { graph } = require("./graph.js");

const ids = (g, q) => search(g, searchIndex(g), q).map((n) => n.id);

test("a Dutch synonym of a topic finds its works, accents ignored", () => {
  const g = graph();
  assert.deepEqual(ids(g, "Darmflóra"), ["work:c", "topic:microbiome"]);
});

test("every term must match; an empty query finds nothing", () => {
  const g = graph();
  assert.deepEqual(ids(g, "fasano zonulin"), ["work:a"]);
  assert.deepEqual(ids(g, "fasano lacy"), []);
  assert.deepEqual(ids(g, "   "), []);
});

test("a DOI finds its work", () => {
  assert.deepEqual(ids(graph(), "10.1152/physrev"), ["work:a"]);
});
