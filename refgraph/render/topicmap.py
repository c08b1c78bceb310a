"""The topic map: each work's main topic, how strongly topics are linked, and a layout that
draws every topic's works around it, topics apart.

Big libraries are shown, not drawn (VOSviewer and CiteSpace open on clusters): the page opens
a library of more than ``OVERVIEW_LIMIT`` nodes on its topics alone, one node per topic
sized by its works and linked by the citations and authors the topics share; a click or a
zoom opens a topic's works. The same layout serves the full view of smaller libraries: works
pulled to their main topic, each topic's works laid out on their own (with the author and
venue hubs of ``structure``), the topics' discs then placed by their links and pushed apart
until none overlaps. Laying out twenty groups of 2,500 nodes is also much cheaper than one
graph of 50,000.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from refgraph.render.adjacency import linked_pairs, predecessors, successors
from refgraph.render.layout import EDGE_LENGTH, beside, force_layout, kd_tree, packed_layout
from refgraph.render.structure import author_keys, structure_links

# Above this many nodes drawn at load (outside works are hidden then), the page opens on
# the topic overview.
OVERVIEW_LIMIT = 5000
# The works of no topic form a group of their own, shown by a node the payload adds.
NO_TOPIC = "topic:~none"
# An author with works in more topics than this links them all only weakly: left out.
_AUTHOR_TOPICS_CAP = 12
# Links kept per topic in the overview and the group layout: the strongest few.
_LINKS_PER_TOPIC = 4

_ORIGIN_RANK = {"curation": 0, "match": 1}
# Works inside a topic's disc stand closer than linked nodes elsewhere: a map of 3,000 works
# fitted on one screen still shows each work as a dot.
GROUP_SPACING = 0.5


def main_topics(graph: nx.MultiDiGraph) -> dict[str, str]:
    """work -> its main topic: the ``about`` edge marked ``main``, else a curated one, else
    a matched one, else any; among equals the first listed (graph order)."""
    best: dict[str, tuple[tuple[int, int, int], str]] = {}
    for order, (u, v, attrs) in enumerate(linked_pairs(graph, "about")):
        rank = (0 if attrs.get("main") else 1, _ORIGIN_RANK.get(str(attrs.get("origin")), 2), order)
        if u not in best or rank < best[u][0]:
            best[u] = (rank, v)
    return {u: v for u, (_, v) in best.items()}


@dataclass(frozen=True)
class TopicCitations:
    """The citations between works, by the works' main topics (works of no topic under
    NO_TOPIC): ``within`` a topic, ``(citing, cited)`` in graph order; ``across`` two
    topics, how many per ``(a, b)`` with a < b. One pass over the edges (306,000
    citations at 50,000 works) serves ``topic_links`` and ``grouped_layout``."""

    within: dict[str, list[tuple[str, str]]]
    across: Counter[tuple[str, str]]

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, main: dict[str, str]) -> TopicCitations:
        group = {
            node: main.get(node, NO_TOPIC)
            for node, kind in graph.nodes(data="kind")
            if kind == "work"
        }
        within: dict[str, list[tuple[str, str]]] = {}
        across: Counter[tuple[str, str]] = Counter()
        for u, v, _ in linked_pairs(graph, "cites"):
            a, b = group.get(u), group.get(v)
            if a is None or b is None:  # a source, claim or outside work
                continue
            if a == b:
                within.setdefault(a, []).append((u, v))
            elif a and b:
                across[(min(a, b), max(a, b))] += 1
        return cls(within, across)


def topic_links(
    graph: nx.MultiDiGraph, main: dict[str, str], citations: TopicCitations | None = None
) -> dict[tuple[str, str], float]:
    """(topic a, topic b) with a < b -> strength: one per citation from a work of one to a
    work of the other, plus one per author with works in both (authors spread over more than
    twelve topics are left out). Works of no topic count under NO_TOPIC. ``citations``:
    ``TopicCitations.of(graph, main)``, when already made."""
    if citations is None:
        citations = TopicCitations.of(graph, main)
    weights = Counter(citations.across)
    by_author: dict[str, set[str]] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") == "work":
            for name in author_keys(attrs):
                by_author.setdefault(name, set()).add(main.get(node, NO_TOPIC))
    for topics in by_author.values():
        if 1 < len(topics) <= _AUTHOR_TOPICS_CAP:
            for pair in combinations(sorted(topics), 2):
                weights[pair] += 1
    return dict(weights)


def strongest_links(
    links: dict[tuple[str, str], float], per_topic: int = _LINKS_PER_TOPIC
) -> list[tuple[str, str, float]]:
    """The links that are among the ``per_topic`` strongest of either end, strongest first:
    a map of 40 topics linked all to all says nothing."""
    ranked = sorted(links.items(), key=lambda item: (-item[1], item[0]))
    kept: Counter[str] = Counter()
    out = []
    for (a, b), weight in ranked:
        if kept[a] < per_topic or kept[b] < per_topic:
            kept[a] += 1
            kept[b] += 1
            out.append((a, b, weight))
    return out


@dataclass(frozen=True)
class Group:
    """One topic's disc on the map: its centre, radius (canvas units) and works."""

    topic: str
    x: float
    y: float
    radius: float
    works: int


