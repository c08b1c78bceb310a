"use strict";
/* Text helpers, pure: no DOM. */

/** "" for null and undefined, else String(v). */
const str = (v) => (v === null || v === undefined ? "" : String(v));

/* Letters Unicode does not decompose, spelt in ASCII as refgraph/compare.py does. */
const UNDECOMPOSED = { "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
  "ß": "ss", "ẞ": "SS", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h",
  "Ħ": "H", "ŀ": "l", "Ŀ": "L" };

/** Lower case without accents, for search: "Darmflóra" -> "darmflora", "Łukasz" -> "lukasz". */
const fold = (s) => str(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
  .replace(/[łŁøØæÆœŒßẞđĐðÐþÞıħĦŀĿ]/g, (c) => UNDECOMPOSED[c]).toLowerCase();

/** A CSS class from a value: "not addressed" -> "not-addressed". */
const slug = (v) => str(v).toLowerCase().replace(/[^a-z0-9]+/g, "-");

module.exports = { str, fold, slug };
