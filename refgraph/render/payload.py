"""The graph as the page's JSON: nodes, edges, positions, sizes, safe links, contradictions.

Only JSON values leave this module. Everything from a .bib, an annotation or Crossref stays
plain text here; the page puts it into the DOM as text, never as markup.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

import networkx as nx

from refgraph.jsontext import compact_json
from refgraph.render.adjacency import linked_pairs, predecessors, successors
from refgraph.render.topicmap import NO_TOPIC, OVERVIEW_LIMIT, TopicLayout, topic_layout

# Above this many nodes the browser gets fixed positions and runs no physics: vis-network's
# stabilisation takes ~24 s at 100 nodes and minutes at 1,000 on a 2-core machine.
PHYSICS_LIMIT = 300

_NODE_SIZE = {"source": 22.0, "topic": 16.0, "claim": 18.0}


def web_url(url: Any) -> str | None:
    """The URL when it is an absolute http(s) URL with a host; anything else is dropped."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 for c in url.strip()):
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def _size(count: Any, log: bool) -> float:
    """Node radius: sqrt of in-library citations or log2 of Crossref's count, so that a
    work cited 400 times is not 400 times the area of one cited once."""
    if not isinstance(count, int) or count <= 0:
        return 8.0 if log else 10.0
    if log:
        return round(8.0 + 3.0 * math.log2(1 + count), 1)
    return round(min(10.0 + 6.0 * math.sqrt(count), 60.0), 1)


# What the canvas, tooltips, search, filters and the timeline read of every node at once;
# the rest (record, audit, notices, ...) waits in the details block until a node is opened.
_BRIEF = ("title", "year", "journal", "cited_in_library", "retracted", "key", "authors",
          "keywords", "doi", "synonyms", "summary", "description")  # fmt: skip
# Read by no part of the page (abstracts, provenance of the entry, Crossref's count, which
# sets the size): left out of it.
_UNUSED = frozenset({"abstract", "origin", "origin_detail", "citation_count"})
_UNUSED_RECORD = {"subtitle", "type", "origin_detail", "retrieved"}


