"""refgraph.jsontext: orjson's text is json.dumps's, on real data and at the edges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_fixtures import bundled_graph

from refgraph.bibtex import load_bibtex_files
from refgraph.graph import build_graph
from refgraph.jsontext import compact_json, compact_json_bytes, indented_json_bytes
from refgraph.model import Library

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    *sorted((ROOT / "tests" / "data" / "bib-corpora").glob("*.bib")),
    ROOT / "benchmarks" / "data" / "krr.bib",
]


def _stdlib(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_the_same_text_as_json_for_every_node_and_edge_of_the_real_corpora(tmp_path) -> None:
    # The node dicts hold titles in every script, LaTeX leftovers, BibTeX text; the
    # bundled library's, Crossref's records, audits, retractions and stances too.
    assert len(CORPORA) >= 3
    graphs = [build_graph(Library(works=load_bibtex_files([path]).works)) for path in CORPORA]
    for graph in [*graphs, bundled_graph(tmp_path)]:
        nodes = [{**attrs, "id": node} for node, attrs in graph.nodes(data=True)]
        assert compact_json(nodes) == _stdlib(nodes)
        assert compact_json_bytes(nodes) == _stdlib(nodes).encode("utf-8")
        edges = [[u, v, k, attrs] for u, v, k, attrs in graph.edges(keys=True, data=True)]
        assert compact_json(edges) == _stdlib(edges)


@pytest.mark.parametrize(
    "value",
    [
        {"a": 'é\u2028<\x00\x1f"\\', "n": [1, -2, 3.5, 0.97, 1e16, 5e-324, None, True]},
        [2**63 - 1, -(2**63), 123456789012345.6, -0.0, "\U0001f600"],
        {1: "an int key"},  # orjson refuses: json's text
        [2**70],  # beyond 64 bits: json's text
    ],
)
def test_the_same_text_as_json(value: object) -> None:
    assert compact_json(value) == _stdlib(value)
    assert json.loads(compact_json_bytes(value)) == json.loads(_stdlib(value))


def test_a_lone_surrogate_gives_valid_utf8_bytes() -> None:
    # Crossref's JSON can carry "\\ud800"; a file must still be UTF-8 and say the same.
    value = {"title": "broken \ud800 pair", "é": 1}
    data = compact_json_bytes(value)
    assert data.decode("utf-8") and json.loads(data) == value
    assert compact_json(value) == _stdlib(value)


def test_the_two_documented_differences() -> None:
    assert compact_json([1e-05]) == "[0.00001]" and json.loads("[0.00001]") == [1e-05]
    assert compact_json([float("nan")]) == "[null]"


def test_indented_text_is_json_indented_by_two_for_the_problems_of_real_libraries(tmp_path) -> None:
    from refgraph.library import load_library
    from refgraph.problems import problems_to_data

    library = load_library(ROOT / "tests" / "data" / "bib-corpora", ROOT / "seeds")
    problems = problems_to_data(library.problems)
    assert len(problems) > 100
    for value in (problems, [], {}, {"a": [], "b": {}}, {"é": [1, "x\u2028"]}):
        expected = json.dumps(value, indent=2, ensure_ascii=False).encode("utf-8")
        assert indented_json_bytes(value) == expected
    refused = {1: "an int key", "x": "\ud800"}
    assert json.loads(indented_json_bytes(refused)) == json.loads(json.dumps(refused))
