"use strict";
/* The details panel: a node's record, audit, notices, topics, stances and citations. */
const { str, slug, plural, agree, isolate, clip } = require("./text.js");
const { KIND_NAMES, STANCES } = require("./style.js");
const { bibtexFor } = require("./bibtex.js");
const { byDomId, el, link, doiLink, joined } = require("./dom.js");

function factsTable(rows) {
  const table = el("table", "facts");
  for (const [name, ...cells] of rows) {
    const empty = (c) => c === null || c === undefined || c === "" || (c instanceof DocumentFragment && !c.childNodes.length);
    if (cells.every(empty)) continue;
    const tr = el("tr", null, el("th", null, name));
    for (const c of cells) tr.append(el("td", null, c === null || c === undefined ? "" : c));
    table.append(tr);
  }
  return table;
}

function recordRows(d) {
  const r = d.record;
  const doi = d.doi ? doiLink(d.doi, d.doi_url) : "";
  if (!r) {
    return factsTable([["Authors", joined(d.authors || [], "; ")], ["Title", d.title], ["Journal", d.journal],
      ["Volume", d.volume], ["Issue", d.issue], ["Pages", d.pages], ["Year", d.year_shown || str(d.year)], ["DOI", doi],
      ["Publisher", d.publisher], ["URL", d.url ? link(d.url, d.url) : ""], ["Lookup", str(d.status)]]);
  }
  // Three views, all worked out in Python (refgraph/checked.py): as cited, the record, the checked work.
  const c = d.cited || {};
  const unverified = new Set((d.audit || []).filter((a) => /^unverified/.test(str(a.verdict))).map((a) => a.field));
  const checked = (field) => (unverified.has(field) ? str(c[field]) + " (unverified: citation points elsewhere)" : d[field]);
  return viewsTable([
    ["Authors", joined(c.authors || [], "; "), joined(r.authors || [], "; "), joined(d.authors || [], "; ")],
    ["Title", c.title, r.title, d.title], ["Journal", c.journal, r.journal, d.journal],
    ["Volume", c.volume, r.volume, d.volume], ["Issue", c.issue, r.issue, checked("issue")],
    ["Pages", c.pages, r.pages, d.pages], ["Year", c.year_shown || str(c.year), str(r.year), (d.date_from === "cited" && d.year_shown ? d.year_shown : str(d.date)) + (d.date_from ? " (" + d.date_from + ")" : "")],
    ["Print year", "", str(r.year_print), ""], ["Online year", "", str(r.year_online), ""],
    ["DOI", str(c.doi), r.doi ? doiLink(r.doi, d.doi_url) : "", doi],
    ["Publisher", c.publisher, r.publisher, d.publisher],
    ["URL", d.url ? link(d.url, d.url) : "", "", ""],
    ["Lookup", str(d.status) + (typeof d.confidence === "number" ? " (confidence " + d.confidence.toFixed(2) + ")" : ""), str(r.origin), ""]]);
}

const VIEWS = ["as cited", "record", "checked"];

/** The three views of a record, one field after another: the field's name as a row header,
 * then each different value once, after the views that give it ("as cited, checked: A.
 * Fasano" / "record: Alessio Fasano"). Three columns side by side in a 400-pixel panel
 * broke titles inside words ("autoimmunity / , and cancer"). */
function viewsTable(rows) {
  const table = el("table", "facts views");
  const text = (c) => (c === null || c === undefined ? "" : c instanceof Node ? c.textContent : String(c));
  for (const [name, ...cells] of rows) {
    const given = cells.map((c, i) => ({ c, i, t: text(c) })).filter((v) => v.t !== "");
    if (!given.length) continue;
    const head = el("th", "field", name);
    head.colSpan = 2;
    head.scope = "colgroup";
    table.append(el("tr", null, head));
    const groups = new Map();
    for (const v of given) { if (!groups.has(v.t)) groups.set(v.t, []); groups.get(v.t).push(v); }
    for (const vs of groups.values()) {
      const th = el("th", null, vs.map((v) => VIEWS[v.i]).join(", "));
      th.scope = "row";
      table.append(el("tr", null, th, el("td", null, vs[0].c)));
    }
  }
  return table;
}

