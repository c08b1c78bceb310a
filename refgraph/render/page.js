/* refgraph page script. Inlined by refgraph.render; runs under a CSP that allows only this
 * block and vis-network, so no eval, no inline handlers and no innerHTML anywhere: every
 * string from the library is untrusted and reaches the DOM through textContent only. */
(function () {
  "use strict";

  const RAW = JSON.parse(document.getElementById("refgraph-data").textContent);
  // Nodes and edges travel as arrays (refgraph/render/payload.py): [id, kind, label, size,
  // size by Crossref, x, y, brief attributes] and [from index, to index, kind, attributes].
  function decodeNode([id, kind, label, size, sizeCrossref, x, y, brief], index) {
    const n = { id, kind, label, size, size_crossref: sizeCrossref, data: brief, index };
    if (typeof x === "number") { n.x = x; n.y = y; }
    return n;
  }
  const DATA = Object.assign({}, RAW, { nodes: RAW.nodes.map(decodeNode) });
  DATA.edges = RAW.edges.map(([a, b, kind, extra]) =>
    Object.assign({ from: DATA.nodes[a].id, to: DATA.nodes[b].id, kind }, extra));
  let detailTexts = null;
  function info(n) {
    // A node's full attributes. The details block (one JSON text per node) is read on the
    // first click and only the opened node's text is parsed: the page draws sooner.
    if (!detailTexts) detailTexts = JSON.parse(document.getElementById("refgraph-details").textContent);
    const text = detailTexts[n.index];
    return Object.assign({}, n.data, text ? JSON.parse(text) : {});
  }
  // Above PHYSICS_LIMIT nodes: fixed positions from Python and a cheaper drawing.
  const big = !DATA.physics;
  performance.mark("refgraph:parsed"); // timing marks for benchmarks/bench_page.py
  const KINDS = ["work", "source", "topic", "claim", "external"];
  const KIND_NAMES = { work: "Work", source: "Source document", topic: "Topic", claim: "Claim",
    external: "Cited work outside the library" };
  const KIND_STYLE = {
    work: { shape: "dot", color: "#3567b5" },
    source: { shape: "square", color: "#7b3fb0" },
    topic: { shape: "diamond", color: "#138a8a" },
    claim: { shape: "box", color: "#37404f" },
    external: { shape: "triangleDown", color: "#9aa3ae" },
  };
  const STANCES = ["supports", "disputes", "mixed", "not addressed"];
  const STANCE_COLOR = { supports: "#1e8a4c", disputes: "#c62828", mixed: "#c98a00" };
  const STANCE_MARK = { supports: "+", disputes: "\u2212", mixed: "~", "not addressed": "\u00b7" };
  const DOI_RE = /^10\.\d{4,9}\/\S+$/;

  /* ---------- indexes over the data ---------- */
  const byId = new Map(DATA.nodes.map((n) => [n.id, n]));
  const outEdges = new Map();
  const inEdges = new Map();
  for (const e of DATA.edges) {
    if (!outEdges.has(e.from)) outEdges.set(e.from, []);
    if (!inEdges.has(e.to)) inEdges.set(e.to, []);
    outEdges.get(e.from).push(e);
    inEdges.get(e.to).push(e);
  }
  const outOf = (id, kind) => (outEdges.get(id) || []).filter((e) => e.kind === kind);
  const intoOf = (id, kind) => (inEdges.get(id) || []).filter((e) => e.kind === kind);
  const nodesOf = (kind) => DATA.nodes.filter((n) => n.kind === kind);
  const stanceOn = (subject, claim) =>
    outOf(subject, "stance").find((e) => e.to === claim) || null;
  const byLabel = (a, b) => String(a.label).localeCompare(String(b.label));
  const str = (v) => (v === null || v === undefined ? "" : String(v));

  /* ---------- safe DOM building ---------- */
  function el(tag, cls, ...children) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    for (const child of children) {
      if (child === null || child === undefined || child === "") continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }
  function safeHref(url) {
    // Only absolute http(s) URLs become links; javascript:, data: and the rest stay text.
    try {
      const parsed = new URL(String(url));
      if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.href;
    } catch (err) { /* not a URL: shown as text */ }
    return null;
  }
  function link(url, text) {
    const href = safeHref(url);
    if (!href) return document.createTextNode(str(text));
    const a = el("a", null, str(text));
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function doiUrl(doi) {
    const d = str(doi).trim();
    return DOI_RE.test(d) ? "https://doi.org/" + d.split("/").map(encodeURIComponent).join("/") : null;
  }
  function doiLink(doi) {
    const url = doiUrl(doi);
    return url ? link(url, doi) : document.createTextNode(str(doi));
  }
  function nodeButton(id, text) {
    const b = el("button", "link", text || (byId.get(id) || { label: id }).label);
    b.type = "button";
    b.addEventListener("click", () => selectNode(id, true));
    return b;
  }
  const slug = (v) => str(v).toLowerCase().replace(/[^a-z0-9]+/g, "-");

  /* ---------- vis-network data ---------- */
  function tooltip(n) {
    const d = n.data;
    const box = el("div", "tip", el("strong", null, n.label), " \u00b7 ", KIND_NAMES[n.kind] || n.kind);
    if (d.title && d.title !== n.label) box.append(el("div", null, d.title));
    const facts = [d.journal, d.year].filter(Boolean).join(", ");
    if (facts) box.append(el("div", null, facts));
    if (typeof d.cited_in_library === "number") {
      box.append(el("div", null, "Cited " + d.cited_in_library + "\u00d7 in this library"));
    }
    if (d.retracted) box.append(el("div", null, "\u26a0 Retracted"));
    return box;
  }
  function visNode(n) {
    const style = KIND_STYLE[n.kind] || KIND_STYLE.work;
    const retracted = Boolean(n.data.retracted);
    const v = {
      id: n.id, label: (retracted ? "\u26a0 " : "") + n.label, shape: style.shape, size: n.size,
      title: tooltip(n), borderWidth: retracted ? 3 : 1,
      color: { background: style.color, border: retracted ? "#c62828" : "#ffffff",
        highlight: { background: "#f0a800", border: "#1d2330" }, hover: { background: style.color, border: "#1d2330" } },
      font: n.kind === "claim" ? { color: "#ffffff", size: 15 } : { color: "#1d2330", size: n.kind === "topic" ? 14 : 16, strokeWidth: 3, strokeColor: "#ffffff" },
    };
    if (typeof n.x === "number") { v.x = n.x; v.y = n.y; }
    return v;
  }
  function visEdge(e, i) {
    const v = { id: "e" + i, from: e.from, to: e.to };
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
  // "not addressed" stances are in the details and the matrix, not drawn: they would double
  // the edges without saying anything.
  const drawnEdges = DATA.edges.filter((e) => !(e.kind === "stance" && !STANCE_COLOR[e.value]));
  const nodesDS = new vis.DataSet(DATA.nodes.map(visNode));
  const edgesDS = new vis.DataSet(drawnEdges.map(visEdge));

  /* ---------- filters ---------- */
  const state = { kinds: new Set(["work", "source", "topic", "claim"]), topic: "", claim: "",
    stance: "", yearMin: null, yearMax: null, source: "", expanded: new Set(), timeline: false };
  let visible = new Set();
  const citedBySource = (sid) => new Set(outOf(sid, "cites").map((e) => e.to));
  const aboutTopic = (wid, tid) => outOf(wid, "about").some((e) => e.to === tid);

  function yearOk(n) {
    if (state.yearMin === null && state.yearMax === null) return true;
    const y = n.data.year;
    if (typeof y !== "number") return false;
    return (state.yearMin === null || y >= state.yearMin) && (state.yearMax === null || y <= state.yearMax);
  }
  function passes(n, sourceCites) {
    const k = n.kind;
    if (k === "axis") return state.timeline;
    if (!state.kinds.has(k)) return false;
    if (k === "topic") return !state.topic || n.id === state.topic;
    if (k === "claim") return !state.claim || n.id === state.claim;
    if (k === "source") {
      if (state.source && n.id !== state.source) return false;
    } else {
      if (state.topic && !aboutTopic(n.id, state.topic)) return false;
      if (!yearOk(n)) return false;
      if (sourceCites && !sourceCites.has(n.id)) return false;
    }
    if (state.claim) {
      const s = stanceOn(n.id, state.claim);
      if (!s) return false;
      if (state.stance && s.value !== state.stance) return false;
    } else if (state.stance && !outOf(n.id, "stance").some((e) => e.value === state.stance)) {
      return false;
    }
    return true;
  }
  function computeVisible() {
    const sourceCites = state.source ? citedBySource(state.source) : null;
    const shown = new Set();
    for (const n of DATA.nodes) if (n.kind !== "external" && passes(n, sourceCites)) shown.add(n.id);
    for (const a of axisNodes) if (state.timeline) shown.add(a.id);
    // Outside works appear when their kind is on or a citing work was expanded, and only
    // next to a visible citing work: alone they say nothing.
    for (const n of nodesOf("external")) {
      const citers = intoOf(n.id, "cites").map((e) => e.from).filter((c) => shown.has(c));
      const wanted = state.kinds.has("external") || citers.some((c) => state.expanded.has(c));
      if (wanted && citers.length && yearOk(n) && !state.topic && !state.claim && !state.stance) shown.add(n.id);
    }
    return shown;
  }
  // Made in start(), once `visible` is known: a view filled after the network exists makes
  // vis-network draw every added node at full size, synchronously (seconds at 10,000 nodes).
  let nodeView = null;
  let edgeView = null;

  /* ---------- the network ---------- */
  const container = document.getElementById("network");
  container.tabIndex = 0;
  const options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" } },
    edges: { smooth: big ? false : { type: "continuous" }, selectionWidth: 2, hoverWidth: 0.5 },
    interaction: { hover: !big, tooltipDelay: 200, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      keyboard: { enabled: true, bindToWindow: false }, multiselect: false },
    physics: DATA.physics
      ? { enabled: true, solver: "forceAtlas2Based", forceAtlas2Based: { gravitationalConstant: -90, springLength: 100, centralGravity: 0.02, avoidOverlap: 0.4 },
        stabilization: { enabled: true, iterations: 400, updateInterval: 100, fit: true } }
      : { enabled: false },
  };
  let network = null;
  let savedPositions = null;

  function markReady() {
    network.once("afterDrawing", () => {
      performance.mark("refgraph:drawn");
      window.refgraphReady = true;
      document.body.dataset.ready = "true";
    });
    network.redraw();
  }
  function rememberPositions() {
    if (big || state.timeline || !network) return;
    const pos = network.getPositions();
    nodesDS.update(Object.keys(pos).map((id) => ({ id, x: pos[id].x, y: pos[id].y })));
  }
  function relax() {
    // Small graphs only: new nodes (an expanded work's references) need a place.
    if (big || state.timeline) return;
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(150);
  }
  function applyFilters() {
    rememberPositions();
    const before = visible;
    visible = computeVisible();
    // Each refresh's add/remove events would redraw synchronously (up to four full draws);
    // vis-network's own redraw block makes them one.
    if (network) network.body.emitter.emit("_blockRedraw");
    nodeView.refresh();
    edgeView.refresh();
    if (network) { network.body.emitter.emit("_allowRedraw"); network.redraw(); }
    const fresh = [...visible].some((id) => !before.has(id) && byId.has(id) && !placed.has(id));
    for (const id of visible) placed.add(id);
    if (fresh && network && before.size) relax();
    showCount();
  }
  function showCount() {
    const total = DATA.nodes.length;
    const shownCount = [...visible].filter((id) => byId.has(id)).length;
    document.getElementById("visible-count").textContent = "Showing " + shownCount + " of " + total + " nodes";
  }
  const placed = new Set();

  /* ---------- timeline ---------- */
  const axisNodes = [];
  function timelineLayout() {
    const dated = DATA.nodes.filter((n) => (n.kind === "work" || n.kind === "external") && typeof n.data.year === "number");
    if (!dated.length) return [];
    const years = dated.map((n) => n.data.year);
    const minY = Math.min(...years);
    const maxY = Math.max(...years);
    const step = 110;
    const xOf = (y) => (y - minY) * step;
    const pos = [];
    const stacks = new Map();
    for (const n of dated.slice().sort(byLabel)) {
      const key = n.data.year + ":" + n.kind;
      const i = stacks.get(key) || 0;
      stacks.set(key, i + 1);
      pos.push({ id: n.id, x: xOf(n.data.year), y: n.kind === "work" ? 70 + i * 46 : -70 - i * 30 });
    }
    const right = xOf(maxY) + 260;
    const column = (kind, x) => nodesOf(kind).sort(byLabel).forEach((n, i) => pos.push({ id: n.id, x, y: i * 70 }));
    column("source", -260);
    column("claim", right);
    column("topic", right + 240);
    DATA.nodes.filter((n) => (n.kind === "work" || n.kind === "external") && typeof n.data.year !== "number")
      .forEach((n, i) => pos.push({ id: n.id, x: -130, y: 70 + i * 46 }));
    if (!axisNodes.length) {
      const every = maxY - minY > 40 ? 5 : 1;
      for (let y = minY; y <= maxY; y += every) {
        axisNodes.push({ id: "axis:" + y, label: String(y), shape: "text", x: xOf(y), y: 20,
          font: { size: 16, color: "#5b6473" }, chosen: false, physics: false, fixed: true, kind: "axis" });
      }
      nodesDS.add(axisNodes);
    }
    return pos;
  }
  function setLayout(mode) {
    const timeline = mode === "timeline";
    if (timeline === state.timeline) return;
    if (timeline) {
      savedPositions = network.getPositions();
      network.setOptions({ physics: { enabled: false } });
      const pos = timelineLayout();
      state.timeline = true;
      nodesDS.update(pos);
    } else {
      state.timeline = false;
      const pos = savedPositions || {};
      nodesDS.update(Object.keys(pos).map((id) => ({ id, x: pos[id].x, y: pos[id].y })));
    }
    applyFilters();
    network.fit({ animation: false });
  }

  /* ---------- details panel ---------- */
  const details = document.getElementById("details");
  function factsTable(rows) {
    const table = el("table", "facts");
    for (const [name, ...cells] of rows) {
      if (cells.every((c) => c === null || c === undefined || c === "")) continue;
      const tr = el("tr", null, el("th", null, name));
      for (const c of cells) tr.append(el("td", null, c === null || c === undefined ? "" : c));
      table.append(tr);
    }
    return table;
  }
  function header(n) {
    return [el("span", "kind-badge " + n.kind, KIND_NAMES[n.kind] || n.kind), el("h2", null, str(n.data.title) || n.label)];
  }
  function recordRows(d) {
    const r = d.record;
    const doi = d.doi ? doiLink(d.doi) : "";
    if (!r) {
      return factsTable([["Authors", (d.authors || []).join("; ")], ["Title", d.title], ["Journal", d.journal],
        ["Volume", d.volume], ["Issue", d.issue], ["Pages", d.pages], ["Year", str(d.year)], ["DOI", doi],
        ["Publisher", d.publisher], ["URL", d.url ? link(d.url, d.url) : ""], ["Lookup", str(d.status)]]);
    }
    const table = factsTable([["", "As cited", "Record"],
      ["Authors", (d.authors || []).join("; "), (r.authors || []).join("; ")], ["Title", d.title, r.title],
      ["Journal", d.journal, r.journal], ["Volume", d.volume, r.volume], ["Issue", d.issue, r.issue],
      ["Pages", d.pages, r.pages], ["Year", str(d.year_cited), str(r.year_issued)], ["Print year", "", str(r.year_print)],
      ["Online year", "", str(r.year_online)], ["DOI", d.doi_cited ? doiLink(d.doi_cited) : "", r.doi ? doiLink(r.doi) : ""],
      ["Publisher", d.publisher, r.publisher],
      ["URL", d.url ? link(d.url, d.url) : "", ""],
      ["Lookup", str(d.status) + (typeof d.confidence === "number" ? " (confidence " + d.confidence.toFixed(2) + ")" : ""), str(r.origin)]]);
    table.rows[0].classList.add("muted");
    return table;
  }
  function noticesSection(d) {
    const out = [];
    if (d.retracted) out.push(el("div", "notice", el("strong", null, "Retracted. "), "A retraction notice is registered for this work."));
    for (const u of d.updates || []) {
      const kind = str(u.kind);
      out.push(el("div", "notice" + (/retract|removal|withdraw/.test(kind) ? "" : " correction"),
        el("strong", null, kind || "update"), u.year ? " (" + u.year + ")" : "", u.label ? ": " + u.label : "", " ", u.doi ? doiLink(u.doi) : ""));
    }
    return out;
  }
  function auditSection(d) {
    if (!d.audit || !d.audit.length) return [el("p", "muted", "No audit: this work has not been checked against a record.")];
    const table = el("table", "facts audit");
    table.append(el("tr", "muted", el("th", null, "Field"), el("th", null, "Cited"), el("th", null, "Record"), el("th", null, "Verdict")));
    for (const a of d.audit) {
      const verdict = el("span", "verdict " + slug(a.verdict), str(a.verdict));
      const from = str(a.cited_from) + (a.record_from ? " vs " + a.record_from : "");
      table.append(el("tr", null, el("th", null, str(a.field)), el("td", null, str(a.cited)), el("td", null, str(a.record)),
        el("td", null, verdict, a.note ? el("div", "muted", str(a.note)) : "", el("div", "muted", from))));
    }
    return [table];
  }
  function evidenceList(items) {
    if (!items || !items.length) return "";
    const ul = el("ul", "linklist");
    for (const item of items) ul.append(el("li", null, "Evidence: ", link(item, item)));
    return ul;
  }
  function stancesSection(id) {
    const edges = outOf(id, "stance");
    if (!edges.length) return [el("p", "muted", "No stance recorded.")];
    return edges.map((e) => el("div", "stance " + slug(e.value),
      el("span", "value " + slug(e.value), str(e.value)), " on ", nodeButton(e.to, str((byId.get(e.to) || {}).label || e.to)),
      el("div", "muted", str((byId.get(e.to) || { data: {} }).data.title)), e.note ? el("div", null, str(e.note)) : "", evidenceList(e.evidence)));
  }
  function nodeList(ids, empty) {
    if (!ids.length) return el("p", "muted", empty);
    const ul = el("ul", "linklist");
    for (const id of ids) ul.append(el("li", null, nodeButton(id)));
    return ul;
  }
  function topicsSection(id) {
    const edges = outOf(id, "about");
    if (!edges.length) return [el("p", "muted", "No topic.")];
    const chips = el("div", "chips");
    for (const e of edges) {
      const b = nodeButton(e.to);
      b.classList.add("chip");
      b.title = "from " + str(e.origin) + (e.detail ? ": " + e.detail : "");
      chips.append(b);
    }
    return [chips];
  }
  function bibEscape(s) {
    return str(s).replace(/[\\{}]/g, (c) => (c === "\\" ? "\\textbackslash{}" : "\\" + c));
  }
  function bibtexFor(n) {
    const d = info(n);
    if (typeof d.bibtex === "string" && d.bibtex) return d.bibtex;
    const r = d.record || {};
    const type = /^[a-z]+$/i.test(str(d.entry_type)) ? d.entry_type.toLowerCase() : "misc";
    const key = str(d.key || n.id).replace(/[^A-Za-z0-9_:.\-]/g, "") || "entry";
    const pick = (a, b) => (b !== undefined && b !== null && b !== "" ? b : a);
    const authors = (r.authors && r.authors.length ? r.authors : d.authors || []).join(" and ");
    const fields = [["author", authors], ["title", pick(d.title, r.title)], ["journal", pick(d.journal, r.journal)],
      ["year", pick(d.year, r.year_print || r.year_issued)], ["volume", pick(d.volume, r.volume)], ["number", pick(d.issue, r.issue)],
      ["pages", pick(d.pages, r.pages)], ["publisher", pick(d.publisher, r.publisher)], ["doi", pick(d.doi, r.doi)],
      ["url", safeHref(d.url) || ""]];
    const lines = fields.filter(([, v]) => str(v) !== "").map(([k, v]) => "  " + k + " = {" + bibEscape(v) + "}");
    return "@" + type + "{" + key + ",\n" + lines.join(",\n") + "\n}\n";
  }
  async function copyText(text, status) {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied.";
    } catch (err) {
      status.textContent = "Could not reach the clipboard: select the text below and copy it.";
    }
  }
  function bibtexSection(n) {
    const text = bibtexFor(n);
    const status = el("span", "status");
    status.setAttribute("aria-live", "polite");
    const button = el("button", null, "Copy BibTeX");
    button.type = "button";
    button.id = "copy-bibtex";
    button.addEventListener("click", () => copyText(text, status));
    const pre = el("pre", "bibtex", text);
    return [el("div", "actions", button, status), el("details", null, el("summary", null, "BibTeX (from the record where there is one)"), pre)];
  }
  function citationsSection(id) {
    const cites = outOf(id, "cites").map((e) => e.to);
    const inLib = cites.filter((t) => (byId.get(t) || {}).kind === "work");
    const outside = cites.filter((t) => (byId.get(t) || {}).kind === "external");
    const out = [el("h3", null, "Cites"), nodeList(inLib, "No citation to another work of this library is known.")];
    if (outside.length) {
      const open = state.expanded.has(id);
      const b = el("button", null, (open ? "Hide " : "Show ") + outside.length + " cited works outside the library");
      b.type = "button";
      b.addEventListener("click", () => { open ? state.expanded.delete(id) : state.expanded.add(id); applyFilters(); showDetails(id); });
      out.push(el("div", "actions", b));
    }
    out.push(el("h3", null, "Cited by"), nodeList(intoOf(id, "cites").map((e) => e.from), "Not cited in this library."));
    return out;
  }
  const renderers = {
    work(n) {
      const d = info(n);
      const sub = [(d.authors || []).join(", "), d.year].filter(Boolean).join(" \u00b7 ");
      return [...header(n), el("p", "muted", sub), ...noticesSection(d), ...bibtexSection(n), el("h3", null, "Record"), recordRows(d),
        el("h3", null, "Audit: as cited vs record"), ...auditSection(d), el("h3", null, "Topics"), ...topicsSection(n.id),
        el("h3", null, "Stances"), ...stancesSection(n.id), ...citationsSection(n.id)];
    },
    external(n) {
      const d = info(n);
      return [...header(n), factsTable([["Label", n.label], ["Year", str(d.year)], ["DOI", d.doi ? doiLink(d.doi) : ""]]),
        el("h3", null, "Cited by"), nodeList(intoOf(n.id, "cites").map((e) => e.from), "Not cited.")];
    },
    source(n) {
      const d = info(n);
      const found = DATA.contradictions.filter((c) => c.source === n.id);
      return [...header(n), factsTable([["Kind", d.doc_kind], ["Language", d.language], ["URL", d.url ? link(d.url, d.url) : ""]]),
        d.summary ? el("p", null, str(d.summary)) : "", found.length ? el("h3", null, "Contradictions") : "", ...found.map(contradictionCard),
        el("h3", null, "Stances"), ...stancesSection(n.id), el("h3", null, "Cites"), nodeList(outOf(n.id, "cites").map((e) => e.to), "Cites no work of this library.")];
    },
    topic(n) {
      const d = info(n);
      return [...header(n), factsTable([["Synonyms", (d.synonyms || []).join(", ")], ["Description", d.description]]),
        el("h3", null, "Works about it"), nodeList(intoOf(n.id, "about").map((e) => e.from), "No work.")];
    },
    claim(n) {
      const out = [...header(n), el("p", "muted", "Claim " + str(n.data.key))];
      for (const value of STANCES) {
        const edges = intoOf(n.id, "stance").filter((e) => e.value === value);
        out.push(el("h3", null, value + " (" + edges.length + ")"));
        for (const e of edges) out.push(el("div", "stance " + slug(value), nodeButton(e.from), e.note ? el("div", null, str(e.note)) : "", evidenceList(e.evidence)));
      }
      return out;
    },
  };
  function showDetails(id) {
    const n = byId.get(id);
    if (!n) return;
    details.replaceChildren(...(renderers[n.kind] || renderers.external)(n).filter((x) => x !== ""));
    details.dataset.node = id;
    showTab("details");
  }
  function selectNode(id, focus) {
    if (!byId.has(id)) return;
    showDetails(id);
    if (visible.has(id)) {
      network.selectNodes([id]);
      if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    }
  }

  /* ---------- tabs ---------- */
  const TABS = ["details", "results", "matrix", "contradictions"];
  const built = new Set();
  function showTab(name) {
    for (const t of TABS) {
      document.getElementById("tab-" + t).setAttribute("aria-selected", String(t === name));
      document.getElementById("tab-" + t).tabIndex = t === name ? 0 : -1;
      document.getElementById(t).hidden = t !== name;
    }
    if (name === "matrix" && !built.has("matrix")) { buildMatrix(); built.add("matrix"); }
  }
  TABS.forEach((t, i) => {
    const tab = document.getElementById("tab-" + t);
    tab.addEventListener("click", () => showTab(t));
    tab.addEventListener("keydown", (ev) => {
      const step = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = TABS[(i + step + TABS.length) % TABS.length];
      showTab(next);
      document.getElementById("tab-" + next).focus();
    });
  });

  /* ---------- matrix and contradictions ---------- */
  function buildMatrix() {
    const box = document.getElementById("matrix");
    const claims = nodesOf("claim").sort(byLabel);
    const rows = [...nodesOf("work").sort(byLabel), ...nodesOf("source").sort(byLabel)];
    if (!claims.length) { box.replaceChildren(el("p", "muted", "No claims in this library.")); return; }
    const table = el("table", "matrix-table");
    const head = el("tr", null, el("th", null, ""));
    for (const c of claims) { const th = el("th", null, nodeButton(c.id)); th.scope = "col"; head.append(th); }
    table.append(el("thead", null, head));
    const body = el("tbody");
    for (const r of rows) {
      const th = el("th", null, nodeButton(r.id));
      th.scope = "row";
      const tr = el("tr", null, th);
      for (const c of claims) {
        const s = stanceOn(r.id, c.id);
        const value = s ? s.value : "";
        const cell = el("button", "cell " + (s ? slug(value) : "none"), s ? STANCE_MARK[value] || "?" : "");
        cell.type = "button";
        cell.setAttribute("aria-label", r.label + " on " + c.label + ": " + (value || "no stance"));
        cell.title = r.label + " on " + c.label + ": " + (value || "no stance") + (s && s.note ? " \u2014 " + s.note : "");
        cell.addEventListener("click", () => selectNode(r.id, true));
        tr.append(el("td", null, cell));
      }
      body.append(tr);
    }
    table.append(body);
    box.replaceChildren(el("p", "muted", "Rows: works and source documents; columns: claims. + supports, \u2212 disputes, ~ mixed, \u00b7 not addressed."), table);
  }
  function contradictionCard(c) {
    const source = byId.get(c.source);
    const claim = byId.get(c.claim) || { label: c.claim, data: {} };
    const ul = el("ul", "linklist");
    for (const w of c.works) ul.append(el("li", null, nodeButton(w.id), " ", el("span", "value " + slug(w.value), w.value), w.note ? el("div", "muted", str(w.note)) : ""));
    return el("div", "contradiction", el("div", null, nodeButton(c.source, source ? source.label : c.source), " ",
      el("span", "value " + slug(c.value), c.value), " ", nodeButton(c.claim, claim.label)),
    el("div", "muted", str(claim.data.title)), el("div", null, "but cites " + c.works.length + " work" + (c.works.length === 1 ? "" : "s") + " that " + (c.works[0] ? c.works[0].value.replace(/s$/, "") : "") + ":"), ul);
  }
  function buildContradictions() {
    const box = document.getElementById("contradictions");
    const intro = el("p", "muted", "Source documents that take a side on a claim while citing works that take the other side.");
    box.replaceChildren(intro, ...(DATA.contradictions.length ? DATA.contradictions.map(contradictionCard) : [el("p", null, "None found.")]));
  }

  /* ---------- search ---------- */
  const fold = (s) => str(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const searchText = new Map();
  for (const n of DATA.nodes) {
    const d = n.data;
    const parts = [n.label, d.title, d.key, d.doi, d.journal, d.year, d.summary, d.description];
    parts.push(...(d.authors || []), ...(d.keywords || []), ...(d.synonyms || []));
    if (d.record) parts.push(d.record.title, d.record.doi, ...(d.record.authors || []));
    for (const e of outOf(n.id, "about")) {
      const t = byId.get(e.to);
      if (t) parts.push(t.label, ...(t.data.synonyms || []));
    }
    searchText.set(n.id, fold(parts.filter((p) => p !== null && p !== undefined).join(" \u0001 ")));
  }
  const KIND_ORDER = Object.fromEntries(KINDS.map((k, i) => [k, i]));
  function search(query) {
    const terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    return DATA.nodes.filter((n) => terms.every((t) => searchText.get(n.id).includes(t)))
      .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byLabel(a, b));
  }
  function runSearch(query) {
    const status = document.getElementById("search-status");
    const box = document.getElementById("results");
    const found = search(query);
    if (!query.trim()) { status.textContent = ""; box.replaceChildren(el("p", "muted", "Type in the search box.")); network.unselectAll(); return found; }
    const shown = found.filter((n) => visible.has(n.id));
    status.textContent = found.length + " found" + (found.length > shown.length ? ", " + (found.length - shown.length) + " hidden by filters" : "");
    const ul = el("ul", "linklist");
    for (const n of found.slice(0, 500)) ul.append(el("li", null, nodeButton(n.id), " ", el("span", "muted", KIND_NAMES[n.kind] || n.kind)));
    box.replaceChildren(el("p", "muted", found.length + " match" + (found.length === 1 ? "" : "es") + " for \u201c" + query + "\u201d"), found.length ? ul : el("p", null, "Nothing matches."));
    network.selectNodes(shown.map((n) => n.id));
    if (shown.length) network.fit({ nodes: shown.map((n) => n.id), animation: { duration: 300 } });
    showTab("results");
    return found;
  }

  /* ---------- controls ---------- */
  function fillSelect(id, nodes) {
    const select = document.getElementById(id);
    for (const n of nodes.sort(byLabel)) { const o = el("option", null, n.label); o.value = n.id; select.append(o); }
  }
  function buildLegend() {
    const legend = document.getElementById("legend");
    for (const k of KINDS) {
      const sw = el("i", "swatch " + k);
      sw.style.background = KIND_STYLE[k].color;
      legend.append(el("span", null, sw, KIND_NAMES[k]));
    }
    for (const [v, c] of Object.entries(STANCE_COLOR)) { const l = el("i", "line"); l.style.borderTopColor = c; legend.append(el("span", null, l, v)); }
    legend.append(el("span", null, el("i", "line cites"), "cites \u2192"), el("span", null, el("i", big ? "line about solid" : "line about"), "about (topic)"));
  }
  function buildKindFilter() {
    const box = document.getElementById("kind-filter");
    for (const k of KINDS) {
      const input = el("input");
      input.type = "checkbox";
      input.value = k;
      input.id = "kind-" + k;
      input.checked = state.kinds.has(k);
      input.addEventListener("change", () => { input.checked ? state.kinds.add(k) : state.kinds.delete(k); applyFilters(); });
      box.append(el("label", null, input, k === "external" ? "outside works" : k + "s"));
    }
  }
  function yearValue(id) {
    const v = document.getElementById(id).value.trim();
    return v === "" || Number.isNaN(Number(v)) ? null : Number(v);
  }
  function bindControls() {
    const bind = (id, key) => document.getElementById(id).addEventListener("change", (ev) => { state[key] = ev.target.value; applyFilters(); });
    bind("topic-filter", "topic");
    bind("claim-filter", "claim");
    bind("stance-filter", "stance");
    bind("source-filter", "source");
    for (const id of ["year-min", "year-max"]) {
      document.getElementById(id).addEventListener("input", () => { state.yearMin = yearValue("year-min"); state.yearMax = yearValue("year-max"); applyFilters(); });
    }
    document.getElementById("layout-select").addEventListener("change", (ev) => setLayout(ev.target.value));
    document.getElementById("size-select").addEventListener("change", (ev) => {
      const crossref = ev.target.value === "crossref";
      nodesDS.update(DATA.nodes.map((n) => ({ id: n.id, size: crossref ? n.size_crossref : n.size })));
    });
    document.getElementById("reset").addEventListener("click", reset);
    const input = document.getElementById("search");
    let timer = null;
    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => runSearch(input.value), 150); });
    document.getElementById("search-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      clearTimeout(timer);
      const found = runSearch(input.value);
      if (found.length) selectNode(found[0].id, true);
    });
    document.addEventListener("keydown", (ev) => {
      const typing = /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
      if (ev.key === "/" && !typing) { ev.preventDefault(); input.focus(); }
      if (ev.key === "Escape") { network.unselectAll(); if (typing) document.activeElement.blur(); }
    });
  }
  function reset() {
    Object.assign(state, { kinds: new Set(["work", "source", "topic", "claim"]), topic: "", claim: "", stance: "",
      yearMin: null, yearMax: null, source: "", expanded: new Set() });
    for (const id of ["topic-filter", "claim-filter", "stance-filter", "source-filter", "year-min", "year-max", "search"]) document.getElementById(id).value = "";
    for (const k of KINDS) document.getElementById("kind-" + k).checked = state.kinds.has(k);
    document.getElementById("layout-select").value = "network";
    setLayout("network");
    applyFilters();
    runSearch("");
    network.fit({ animation: false });
  }

  /* ---------- start ---------- */
  function start() {
    // On a phone the open filter block would push the network below the fold.
    if (window.matchMedia("(max-width: 760px)").matches) document.getElementById("filters").open = false;
    buildLegend();
    buildKindFilter();
    fillSelect("topic-filter", nodesOf("topic"));
    fillSelect("claim-filter", nodesOf("claim"));
    fillSelect("source-filter", nodesOf("source"));
    visible = computeVisible();
    for (const id of visible) placed.add(id);
    nodeView = new vis.DataView(nodesDS, { filter: (n) => visible.has(n.id) });
    edgeView = new vis.DataView(edgesDS, { filter: (e) => visible.has(e.from) && visible.has(e.to) });
    network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
    performance.mark("refgraph:network");
    network.on("click", (params) => { if (params.nodes.length && byId.has(params.nodes[0])) showDetails(params.nodes[0]); });
    network.on("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
    bindControls();
    buildContradictions();
    document.getElementById("results").append(el("p", "muted", "Type in the search box."));
    details.replaceChildren(el("p", "muted", "Click a node, a search result or a cell of the stance matrix to see its record, audit, topics and stances."),
      el("p", "muted", DATA.contradictions.length ? DATA.contradictions.length + " contradiction(s) found: see the Contradictions tab." : ""));
    showCount(); // the views were made from `visible`: nothing to refresh or redraw yet
    if (DATA.physics) network.once("stabilizationIterationsDone", markReady);
    else markReady();
    // A small, read-only handle for tests and the benchmark (no data is written through it).
    window.refgraph = { network, select: (id) => selectNode(id, true), visibleIds: () => [...visible].filter((id) => byId.has(id)), search: runSearch, bibtex: (id) => bibtexFor(byId.get(id)) };
  }
  start();
})();
