"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { detailsReader } = require("../../refgraph/render/js/data.js");
const { graph } = require("./graph.js");

test("edges are decoded by node index with their attributes", () => {
  const g = graph();
  assert.deepEqual(g.outOf("work:c", "about").map((e) => [e.to, e.origin]), [["topic:microbiome", "curation"]]);
  assert.deepEqual(g.intoOf("work:a", "cites").map((e) => e.from), ["source:001"]);
  assert.equal(g.stanceOn("work:b", "claim:tests").value, "disputes");
  assert.equal(g.stanceOn("work:c", "claim:tests"), null);
});

test("positions are kept only when the payload has them", () => {
  const g = graph();
  assert.equal(g.byId.get("work:a").x, undefined);
});

test("the details block is read once, on first use, and only the asked node's line is parsed", () => {
  let reads = 0;
  const block = ['{"volume":"91"}', "not json, never parsed", "", '{"issue":"2"}'].join("\n");
  const info = detailsReader(() => { reads += 1; return block; });
  assert.equal(reads, 0);
  const n = graph().nodes[0];
  assert.deepEqual(info(n).volume, "91");
  assert.equal(info(n).title, "Zonulin and the barrier");
  info(n);
  assert.equal(reads, 1);
  const g = graph();
  assert.deepEqual(info(g.nodes[3]), Object.assign({ issue: "2" }, g.nodes[3].data));
  assert.deepEqual(info(g.nodes[2]), g.nodes[2].data); // an empty line: no details
});
