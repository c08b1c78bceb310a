"""The graph builder, the node-link round trip, co-citation and coupling."""

from __future__ import annotations

import gc
import json

import pytest
from page_fixtures import ROOT

from refgraph import graph as graph_module
from refgraph.checked import check_library
from refgraph.enrich import EnrichOptions
from refgraph.graph import (
    build_graph,
    coupling,
    graph_from_data,
    graph_to_data,
    graphs_equal,
    link_graph,
    related_works,
    work_graph,
)
from refgraph.model import (
    Author,
    Claim,
    DateParts,
    Enrichment,
    FieldAudit,
    Library,
    Provenance,
    Record,
    Reference,
    Source,
    Stance,
    Topic,
    TopicAssignment,
    Update,
    Work,
)
from refgraph.pipeline import prepare


def _record(doi: str, refs: tuple[str, ...], retracted: bool = False) -> Record:
    return Record(
        doi=doi,
        title="t",
        published_print=DateParts(2011),
        published_online=DateParts(2010, 5),
        references=tuple(Reference(doi=r, author="Smith, J.", year=2001) for r in refs),
        references_known=True,
        updates=(Update("retraction", "10.1/notice"),) if retracted else (),
        provenance=Provenance("crossref", "http://127.0.0.1", "2026-11-21T00:00:00Z"),
    )


@pytest.fixture
def library() -> Library:
    works = (
        Work("a", title="Zonulin", authors=(Author("Fasano", "Alessio"),), year=2021),
        Work("b", title="Barrier", authors=(Author("Di Vincenzo", "F."),), year=2023),
        Work("c", title="No authors"),
    )
    enrichments = (
        Enrichment(
            "a",
            "matched",
            "10.1/A",
            0.97,
            _record("10.1/a", ("10.1/b", "10.9/outside")),
            audit=(FieldAudit("year", "2021", "2011", "conflict"),),
        ),
        Enrichment("b", "matched", "10.1/b", 0.9, _record("10.1/b", ("10.9/outside",), True)),
    )
    return Library(
        name="test",
        works=works,
        sources=(Source("001", "A page", cites=("a", "b", "c")),),
        topics=(Topic("zonulin", "Zonulin", ("zonuline",)),),
        claims=(Claim("c1", "Claim one"),),
        stances=(Stance("a", "c1", "supports", "note"), Stance("001", "c1", "disputes")),
        assignments=(TopicAssignment("a", "zonulin", Provenance("match", "title: 'zonulin'")),),
        enrichments=enrichments,
    )


def test_nodes_carry_kind_label_and_record(library: Library) -> None:
    g = build_graph(library)
    assert g.nodes["work:a"]["label"] == "Fasano 2011"  # the record's year, not the cited one
    assert g.nodes["work:a"]["cited"]["year"] == 2021
    assert g.nodes["work:a"]["cited"]["doi"] == ""
    assert (g.nodes["work:a"]["year"], g.nodes["work:a"]["date_from"]) == (2011, "print")
    assert g.nodes["work:a"]["doi"] == "10.1/a"
    assert g.nodes["work:a"]["doi_url"] == ""  # "10.1/a" is not DOI-shaped: shown, not linked
    assert g.nodes["work:b"]["label"] == "Di Vincenzo 2011"
    assert g.nodes["work:c"]["label"] == "c"
    assert g.nodes["work:a"]["record"]["year_print"] == 2011
    assert g.nodes["work:a"]["record"]["year_online"] == 2010
    assert g.nodes["work:a"]["audit"][0]["verdict"] == "conflict"
    assert g.nodes["work:b"]["retracted"] is True
    assert g.nodes["work:a"]["retracted"] is False
    assert {d["kind"] for _, d in g.nodes(data=True)} == {
        "work",
        "source",
        "topic",
        "claim",
        "external",
    }


def test_edges_by_kind(library: Library) -> None:
    g = build_graph(library)
    assert g.has_edge("source:001", "work:c", key="cites")
    assert g.has_edge("work:a", "work:b", key="cites")  # matched case-insensitively by DOI
    assert g.has_edge("work:a", "external:10.9/outside", key="cites")
    assert g.edges["work:a", "topic:zonulin", "about"]["origin"] == "match"
    assert g.edges["source:001", "claim:c1", "stance"]["value"] == "disputes"
    assert g.nodes["external:10.9/outside"]["cited_in_library"] == 2
    assert g.nodes["work:b"]["cited_in_library"] == 2


def test_no_citation_edges_without_reference_lists(library: Library) -> None:
    g = build_graph(Library(works=library.works, sources=library.sources))
    work_to_work = [(u, v) for u, v, k in g.edges(keys=True) if u.startswith("work:")]
    assert work_to_work == []


def test_node_link_round_trip_through_json(library: Library) -> None:
    g = build_graph(library)
    text = json.dumps(graph_to_data(g))
    assert graphs_equal(graph_from_data(json.loads(text)), g)


def test_round_trip_detects_a_changed_attribute(library: Library) -> None:
    g = build_graph(library)
    other = graph_from_data(json.loads(json.dumps(graph_to_data(g))))
    other.nodes["work:a"]["year"] = 1999
    assert not graphs_equal(g, other)


