"use strict";
/* Every element id the page script reads, in one place. page.html defines them; a test
 * (tests/test_render.py) checks that each id here exists in the template. */

module.exports = Object.freeze({
  data: "refgraph-data",
  details: "refgraph-details",
  network: "network",
  legend: "legend",
  legendItems: "legend-items",
  search: "search",
  searchForm: "search-form",
  searchStatus: "search-status",
  filters: "filters",
  kindFilter: "kind-filter",
  topicFilter: "topic-filter",
  claimFilter: "claim-filter",
  stanceFilter: "stance-filter",
  sourceFilter: "source-filter",
  yearMin: "year-min",
  yearMax: "year-max",
  layoutSelect: "layout-select",
  sizeSelect: "size-select",
  reset: "reset",
  overviewBack: "overview-back",
  visibleCount: "visible-count",
  detailsPanel: "details",
  results: "results",
  matrix: "matrix",
  contradictions: "contradictions",
  tabs: Object.freeze({ details: "tab-details", results: "tab-results", matrix: "tab-matrix",
    contradictions: "tab-contradictions" }),
});
