"use strict";
/* The page script's entry point: reads the payload, makes the one `app` object that every
 * module extends (state in `app.state`), draws the network and binds the controls.
 * refgraph/render/script.py concatenates the modules of this folder into the one inline
 * script; each is a CommonJS module, so `node --test tests/js/` loads the pure ones as is. */
const IDS = require("./ids.js");
const { decodeGraph, detailsReader } = require("./data.js");
const { createState } = require("./state.js");
const { byDomId, el } = require("./dom.js");

// Each adds its functions to `app`; they call one another through it, late-bound.
const FEATURES = [require("./overview.js"), require("./view.js"), require("./details.js"), require("./tabs.js"),
  require("./matrix.js"), require("./results.js"), require("./controls.js")];

/** The text of base64 `data` holding gzip bytes (the browser's DecompressionStream; no
 * request is made). */
async function inflate(data) {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).text();
}

function main() {
  const graph = decodeGraph(JSON.parse(byDomId(IDS.data).textContent));
  performance.mark("refgraph:parsed"); // timing marks for benchmarks/bench_page.py
  const block = byDomId(IDS.details);
  const app = { ids: IDS, graph, state: createState() };
  if (block.dataset.encoding === "gzip+base64") {
    // A big library's details come gzipped: inflated in the background after the first
    // drawing; a node opened before that shows its brief, then its details when ready.
    let ready = null;
    app.info = (n) => (ready ? ready(n) : Object.assign({ pending: true }, n.data));
    app.detailsReady = new Promise((resolve) => { app.startDetails = resolve; })
      .then(() => inflate(block.textContent))
      .then((text) => { ready = detailsReader(() => text); app.detailsLoaded = true; });
  } else {
    app.info = detailsReader(() => block.textContent);
  }
  for (const feature of FEATURES) feature.install(app);
  app.buildControls();
  app.startNetwork();
  app.bindControls();
  app.bindTabs();
  if (app.bindOverview) app.bindOverview();
  app.buildContradictions();
  byDomId(IDS.results).append(el("p", "muted", "Type in the search box."));
  app.showIntro();
  // A small, read-only handle for tests and the benchmark (no data is written through it).
  window.refgraph = { network: app.state.network, select: (id) => app.selectNode(id, true),
    visibleIds: () => [...app.state.visible].filter((id) => graph.byId.has(id)), search: app.runSearch, bibtex: app.bibtex,
    labels: () => app.state.labels.map((l) => Object.assign({}, l)),
    rings: () => app.state.rings.map((r) => Object.assign({}, r)),
    overview: () => (app.state.overview ? { opened: [...app.state.overview.opened], zoomed: [...app.state.overview.zoomed] } : null) };
}

module.exports = { main };
