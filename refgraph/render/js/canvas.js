"use strict";
/* The graph as vis-network nodes and edges: shape, colour, size, label and tooltip by kind. */
const { str } = require("./text.js");
const { KIND_NAMES, KIND_STYLE, STANCE_COLOR, AUTOMATIC_TOPIC } = require("./style.js");
const { el, joined } = require("./dom.js");

/** The tooltip: a DOM element (vis-network would put a string in as HTML). Big pages run
 * without hover, so they make none (76,000 of them took seconds at load). */
function tooltip(n) {
  const d = n.data;
  const automatic = n.kind === "topic" && d.origin === "automatic" ? " (automatic)" : "";
  const box = el("div", "tip", el("strong", null, n.label), " \u00b7 ", (KIND_NAMES[n.kind] || n.kind) + automatic);
  if (d.title && d.title !== n.label) box.append(el("div", null, d.title));
  const facts = joined([d.journal, d.year ? String(d.year) : ""], ", ");
  if (facts.childNodes.length) box.append(el("div", null, facts));
  if (typeof d.cited_in_library === "number") {
    box.append(el("div", null, "Cited " + d.cited_in_library + "\u00d7 in this library"));
  }
  if (d.retracted) box.append(el("div", null, "\u26a0 Retracted"));
  return box;
}

function visNode(n, big) {
  const style = KIND_STYLE[n.kind] || KIND_STYLE.work;
  const retracted = Boolean(n.data.retracted);
  // No vis-network label: labels.js draws the ones that fit, without overlaps (view.js).
  const v = {
    id: n.id, shape: style.shape, size: n.size,
    title: big ? undefined : tooltip(n), borderWidth: retracted ? 3 : 1,
    // The border in the fill colour: vis-network keeps a border's width constant on screen,
    // so a white one made a zoomed-out library of 3,000 dots a faint grey haze.
    color: { background: style.color, border: retracted ? "#c62828" : style.color,
      highlight: { background: "#f0a800", border: "#1d2330" }, hover: { background: style.color, border: "#1d2330" } },
  };
  if (n.kind === "topic" && n.data.origin === "automatic") {
    // Automatic topics: lighter, with a dashed outline (legend: "topic, automatic").
    Object.assign(v, { borderWidth: 2, shapeProperties: { borderDashes: [5, 4] },
      color: Object.assign(v.color, { background: AUTOMATIC_TOPIC, border: style.color }) });
  }
  if (typeof n.x === "number") { v.x = n.x; v.y = n.y; }
  return v;
}

/** `big`: no physics, so a cheaper drawing (solid `about` lines). */
function visEdge(e, i, big) {
  const v = { id: "e" + e.index, from: e.from, to: e.to, kind: e.kind };
  if (e.kind === "cites") {
    Object.assign(v, { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, width: 1, color: { color: "#8d96a3", opacity: 0.75 } });
  } else if (e.kind === "about") {
    // Dashed lines cost ~6x a solid one on the canvas (0.3 s per frame for 7,000 at 10k).
    Object.assign(v, { dashes: !big, width: 1, color: { color: "#c3c9d1", opacity: 0.8 } });
  } else {
    const c = STANCE_COLOR[e.value] || "#c3c9d1";
    const tip = el("div", "tip", el("strong", null, str(e.value)), " \u00b7 ", str(e.note));
    Object.assign(v, { width: 2.5, color: { color: c, highlight: c, hover: c }, title: tip });
  }
  return v;
}

/** "not addressed" stances are in the details and the matrix, not drawn: they would double
 * the edges without saying anything. On a big page (`big`) only a work's line to its main
 * topic is drawn (when the library marks main topics): the others made a grey web across
 * the whole map; the details list every topic. */
const isDrawn = (e, big) => !(e.kind === "stance" && !STANCE_COLOR[e.value])
  && !(big && e.kind === "about" && e.main === false);

module.exports = { visNode, visEdge, isDrawn };
