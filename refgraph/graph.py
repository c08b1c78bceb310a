"""The graph: works, sources, topics, claims and cited works outside the library.

One plain ``networkx.MultiDiGraph``. Node ids are ``"<kind>:<id>"``; every node has ``kind``,
``label`` (short, for the canvas) and ``title`` (full text). Edge keys are the edge kind, so
that one pair of nodes holds at most one edge of each kind:

    cites   source -> work (the source's reference list)
            work -> work / work -> external (Crossref reference lists)
    about   work -> topic          (origin: curation | match, detail)
    stance  work|source -> claim   (value, note, evidence, origin)

Attribute values are JSON values (str, int, float, bool, None, lists, dicts) so that
``graph_to_data`` / ``graph_from_data`` round-trip. Exporters that need flat values
(GraphML, GEXF) flatten them themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx

from refgraph.bibtex import dump_bibtex
from refgraph.merge import enriched_work, record_year
from refgraph.model import Enrichment, Library, Record, Source, Work

KINDS = ("work", "source", "topic", "claim", "external")
EDGE_KINDS = ("cites", "about", "stance")


def node_id(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def short_label(work: Work, year: int | None) -> str:
    """'Fasano 2011', 'Di Vincenzo 2024', or the key when there is no author."""
    first = work.authors[0] if work.authors else None
    family = (first.family or first.literal) if first else ""
    when = year if year is not None else "n.d."
    return f"{family} {when}" if family else work.key


def _year(parts: Any) -> int | None:
    return parts.year if parts is not None else None


def work_attributes(work: Work, enrichment: Enrichment | None) -> dict[str, Any]:
    """What the page, the index and the exports show of one work (as cited + record)."""
    record: Record | None = enrichment.record if enrichment else None
    # ``year`` is the work's true year (the record's, by the merge rule) when a record was
    # matched, so that labels, the timeline and year filters place the real paper;
    # ``year_cited`` keeps what the library says, and the audit shows the difference.
    year = work.year
    if record is not None and enrichment is not None and enrichment.status == "matched":
        year = record_year(record) or work.year
    attrs: dict[str, Any] = {
        "kind": "work",
        "key": work.key,
        "label": short_label(work, year),
        "title": work.title,
        "entry_type": work.entry_type,
        "authors": [a.display for a in work.authors],
        "year": year,
        "year_cited": work.year,
        "journal": work.journal,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "doi": work.doi,
        "doi_cited": work.doi,
        "publisher": work.publisher,
        "keywords": list(work.keywords),
        "abstract": work.abstract,
        "url": work.url,
        "origin": work.provenance.origin,
        "origin_detail": work.provenance.detail,
        "status": enrichment.status if enrichment else "pending",
        "confidence": enrichment.confidence if enrichment else None,
        "retracted": bool(record and record.retracted),
        "updates": [],
        "audit": [],
        "citation_count": None,
        "year_print": None,
        "year_online": None,
        "record": None,
        # The export's BibTeX for this work, which the page's "Copy BibTeX" copies as is.
        "bibtex": dump_bibtex([enriched_work(work, enrichment) if enrichment else work]),
    }
    if enrichment:
        attrs["doi"] = enrichment.doi or work.doi
        attrs["audit"] = [
            {
                "field": a.field,
                "cited": a.cited,
                "record": a.record,
                "verdict": a.verdict,
                "note": a.note,
                "cited_from": a.cited_from.origin,
                "record_from": a.record_from.origin if a.record_from else None,
            }
            for a in enrichment.audit
        ]
    if record:
        attrs.update(_record_attributes(record))
    return attrs


def _record_attributes(record: Record) -> dict[str, Any]:
    return {
        "citation_count": record.citation_count,
        "year_print": _year(record.published_print),
        "year_online": _year(record.published_online),
        "abstract_record": record.abstract,
        "updates": [
            {"kind": u.kind, "doi": u.doi, "label": u.label, "year": _year(u.date)}
            for u in record.updates
        ],
        "record": {
            "doi": record.doi,
            "title": record.title,
            "subtitle": record.subtitle,
            "authors": [a.display for a in record.authors],
            "journal": record.container_title,
            "volume": record.volume,
            "issue": record.issue,
            "pages": record.pages or record.article_number,
            "publisher": record.publisher,
            "type": record.type,
            "year_print": _year(record.published_print),
            "year_online": _year(record.published_online),
            "year_issued": _year(record.issued),
            "origin": record.provenance.origin,
            "origin_detail": record.provenance.detail,
            "retrieved": record.provenance.retrieved,
        },
    }


def source_attributes(source: Source) -> dict[str, Any]:
    return {
        "kind": "source",
        "key": source.id,
        "label": f"Source {source.id}",
        "title": source.title,
        "language": source.language,
        "doc_kind": source.kind,
        "summary": source.summary,
        "url": source.url,
        "origin": source.provenance.origin,
        "origin_detail": source.provenance.detail,
    }


def build_graph(library: Library) -> nx.MultiDiGraph:
    """Link every work, source, topic and claim of ``library`` into one graph."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph(name=library.name)
    enrichments = {e.key: e for e in library.enrichments}
    for work in library.works:
        graph.add_node(
            node_id("work", work.key), **work_attributes(work, enrichments.get(work.key))
        )
    for source in library.sources:
        graph.add_node(node_id("source", source.id), **source_attributes(source))
    for topic in library.topics:
        graph.add_node(
            node_id("topic", topic.id),
            kind="topic",
            key=topic.id,
            label=topic.label,
            title=topic.label,
            synonyms=list(topic.synonyms),
            description=topic.description,
        )
    for claim in library.claims:
        graph.add_node(
            node_id("claim", claim.id), kind="claim", key=claim.id, label=claim.id, title=claim.text
        )
    _add_source_citations(graph, library.sources)
    _add_reference_citations(graph, library.works, enrichments)
    for a in library.assignments:
        graph.add_edge(
            node_id("work", a.work),
            node_id("topic", a.topic),
            key="about",
            kind="about",
            origin=a.provenance.origin,
            detail=a.provenance.detail,
        )
    for s in library.stances:
        subject_kind = "work" if graph.has_node(node_id("work", s.subject)) else "source"
        graph.add_edge(
            node_id(subject_kind, s.subject),
            node_id("claim", s.claim),
            key="stance",
            kind="stance",
            value=s.value,
            note=s.note,
            evidence=list(s.evidence),
            origin=s.provenance.origin,
        )
    _set_citation_counts(graph)
    return graph


