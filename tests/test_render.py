"""refgraph.render without a browser: the page string, its CSP, its data block, its links."""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from page_fixtures import HOSTILE, bundled_graph, bundled_prepared, hostile_library, small_library
from synthetic_graphs import synthetic_graph

from refgraph import render
from refgraph.doi import doi_link
from refgraph.export import enriched_works, export_bibtex
from refgraph.graph import build_graph, graphs_equal
from refgraph.render import PHYSICS_LIMIT, contradictions, embed_json, render_html
from refgraph.render.layout import force_layout, satellite_layout
from refgraph.render.payload import web_url

DATA_BLOCK = re.compile(r'<script type="application/json" id="refgraph-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def small_page() -> str:
    return render_html(build_graph(small_library()))


DETAILS_BLOCK = re.compile(
    r'<script type="text/plain" id="refgraph-details" data-encoding="">(.*?)</script>', re.S
)


def page_data(page: str) -> dict:
    """The two data blocks decoded into nodes and edges as dicts (see payload.py): a node's
    ``data`` is its brief attributes with its details merged in, its ``links`` separate."""
    raw = json.loads(DATA_BLOCK.search(page).group(1))
    details = DETAILS_BLOCK.search(page).group(1).split("\n")  # one node's JSON per line
    nodes = []
    for row, text in zip(raw["nodes"], details, strict=True):
        id_, kind, label, size, size_crossref, x, y, brief = row
        data = brief | (json.loads(text) if text else {})
        links = data.pop("links", {})
        node = {"id": id_, "kind": kind, "label": label, "size": size,
                "size_crossref": size_crossref, "links": links, "data": data}  # fmt: skip
        if x is not None:
            node |= {"x": x, "y": y}
        nodes.append(node)
    edges = [
        {"from": nodes[a]["id"], "to": nodes[b]["id"], "kind": kind, **(rest[0] if rest else {})}
        for a, b, kind, *rest in raw["edges"]
    ]
    return raw | {"nodes": nodes, "edges": edges}


def test_page_is_one_document_with_a_title_saying_what_it_is(small_page):
    assert small_page.startswith("<!DOCTYPE html>")
    assert "<title>refgraph: leaky-gut (test)</title>" in small_page
    assert small_page.count("<h1") == 1  # pyvis's stock template prints the heading twice
    assert "4 works, 2 sources, 4 topics, 2 claims" in small_page


def test_the_subtitle_counts_agree_in_number():
    """krr.bib with the seeds said "1 claims": one of each kind is singular."""
    graph = nx.MultiDiGraph()
    for node in ["work:a", "source:s", "topic:t", "claim:c", "external:e", "work:b"]:
        graph.add_node(node, kind=node.split(":")[0], key=node, label=node, title=node)
    subtitle = re.search(r'<p id="page-subtitle">([^<]*)</p>', render_html(graph))
    assert subtitle, "no subtitle"
    assert subtitle.group(1) == (
        "2 works, 1 source, 1 topic, 1 claim, 1 cited work outside the library"
    )


def test_title_and_subtitle_are_escaped():
    page = render_html(build_graph(small_library()), title="<b>x</b>", subtitle="a & b")
    assert "<title>&lt;b&gt;x&lt;/b&gt;</title>" in page
    assert "a &amp; b" in page


def test_page_fetches_nothing(small_page):
    without_data = DETAILS_BLOCK.sub("", DATA_BLOCK.sub("", small_page))
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", without_data, re.I)
    assert not re.search(r"<script\b[^>]*\bsrc=", without_data, re.I)
    assert not re.search(r"@import", without_data)
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", without_data)
    assert urls and all(u.startswith("data:") for u in urls)


def test_csp_forbids_other_hosts_and_allows_exactly_the_inline_blocks(small_page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', small_page).group(1)
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    inline = re.findall(r"<script>(.*?)</script>", small_page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", small_page, re.S)
    assert len(inline) == 2 and len(styles) == 2
    for block in inline + styles:
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_vis_network_comes_from_pyvis(small_page):
    assert "@version 9.1.2" in small_page
    assert "cdnjs" not in DATA_BLOCK.sub("", small_page)


def test_pyvis_is_read_not_imported() -> None:
    # Importing pyvis loads IPython and jsonpickle (0.17 s at every verb's start) only to
    # tell where its folder is; the page reads vis-network's files from there.
    code = (
        "import sys, refgraph.cli, refgraph.render\n"
        "print(sorted(set(sys.modules) & {'pyvis', 'IPython'}))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("</script><script>alert(1)</script>", id="close-tag"),
        pytest.param("<!-- <script>", id="comment-open"),
        pytest.param("a\u2028b\u2029c & <>", id="line-separators"),
    ],
)
def test_embedded_json_cannot_end_its_script_block_and_round_trips(value):
    text = embed_json({"title": value})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"title": value}


def test_hostile_library_never_reaches_the_markup_raw():
    graph = build_graph(hostile_library())
    page = render_html(graph)
    outside_data = DETAILS_BLOCK.sub("", DATA_BLOCK.sub("", page))
    assert "&lt;script&gt;window.__pwned=1" in outside_data  # the name, escaped in <title>
    assert not re.search(r"<(script|img)\b[^>]*>window|<img\b", page)
    assert page_data(page)["nodes"]  # and the text is still there, as data


def test_render_does_not_modify_the_graph():
    graph = build_graph(small_library())
    before = copy.deepcopy(graph)
    render_html(graph)
    assert graphs_equal(graph, before)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("https://example.org/a?b=c", "https://example.org/a?b=c", id="https"),
        pytest.param("http://example.org", "http://example.org", id="http"),
        pytest.param("javascript:alert(1)", None, id="javascript"),
        pytest.param(" JavaScript:alert(1)", None, id="javascript-spaced"),
        pytest.param("data:text/html,<b>", None, id="data"),
        pytest.param("//example.org", None, id="scheme-relative"),
        pytest.param("https://exa\nmple.org", None, id="newline"),
        pytest.param("https:", None, id="no-host"),
    ],
)
def test_web_url_allows_only_absolute_http(url, expected):
    assert web_url(url) == expected


