"use strict";
/* The page's mutable state, owned by one object: every module reads and writes it through
 * `app.state`, nothing else holds a mutable variable. */
const { defaultFilters } = require("./filters.js");

function createState() {
  return {
    filters: defaultFilters(),
    timeline: false, // the timeline layout is on
    visible: new Set(), // ids of the nodes drawn now
    placed: new Set(), // ids of the nodes that were drawn once (and so have a position)
    network: null, // the vis.Network, made in view.js once `visible` is known
    nodesDS: null, edgesDS: null, nodeView: null, edgeView: null,
    added: new Set(), // ids of the nodes put in nodesDS so far (view.js adds them when shown)
    addedEdges: new Set(), // indexes of the edges put in edgesDS so far
    timelinePositions: null, // Map id -> {x, y} while the timeline is shown
    savedPositions: null, // network positions while the timeline is shown
    timelineAxis: null, // {minY, maxY, step} of the timeline shown (timeline.js)
    overview: null, // the topic overview of a big library (overview.js), else null
    labels: [], // the labels drawn last, {id, x, y, w, h} in CSS pixels of the canvas
    rings: [], // the selected nodes' outlines drawn last, {x, y, r} in CSS pixels
    builtTabs: new Set(), // tabs whose content is built on first view
  };
}

module.exports = { createState };
