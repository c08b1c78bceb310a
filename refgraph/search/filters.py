"""Structured filters, answered from the graph: topic, claim and stance, years, cited by, kind.

Filters combine with AND. Values are checked against the library first, so that a typo is
reported with the values that would have worked instead of silently matching nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import networkx as nx

from refgraph.errors import UsageError
from refgraph.model import STANCE_VALUES
from refgraph.search.query import fold, nodes_of_kind, topic_names, topic_nodes

SEARCH_KINDS = ("work", "source", "external")


class FilterError(UsageError):
    """A filter value that names nothing in the library; ``allowed`` lists what would."""

    def __init__(self, name: str, value: str, allowed: Iterable[str]):
        self.name, self.value, self.allowed = name, value, tuple(allowed)
        listed = ", ".join(self.allowed) if self.allowed else "(none in this library)"
        super().__init__(f"unknown {name} {value!r}; allowed: {listed}")


@dataclass(frozen=True)
class Filters:
    """Structured filters; every one given must hold (they combine with AND)."""

    topic: str | None = None  # topic id (check_filters also accepts a label or synonym)
    claim: str | None = None
    stance: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    cited_by: str | None = None  # a source id or a work key
    kind: str = "work"
    # The topic ids ``topic`` stands for, filled by check_filters: a label or synonym that
    # several topics share (found topics often do) stands for all of them.
    topics: tuple[str, ...] = ()


def parse_years(text: str) -> tuple[int | None, int | None]:
    """'2015..2020', '2015..', '..2020' or '2018' -> (from, to), both ends inclusive."""
    match = re.fullmatch(r"\s*(\d{4})?\s*(\.\.)?\s*(\d{4})?\s*", text)
    if not match or not (match[1] or match[3]) or (not match[2] and match[1] and match[3]):
        raise FilterError("year range", text, ("YEAR", "FROM..TO", "FROM..", "..TO"))
    start = int(match[1]) if match[1] else None
    end = int(match[3]) if match[3] else None
    if not match[2]:
        return start, start
    if start is not None and end is not None and start > end:
        raise FilterError("year range", text, ("FROM..TO with FROM <= TO",))
    return start, end


def check_filters(filters: Filters, graph: nx.MultiDiGraph) -> Filters:
    """Resolve a topic id, label or synonym to the topic ids it names (``topics``: an id
    names its topic alone; a name shared by several topics names them all, and the filter
    then passes works about any of them); raise FilterError naming allowed values."""
    if filters.kind not in SEARCH_KINDS:
        raise FilterError("kind", filters.kind, SEARCH_KINDS)
    if filters.stance is not None and filters.stance not in STANCE_VALUES:
        raise FilterError("stance", filters.stance, STANCE_VALUES)
    topic, topics = filters.topic, filters.topics
    if topic is not None:
        topics = topic_ids(topic, graph)
        if not topics:
            raise FilterError("topic", topic, [graph.nodes[n]["key"] for n in topic_nodes(graph)])
        topic = topics[0]
    if filters.claim is not None and f"claim:{filters.claim}" not in graph:
        allowed = [graph.nodes[n]["key"] for n in nodes_of_kind(graph, "claim")]
        raise FilterError("claim", filters.claim, allowed)
    cited_by = filters.cited_by
    if cited_by is not None and not any(f"{k}:{cited_by}" in graph for k in ("source", "work")):
        allowed = [graph.nodes[n]["key"] for n in nodes_of_kind(graph, "source")]
        raise FilterError("citing source", cited_by, [*allowed, "or a work key"])
    return replace(filters, topic=topic, topics=topics)


def topic_ids(name: str, graph: nx.MultiDiGraph) -> tuple[str, ...]:
    """The ids of the topics ``name`` names, sorted: its own topic when it is an id, else
    every topic with it as label or synonym (case and accents ignored); () for none."""
    if f"topic:{name}" in graph:
        return (name,)
    return tuple(sorted({t for t, n in topic_names(graph) if fold(n) == fold(name)}))


def filter_nodes(graph: nx.MultiDiGraph, filters: Filters) -> set[str]:
    """The nodes of ``filters.kind`` that pass every filter (check_filters them first)."""
    nodes = {n for n, d in graph.nodes(data=True) if d.get("kind") == filters.kind}
    if filters.topic is not None:
        ids = filters.topics or (filters.topic,)
        nodes &= set().union(*(_linked_from(graph, f"topic:{t}", "about") for t in ids))
    if filters.claim is not None or filters.stance is not None:
        nodes &= _with_stance(graph, filters.claim, filters.stance)
    if filters.year_from is not None or filters.year_to is not None:
        low, high = filters.year_from or -9999, filters.year_to or 9999
        nodes = {n for n in nodes if low <= (graph.nodes[n].get("year") or -(10**6)) <= high}
    if filters.cited_by is not None:
        citer = next(
            f"{k}:{filters.cited_by}"
            for k in ("source", "work")
            if f"{k}:{filters.cited_by}" in graph
        )
        nodes &= {v for _, v, k in graph.out_edges(citer, keys=True) if k == "cites"}
    return nodes


def _linked_from(graph: nx.MultiDiGraph, target: str, edge_kind: str) -> set[str]:
    return {u for u, _, k in graph.in_edges(target, keys=True) if k == edge_kind}


def _with_stance(graph: nx.MultiDiGraph, claim: str | None, stance: str | None) -> set[str]:
    """Subjects with ``stance`` on ``claim``; without a stance, any stance but "not addressed"."""
    claims = [f"claim:{claim}"] if claim is not None else nodes_of_kind(graph, "claim")
    found = set()
    for node in claims:
        for u, _, k, d in graph.in_edges(node, keys=True, data=True):
            value = d.get("value")
            if k == "stance" and (value == stance if stance else value != "not addressed"):
                found.add(u)
    return found