def test_doi_link_encodes_and_rejects_non_dois():
    assert (
        doi_link("10.1097/MOG.0000000000000243") == "https://doi.org/10.1097/MOG.0000000000000243"
    )
    assert doi_link('10.1000/x"><b>') == "https://doi.org/10.1000/x%22%3E%3Cb%3E"
    assert doi_link("https://doi.org/10.1000/abc") == "https://doi.org/10.1000/abc"
    assert doi_link("javascript:alert(1)") == ""
    assert doi_link("") == ""


def test_nodes_carry_kind_size_and_safe_links(small_page):
    nodes = {n["id"]: n for n in page_data(small_page)["nodes"]}
    assert {n["kind"] for n in nodes.values()} == {"work", "source", "topic", "claim", "external"}
    fasano = nodes["work:fasano2021"]
    assert fasano["links"] == {"doi": "https://doi.org/10.1152/physrev.00003.2008"}
    assert fasano["data"]["audit"][0]["verdict"] == "conflict"
    # sqrt scale: cited once in the library (by source 001)
    assert fasano["size"] == 16.0
    assert nodes["work:fasano2021"]["size_crossref"] > nodes["work:chakaroun2020"]["size_crossref"]


def test_stance_edges_keep_value_note_and_evidence(small_page):
    edges = page_data(small_page)["edges"]
    lacy = [e for e in edges if e["from"] == "work:lacy2024" and e["to"] == "claim:tests-validated"]
    assert lacy == [
        {
            "from": "work:lacy2024",
            "to": "claim:tests-validated",
            "kind": "stance",
            "value": "disputes",
            "note": "no validated test exists",
            "evidence": ["https://example.org/lacy2024"],
            "origin": "curation",
        }
    ]


