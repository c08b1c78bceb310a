"use strict";
/* Which strings may become links. Pure; refgraph/render/payload.py applies the same rules
 * in Python (web_url, doi_url), and the page checks again before it makes an <a>. */
const { str } = require("./text.js");

const DOI_RE = /^10\.\d{4,9}\/\S+$/;

/** The URL when it is an absolute http(s) URL, else null (javascript:, data:, relative). */
function safeHref(url) {
  try {
    const parsed = new URL(String(url));
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
  } catch (err) { /* not a URL: shown as text */ }
  return null;
}

/** https://doi.org/<doi>, each path segment percent-encoded, for a well-formed DOI; else null. */
function doiUrl(doi) {
  const d = str(doi).trim();
  return DOI_RE.test(d) ? "https://doi.org/" + d.split("/").map(encodeURIComponent).join("/") : null;
}

module.exports = { safeHref, doiUrl };
