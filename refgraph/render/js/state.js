"use strict";
/* The page's mutable state, owned by one object: every module reads and writes it through
 * `app.state`, nothing else holds a mutable variable. */
const { defaultFilters } = require("./filters.js");

function createState() {
  return {
    filters: defaultFilters(),
    timeline: false, // the timeline layout is on
    visible: new Set(), // ids of the nodes drawn now (graph nodes and timeline axis ticks)
    placed: new Set(), // ids of the nodes that were drawn once (and so have a position)
    network: null, // the vis.Network, made in view.js once `visible` is known
    nodesDS: null, edgesDS: null, nodeView: null, edgeView: null,
    savedPositions: null, // network positions while the timeline is shown
    axisIds: [], // the timeline's year ticks (vis nodes of kind "axis")
    builtTabs: new Set(), // tabs whose content is built on first view
  };
}

module.exports = { createState };