def test_contradictions_list_the_source_and_the_disputing_works():
    found = contradictions(build_graph(small_library()))
    tests = next(c for c in found if c["claim"] == "claim:tests-validated")
    assert tests["source"] == "source:001" and tests["value"] == "supports"
    assert {w["id"] for w in tests["works"]} == {"work:chakaroun2020", "work:lacy2024"}


def test_small_graph_uses_physics_and_large_graph_fixed_positions():
    small = page_data(render_html(build_graph(small_library())))
    assert small["physics"] is True and "x" not in small["nodes"][0]
    large = page_data(render_html(synthetic_graph(PHYSICS_LIMIT + 50, 3 * PHYSICS_LIMIT)))
    assert large["physics"] is False
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in large["nodes"])


def test_layout_is_deterministic_spread_and_keeps_edges_short():
    graph = synthetic_graph(600, 3000)
    edges = list(graph.edges())
    first = force_layout(graph.nodes, edges)
    assert first == force_layout(graph.nodes, edges)
    assert len(set(first.values())) == len(first)  # no two nodes on one spot
    linked = sorted(math.dist(first[u], first[v]) for u, v in edges if u != v)
    nodes = list(first.values())
    unlinked = sorted(math.dist(nodes[i], nodes[-1 - i]) for i in range(len(nodes) // 2))
    assert linked[len(linked) // 2] < unlinked[len(unlinked) // 2]


def test_satellites_sit_next_to_the_nodes_that_cite_them():
    graph = synthetic_graph(600, 3000)
    outside = [n for n, kind in graph.nodes(data="kind") if kind == "external"]
    first = satellite_layout(graph.nodes, graph.edges(), outside)
    assert first == satellite_layout(graph.nodes, graph.edges(), outside)
    assert set(first) == set(graph.nodes) and len(set(first.values())) == len(first)
    linked = sorted(math.dist(first[u], first[v]) for u, v in graph.edges() if v in outside)
    nodes = list(first.values())
    unlinked = sorted(math.dist(nodes[i], nodes[-1 - i]) for i in range(len(nodes) // 2))
    assert linked[len(linked) // 2] < unlinked[len(unlinked) // 2]


def test_layout_of_nothing_and_of_one_node():
    assert force_layout([], []) == {}
    assert list(force_layout(["a"], [("a", "a")])) == ["a"]


def test_bundled_library_page_shows_seed_001_contradiction(tmp_path):
    page = render_html(bundled_graph(tmp_path))
    data = page_data(page)
    kinds = [n["kind"] for n in data["nodes"]]
    assert kinds.count("work") == 10 and kinds.count("source") == 2
    claims = {c["claim"] for c in data["contradictions"] if c["source"] == "source:001"}
    assert "claim:tests-validated" in claims
    assert HOSTILE not in page


def test_details_wait_in_their_own_block_and_unused_fields_stay_out(small_page):
    raw = json.loads(DATA_BLOCK.search(small_page).group(1))
    brief = {row[0]: row[7] for row in raw["nodes"]}["work:fasano2021"]
    assert (
        "audit" not in brief
        and "cited" not in brief
        or set(brief["cited"])
        <= {
            "title",
            "doi",
            "authors",
        }
    )
    assert brief["title"]  # search and tooltips read it at load
    fasano = {n["id"]: n for n in page_data(small_page)["nodes"]}["work:fasano2021"]
    assert not {"abstract", "abstract_record", "origin_detail"} & set(fasano["data"])


def test_each_work_carries_the_exports_bibtex_and_the_script_writes_none(tmp_path):
    prepared = bundled_prepared(tmp_path)
    nodes = {n["id"]: n for n in page_data(render_html(prepared.graph))["nodes"]}
    for work in prepared.library.works:
        shown = nodes[f"work:{work.key}"]["data"]["bibtex"]
        assert shown == export_bibtex(enriched_works(prepared.library, [work.key]))
    script = (Path(render.__file__).parent / "js" / "bibtex.js").read_text(encoding="utf-8")
    assert '"@"' not in script and "{" + '"' not in script  # builds no entry of its own
