"use strict";
/* Search over every node: title, authors, DOI, key, journal, keywords, topic labels and
 * their synonyms (English and Dutch), accents ignored. Pure. */
const { fold } = require("./text.js");
const { KINDS } = require("./style.js");
const { byLabel } = require("./data.js");

const KIND_ORDER = Object.fromEntries(KINDS.map((k, i) => [k, i]));

/** Each node's searchable text, folded (Map id -> string). A work also carries the labels
 * and synonyms of its topics, so "darmflora" finds the microbiome papers. */
function searchIndex(graph) {
  const index = new Map();
  for (const n of graph.nodes) {
    const d = n.data;
    const parts = [n.label, d.title, d.key, d.doi, d.journal, d.year, d.summary, d.description];
    parts.push(...(d.authors || []), ...(d.keywords || []), ...(d.synonyms || []));
    if (d.cited) parts.push(d.cited.title, d.cited.doi, ...(d.cited.authors || []));
    for (const e of graph.outOf(n.id, "about")) {
      const t = graph.byId.get(e.to);
      if (t) parts.push(t.label, ...(t.data.synonyms || []));
    }
    index.set(n.id, fold(parts.filter((p) => p !== null && p !== undefined).join(" \u0001 ")));
  }
  return index;
}

/** The nodes whose text holds every term of `query`, by kind (works first), then label. */
function search(graph, index, query) {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  if (!terms.length) return [];
  return graph.nodes.filter((n) => terms.every((t) => index.get(n.id).includes(t)))
    .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byLabel(a, b));
}

module.exports = { searchIndex, search };
