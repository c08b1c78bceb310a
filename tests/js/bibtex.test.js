"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { bibtexFor } = require("../../refgraph/render/js/bibtex.js");

test("a bibtex attribute is used as is", () => {
  assert.equal(bibtexFor({ bibtex: "@article{k,\n}\n" }, "work:k"), "@article{k,\n}\n");
});

test("record values come first; braces and backslashes are escaped", () => {
  const text = bibtexFor({ key: "k", entry_type: "article", title: "As {cited}", record: { title: "A \\ record" } }, "work:k");
  assert.match(text, /^@article\{k,\n/);
  assert.match(text, /title = \{A \\textbackslash\{\} record\}/);
});
