"use strict";
/* Safe DOM building: every string from the library reaches the DOM as a text node, never
 * as markup, never through an HTML-parsing property. */
const { str } = require("./text.js");
const { safeHref } = require("./links.js");

/** The element with this id (ids come from ids.js). */
const byDomId = (id) => document.getElementById(id);

/** <tag class=cls> holding `children`: nodes as they are, anything else as text. */
function el(tag, cls, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const child of children) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** An <a> opening `url` in a new tab when it is a safe http(s) URL, else plain text. */
function link(url, text) {
  const href = safeHref(url);
  if (!href) return document.createTextNode(str(text));
  const a = el("a", null, str(text));
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

/** The DOI as a link to `url`, which the payload carries (refgraph/doi.py builds every DOI
 * link); as text when there is none. */
function doiLink(doi, url) {
  return url ? link(url, doi) : document.createTextNode(str(doi));
}

module.exports = { byDomId, el, link, doiLink };
