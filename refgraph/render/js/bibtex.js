"use strict";
/* Copy BibTeX: the entry for a work. Pure. */
const { str } = require("./text.js");

/** The BibTeX entry of a node's full attributes `d`: its `bibtex` attribute, which is the
 * export's own text for that work (refgraph/bibtex/dump.py, set by graph.work_attributes).
 * The page has no BibTeX writer of its own, so "Copy BibTeX" equals `refgraph export`;
 * "" when the node has none (then the page shows no BibTeX section). */
function bibtexFor(d) {
  return str(d.bibtex);
}

module.exports = { bibtexFor };
