"use strict";
/* Copy BibTeX: the entry for a work. Pure. */
const { str } = require("./text.js");
const { safeHref } = require("./links.js");

function bibEscape(s) {
  return str(s).replace(/[\\{}]/g, (c) => (c === "\\" ? "\\textbackslash{}" : "\\" + c));
}

/** The BibTeX entry for a node's full attributes `d` (its id `id` is the fallback key): the
 * `bibtex` attribute as is when present, else one built from the record values first. */
function bibtexFor(d, id) {
  if (typeof d.bibtex === "string" && d.bibtex) return d.bibtex;
  const r = d.record || {};
  const type = /^[a-z]+$/i.test(str(d.entry_type)) ? d.entry_type.toLowerCase() : "misc";
  const key = str(d.key || id).replace(/[^A-Za-z0-9_:.\-]/g, "") || "entry";
  const pick = (a, b) => (b !== undefined && b !== null && b !== "" ? b : a);
  const authors = (r.authors && r.authors.length ? r.authors : d.authors || []).join(" and ");
  const fields = [["author", authors], ["title", pick(d.title, r.title)], ["journal", pick(d.journal, r.journal)],
    ["year", pick(d.year, r.year_print || r.year_issued)], ["volume", pick(d.volume, r.volume)], ["number", pick(d.issue, r.issue)],
    ["pages", pick(d.pages, r.pages)], ["publisher", pick(d.publisher, r.publisher)], ["doi", pick(d.doi, r.doi)],
    ["url", safeHref(d.url) || ""]];
  const lines = fields.filter(([, v]) => str(v) !== "").map(([k, v]) => "  " + k + " = {" + bibEscape(v) + "}");
  return "@" + type + "{" + key + ",\n" + lines.join(",\n") + "\n}\n";
}

module.exports = { bibtexFor };
