"""The graph: works, sources, topics, claims and cited works outside the library.

One plain ``networkx.MultiDiGraph``. Node ids are ``"<kind>:<id>"``; every node has ``kind``,
``label`` (short, for the canvas) and ``title`` (full text). Edge keys are the edge kind, so
that one pair of nodes holds at most one edge of each kind:

    cites   source -> work (the source's reference list)
            work -> work / work -> external (Crossref reference lists)
    about   work -> topic          (origin: curation | match | auto, detail, main: the
                                    work's main topic)
    stance  work|source -> claim   (value, note, evidence, origin)

Attribute values are JSON values (str, int, float, bool, None, lists, dicts) so that
``graph_to_data`` / ``graph_from_data`` round-trip. Exporters that need flat values
(GraphML, GEXF) flatten them themselves.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import combinations, islice
from typing import Any, Literal, NotRequired, TypedDict

import networkx as nx

from refgraph.bibtex import dump_bibtex
from refgraph.checked import CheckedWork, check_library
from refgraph.doi import doi_key, doi_link
from refgraph.heap import collector_paused
from refgraph.jsontext import compact_json_bytes
from refgraph.model import Author, DateParts, FieldAudit, Library, Record, Source, Update, Work

KINDS = ("work", "source", "topic", "claim", "external")
EDGE_KINDS = ("cites", "about", "stance")


def node_id(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def short_label(work: Work, year: int | None) -> str:
    """'Fasano 2011', 'Di Vincenzo 2024', 'Doe 2020a', 'Roe in press', or the key when
    there is no author. The year as the .bib wrote it when that is the year shown."""
    first = work.authors[0] if work.authors else None
    family = (first.family or first.literal) if first else ""
    when: object = year if year is not None else "n.d."
    if work.year_text and work.year == year:
        when = work.year_text
    return f"{family} {when}" if family else work.key


class CitedView(TypedDict):
    """A work as the .bib cites it (the ``cited`` view of ``refgraph.checked``)."""

    title: str
    authors: list[str]
    year: int | None
    year_shown: str  # as written ("2020a", "in press"), else the number; "" without a year
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    publisher: str


class RecordView(TypedDict):
    """The matched record as the node shows it; ``year`` is the checked year by the
    merge rule (``date_from`` says which date), the three dates are the record's own."""

    doi: str
    title: str
    subtitle: str
    authors: list[str]
    journal: str
    volume: str
    issue: str
    pages: str
    publisher: str
    type: str
    year: int | None
    year_print: int | None
    year_online: int | None
    year_issued: int | None
    origin: str
    origin_detail: str
    retrieved: str | None


class AuditRow(TypedDict):
    field: str
    cited: str
    record: str
    verdict: str
    note: str
    cited_from: str
    record_from: str | None


class UpdateRow(TypedDict):
    kind: str  # Crossref's type: "retraction", "expression-of-concern", "new-version", ...
    effect: str  # "retraction", "concern", "correction", "version", "other", "self"
    doi: str
    doi_url: str
    label: str
    year: int | None


class WorkNode(TypedDict):
    """A work node's attributes. The top level is the checked work (what labels, the
    timeline, filters, search and the graph exports read), ``cited`` the citation as
    written, ``record`` the matched record (None unless matched), ``audit`` the verdict
    of every field. All values come from ``refgraph.checked.check_work``."""

    kind: Literal["work"]
    key: str
    label: str
    title: str
    entry_type: str
    authors: list[str]
    year: int | None
    year_shown: str  # the year as a reader sees it: as written ("2020a", "in press") or the number
    date: str  # ISO 8601 prefix of the checked date: "2011", "2025-02", "2023-07-28"
    date_from: str  # "print", "online", "issued", "cited" or ""
    journal: str
    volume: str
    issue: str
    pages: str
    doi: str
    doi_url: str
    publisher: str
    keywords: list[str]
    abstract: str
    url: str
    origin: str
    origin_detail: str
    status: str
    confidence: float | None
    message: str
    notes: list[str]
    cited: CitedView
    record: RecordView | None
    audit: list[AuditRow]
    retracted: bool
    updates: list[UpdateRow]
    update_to: list[UpdateRow]
    citation_count: int | None
    bibtex: str  # the checked work as the BibTeX export writes it
    cited_in_library: NotRequired[int]  # set once every edge is in


def _year(parts: DateParts | None) -> int | None:
    return parts.year if parts is not None else None


def iso_date(date: DateParts | None) -> str:
    """ "2011", "2025-02" or "2023-07-28"; "" for no date."""
    if date is None:
        return ""
    return "-".join([f"{date.year:04d}"] + [f"{p:02d}" for p in (date.month, date.day) if p])


