"""Layout structure for libraries with few edges (refgraph.render.structure, packed_layout)."""

from __future__ import annotations

import math
import statistics

import networkx as nx

from refgraph.render.layout import EDGE_LENGTH, packed_layout
from refgraph.render.payload import graph_payload
from refgraph.render.structure import structure_links


def _library(n_works: int, per_author: int = 5) -> nx.MultiDiGraph:
    """Works with no edge at all: each author has ``per_author`` works; every third work
    shares a journal with the others of its author."""
    graph = nx.MultiDiGraph(name="edgeless")
    for i in range(n_works):
        author = f"Author{i // per_author}"
        graph.add_node(
            f"work:w{i}", kind="work", label=f"{author} {i}", title=f"Title {i}", year=2000,
            authors=[f"A. {author}", f"B. Solo{i}"], journal="J. X" if i % 3 == 0 else "",
        )  # fmt: skip
    return graph


def test_works_sharing_an_author_or_venue_meet_at_one_hub():
    graph = _library(10)
    graph.nodes["work:w0"]["journal"] = "Artificial  Intelligence"
    graph.nodes["work:w9"]["journal"] = "artificial intelligence"
    links = structure_links(graph)
    hubs: dict = {}
    for hub, work in links:
        hubs.setdefault(hub, set()).add(work)
    assert hubs[("author", "a. author0")] == {f"work:w{i}" for i in range(5)}
    assert hubs[("venue", "artificial intelligence")] == {"work:w0", "work:w9"}
    assert not any(name.startswith("b. solo") for _, name in hubs)  # one work: no hub
    assert all(not isinstance(h, str) for h in hubs)  # never a graph node id


def test_packed_components_do_not_overlap_and_lone_nodes_stay_compact():
    edges = [(f"a{i}", f"a{i + 1}") for i in range(30)] + [(f"b{i}", f"b{i + 1}") for i in range(8)]
    lone = [f"z{i}" for i in range(2000)]
    nodes = [n for e in edges for n in e] + lone
    pos = packed_layout(nodes, edges)
    assert set(pos) == set(nodes)

    def box(prefix):
        pts = [p for n, p in pos.items() if n.startswith(prefix)]
        return (min(x for x, _ in pts), min(y for _, y in pts), max(x for x, _ in pts),
                max(y for _, y in pts))  # fmt: skip

    boxes = [box("a"), box("b"), box("z")]
    for i, p in enumerate(boxes):
        for q in boxes[i + 1 :]:
            assert p[2] < q[0] or q[2] < p[0] or p[3] < q[1] or q[3] < p[1]
    # 2,000 lone nodes fill a disc of about EDGE_LENGTH spacing, not a ring far apart
    z = boxes[2]
    assert z[2] - z[0] < EDGE_LENGTH * math.sqrt(2000) * 1.6
    assert packed_layout(nodes, edges) == pos  # deterministic


def test_an_edgeless_library_is_laid_out_by_author():
    graph = _library(800)
    pos = {row[0]: (row[5], row[6]) for row in graph_payload(graph, title="", subtitle="")["nodes"]}
    assert all(x is not None for x, _ in pos.values())

    def dist(a, b):
        return math.dist(pos[f"work:w{a}"], pos[f"work:w{b}"])

    same = statistics.median(dist(i, i + 1) for i in range(0, 800, 5))
    other = statistics.median(dist(i, (i * 7919 + 13) % 800) for i in range(0, 800, 5))
    assert same * 3 < other, (same, other)