def test_cocitation_and_coupling(library: Library) -> None:
    counts = coupling(build_graph(library))
    # source 001 cites a, b, c; work a cites b: (a, b) co-cited once, (b, c) and (a, c) once.
    assert counts["cocitation"][("work:a", "work:b")] == 1
    assert counts["cocitation"][("work:a", "work:c")] == 1
    # a and b both cite the outside work: coupled once.
    assert counts["coupling"][("work:a", "work:b")] == 1


def test_related_works_reads_only_the_neighbourhood(library: Library) -> None:
    g = build_graph(library)
    related = related_works(g, "work:a")
    assert related["cocited"] == {"work:b": 1, "work:c": 1}  # both also cited by source 001
    assert related["coupled"] == {"work:b": 1}  # a and b both cite the outside work
    assert related_works(g, "work:c")["coupled"] == {}


def test_a_year_written_2020a_or_in_press_is_shown_as_written():
    from refgraph.bibtex import load_bibtex

    text = (
        "@misc{a, author = {Doe, J.}, year = {2020a}}\n"
        "@misc{b, author = {Roe, R.}, year = {in press}}"
    )
    graph = build_graph(Library(works=load_bibtex(text).works))
    assert graph.nodes["work:a"]["label"] == "Doe 2020a" and graph.nodes["work:a"]["year"] == 2020
    assert (
        graph.nodes["work:b"]["label"] == "Roe in press" and graph.nodes["work:b"]["year"] is None
    )


def test_given_checked_works_give_the_same_graph(library: Library) -> None:
    # build passes the checked works it has already worked out (the audit reads them too).
    given = build_graph(library, check_library(library))
    assert graphs_equal(given, build_graph(library))
    assert given.nodes["work:a"]["year"] == 2011


def test_work_nodes_made_before_the_topics_give_the_same_graph(library: Library) -> None:
    # build makes the work nodes while topic discovery runs, and adds the topics, their
    # assignments and everything else after: the same graph, in the same order, as at once.
    checked = check_library(library)
    early = work_graph(library.name, checked)
    assert list(early) == ["work:a", "work:b", "work:c"] and early.number_of_edges() == 0
    later = link_graph(early, library, checked)
    whole = build_graph(library)
    assert graphs_equal(later, whole)
    assert list(later.nodes) == list(whole.nodes)
    assert list(later.edges(keys=True)) == list(whole.edges(keys=True))
    assert later.graph == whole.graph == {"name": "test"}


def test_graph_built_with_the_cycle_collector_paused(library: Library, monkeypatch) -> None:
    seen = []
    real = graph_module.work_attributes
    monkeypatch.setattr(
        graph_module, "work_attributes", lambda c: seen.append(gc.isenabled()) or real(c)
    )
    build_graph(library)
    assert seen == [False, False, False]  # paused while the nodes are made ...
    assert gc.isenabled()  # ... and on again after


def test_prepared_graph_is_frozen_out_of_the_cycle_collector_only_when_asked(tmp_path) -> None:
    # A CLI verb's graph lives as long as its process: frozen, so no later pass walks it
    # again. A long-lived caller (these tests, a notebook) must not freeze: a networkx
    # graph holds cycles, and frozen cycles are never collected.
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"),
        offline=True,
        cache_path=str(tmp_path / "crossref-cache.sqlite"),
    )
    gc.unfreeze()
    prepared = prepare(ROOT / "bib", ROOT / "seeds", options)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        prepared = prepare(ROOT / "bib", ROOT / "seeds", options, freeze=True)
        assert gc.isenabled()
        assert gc.get_freeze_count() > 10 * len(prepared.graph)  # nodes' dicts, lists, ...
    finally:
        gc.unfreeze()


def test_offline_prepare_keeps_the_collector_paused_from_loading_on(tmp_path, monkeypatch) -> None:
    # Offline, loading and enrichment run in one pause (no pass between them, or after
    # them, walks all they made); online the network passes run with the collector on.
    import refgraph.pipeline as pipeline

    seen: list[tuple[str, bool]] = []
    for name in ("load_library", "enrich_offline_or_online"):
        real = getattr(pipeline, name)
        monkeypatch.setattr(
            pipeline,
            name,
            lambda *a, real=real, name=name, **k: (
                seen.append((name, gc.isenabled())) or real(*a, **k)
            ),
        )
    cache = str(tmp_path / "crossref-cache.sqlite")
    offline = EnrichOptions(library_dir=str(ROOT / "bib"), offline=True, cache_path=cache)
    prepare(ROOT / "bib", ROOT / "seeds", offline)
    assert seen == [("load_library", False), ("enrich_offline_or_online", False)]
    assert gc.isenabled()
    seen.clear()
    online = EnrichOptions(
        library_dir=str(ROOT / "bib"), crossref_url="http://127.0.0.1:9", cache_path=cache
    )
    prepare(ROOT / "bib", ROOT / "seeds", online)
    assert seen == [("load_library", True), ("enrich_offline_or_online", True)]
    assert gc.isenabled()