def work_attributes(checked: CheckedWork) -> WorkNode:
    """A work node: the checked work, the citation and the record (``WorkNode``)."""
    work, cited, record = checked.work, checked.cited, checked.record
    return {
        "kind": "work",
        "key": work.key,
        "label": short_label(work, checked.year),
        "title": work.title,
        "entry_type": work.entry_type,
        "authors": _names(work.authors),
        "year": checked.year,
        "year_shown": sys.intern(work.year_shown),
        "date": sys.intern(iso_date(checked.date)),
        "date_from": checked.date_from,
        "journal": work.journal,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "doi": checked.doi,
        "doi_url": checked.doi_url,
        "publisher": work.publisher,
        "keywords": list(work.keywords),
        "abstract": work.abstract,
        "url": work.url,
        "origin": cited.provenance.origin,
        "origin_detail": cited.provenance.detail,
        "status": checked.status,
        "confidence": checked.confidence,
        "message": checked.message,
        "notes": list(checked.notes),
        "cited": {
            "title": cited.title,
            "authors": _names(cited.authors),
            "year": cited.year,
            "year_shown": sys.intern(cited.year_shown),
            "journal": cited.journal,
            "volume": cited.volume,
            "issue": cited.issue,
            "pages": cited.pages,
            "doi": cited.doi,
            "publisher": cited.publisher,
        },
        "record": _record_view(record, checked.year) if record else None,
        "audit": [_audit_row(a) for a in checked.audit],
        "retracted": checked.retracted,
        "updates": [_update_row(u) for u in checked.updates],
        "update_to": [_update_row(u) for u in checked.update_to],
        "citation_count": checked.citation_count,
        # The export's BibTeX for this work, which the page's "Copy BibTeX" copies as is.
        "bibtex": dump_bibtex([checked.work]),
    }


def _names(authors: Iterable[Author]) -> list[str]:
    """The authors' display names, each name's text shared (``sys.intern``) by every node
    and view that shows it: the checked work, the citation and the record name the same
    people, and an author's every work names them again (~25 MB at 50,000 works). Years
    and dates are shared the same way."""
    return [sys.intern(a.display) for a in authors]


def _audit_row(a: FieldAudit) -> AuditRow:
    return {
        "field": a.field,
        "cited": a.cited,
        "record": a.record,
        "verdict": a.verdict,
        "note": a.note,
        "cited_from": a.cited_from.origin,
        "record_from": a.record_from.origin if a.record_from else None,
    }


def _update_row(u: Update) -> UpdateRow:
    return {
        "kind": u.kind,
        "effect": u.effect,
        "doi": u.doi,
        "doi_url": doi_link(u.doi),
        "label": u.label,
        "year": _year(u.date),
    }