def _add_source_citations(graph: nx.MultiDiGraph, sources: Iterable[Source]) -> None:
    for source in sources:
        for key in source.cites:
            graph.add_edge(
                node_id("source", source.id),
                node_id("work", key),
                key="cites",
                kind="cites",
                origin="seed",
            )


def _add_reference_citations(
    graph: nx.MultiDiGraph, works: Iterable[Work], enrichments: dict[str, Enrichment]
) -> None:
    """Work -> work edges from Crossref reference lists; outside works become ``external``."""
    by_doi = {}
    for work in works:
        e = enrichments.get(work.key)
        doi = (e.doi if e and e.doi else work.doi).lower()
        if doi:
            by_doi[doi] = work.key
    for work in works:
        e = enrichments.get(work.key)
        if not (e and e.record and e.record.references_known):
            continue
        origin = e.record.provenance.origin
        for ref in e.record.references:
            doi = ref.doi.lower()
            if doi and doi in by_doi:
                target = node_id("work", by_doi[doi])
            elif doi:
                target = node_id("external", doi)
                if not graph.has_node(target):
                    graph.add_node(
                        target,
                        kind="external",
                        key=doi,
                        doi=doi,
                        label=_external_label(ref.author, ref.year, doi),
                        title=ref.title or ref.unstructured or doi,
                        year=ref.year,
                    )
            else:
                continue  # a reference without a DOI cannot be identified safely
            graph.add_edge(
                node_id("work", work.key), target, key="cites", kind="cites", origin=origin
            )


def _external_label(author: str, year: int | None, doi: str) -> str:
    if author:
        return f"{author.split(',')[0].split()[-1]} {year or ''}".strip()
    return doi


def _set_citation_counts(graph: nx.MultiDiGraph) -> None:
    """``cited_in_library``: how many nodes of the graph cite each work or external work."""
    counts: Counter[str] = Counter(v for _, v, k in graph.edges(keys=True) if k == "cites")
    for node, data in graph.nodes(data=True):
        if data["kind"] in ("work", "external"):
            data["cited_in_library"] = counts.get(node, 0)


def coupling(graph: nx.MultiDiGraph) -> dict[str, dict[tuple[str, str], int]]:
    """Co-citation and bibliographic-coupling counts between library works.

    co-citation: how many citing nodes cite both works; coupling: how many references the
    two works share. Linear in edges plus the pairs each citer creates (a citer with d
    references adds d*(d-1)/2 pairs), which is the inherent size of the answer.
    """
    cocited: Counter[tuple[str, str]] = Counter()
    coupled: Counter[tuple[str, str]] = Counter()
    cited_by: dict[str, list[str]] = {}
    for citer in graph.nodes:
        refs = sorted(
            v
            for _, v, k in graph.out_edges(citer, keys=True)
            if k == "cites" and graph.nodes[v]["kind"] == "work"
        )
        cocited.update(combinations(refs, 2))
        if graph.nodes[citer]["kind"] == "work":
            for _, v, k in graph.out_edges(citer, keys=True):
                if k == "cites":
                    cited_by.setdefault(v, []).append(citer)
    for citers in cited_by.values():
        coupled.update(combinations(sorted(citers), 2))
    return {"cocitation": dict(cocited), "coupling": dict(coupled)}


def related_works(graph: nx.MultiDiGraph, node: str) -> dict[str, Counter[str]]:
    """For one work: library works co-cited with it (cited by the same citers) and works
    bibliographically coupled to it (citing the same references), with their counts.
    Only the node's neighbourhood is read, so this stays cheap on large graphs."""

    def cites(u: str) -> list[str]:
        return [v for _, v, k in graph.out_edges(u, keys=True) if k == "cites"]

    def citers(v: str) -> list[str]:
        return [u for u, _, k in graph.in_edges(v, keys=True) if k == "cites"]

    def is_other_work(n: str) -> bool:
        return n != node and graph.nodes[n]["kind"] == "work"

    cocited = Counter(v for c in citers(node) for v in cites(c) if is_other_work(v))
    coupled = Counter(u for r in cites(node) for u in citers(r) if is_other_work(u))
    return {"cocited": cocited, "coupled": coupled}


def graph_to_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    return nx.node_link_data(graph, edges="edges")


def graph_from_data(data: dict[str, Any]) -> nx.MultiDiGraph:
    graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)  # directed and multigraph, as asked
    return graph


def graphs_equal(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    """Same nodes, edges, keys and attributes (networkx has no such check of its own)."""
    return (
        dict(a.nodes(data=True)) == dict(b.nodes(data=True))
        and sorted(a.edges(keys=True, data=True), key=repr)
        == sorted(b.edges(keys=True, data=True), key=repr)
        and a.graph == b.graph
    )
