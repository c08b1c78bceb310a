"use strict";
/* Which strings may become links. Pure; refgraph/render/payload.py applies the same rule
 * in Python (web_url), and the page checks again before it makes an <a>. DOI links are
 * built in Python only (refgraph/doi.py) and come in the payload. */

/** The URL when it is an absolute http(s) URL, else null (javascript:, data:, relative). */
function safeHref(url) {
  try {
    const parsed = new URL(String(url));
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
  } catch (err) { /* not a URL: shown as text */ }
  return null;
}

module.exports = { safeHref };
