"use strict";
/* A small payload shaped like refgraph/render/payload.py's, shared by the node tests. */
const { decodeGraph } = require("../../refgraph/render/js/data.js");

const node = (id, kind, label, brief, x) => [id, kind, label, 10, 8, x === undefined ? null : x, x === undefined ? null : 0, brief || {}];

function payload() {
  return {
    title: "t", subtitle: "s", physics: true, contradictions: [],
    nodes: [
      node("work:a", "work", "Fasano 2021", { title: "Zonulin and the barrier", year: 2021, authors: ["Alessio Fasano"], doi: "10.1152/physrev.00003.2008" }),
      node("work:b", "work", "Lacy 2024", { title: "Leaky gut syndrome: myths", year: 2024, authors: ["Brian E. Lacy"] }),
      node("work:c", "work", "Chakaroun 2020", { title: "Gut microbiome", year: 2020, authors: ["Rima Chakaroun"] }),
      node("topic:microbiome", "topic", "microbiome", { synonyms: ["darmflora", "microbioom"] }),
      node("claim:tests", "claim", "tests-validated", { title: "Tests are validated" }),
      node("source:001", "source", "Source 001", { title: "An essay" }),
      node("external:10.1/x", "external", "Ext 1", { year: 2001 }),
    ],
    edges: [
      [2, 3, "about", { origin: "curation" }],
      [0, 4, "stance", { value: "supports" }],
      [1, 4, "stance", { value: "disputes" }],
      [5, 0, "cites"], [5, 1, "cites"], [0, 6, "cites"],
    ],
  };
}

module.exports = { payload, graph: () => decodeGraph(payload()) };
