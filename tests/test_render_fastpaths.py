"""The page renderer's fast paths give exactly what the plain definitions give, on the real
corpora (krr.bib, the aibasel corpora, the enriched bundled library).

Each plain definition below is the code the fast path replaced (see refgraph/render): the
pages of /tmp baselines are compared byte for byte elsewhere; these keep the claim tested.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from page_fixtures import bundled_graph
from scipy.spatial import cKDTree

from refgraph import render
from refgraph.bibtex import load_bibtex_files
from refgraph.graph import build_graph
from refgraph.model import Library
from refgraph.render import adjacency, layout, payload, topicmap
from refgraph.render.payload import _compact, _node

ROOT = Path(__file__).parents[1]
CORPORA = [
    ROOT / "benchmarks" / "data" / "krr.bib",
    ROOT / "tests" / "data" / "bib-corpora" / "aibasel-literatur.bib",
    ROOT / "tests" / "data" / "bib-corpora" / "aibasel-crossref.bib",
]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory) -> list[nx.MultiDiGraph]:
    corpora = [build_graph(Library(works=load_bibtex_files([path]).works)) for path in CORPORA]
    return [*corpora, bundled_graph(tmp_path_factory.mktemp("cache"))]


def plain_compact(value: Any) -> Any:
    """The definition: entries holding None, "", [], {} or False dropped at any depth."""
    if isinstance(value, dict):
        kept = {k: plain_compact(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not False and v not in (None, "", [], {})}
    if isinstance(value, list):
        return [plain_compact(v) for v in value]
    return value


def test_compact_equals_its_definition(graphs) -> None:
    tricky = {"a": 0, "b": 0.0, "c": False, "d": [{}, [], ""], "e": {"f": {"g": None}},
              "h": (), "i": True, "j": [{"k": ""}]}  # fmt: skip
    assert _compact(tricky) == plain_compact(tricky) == {
        "a": 0, "b": 0.0, "d": [{}, [], ""], "h": (), "i": True, "j": [{}]}  # fmt: skip
    count = 0
    for graph in graphs:
        for _, attrs in graph.nodes(data=True):
            assert json.dumps(_compact(attrs)) == json.dumps(plain_compact(attrs))
            count += 1
    assert count > 5000


def test_details_block_equals_gzip_of_the_whole_block(graphs, monkeypatch) -> None:
    """Escaped, encoded and compressed batch by batch, the block is what one
    gzip.compress of the whole escaped block gives (mtime 0, level 6)."""
    texts = [_node(n, a)[1] for graph in graphs for n, a in graph.nodes(data=True)]
    plain, encoding = render.details_block(texts)
    assert encoding == "" and plain.count("\n") == len(texts) - 1
    assert "<" not in plain and "\\u003c" in plain  # real titles hold < and &
    for batch in (1, 7, 2000):
        monkeypatch.setattr(render, "_DETAILS_BATCH", batch)
        monkeypatch.setattr(render, "GZIP_DETAILS_ABOVE", len(plain) // 3)
        packed, encoding = render.details_block(texts)
        assert encoding == "gzip+base64"
        whole = gzip.compress(plain.encode("utf-8"), compresslevel=6, mtime=0)
        assert packed == render.base64.b64encode(whole).decode("ascii")


def plain_repulsion(pos: np.ndarray) -> np.ndarray:
    """The 2-D array version the 1-D x/y sums replaced."""
    n = len(pos)
    pairs = cKDTree(pos).query_pairs(2 * layout.EDGE_LENGTH, output_type="ndarray")
    if not len(pairs):
        return np.zeros((n, 2))
    i, j = pairs[:, 0], pairs[:, 1]
    delta = pos[i] - pos[j]
    d2 = (delta * delta).sum(axis=1)
    same = d2 < 0.01
    if same.any():
        delta[same, 0] = (i[same] - j[same]) * 0.1
        delta[same, 1] = 0.1
        d2[same] = (delta[same] ** 2).sum(axis=1)
    push = delta * (layout.EDGE_LENGTH * layout.EDGE_LENGTH / d2)[:, None]
    return _scatter(n, i, push) - _scatter(n, j, push)


def plain_attraction(pos, src, dst, weight) -> np.ndarray:
    delta = pos[src] - pos[dst]
    pull = delta * (np.hypot(delta[:, 0], delta[:, 1]) / layout.EDGE_LENGTH * weight)[:, None]
    return _scatter(len(pos), dst, pull) - _scatter(len(pos), src, pull)


def _scatter(n: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    x = np.bincount(index, values[:, 0], minlength=n)
    return np.stack([x, np.bincount(index, values[:, 1], minlength=n)], axis=1)


def test_layout_forces_equal_the_array_versions_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    for n, side in ((2000, 1500.0), (300, 200.0)):
        pos = rng.uniform(0, side, size=(n, 2))
        pos[5] = pos[6]  # two nodes on one spot
        pos[7] = pos[6] + 0.01
        assert np.array_equal(layout._repulsion(pos), plain_repulsion(pos))
        src, dst = rng.integers(0, n, 3 * n), rng.integers(0, n, 3 * n)
        weight = rng.uniform(0.1, 1.0, 3 * n)
        got = layout._attraction(pos, src, dst, weight)
        assert np.array_equal(got, plain_attraction(pos, src, dst, weight))


def test_page_data_in_pieces_equals_embed_json_of_the_whole(graphs, monkeypatch) -> None:
    from refgraph.render.payload import graph_payload

    monkeypatch.setattr(render, "_JSON_BATCH", 7)
    for graph in graphs:
        payload = graph_payload(graph, title="t <&>", subtitle="s")
        payload.pop("details")
        pieces = list(render._json_chunks(payload))
        assert "".join(pieces) == render.embed_json(payload)
        assert len(pieces) > len(payload["edges"]) // 7


def plain_escape(text: str) -> str:
    """The regular expression the str.replace calls replaced."""
    escapes = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
               "\u2029": "\\u2029"}  # fmt: skip
    return re.sub("[<>&\u2028\u2029]", lambda m: escapes[m.group()], text)


def test_escape_equals_the_regular_expression(graphs) -> None:
    texts = [_node(n, a)[1] for graph in graphs for n, a in graph.nodes(data=True)]
    texts.append("a<b>&c\u2028d\u2029e \\u003c <<&&>> plain")
    assert sum("&" in t for t in texts) > 10
    for text in texts:
        assert render._escape(text) == plain_escape(text)


def test_edges_read_from_the_graph_equal_the_edge_view(graphs) -> None:
    """The payload's edges, the stance pairs, the topics' counts and the topic map's
    passes read networkx's dicts directly: the same as through its edge view."""
    seen: Counter[str] = Counter()
    for graph in graphs:
        index = {n: i for i, n in enumerate(graph)}
        for fixed in (False, True):
            plain = [
                payload._edge(index[u], index[v], k, d, fixed)
                for u, v, k, d in graph.edges(keys=True, data=True)
            ]
            assert payload._edges(graph, index, fixed) == plain
        about = Counter(v for _, v, k in graph.edges(keys=True) if k == "about")
        for n, a in graph.nodes(data=True):
            assert payload._about(graph, n, a) == (about[n] if a.get("kind") == "topic" else 0)
        for key in ("cites", "about", "stance"):
            pairs = [(u, v) for u, v, k in graph.edges(keys=True) if k == key]
            assert [(u, v) for u, v, _ in adjacency.linked_pairs(graph, key)] == pairs
            seen[key] += len(pairs)
        assert topicmap.main_topics(graph) == plain_main_topics(graph)
    assert min(seen.values()) > 5, seen  # the bundled library has each kind


