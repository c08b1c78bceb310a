"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { safeHref, doiUrl } = require("../../refgraph/render/js/links.js");

test("only absolute http(s) URLs become links", () => {
  assert.equal(safeHref("https://example.org/a"), "https://example.org/a");
  for (const bad of ["javascript:alert(1)", "data:text/html,x", "/relative", "", null]) assert.equal(safeHref(bad), null);
});

test("a DOI link is percent-encoded per segment; a malformed DOI is no link", () => {
  assert.equal(doiUrl("10.1000/a b?c"), null); // whitespace: not a DOI
  assert.equal(doiUrl("10.1000/a<b>#c"), "https://doi.org/10.1000/a%3Cb%3E%23c");
  assert.equal(doiUrl("doi:10.1000/x"), null);
});
