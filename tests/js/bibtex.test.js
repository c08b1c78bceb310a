"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { bibtexFor } = require("../../refgraph/render/js/bibtex.js");

test("the bibtex attribute is used as is", () => {
  const text = "@article{k,\n  title = {{SAT} \\& more},\n}\n";
  assert.equal(bibtexFor({ bibtex: text, title: "other", record: { title: "other" } }), text);
});

test("no bibtex attribute: no entry made up from other fields", () => {
  assert.equal(bibtexFor({ key: "k", entry_type: "article", title: "T", record: { title: "R" } }), "");
});
