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

test("the title and DOI as cited find the checked work; ł and ø match their ASCII spelling", () => {
  const { decodeGraph } = require("../../refgraph/render/js/data.js");
  const brief = { title: "Zonulin and its regulation", authors: ["Łukasz Søndergaard"], year: 2011,
    cited: { title: "Zonulin regulates the door", doi: "10.1000/old" } };
  const g = decodeGraph({ title: "t", subtitle: "s", physics: true, contradictions: [], edges: [],
    nodes: [["work:z", "work", "Søndergaard 2011", 10, 8, null, null, brief]] });
  assert.deepEqual(ids(g, "regulates door"), ["work:z"]);
  assert.deepEqual(ids(g, "10.1000/old"), ["work:z"]);
  assert.deepEqual(ids(g, "lukasz sondergaard"), ["work:z"]);
});