function noticesSection(d) {
  const out = [];
  if (d.retracted) out.push(el("div", "notice", el("strong", null, "Retracted. "), "A retraction notice is registered for this work."));
  for (const note of d.notes || []) out.push(el("div", "notice correction", str(note)));
  for (const u of d.updates || []) {
    const kind = str(u.kind).replace(/-/g, " ") || "update";
    const self = u.effect === "self" ? " (of this work itself: neither a correction nor a retraction)" : "";
    out.push(el("div", "notice" + (u.effect === "retraction" ? "" : " correction"),
      el("strong", null, kind), u.year ? " (" + u.year + ")" : "", u.label ? ": " + u.label : "", " ", u.doi ? doiLink(u.doi, u.doi_url) : "", self));
  }
  for (const u of d.update_to || []) {
    out.push(el("div", "notice correction", "This record is itself a " + (str(u.kind).replace(/-/g, " ") || "notice") + " of ",
      u.doi ? doiLink(u.doi, u.doi_url) : "another work", "."));
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

async function copyText(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = "Copied.";
  } catch (err) {
    status.textContent = "Could not reach the clipboard: select the text below and copy it.";
  }
}

function bibtexSection(text) {
  if (!text) return [];
  const status = el("span", "status");
  status.setAttribute("aria-live", "polite");
  const button = el("button", null, "Copy BibTeX");
  button.type = "button";
  button.id = "copy-bibtex";
  button.addEventListener("click", () => copyText(text, status));
  const pre = el("pre", "bibtex", text);
  return [el("div", "actions", button, status), el("details", null, el("summary", null, "BibTeX (from the record where there is one)"), pre)];
}

/** How an assignment or a stance came to be, as the page says it: curated (written in an
 * annotation or seed file), matched (the curated vocabulary found in the text) or automatic
 * (topic discovery). */
function provenance(origin) {
  const o = str(origin);
  if (o === "auto" || o === "automatic") return { cls: "automatic", text: "automatic", title: "found by automatic topic discovery" };
  if (o === "match") return { cls: "matched", text: "matched", title: "the curated vocabulary matched the text" };
  return { cls: "curated", text: "curated", title: "curated" + (o && o !== "curation" ? " (" + o + ")" : "") };
}

function install(app) {
  const { graph, state, ids, info } = app;
  const { byId, outOf, intoOf } = graph;
  const details = byDomId(ids.detailsPanel);

  /** A button that opens a node's details (and focuses it on the canvas). */
  function nodeButton(id, text) {
    const b = el("button", "link", text || (byId.get(id) || { label: id }).label);
    b.type = "button";
    b.addEventListener("click", () => app.selectNode(id, true));
    return b;
  }
  app.nodeButton = nodeButton;
  const header = (n) => [el("span", "kind-badge " + n.kind, KIND_NAMES[n.kind] || n.kind), el("h2", null, str(n.data.title) || n.label)];
  const LIST_LIMIT = 300; // a topic of 6,000 works made 6,000 buttons on every click
  function nodeList(nodeIds, empty) {
    if (!nodeIds.length) return el("p", "muted", empty);
    const ul = el("ul", "linklist");
    for (const id of nodeIds.slice(0, LIST_LIMIT)) ul.append(el("li", null, nodeButton(id)));
    if (nodeIds.length > LIST_LIMIT) {
      ul.append(el("li", "muted", "and " + plural(nodeIds.length - LIST_LIMIT, "more") + ": use the search box or the filters"));
    }
    return ul;
  }
  function stancesSection(id) {
    const edges = outOf(id, "stance");
    if (!edges.length) return [el("p", "muted", "No stance recorded.")];
    return edges.map((e) => el("div", "stance " + slug(e.value),
      el("span", "value " + slug(e.value), str(e.value)), " on ", nodeButton(e.to, str((byId.get(e.to) || {}).label || e.to)),
      " ", el("span", "origin " + provenance(e.origin).cls, provenance(e.origin).text),
      el("div", "muted", str((byId.get(e.to) || { data: {} }).data.title)), e.note ? el("div", null, str(e.note)) : "", evidenceList(e.evidence)));
  }
  function topicsSection(id) {
    const edges = outOf(id, "about");
    if (!edges.length) return [el("p", "muted", "No topic.")];
    const chips = el("div", "chips");
    for (const e of edges) {
      const b = nodeButton(e.to);
      const how = provenance(e.origin);
      b.classList.add("chip", how.cls);
      b.append(el("span", "origin", how.text));
      b.title = how.title + (e.detail ? ": " + isolate(clip(e.detail, 300)) : "");
      chips.append(b);
    }
    return [chips];
  }
  function citationsSection(id) {
    const cites = outOf(id, "cites").map((e) => e.to);
    const inLib = cites.filter((t) => (byId.get(t) || {}).kind === "work");
    const outside = cites.filter((t) => (byId.get(t) || {}).kind === "external");
    const out = [el("h3", null, "Cites"), nodeList(inLib, "No citation to another work of this library is known.")];
    if (outside.length) {
      const expanded = state.filters.expanded;
      const open = expanded.has(id);
      const b = el("button", null, (open ? "Hide " : "Show ") + plural(outside.length, "cited work") + " outside the library");
      b.type = "button";
      b.addEventListener("click", () => { open ? expanded.delete(id) : expanded.add(id); app.applyFilters(); app.showDetails(id); });
      out.push(el("div", "actions", b));
    }
    out.push(el("h3", null, "Cited by"), nodeList(intoOf(id, "cites").map((e) => e.from), "Not cited in this library."));
    return out;
  }
  // "1 work that disputes", "2 works that dispute"
  const againstVerb = (works) => {
    const value = works[0] ? str(works[0].value) : "";
    const base = value.replace(/s$/, "");
    return agree(works.length, value, base);
  };
  /** One contradiction: a source's side on a claim and the cited works on the other side. */
  app.contradictionCard = function contradictionCard(c) {
    const source = byId.get(c.source);
    const claim = byId.get(c.claim) || { label: c.claim, data: {} };
    const ul = el("ul", "linklist");
    for (const w of c.works) ul.append(el("li", null, nodeButton(w.id), " ", el("span", "value " + slug(w.value), w.value), w.note ? el("div", "muted", str(w.note)) : ""));
    return el("div", "contradiction", el("div", null, nodeButton(c.source, source ? source.label : c.source), " ",
      el("span", "value " + slug(c.value), c.value), " ", nodeButton(c.claim, claim.label)),
    el("div", "muted", str(claim.data.title)), el("div", null, "but cites " + plural(c.works.length, "work") + " that " + againstVerb(c.works) + ":"), ul);
  };
  const renderers = {
    work(n) {
      const d = info(n);
      const byline = (d.authors || []).length ? [joined(d.authors, ", ")] : [];
      if (d.year_shown || d.year) byline.push(d.year_shown || String(d.year));
      const sub = joined(byline, " \u00b7 ");
      return [...header(n), el("p", "muted byline", sub), ...noticesSection(d), ...bibtexSection(bibtexFor(d)), el("h3", null, "Record"), recordRows(d),
        el("h3", null, "Audit: as cited vs record"), ...auditSection(d), el("h3", null, "Topics"), ...topicsSection(n.id),
        el("h3", null, "Stances"), ...stancesSection(n.id), ...citationsSection(n.id)];
    },
    external(n) {
      const d = info(n);
      return [...header(n), factsTable([["Label", n.label], ["Year", d.year_shown || str(d.year)], ["DOI", d.doi ? doiLink(d.doi, d.doi_url) : ""]]),
        el("h3", null, "Cited by"), nodeList(intoOf(n.id, "cites").map((e) => e.from), "Not cited.")];
    },
    source(n) {
      const d = info(n);
      const found = graph.contradictions.filter((c) => c.source === n.id);
      return [...header(n), factsTable([["Kind", d.doc_kind], ["Language", d.language], ["URL", d.url ? link(d.url, d.url) : ""]]),
        d.summary ? el("p", null, str(d.summary)) : "", found.length ? el("h3", null, "Contradictions") : "", ...found.map(app.contradictionCard),
        el("h3", null, "Stances"), ...stancesSection(n.id), el("h3", null, "Cites"), nodeList(outOf(n.id, "cites").map((e) => e.to), "Cites no work of this library.")];
    },
    topic(n) {
      const d = info(n);
      const about = intoOf(n.id, "about");
      const made = d.origin === "automatic" ? "Found by automatic topic discovery" + (d.terms ? " (" + (d.terms || []).join(", ") + ")" : "") : "Curated topic";
      return [...header(n), el("p", "muted", made), factsTable([["Synonyms", (d.synonyms || []).join(", ")], ["Description", d.description]]),
        el("h3", null, plural(about.length, "work") + " about it"), nodeList(about.map((e) => e.from), "No work.")];
    },
    claim(n) {
      const out = [...header(n), el("p", "muted", "Claim " + str(n.data.key))];
      for (const value of STANCES) {
        const edges = intoOf(n.id, "stance").filter((e) => e.value === value);
        out.push(el("h3", null, value + " (" + plural(edges.length, "work or source", "works or sources") + ")"));
        for (const e of edges) out.push(el("div", "stance " + slug(value), nodeButton(e.from), e.note ? el("div", null, str(e.note)) : "", evidenceList(e.evidence)));
      }
      return out;
    },
  };
  app.showDetails = function showDetails(id) {
    const n = byId.get(id);
    if (!n) return;
    details.replaceChildren(...(renderers[n.kind] || renderers.external)(n).filter((x) => x !== ""));
    details.dataset.node = id;
    if (app.detailsReady && !app.detailsLoaded) {
      // gzipped details still inflating (main.js): the brief now, the whole record soon
      details.append(el("p", "muted pending", "Reading the full record\u2026"));
      app.detailsReady.then(() => { if (details.dataset.node === id) app.showDetails(id); });
    }
    app.showTab("details");
  };
  app.selectNode = function selectNode(id, focus) {
    if (!byId.has(id)) return;
    // In the topic overview a topic opens (the view fits its works); a work of a topic not
    // opened yet opens its topic first.
    if (state.overview && state.overview.isHead(id) && app.openGroupOf(id, true)) {
      app.showDetails(id);
      state.network.selectNodes([id]);
      return;
    }
    if (!state.visible.has(id) && state.overview) app.openGroupOf(id, false);
    app.showDetails(id);
    const network = state.network;
    if (state.visible.has(id)) {
      network.selectNodes([id]);
      if (focus) network.focus(id, { scale: Math.max(network.getScale(), 1), animation: { duration: 300 } });
    }
  };
  app.bibtex = (id) => bibtexFor(info(byId.get(id)));
  app.showIntro = function showIntro() {
    const n = graph.contradictions.length;
    details.replaceChildren(el("p", "muted", "Click a node, a search result or a cell of the stance matrix to see its record, audit, topics and stances."),
      el("p", "muted", n ? plural(n, "contradiction") + " found: see the Contradictions tab." : ""));
  };
}

module.exports = { install };
