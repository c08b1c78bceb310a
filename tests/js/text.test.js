"use strict";
const test = require("node:test");
const assert = require("node:assert");
const { plural } = require("../../refgraph/render/js/text.js");

test("a count and its noun agree in number", () => {
  assert.strictEqual(plural(1, "claim"), "1 claim");
  assert.strictEqual(plural(0, "claim"), "0 claims");
  assert.strictEqual(plural(2, "match", "matches"), "2 matches");
});
