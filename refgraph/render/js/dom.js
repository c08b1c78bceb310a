"use strict";
/* Safe DOM building: every string from the library reaches the DOM as a text node, never
 * as markup, never through an HTML-parsing property. */
const { str, clip, directional } = require("./text.js");
const { safeHref } = require("./links.js");

/** The element with this id (ids come from ids.js). */
const byDomId = (id) => document.getElementById(id);

/** A text node for `value`, cut at DISPLAY_LIMIT characters; inside a <bdi> when it holds
 * a bidi control or a right-to-left letter, so that it cannot reorder the page's own text
 * around it (an author name with U+202E reversed "· 2021" after it). The page's own
 * strings hold neither, so every untrusted string that could do harm is isolated. */
function textOf(value) {
  const text = document.createTextNode(clip(value));
  if (!directional(text.data)) return text;
  const bdi = document.createElement("bdi");
  bdi.append(text);
  return bdi;
}

/** <tag class=cls> holding `children`: nodes as they are, anything else as text (textOf). */
function el(tag, cls, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  for (const child of children) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : textOf(child));
  }
  return node;
}

/** An <a> opening `url` in a new tab when it is a safe http(s) URL, else plain text. */
function link(url, text) {
  const href = safeHref(url);
  if (!href) return textOf(str(text));
  const a = el("a", null, str(text));
  a.href = href;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  return a;
}

/** The DOI as a link to `url`, which the payload carries (refgraph/doi.py builds every DOI
 * link); as text when there is none. */
function doiLink(doi, url) {
  return url ? link(url, doi) : textOf(str(doi));
}

/** The items, each isolated on its own (textOf), with the page's `separator` between them:
 * one author's bidi override cannot reverse the separators or the next author. */
function joined(items, separator) {
  const out = document.createDocumentFragment();
  items.filter((x) => x !== null && x !== undefined && x !== "").forEach((item, i) => {
    if (i) out.append(separator);
    out.append(item instanceof Node ? item : textOf(item));
  });
  return out;
}

module.exports = { byDomId, el, link, doiLink, textOf, joined };