# What the topic map needs from the graph alone, and the slowest part of a large page
# (about half its time at 50,000 works): build computes it in a process of its own while
# the page's nodes are made (refgraph.cli.build).
TopicLayout = tuple[
    dict[str, str], list[tuple[str, str, float]], dict[Hashable, tuple[float, float]], list[Group]
]


# The local layouts of some topics: topic -> node -> (x, y) around the topic's centre.
LocalLayouts = dict[str, dict[Hashable, tuple[float, float]]]
# Runs a job elsewhere and returns a function that gives its answer (processes.in_child).
Share = Callable[[Callable[[], LocalLayouts]], Callable[[], LocalLayouts]]
# Below this many works the topics' layouts are not worth a second process.
SHARE_ABOVE_WORKS = 5000
# The other process's part of the topics' layouts (by their estimated cost): at 50,000
# works this process also spends ~0.6 s placing the discs and the outside works after.
_OTHER_PART = 0.55


def topic_layout(graph: nx.MultiDiGraph, *, share: Share | None = None) -> TopicLayout:
    """(main topic per work, strongest topic links, positions, groups) for ``graph``:
    ``main_topics``, ``strongest_links`` of ``topic_links`` and ``grouped_layout``.
    Depends on the graph only (deterministic), so it may be computed anywhere; ``share``
    (``processes.in_child``) lays out about half the topics in another process, the same
    positions in less time on a second core (see ``grouped_layout``)."""
    main = main_topics(graph)
    citations = TopicCitations.of(graph, main)
    links = strongest_links(topic_links(graph, main, citations))
    positions, groups = grouped_layout(graph, main, links, citations, share=share)
    return main, links, positions, groups


def grouped_layout(
    graph: nx.MultiDiGraph,
    main: dict[str, str],
    links: list[tuple[str, str, float]],
    citations: TopicCitations | None = None,
    *,
    share: Share | None = None,
) -> tuple[dict[Hashable, tuple[float, float]], list[Group]]:
    """Positions for every node of ``graph`` (and NO_TOPIC when some work has no topic), and
    the groups: each topic's works laid out around it, the discs placed by ``links`` and
    pushed apart; sources, claims, outside works and topics that are no work's main topic
    next to the nodes they are linked to. Deterministic. ``citations``: see
    ``topic_links``.

    Each topic's works are laid out on their own (``_local_layout``), which is two thirds
    of the time at 50,000 works: with ``share`` and more than SHARE_ABOVE_WORKS works, the
    topics are dealt into two halves of about equal size and ``share`` lays out one half
    (a forked process: it finds the works, links and hubs made here) while this process
    lays out the other. Each topic's layout depends on its own nodes and links alone, so
    the positions are the same."""
    if citations is None:
        citations = TopicCitations.of(graph, main)
    members: dict[str, list[Hashable]] = {}
    for node, kind in graph.nodes(data="kind"):
        if kind == "work":
            members.setdefault(main.get(node, NO_TOPIC), []).append(node)
    group_of = {w: g for g, works in members.items() for w in works}
    edges: dict[str, list[tuple[Hashable, Hashable]]] = {
        g: list(citations.within.get(g, ())) for g in members
    }
    # An author's or venue's hub within one group, when it has two works there.
    in_group: dict[tuple[Hashable, str], list[Hashable]] = {}
    for hub, work in structure_links(graph):
        in_group.setdefault((hub, group_of[work]), []).append(work)
    for (hub, g), works in in_group.items():
        if len(works) > 1:
            edges[g].extend(((hub, g), w) for w in works)

    def lay_out(topics: list[str]) -> LocalLayouts:
        return {g: _local_layout(g, members[g], edges[g]) for g in topics}

    order = sorted(members)
    if share is not None and len(group_of) > SHARE_ABOVE_WORKS and len(order) > 1:
        cost = {g: _layout_cost(len(members[g]), len(members[g]) + len(edges[g])) for g in order}
        # The other process gets more than half: this one also makes everything around.
        mine, theirs = _halves(order, cost, other=_OTHER_PART)
        kd_tree()  # imported once, before the fork, not by both processes after
        answer = share(lambda: lay_out(theirs))
        done = lay_out(mine)
        done.update(answer())
    else:
        done = lay_out(order)
    # In topic order, as made in one process: the radii are summed in this order.
    local = {g: done[g] for g in order}
    radius = {
        g: max(math.hypot(*p) for p in pos.values()) + EDGE_LENGTH * GROUP_SPACING
        for g, pos in local.items()
    }
    centres = _place_groups(sorted(g for g in members if g != NO_TOPIC), radius, links)
    if NO_TOPIC in members:
        centres[NO_TOPIC] = _apart(centres, radius)
    positions: dict[Hashable, tuple[float, float]] = {}
    for g, pos in local.items():
        gx, gy = centres[g]
        for n, (x, y) in pos.items():
            positions[n] = (round(gx + x, 1), round(gy + y, 1))
    _place_the_rest(graph, positions)
    groups = [Group(g, *centres[g], round(radius[g], 1), len(members[g])) for g in sorted(members)]
    return positions, groups


