"use strict";
/* Which nodes the filters let through. Pure: the graph from data.js and a filter object. */

/** The filters at load and after Reset: every kind but outside works, nothing narrowed. */
function defaultFilters() {
  return { kinds: new Set(["work", "source", "topic", "claim"]), topic: "", claim: "", stance: "",
    yearMin: null, yearMax: null, source: "", expanded: new Set() };
}

function yearOk(filters, n) {
  if (filters.yearMin === null && filters.yearMax === null) return true;
  const y = n.data.year;
  if (typeof y !== "number") return false;
  return (filters.yearMin === null || y >= filters.yearMin) && (filters.yearMax === null || y <= filters.yearMax);
}

function passes(graph, filters, n, sourceCites) {
  const k = n.kind;
  if (!filters.kinds.has(k)) return false;
  if (k === "topic") return !filters.topic || n.id === filters.topic;
  if (k === "claim") return !filters.claim || n.id === filters.claim;
  if (k === "source") {
    if (filters.source && n.id !== filters.source) return false;
  } else {
    if (filters.topic && !graph.outOf(n.id, "about").some((e) => e.to === filters.topic)) return false;
    if (!yearOk(filters, n)) return false;
    if (sourceCites && !sourceCites.has(n.id)) return false;
  }
  if (filters.claim) {
    const s = graph.stanceOn(n.id, filters.claim);
    if (!s) return false;
    if (filters.stance && s.value !== filters.stance) return false;
  } else if (filters.stance && !graph.outOf(n.id, "stance").some((e) => e.value === filters.stance)) {
    return false;
  }
  return true;
}

/**
 * The ids of the graph's nodes that `filters` let through (a Set). With an `overview`
 * (overview.js: the page shows topics, and the works of the topics opened), works and
 * outside works are kept only in an opened topic, and topics only when they head a group. Outside works appear
 * when their kind is on or a citing work was expanded, and only next to a visible citing
 * work: alone they say nothing.
 */
function visibleIds(graph, filters, overview) {
  const sourceCites = filters.source ? new Set(graph.outOf(filters.source, "cites").map((e) => e.to)) : null;
  const shown = new Set();
  const allowed = overview ? (n) => overview.allows(n) : () => true;
  for (const n of graph.nodes) {
    if (n.kind === "external" || !allowed(n)) continue;
    // a group's node stands for its works: it stays when the filters leave any of them
    if (overview && n.data.group) { shown.add(n.id); continue; }
    if (passes(graph, filters, n, sourceCites)) shown.add(n.id);
  }
  const narrowed = filters.topic || filters.claim || filters.stance;
  if (!filters.kinds.has("external") && !filters.expanded.size) return shown; // none wanted
  for (const n of graph.nodes) {
    if (n.kind !== "external" || narrowed || !yearOk(filters, n)) continue;
    const citers = graph.intoOf(n.id, "cites").map((e) => e.from).filter((c) => shown.has(c));
    const wanted = filters.kinds.has("external") || citers.some((c) => filters.expanded.has(c));
    if (wanted && citers.length) shown.add(n.id);
  }
  return shown;
}

module.exports = { defaultFilters, visibleIds };
