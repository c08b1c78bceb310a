"use strict";
/* Kinds, stances and how each is drawn: constants shared by the canvas, legend and panel. */

const KINDS = ["work", "source", "topic", "claim", "external"];
const KIND_NAMES = { work: "Work", source: "Source document", topic: "Topic", claim: "Claim",
  external: "Cited work outside the library" };
const KIND_STYLE = {
  work: { shape: "dot", color: "#3567b5" },
  source: { shape: "square", color: "#7b3fb0" },
  topic: { shape: "diamond", color: "#138a8a" },
  claim: { shape: "hexagon", color: "#37404f" },
  external: { shape: "triangleDown", color: "#9aa3ae" },
};
const AUTOMATIC_TOPIC = "#9fd6d6"; // fill of a topic found by automatic discovery
const STANCES = ["supports", "disputes", "mixed", "not addressed"];
const STANCE_COLOR = { supports: "#1e8a4c", disputes: "#c62828", mixed: "#c98a00" };
const STANCE_MARK = { supports: "+", disputes: "\u2212", mixed: "~", "not addressed": "\u00b7" };

module.exports = { AUTOMATIC_TOPIC, KINDS, KIND_NAMES, KIND_STYLE, STANCES, STANCE_COLOR, STANCE_MARK };
