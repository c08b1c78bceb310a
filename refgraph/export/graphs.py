"""Graph exports: GraphML and GEXF (flat, typed attributes) and refgraph's node-link JSON.

GraphML and GEXF hold flat values only, so lists and dicts become JSON text, missing values
are left out, and each attribute keeps one type across the graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

import networkx as nx

from refgraph.graph import graph_to_data

# networkx's generate_* leave the declaration out; the text is written as UTF-8.
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# Characters XML 1.0 forbids even escaped; a stray one in a .bib would make the file unreadable.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def export_json(graph: nx.MultiDiGraph) -> str:
    """refgraph's own node-link JSON (``graph_from_data`` reads it back)."""
    return json.dumps(graph_to_data(graph), ensure_ascii=False, indent=2) + "\n"


def export_graphml(graph: nx.MultiDiGraph) -> str:
    # Edge ids must be unique for Gephi, which drops edges whose id it has seen; the
    # networkx edge key ("cites") is kept as the ``kind`` attribute.
    flat = flat_graph(graph)
    for i, (_, _, data) in enumerate(flat.edges(data=True)):
        data["id"] = f"e{i}"
    lines = nx.generate_graphml(flat, edge_id_from_attribute="id")
    return "\n".join([_XML_DECLARATION, *lines]) + "\n"


def export_gexf(graph: nx.MultiDiGraph) -> str:
    return "\n".join([_XML_DECLARATION, *nx.generate_gexf(flat_graph(graph))]) + "\n"


def flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attribute values GraphML and GEXF accept: str, int, float, bool.

    Lists and dicts become JSON text, None is left out, and an attribute whose values mix
    types across nodes (or edges) gets one type: float for int+float, else str.
    """
    flat: nx.MultiDiGraph = nx.MultiDiGraph()
    flat.graph.update(_flat_attrs([graph.graph])[0])
    nodes = list(graph.nodes(data=True))
    # Node ids are XML attribute values too ("work:" + a citation key).
    ids = {node: _flat(node) for node, _ in nodes}
    for (node, _), attrs in zip(nodes, _flat_attrs([d for _, d in nodes]), strict=True):
        flat.add_node(ids[node], **attrs)
    edges = list(graph.edges(keys=True, data=True))
    for (u, v, k, _), attrs in zip(edges, _flat_attrs([d for *_, d in edges]), strict=True):
        flat.add_edge(ids[u], ids[v], key=_flat(k), **attrs)
    return flat


def _flat_attrs(dicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flat = [{k: _flat(v) for k, v in d.items() if v is not None} for d in dicts]
    types: dict[str, set[type]] = {}
    for d in flat:
        for k, v in d.items():
            types.setdefault(k, set()).add(type(v))
    for name, seen in types.items():
        if len(seen) > 1:
            cast: Callable[[Any], Any] = float if seen <= {int, float} else str
            for d in flat:
                if name in d:
                    d[name] = cast(d[name])
    return flat


def _flat(value: Any) -> str | int | float | bool:
    if isinstance(value, bool | int | float):
        return value
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _XML_ILLEGAL.sub("", value)


def neighbourhood(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The part of ``graph`` a filtered export holds: the nodes found, every node they link
    to or from (topics, claims, citing sources, cited works), and the edges among them."""
    keep = set(nodes)
    for node in list(keep):
        keep.update(graph.predecessors(node))
        keep.update(graph.successors(node))
    return graph.subgraph(keep).copy()
