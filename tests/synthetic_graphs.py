"""Generated graphs shaped like refgraph's (for the page benchmark and the large-page tests).

A library of N nodes holds a few sources, topics and claims, about a third works and the
rest cited works outside the library; edges are mostly ``cites`` (work -> work, work ->
external, source -> work), then ``about`` and ``stance``, with the attributes that
``refgraph.graph.build_graph`` sets. Deterministic for a given seed.
"""

from __future__ import annotations

import random

import networkx as nx

STANCES = ("supports", "disputes", "mixed", "not addressed")
SURNAMES = ("Fasano", "Camilleri", "Quigley", "Lacy", "de Punder", "Vermeire", "Chakaroun")
WORDS = ("gut", "barrier", "zonulin", "microbiome", "permeability", "stress", "diet", "IBS")


def _work(rng: random.Random, i: int) -> dict:
    year = rng.randint(1995, 2025)
    family = rng.choice(SURNAMES)
    return {
        "kind": "work",
        "key": f"w{i}",
        "label": f"{family} {year}",
        "title": " ".join(rng.choice(WORDS) for _ in range(6)).capitalize(),
        "entry_type": "article",
        "authors": [f"A. {family}", "B. Other"],
        "year": year,
        "journal": "Journal of Synthetic Results",
        "volume": str(rng.randint(1, 60)),
        "issue": str(rng.randint(1, 12)),
        "pages": f"{i}-{i + 9}",
        "doi": f"10.5555/synthetic.{i}",
        "publisher": "Synthetic Press",
        "status": "matched",
        "retracted": False,
        "updates": [],
        "audit": [
            {
                "field": "year",
                "cited": str(year),
                "record": str(year),
                "verdict": "confirmed",
                "note": "",
                "cited_from": "bibtex",
                "record_from": "crossref",
            }
        ],
        "citation_count": rng.randint(0, 400),
        "year_print": year,
        "year_online": year,
    }


def synthetic_graph(n_nodes: int, n_edges: int, *, seed: int = 0) -> nx.MultiDiGraph:
    """A graph of about ``n_nodes`` nodes and ``n_edges`` edges (fewer when too dense)."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(name=f"synthetic-{n_nodes}")
    n_sources = max(2, n_nodes // 200)
    n_topics = min(20, max(3, n_nodes // 20))
    n_claims = min(6, max(2, n_nodes // 25))
    n_works = max(5, (n_nodes - n_sources - n_topics - n_claims) // 3)
    n_external = max(0, n_nodes - n_sources - n_topics - n_claims - n_works)
    works = [f"work:w{i}" for i in range(n_works)]
    for i, node in enumerate(works):
        graph.add_node(node, **_work(rng, i))
    for i in range(n_sources):
        graph.add_node(
            f"source:{i:03d}", kind="source", key=f"{i:03d}", label=f"Source {i:03d}",
            title=f"Source document {i}", language="nl", doc_kind="essay", summary="", url="",
        )  # fmt: skip
    for i in range(n_topics):
        word = WORDS[i % len(WORDS)]
        graph.add_node(
            f"topic:t{i}", kind="topic", key=f"t{i}", label=f"{word} {i}", title=word,
            synonyms=[f"{word}-nl-{i}"], description="",
        )  # fmt: skip
    for i in range(n_claims):
        graph.add_node(f"claim:c{i}", kind="claim", key=f"c{i}", label=f"c{i}", title=f"Claim {i}")
    externals = [f"external:10.5555/ext.{i}" for i in range(n_external)]
    for i, node in enumerate(externals):
        graph.add_node(
            node, kind="external", key=node[9:], doi=node[9:], label=f"Ext {i}",
            title=f"Cited work {i}", year=rng.randint(1980, 2025),
        )  # fmt: skip
    _add_edges(graph, rng, works, externals, n_edges)
    for node, data in graph.nodes(data=True):
        if data["kind"] in ("work", "external"):
            data["cited_in_library"] = sum(
                1 for _, _, k in graph.in_edges(node, keys=True) if k == "cites"
            )
    return graph


def _add_edges(
    graph: nx.MultiDiGraph, rng: random.Random, works: list, externals: list, n_edges: int
) -> None:
    kinds = {k: [n for n, d in graph.nodes(data=True) if d["kind"] == k] for k in ("topic",)}
    sources = [n for n, d in graph.nodes(data=True) if d["kind"] == "source"]
    claims = [n for n, d in graph.nodes(data=True) if d["kind"] == "claim"]
    for node in works:  # every work about one or two topics, with a stance on one claim
        for topic in rng.sample(kinds["topic"], min(2, len(kinds["topic"]))):
            graph.add_edge(node, topic, key="about", kind="about", origin="curation", detail="")
        graph.add_edge(
            node, rng.choice(claims), key="stance", kind="stance", value=rng.choice(STANCES),
            note="synthetic", evidence=[], origin="curation",
        )  # fmt: skip
    for source in sources:
        for claim in claims:
            graph.add_edge(
                source, claim, key="stance", kind="stance", value=rng.choice(STANCES),
                note="", evidence=[], origin="seed",
            )  # fmt: skip
    targets = works + externals
    count = graph.number_of_edges()  # counted here: number_of_edges() walks every edge
    for _ in range(n_edges * 5):
        if count >= n_edges:
            break
        from_source = rng.random() < 0.05
        citer = rng.choice(sources) if from_source else rng.choice(works)
        target = rng.choice(works if from_source else targets)
        if citer != target and not graph.has_edge(citer, target, key="cites"):
            graph.add_edge(citer, target, key="cites", kind="cites", origin="crossref")
            count += 1
