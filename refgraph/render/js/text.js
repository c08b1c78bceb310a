"use strict";
/* Text helpers, pure: no DOM. */

/** "" for null and undefined, else String(v). */
const str = (v) => (v === null || v === undefined ? "" : String(v));

/** Lower case without accents, for search: "Darmflóra" -> "darmflora". */
const fold = (s) => str(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** A CSS class from a value: "not addressed" -> "not-addressed". */
const slug = (v) => str(v).toLowerCase().replace(/[^a-z0-9]+/g, "-");

module.exports = { str, fold, slug };