def _compact(value: Any) -> Any:
    """Dict entries holding nothing (None, "", [], {}, False) dropped, at any depth: the
    page reads a missing value exactly as an empty one. Lists keep every item (emptied
    dicts in them too). Only dicts and lists are walked into: a node's attributes are
    mostly strings and lists of strings, and calling this on each of them was 7 s of a
    50,000-work page."""
    if isinstance(value, dict):
        return _compact_dict(value)
    if isinstance(value, list):
        return [_compact(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def _compact_dict(value: dict[str, Any], leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """``_compact`` of a dict, without the keys in ``leave_out``. A truthy value is tested
    once (most are non-empty strings: at 50,000 works this runs for 1.5 million values)."""
    kept = {}
    for k, v in value.items():
        if k in leave_out:
            continue
        if not v:
            # Of the falsy values only 0 and 0.0 (and the like) are kept.
            if v is False or v is None or isinstance(v, (str, list, dict)):
                continue
        elif isinstance(v, dict):
            v = _compact_dict(v)
            if not v:  # emptied: dropped like an empty one
                continue
        elif isinstance(v, list):  # not empty, and lists keep every item: stays
            v = [_compact(x) if isinstance(x, (dict, list)) else x for x in v]
        kept[k] = v
    return kept


def _split(attrs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(brief, details) of a node's attributes; the brief keeps of the citation as
    written only what search reads and the checked values do not already say."""
    data = _compact_dict(attrs, _UNUSED)
    record = data.get("record")
    if isinstance(record, dict):
        data["record"] = {k: v for k, v in record.items() if k not in _UNUSED_RECORD}
    brief = {k: data.pop(k) for k in _BRIEF if k in data}
    cited = data.get("cited")
    if isinstance(cited, dict):
        found = {k: cited[k] for k in ("title", "doi", "authors") if k in cited}
        found = {k: v for k, v in found.items() if v != brief.get(k)}
        if found:
            brief["cited"] = found
    return brief, data


SHORT_NAME = 42  # characters
# Origins of a topic or an assignment that no person wrote or chose (refgraph.discovery).
AUTOMATIC = ("auto", "automatic")


def short_name(text: str, limit: int = SHORT_NAME) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters with an
    ellipsis: "'Leaky gut syndrome' is a valid clinical…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


def display_label(attrs: dict[str, Any]) -> str:
    """The name the page shows for a node: a claim or a source document by its own words
    (its text or title, shortened), not by an id ("lgs-diagnosis", "Source 001"); anything
    else by its label."""
    label = str(attrs.get("label", ""))
    title = attrs.get("title")
    if attrs.get("kind") in ("claim", "source") and isinstance(title, str) and title.strip():
        return short_name(title)
    return label


def _topic_size(works: int) -> float:
    """A topic's radius grows with the square root of its number of works (area ~ works)."""
    return round(min(16.0 + 2.5 * math.sqrt(works), 90.0), 1)


def _node(node: str, attrs: dict[str, Any], works: int = 0) -> tuple[list[Any], str]:
    """``[id, kind, label, size, size by Crossref, x, y, brief]`` and the details as JSON
    text: the page parses one node's details when it is opened, not 18,000 at load.
    ``works``: for a topic, how many works are about it."""
    kind = attrs.get("kind", "work")
    if kind in ("work", "external"):
        size = _size(attrs.get("cited_in_library"), log=False)
        size_crossref = _size(attrs.get("citation_count"), log=True)
    elif kind == "topic":
        size = size_crossref = _topic_size(works)
    else:
        size = size_crossref = _NODE_SIZE.get(kind, 12.0)
    brief, details = _split(attrs)
    if kind == "topic" and attrs.get("origin") in AUTOMATIC:
        brief["origin"] = "automatic"  # drawn and described apart from curated topics
    links = {
        name: link
        # The DOI link comes from the node (refgraph.doi.doi_link), never built here.
        for name, link in (("doi", attrs.get("doi_url")), ("url", web_url(attrs.get("url"))))
        if link
    }
    if links:
        details["links"] = links
    row = [node, kind, display_label(attrs) or str(node), size, size_crossref, None, None, brief]
    return row, compact_json(details) if details else ""


def _edge(u: int, v: int, key: Any, attrs: dict[str, Any], fixed: bool) -> tuple[Any, ...]:
    """``(from, to, kind)`` by node index, plus the attributes the page shows (topic
    origin, stance value, note, evidence); a citation's own attributes are shown nowhere.
    A tuple: JSON writes it as the same array, in less memory than a list (390,000 edges
    at 50,000 works)."""
    kind = attrs.get("kind", key)
    row = (u, v, kind)
    if kind == "cites":  # 9 edges in 10 at 50,000 works
        return row
    extra = {k: val for k, val in attrs.items() if k != "kind"}
    if fixed and kind == "about":
        # 70,000 copies of "topic model: 90% of its topic weight (...)" at 50,000 works:
        # big pages say only where an assignment came from.
        extra.pop("detail", None)
    return (*row, extra) if extra else row


def _edges(graph: nx.MultiDiGraph, index: dict[str, int], fixed: bool) -> list[tuple[Any, ...]]:
    """``_edge`` of every edge, in the graph's edge order (see refgraph.render.adjacency);
    the nodes' indexes looked up once per linked pair, not per edge."""
    edges = []
    for u, nbrs in successors(graph).items():
        i = index[u]
        for v, keyed in nbrs.items():
            j = index[v]
            for key, attrs in keyed.items():
                edges.append(_edge(i, j, key, attrs, fixed))
    return edges


def _about(graph: nx.MultiDiGraph, node: str, attrs: dict[str, Any]) -> int:
    """For a topic, how many nodes are about it (its incoming ``about`` edges); 0 for
    any other node. Only the topics' own edges are read, not all 380,000 of a
    50,000-work graph."""
    if attrs.get("kind") != "topic":
        return 0
    return sum(1 for keyed in predecessors(graph)[node].values() if "about" in keyed)


def contradictions(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each source that takes a side on a claim while citing works that take the other side.

    Seed 001 supports "tests-validated" and cites works that dispute it: that is one item,
    listing those works with their notes.
    """
    opposite = {"supports": "disputes", "disputes": "supports"}
    stance = {(u, v): d.get("value") for u, v, d in linked_pairs(graph, "stance")}
    found = []
    for (subject, claim), value in sorted(stance.items()):
        if graph.nodes[subject].get("kind") != "source" or value not in opposite:
            continue
        cited = sorted(v for _, v, k in graph.out_edges(subject, keys=True) if k == "cites")
        against = [
            {"id": w, "value": stance[(w, claim)], "note": graph[w][claim]["stance"].get("note")}
            for w in cited
            if stance.get((w, claim)) == opposite[value]
        ]
        if against:
            found.append({"source": subject, "claim": claim, "value": value, "works": against})
    return found


class Lines(Protocol):
    """Where the details' lines go: a list, or anything else with ``append``."""

    def append(self, text: str, /) -> None: ...


def graph_payload(
    graph: nx.MultiDiGraph,
    *,
    title: str,
    subtitle: str,
    details: Lines | None = None,
    layout: Callable[[], TopicLayout] | None = None,
) -> dict[str, Any]:
    """Everything the page script reads at load, as one JSON-ready dict, and each node's
    remaining attributes as JSON text (empty when none), in node order, appended to
    ``details`` as they are made (the renderer gzips them as they come), or without it
    listed under ``"details"``. ``layout``, when given, returns ``topic_layout(graph)``
    (computed elsewhere meanwhile); it is called only when the page needs the topic map."""
    lines: Lines = [] if details is None else details
    nodes = []
    for n, a in graph.nodes(data=True):
        row, text = _node(n, a, _about(graph, n, a))  # _node copies what it keeps
        nodes.append(row)
        lines.append(text)
    fixed = len(nodes) > PHYSICS_LIMIT
    # The edges before the topic map: build's page child makes them while the layout
    # child finishes the layout (the topic map only appends a row, indexes stay).
    edges = _edges(graph, {row[0]: i for i, row in enumerate(nodes)}, fixed)
    found = contradictions(graph)
    if fixed:
        topicmap = _topicmap(graph, nodes, lines, layout() if layout else topic_layout(graph))
    else:
        topicmap = None
    payload = {
        "title": title,
        "subtitle": subtitle,
        "physics": not fixed,
        "nodes": nodes,
        "edges": edges,
        "contradictions": found,
        "topicmap": topicmap,
    }
    if details is None:
        payload["details"] = lines
    return payload


def _topicmap(
    graph: nx.MultiDiGraph, nodes: list[list[Any]], details: Lines, layout: TopicLayout
) -> dict[str, Any]:
    """Fixed positions for every node row (topicmap.grouped_layout) and what the page needs
    for the topic overview: ``overview`` (open on it), per node its group's index or -1
    (``group``), per group ``[node index of its topic, works, radius]`` and the strongest
    links between groups ``[group, group, strength]``. Works of no topic get a group node of
    their own (NO_TOPIC, "No topic (339)"), added to ``nodes`` when the page opens on the
    overview; ``unsorted`` is that group's ``[x, y, radius, works]`` (None when every work
    has a topic)."""
    main, links, positions, groups = layout
    shown = sum(1 for row in nodes if row[1] != "external")
    overview = shown > OVERVIEW_LIMIT and len(groups) > 1
    if overview and any(g.topic == NO_TOPIC for g in groups):
        none = next(g for g in groups if g.topic == NO_TOPIC)
        size = _topic_size(none.works)
        nodes.append([NO_TOPIC, "topic", f"No topic ({none.works})", size, size, none.x, none.y,
                      {"title": "Works with no topic", "group": True}])  # fmt: skip
        details.append("")
    index = {row[0]: i for i, row in enumerate(nodes)}
    for row in nodes:
        if row[0] in positions:
            row[5], row[6] = positions[row[0]]
    number = {g.topic: i for i, g in enumerate(groups)}
    group = [-1] * len(nodes)
    for node, topic in main.items():
        group[index[node]] = number[topic]
    for node, kind in graph.nodes(data="kind"):
        if kind == "work" and node not in main and NO_TOPIC in number:
            group[index[node]] = number[NO_TOPIC]
    return {
        "overview": overview,
        "group": group,
        "groups": [[index.get(g.topic, -1), g.works, g.radius] for g in groups],
        "links": [[number[a], number[b], w] for a, b, w in links if a in number and b in number],
        # the works of no topic, [x, y, radius, works]: the page labels their disc
        "unsorted": next(
            ([g.x, g.y, g.radius, g.works] for g in groups if g.topic == NO_TOPIC), None
        ),
    }
