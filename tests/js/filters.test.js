"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { defaultFilters, visibleIds } = require("../../refgraph/render/js/filters.js");
const { graph } = require("./graph.js");

test("by default everything but outside works is shown", () => {
  const g = graph();
  const shown = visibleIds(g, defaultFilters());
  assert.deepEqual([...shown].sort(), g.nodes.filter((n) => n.kind !== "external").map((n) => n.id).sort());
});

test("a topic keeps its works and itself", () => {
  const f = Object.assign(defaultFilters(), { topic: "topic:microbiome" });
  const shown = visibleIds(graph(), f);
  assert.ok(shown.has("work:c") && shown.has("topic:microbiome"));
  assert.ok(!shown.has("work:a") && !shown.has("work:b"));
});

test("claim and stance combine", () => {
  const f = Object.assign(defaultFilters(), { claim: "claim:tests", stance: "disputes" });
  const works = [...visibleIds(graph(), f)].filter((id) => id.startsWith("work:"));
  assert.deepEqual(works, ["work:b"]);
});

test("a year range drops undated and out-of-range works", () => {
  const f = Object.assign(defaultFilters(), { yearMin: 2021, yearMax: 2022 });
  const works = [...visibleIds(graph(), f)].filter((id) => id.startsWith("work:"));
  assert.deepEqual(works, ["work:a"]);
});

test("an outside work shows next to an expanded citing work only", () => {
  const f = defaultFilters();
  f.expanded.add("work:a");
  assert.ok(visibleIds(graph(), f).has("external:10.1/x"));
  f.kinds.delete("work");
  assert.ok(!visibleIds(graph(), f).has("external:10.1/x"));
});