def _local_layout(
    topic: str, works: list[Hashable], edges: list[tuple[Hashable, Hashable]]
) -> dict[Hashable, tuple[float, float]]:
    """One topic's works (and the topic) laid out around the topic (NO_TOPIC's around their
    centroid) with its citations and hubs (``edges``); the hubs are left out."""
    centre = [topic] if topic != NO_TOPIC else []
    star = [(topic, w) for w in works] if centre else []
    hubs = dict.fromkeys(u for u, _ in edges if isinstance(u, tuple))
    pos = packed_layout([*centre, *works, *hubs], [*star, *edges], spacing=GROUP_SPACING)
    cx, cy = pos[topic] if centre else _centroid(pos[w] for w in works)
    return {n: (x - cx, y - cy) for n, (x, y) in pos.items() if n not in hubs}


def _halves(topics: list[str], cost: dict[str, float], other: float) -> tuple[list[str], list[str]]:
    """``topics`` dealt into two lists whose total ``cost`` is about ``1 - other`` and
    ``other`` of the whole: largest first, each to the list furthest below its part;
    each list in the order of ``topics``. Deterministic."""
    part = (1.0 - other, other)
    load = [0.0, 0.0]
    side: dict[str, int] = {}
    for g in sorted(topics, key=lambda g: (-cost[g], g)):
        lower = 0 if load[0] / part[0] <= load[1] / part[1] else 1
        side[g] = lower
        load[lower] += cost[g]
    return [g for g in topics if side[g] == 0], [g for g in topics if side[g] == 1]


def _layout_cost(nodes: int, links: int) -> float:
    """About how long ``force_layout`` takes for a piece of this size (arbitrary units):
    its rounds (see there) times the nodes and links each round goes through."""
    size = nodes + 2 * links
    return size * max(30.0, min(80.0, 2_000_000 / (size + 1)))


def _apart(
    centres: dict[str, tuple[float, float]], radius: dict[str, float]
) -> tuple[float, float]:
    """The no-topic disc's centre: right of the topics' discs, level with their middle.
    Placed among them by its links it stood in the middle of the map, an unlabelled dense
    blob that looked like noise (339 works of krr.bib)."""
    if not centres:
        return (0.0, 0.0)
    right = max(x + radius[g] for g, (x, _) in centres.items())
    top = min(y - radius[g] for g, (_, y) in centres.items())
    bottom = max(y + radius[g] for g, (_, y) in centres.items())
    return (right + EDGE_LENGTH * 2 + radius[NO_TOPIC], (top + bottom) / 2)


def _centroid(points) -> tuple[float, float]:
    pts = list(points)
    return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))


def _place_groups(
    ids: list[str], radius: dict[str, float], links: list[tuple[str, str, float]]
) -> dict[str, tuple[float, float]]:
    """Group centres: a force layout of the groups by their links, scaled to the discs, then
    overlapping discs pushed apart (a few rounds over all pairs: there are tens of topics)."""
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    pairs = [(a, b) for a, b, _ in links if a in radius and b in radius]
    base = force_layout(ids, pairs, seed=1)
    mean = sum(radius.values()) / len(radius)
    scale = 1.3 * mean / EDGE_LENGTH
    xs = {g: base[g][0] * scale for g in ids}
    ys = {g: base[g][1] * scale for g in ids}
    gap = EDGE_LENGTH
    for _ in range(200):
        moved = False
        for a, b in combinations(ids, 2):
            dx, dy = xs[b] - xs[a], ys[b] - ys[a]
            d = math.hypot(dx, dy)
            need = radius[a] + radius[b] + gap
            if d >= need:
                continue
            moved = True
            if d < 1e-6:
                dx, dy, d = 1.0, 0.0, 1.0
            push = (need - d) / 2 / d
            xs[a] -= dx * push
            ys[a] -= dy * push
            xs[b] += dx * push
            ys[b] += dy * push
        if not moved:
            break
    return {g: (xs[g], ys[g]) for g in ids}


def _place_the_rest(graph: nx.MultiDiGraph, positions: dict[Hashable, tuple[float, float]]) -> None:
    """Sources, claims, outside works and topics not yet placed: next to their placed
    neighbours (on a small spiral, see layout.beside); with none, on a spiral beside the map."""
    crowd: dict[Hashable, int] = {}
    lone = []
    pred, succ = predecessors(graph), successors(graph)
    for node in graph.nodes:
        if node in positions:
            continue
        # networkx's own dicts (see adjacency): 25,000 outside works at 50k.
        linked = {*pred[node], *succ[node]}
        near = sorted((n for n in linked if n in positions), key=str)[:50]
        if near:
            positions[node] = beside(near, positions, crowd)
        else:
            lone.append(node)
    if lone:
        right = max((p[0] for p in positions.values()), default=0.0) + EDGE_LENGTH * 4
        for i, node in enumerate(lone):
            r = EDGE_LENGTH * 0.8 * math.sqrt(i)
            a = i * math.pi * (3 - math.sqrt(5))
            positions[node] = (round(right + r * math.cos(a), 1), round(r * math.sin(a), 1))
