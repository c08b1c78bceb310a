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

/** "1 source", "2 sources", "0 works": the count with the noun agreeing in number. */
const plural = (n, one, many) => n + " " + (n === 1 ? one : many || one + "s");

/** A verb agreeing with its count: agree(1, "supports", "support") -> "supports". */
const agree = (n, one, many) => (n === 1 ? one : many);

// Characters that can reorder the text around them: bidi controls and right-to-left
// letters (Hebrew, Arabic, Syriac, Thaana, N'Ko, ... and their presentation forms).
const DIRECTIONAL = /[\u0590-\u08ff\u200e\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufeff]|[\ud802-\ud803\ud83a-\ud83b][\udc00-\udfff]/;

/** Whether `s` holds a character that could reorder the page's own text around it. */
const directional = (s) => DIRECTIONAL.test(s);

/** `s` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, for attribute values and
 * option labels, which cannot hold a <bdi>. */
const isolate = (s) => "\u2068" + str(s) + "\u2069";

// Longer strings are cut for display (a 1 MB title with no space took the page minutes to
// lay out); the whole text stays in the data (search, Copy BibTeX).
const DISPLAY_LIMIT = 3000;

/** `s` cut to DISPLAY_LIMIT characters, saying how many were left out. */
function clip(s, limit = DISPLAY_LIMIT) {
  const text = str(s);
  if (text.length <= limit) return text;
  return text.slice(0, limit) + "\u2026 (" + (text.length - limit).toLocaleString("en") + " more characters)";
}

module.exports = { str, fold, slug, plural, agree, directional, isolate, clip, DISPLAY_LIMIT };