def _record_view(record: Record, year: int | None) -> RecordView:
    return {
        "doi": record.doi,
        "title": record.title,
        "subtitle": record.subtitle,
        "authors": _names(record.authors),
        "journal": record.container_title,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages or record.article_number,
        "publisher": record.publisher,
        "type": record.type,
        "year": year,
        "year_print": _year(record.published_print),
        "year_online": _year(record.published_online),
        "year_issued": _year(record.issued),
        "origin": record.provenance.origin,
        "origin_detail": record.provenance.detail,
        "retrieved": record.provenance.retrieved,
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


def build_graph(library: Library, checked: Sequence[CheckedWork] | None = None) -> nx.MultiDiGraph:
    """Link every work, source, topic and claim of ``library`` into one graph.
    ``checked``: ``check_library(library)`` when the caller has it already (build reads it
    for the audit too); worked out here otherwise."""
    with collector_paused():  # see work_graph
        checked = check_library(library) if checked is None else checked
        return link_graph(work_graph(library.name, checked), library, checked)


def work_graph(name: str, checked: Sequence[CheckedWork]) -> nx.MultiDiGraph:
    """The graph's first part: a node per checked work, in library order, and nothing else.
    It reads no topic, claim or source, so build makes it while topic discovery still runs
    (refgraph.pipeline); ``link_graph`` adds the rest. Most of the graph's time at 50,000
    works (each work node's attributes)."""
    # The graph is hundreds of thousands of small dicts that hold no cycles: the cycle
    # collector would walk the growing graph again and again (a third of the time at 50k).
    with collector_paused():
        graph: nx.MultiDiGraph = nx.MultiDiGraph(name=name)
        for c in checked:
            graph.add_node(node_id("work", c.key), **work_attributes(c))
    return graph


def link_graph(
    graph: nx.MultiDiGraph, library: Library, checked: Sequence[CheckedWork]
) -> nx.MultiDiGraph:
    """``graph`` (``work_graph`` of ``checked``) with the library's sources, topics and
    claims added after the works, then the citations, topic assignments and stances;
    returned for convenience. ``checked`` must be the one ``graph`` was made from."""
    with collector_paused():
        _link_graph(graph, library, checked)
    return graph


def _link_graph(graph: nx.MultiDiGraph, library: Library, checked: Sequence[CheckedWork]) -> None:
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
            origin=topic.origin,
            terms=list(topic.terms),
        )
    for claim in library.claims:
        graph.add_node(
            node_id("claim", claim.id), kind="claim", key=claim.id, label=claim.id, title=claim.text
        )
    _add_source_citations(graph, library.sources)
    _add_reference_citations(graph, checked)
    stored = {node: node for node in graph}  # each node's own id string (see below)
    for a in library.assignments:
        work, about = node_id("work", a.work), node_id("topic", a.topic)
        graph.add_edge(
            stored.get(work, work),
            stored.get(about, about),
            key="about",
            kind="about",
            origin=a.provenance.origin,
            detail=a.provenance.detail,
            main=a.main,
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


def _add_reference_citations(graph: nx.MultiDiGraph, checked: Sequence[CheckedWork]) -> None:
    """Work -> work edges from matched records' reference lists (self-citations already
    dropped by ``check_work``); outside works become ``external`` nodes keyed by DOI."""
    # A DOI that points to another work (doi mismatch) is not this work's: a reference
    # to it cites the other paper.
    # Every edge is given the node's own id string, made once: networkx keeps the string it
    # is given in the edge's adjacency entries, and a new one per edge cost ~45 MB at 50k.
    stored = {node: node for node in graph}
    work = {c.key: stored[node_id("work", c.key)] for c in checked}
    by_doi = {doi_key(c.doi): work[c.key] for c in checked if c.doi and c.status != "doi mismatch"}
    external: dict[str, str] = {}
    for c in checked:
        if c.record is None:
            continue
        origin = c.record.provenance.origin
        source = work[c.key]
        for ref in c.references:
            doi = doi_key(ref.doi)
            if doi and doi in by_doi:
                target = by_doi[doi]
            elif doi:
                target = external.setdefault(doi, node_id("external", doi))
                if not graph.has_node(target):
                    graph.add_node(
                        target,
                        kind="external",
                        key=doi,
                        doi=ref.doi,
                        doi_url=doi_link(ref.doi),
                        label=_external_label(ref.author, ref.year, ref.doi),
                        title=ref.title or ref.unstructured or ref.doi,
                        year=ref.year,
                    )
            else:
                continue  # a reference without a DOI cannot be identified safely
            graph.add_edge(source, target, key="cites", kind="cites", origin=origin)


def _external_label(author: str, year: int | None, doi: str) -> str:
    """The "Surname year" label from a reference's free-text author ("Fasano A", "Fasano, A."); the
    DOI when the author holds no usable word (Crossref has sent ", J.")."""
    words = author.split(",")[0].split()
    if words and words[-1].strip(".;"):
        return f"{words[-1]} {year or ''}".strip()
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


# Items of graph.json encoded per batch: a batch's dicts are made, encoded and dropped.
_JSON_BATCH = 2000


def graph_json_chunks(graph: nx.MultiDiGraph) -> Iterator[bytes]:
    """graph.json: the UTF-8 of ``json.dumps(graph_to_data(graph), ensure_ascii=False,
    separators=(",", ":"))`` (made by ``refgraph.jsontext``), in pieces made as they are
    written: at 50,000 works that text is 190 MB, and node_link_data's copy of every node
    and edge dict came on top of it. Each node is ``{**attrs, "id": node}`` and each edge
    ``{**attrs, "source", "target", "key"}``, as node_link_data makes them; a list's items
    are encoded a batch at a time, joined by "," as json joins them."""
    nodes = ({**attrs, "id": node} for node, attrs in graph.nodes(data=True))
    edges = (
        {**attrs, "source": u, "target": v, "key": k}
        for u, v, k, attrs in graph.edges(keys=True, data=True)
    )
    head = {"directed": graph.is_directed(), "multigraph": graph.is_multigraph()}
    yield compact_json_bytes({**head, "graph": graph.graph})[:-1]
    yield b',"nodes":['
    yield from _joined(nodes)
    yield b'],"edges":['
    yield from _joined(edges)
    yield b"]}"


def _joined(items: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    """A JSON list's items, without its brackets, a batch at a time."""
    first = True
    while batch := list(islice(items, _JSON_BATCH)):
        yield (b"" if first else b",") + compact_json_bytes(batch)[1:-1]
        first = False


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
