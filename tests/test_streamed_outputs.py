"""Outputs written in pieces are the bytes the one-piece writing gave: graph.json from
graph_json_chunks, text written by write_chunks_atomic slice by slice."""

from __future__ import annotations

import json

import pytest
from page_fixtures import bundled_graph
from synthetic_graphs import synthetic_graph

from refgraph import atomic, graph
from refgraph.atomic import write_chunks_atomic, write_text_atomic
from refgraph.graph import graph_json_chunks, graph_to_data


@pytest.mark.parametrize("batch", [1, 3, 2000])
def test_graph_json_chunks_are_json_dumps_of_node_link_data(tmp_path, monkeypatch, batch):
    monkeypatch.setattr(graph, "_JSON_BATCH", batch)
    graphs = [bundled_graph(tmp_path), synthetic_graph(200, 700, seed=2)]
    empty = synthetic_graph(0, 0)
    for g in [*graphs, empty]:
        whole = json.dumps(graph_to_data(g), separators=(",", ":"), ensure_ascii=False)
        assert b"".join(graph_json_chunks(g)) == whole.encode("utf-8")
    assert len(list(graph_json_chunks(graphs[1]))) > 2 + 900 // batch


def test_text_written_in_slices_is_its_utf8(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_SLICE", 3)
    text = "Gödel, Escher, Bach \u2014 \U0001f600 end"
    write_text_atomic(tmp_path / "a.txt", text)
    assert (tmp_path / "a.txt").read_bytes() == text.encode("utf-8")
    write_chunks_atomic(tmp_path / "b.txt", iter(["ab", b"\xc3\xa9", "\u00e9"]))
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "ab\u00e9\u00e9"


def test_a_failing_chunk_leaves_the_old_file(tmp_path):
    (tmp_path / "c.txt").write_text("old", encoding="utf-8")

    def chunks():
        yield "new"
        raise ValueError("stopped")

    with pytest.raises(ValueError):
        write_chunks_atomic(tmp_path / "c.txt", chunks())
    assert (tmp_path / "c.txt").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["c.txt"]