def plain_main_topics(graph: nx.MultiDiGraph) -> dict[str, str]:
    """main_topics through networkx's edge view, as it was written first."""
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for order, (u, v, key, attrs) in enumerate(graph.edges(keys=True, data=True)):
        if key != "about":
            continue
        origin = {"curation": 0, "match": 1}.get(str(attrs.get("origin")), 2)
        rank = (0 if attrs.get("main") else 1, origin, order)
        if u not in best or rank < best[u][0]:
            best[u] = (rank, v)
    return {u: v for u, (_, v) in best.items()}


def test_force_layout_links_equal_the_sorted_set_of_pairs(graphs) -> None:
    """force_layout's index pairs (made by numpy) are those of the set definition:
    undirected, each once, no self-loop, nodes outside the layout left out, sorted."""
    rng = np.random.default_rng(5)
    cases = []
    for graph in graphs:
        ids = list(graph)
        cases.append((ids, [(u, v) for u, v in graph.edges()]))
    ids = [f"n{i}" for i in range(300)]
    picks = rng.integers(0, 320, size=(2000, 2))  # some ends outside, repeats, loops
    cases.append((ids, [(f"n{a}", f"n{b}") for a, b in picks]))
    cases.append((ids, []))
    for ids, edges in cases:
        index = {n: i for i, n in enumerate(ids)}
        plain = sorted(
            {
                (min(index[u], index[v]), max(index[u], index[v]))
                for u, v in edges
                if u != v and u in index and v in index
            }
        )
        src, dst = layout._links(ids, edges)
        assert list(zip(src.tolist(), dst.tolist(), strict=True)) == plain
    assert len(plain) == 0 and len(cases[-2][1]) == 2000


def test_topic_citations_equal_the_passes_they_replaced(graphs) -> None:
    """One pass over the citations gives topic_links' cross-topic counts and
    grouped_layout's within-topic edges as their own passes did."""
    graph = nx.MultiDiGraph()
    for i in range(12):
        graph.add_node(f"w{i}", kind="work", authors=[f"A{i % 3}"])
    graph.add_node("t1", kind="topic")
    graph.add_node("t2", kind="topic")
    graph.add_node("x", kind="external")
    for i in range(8):
        graph.add_edge(f"w{i}", "t1" if i < 4 else "t2", key="about")
    for a, b in [(0, 1), (1, 2), (0, 5), (5, 6), (6, 9), (9, 10), (10, 11), (3, 7), (8, 9)]:
        graph.add_edge(f"w{a}", f"w{b}", key="cites")
    graph.add_edge("w1", "x", key="cites")
    for g in [*graphs, graph]:
        main = topicmap.main_topics(g)
        group = {n: main.get(n, topicmap.NO_TOPIC) for n, k in g.nodes(data="kind") if k == "work"}
        within: dict[str, list[tuple[str, str]]] = {}
        across: Counter[tuple[str, str]] = Counter()
        for u, v, key in g.edges(keys=True):
            if key == "cites" and u in group and v in group:
                if group[u] == group[v]:
                    within.setdefault(group[u], []).append((u, v))
                else:
                    across[(min(group[u], group[v]), max(group[u], group[v]))] += 1
        found = topicmap.TopicCitations.of(g, main)
        assert found.within == within and found.across == across
    assert within and across  # the small graph has both kinds
    assert topicmap.topic_links(graph, main)[("t1", "t2")] >= 2
