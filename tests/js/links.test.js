"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { safeHref } = require("../../refgraph/render/js/links.js");

test("only absolute http(s) URLs become links", () => {
  assert.equal(safeHref("https://example.org/a"), "https://example.org/a");
  for (const bad of ["javascript:alert(1)", "data:text/html,x", "/relative", "", null]) assert.equal(safeHref(bad), null);
});
