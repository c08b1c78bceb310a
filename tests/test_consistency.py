"""Every reader shows the same year, DOI, DOI link, title and verdict of every work: the
graph (graph.json), the page payload, ``show --json``, ``find --json``, the index and every
export, for the bundled library and for a library of real Crossref records (served locally)."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from dataclasses import replace

import networkx as nx
import requests
from crossref_server import running_server
from page_fixtures import bundled_prepared
from test_enrich import SAMPLE, sample_works

from refgraph.audit import audit_to_data
from refgraph.cli.find import _hit_data
from refgraph.cli.show import details
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.crossref.records import record_from_crossref
from refgraph.enrich import enrich_library
from refgraph.export import (
    enriched_works,
    export_biblatex,
    export_bibtex,
    export_csl_json,
    export_gexf,
    export_graphml,
    export_json,
    export_ris,
)
from refgraph.graph import build_graph
from refgraph.model import UNVERIFIED, Library, Work
from refgraph.render.payload import graph_payload
from refgraph.search import SearchIndex

FIELDS = ("year", "doi", "doi_url", "title", "status")


def _truth(graph: nx.MultiDiGraph) -> dict[str, dict]:
    return {
        d["key"]: {f: d[f] for f in FIELDS}
        for _, d in graph.nodes(data=True)
        if d["kind"] == "work"
    }


def check_every_reader(library: Library, graph: nx.MultiDiGraph) -> int:
    truth = _truth(graph)
    assert truth and all(t["status"] for t in truth.values())
    # graph.json (refgraph's node-link export)
    nodes = json.loads(export_json(graph))["nodes"]
    assert {n["key"]: {f: n[f] for f in FIELDS} for n in nodes if n["kind"] == "work"} == truth
    # the page payload: brief + details of each node
    payload = graph_payload(graph, title="t", subtitle="s")
    for row, text in zip(payload["nodes"], payload["details"], strict=True):
        if row[1] == "work":
            data = row[7] | (json.loads(text) if text else {})
            want = truth[data["key"]]
            assert (data.get("year"), data.get("doi", ""), data.get("title", "")) == (
                want["year"], want["doi"], want["title"])  # fmt: skip
            assert data.get("links", {}).get("doi", "") == want["doi_url"]
            assert data.get("status", "") == want["status"]
    # show --json, find --json and the index
    with SearchIndex.open(graph) as index:
        hits = {h.key: h for h in index.find("", None)}
    for key, want in truth.items():
        node = details(graph, f"work:{key}")["node"]
        assert {f: node[f] for f in FIELDS} == want
        found = _hit_data(hits[key], graph)
        assert {f: found[f] for f in FIELDS} == want
        assert (hits[key].year, hits[key].title) == (want["year"], want["title"])
    # the audit (build/audit.json): the same values and the same verdict for every field
    audit = {row["key"]: row for row in audit_to_data(library.works, library.enrichments)["works"]}
    for key, want in truth.items():
        assert {f: audit[key][f] for f in FIELDS} == want
        verdicts = [(a["field"], a["verdict"]) for a in audit[key]["fields"]]
        assert verdicts == [(a["field"], a["verdict"]) for a in graph.nodes[f"work:{key}"]["audit"]]
    # the work exports
    works = {w.key: w for w in enriched_works(library)}
    csl = {i["id"]: i for i in json.loads(export_csl_json(works.values()))}
    ris = _ris(export_ris(works.values()))
    for key, want in truth.items():
        year = want["year"]
        assert csl[key].get("issued", {}).get("date-parts", [[None]])[0][0] == year
        # the CSL title is in sentence case (CSL's convention: the style cases it) and marks
        # the words whose case must stay; the words are the same
        title = re.sub(r"</?span[^>]*>", "", csl[key]["title"])
        assert csl[key].get("DOI", "") == want["doi"] and title.lower() == want["title"].lower()
        assert ris[key].get("PY") == (str(year) if year else None)
        assert ris[key].get("DO", "") == want["doi"]
        for text in (export_bibtex([works[key]]), export_biblatex([works[key]])):
            assert _bib(text, "doi") == want["doi"]
            assert _bib(text, "year") or _bib(text, "date")[:4] == str(year or "")
    # GraphML and GEXF nodes
    readers = ((export_graphml(graph), nx.read_graphml), (export_gexf(graph), nx.read_gexf))
    for xml, reader in readers:
        assert _xml_years(xml, reader) == {k: t["year"] for k, t in truth.items()}
    return len(truth)


def _ris(text: str) -> dict[str, dict[str, str]]:
    records = {}
    for chunk in text.split("ER  - "):
        tags = dict(re.findall(r"^([A-Z][A-Z0-9])  - (.*)$", chunk, re.M))
        if "ID" in tags:
            records[tags["ID"]] = tags
    return records


def _bib(text: str, field: str) -> str:
    found = re.search(rf"^  {field} = \{{(.*)\}},$", text, re.M)
    return found.group(1) if found else ""


def _xml_years(text: str, reader) -> dict[str, int | None]:
    """Work key -> year as networkx's own GraphML or GEXF reader reads the export."""
    graph = reader(io.BytesIO(text.encode("utf-8")))
    return {
        node.removeprefix("work:"): int(d["year"]) if d.get("year") not in (None, "") else None
        for node, d in graph.nodes(data=True)
        if d.get("kind") == "work"
    }


def test_every_reader_agrees_on_the_bundled_library(tmp_path):
    prepared = bundled_prepared(tmp_path)
    assert check_every_reader(prepared.library, prepared.graph) == 10


def generated_citations() -> list[Work]:
    """The 120 real records cited with the mistakes a library has, one kind in turn: as
    recorded; with another record's DOI (a mismatch); without a DOI (found by a query);
    with a wrong volume and an issue (a conflict, the issue unverified when the record has
    none); a year off by one with a month (the record's date replaces both)."""
    records = [record_from_crossref(m, None) for _, m in sorted(SAMPLE.items())]
    works = []
    for i, r in enumerate(records):
        date = r.published_print or r.published_online or r.issued
        work = Work(key=f"w{i:03d}", title=r.title, authors=r.authors[:3],
                    year=date.year if date else None, journal=r.container_title,
                    volume=r.volume, pages=r.pages, doi=r.doi)  # fmt: skip
        kind = i % 5
        if kind == 1:
            work = replace(work, doi=records[(i + 1) % len(records)].doi)
        elif kind == 2:
            work = replace(work, doi="")
        elif kind == 3 and r.volume.isdigit():
            work = replace(work, volume=str(int(r.volume) + 10), issue="7")
        elif kind == 4 and work.year:
            work = replace(work, year=work.year + 1, extra=(("month", "jan"),))
        works.append(work)
    return works


def test_every_reader_agrees_on_a_library_of_real_records(tmp_path):
    works = sample_works() + generated_citations()
    with (
        requests.Session() as session,
        running_server(SAMPLE) as server,
        CrossrefCache(tmp_path / "c.sqlite") as cache,
    ):
        server.set_limits("list", 20, 1.0, 3)
        client = CrossrefClient(session, base_url=server.url, timeout=(1.0, 2.0), backoff=0.01)
        found = enrich_library(works, client, cache)
    library = Library(works=tuple(works), enrichments=found)
    statuses = Counter(e.status for e in found)
    assert statuses["doi mismatch"] >= 20 and statuses["matched"] >= 200, statuses
    verdicts = Counter(a.verdict for e in found for a in e.audit)
    assert verdicts["conflict"] >= 20 and verdicts[UNVERIFIED] >= 5, verdicts
    assert check_every_reader(library, build_graph(library)) == 2 * len(SAMPLE)
