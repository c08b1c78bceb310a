"""A multigraph's edges read from networkx's own dicts, for the renderer's passes over all
of them.

``graph.edges(keys=True, data=True)`` makes a 4-tuple per edge in a generator; at 50,000
works (380,000 edges) each pass through it took 0.2-0.3 s, and the page and its topic map
made six. networkx keeps a ``MultiDiGraph``'s edges as ``_succ[u][v][key] = attributes``
(and the same dicts as ``_pred[v][u][key]``), and its edge view yields exactly this order:
nodes in insertion order, then their successors, then the keys. Reading the dicts directly
gives the same edges in the same order (tested in tests/test_render_fastpaths.py), and a
lookup of one key per linked pair replaces a loop over every edge.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

# node -> neighbour -> edge key -> the edge's attributes
Adjacency = dict[Any, dict[Any, dict[Any, dict[str, Any]]]]


def successors(graph: nx.MultiDiGraph) -> Adjacency:
    """``u -> v -> key -> attributes`` for every edge u -> v: networkx's own dict (not a
    copy: read only)."""
    return graph._succ  # type: ignore[attr-defined, no-any-return]


def predecessors(graph: nx.MultiDiGraph) -> Adjacency:
    """``v -> u -> key -> attributes`` for every edge u -> v: networkx's own dict (not a
    copy: read only)."""
    return graph._pred  # type: ignore[attr-defined, no-any-return]


def linked_pairs(graph: nx.MultiDiGraph, key: str) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """``(u, v, attributes)`` of each edge with ``key`` (at most one per pair in a
    multigraph), in the order of ``graph.edges(keys=True)``."""
    for u, nbrs in successors(graph).items():
        for v, keyed in nbrs.items():
            attrs = keyed.get(key)
            if attrs is not None:
                yield u, v, attrs
