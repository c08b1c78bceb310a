"""The graph as the page's JSON: nodes, edges, positions, sizes, safe links, contradictions.

Only JSON values leave this module. Everything from a .bib, an annotation or Crossref stays
plain text here; the page puts it into the DOM as text, never as markup.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote, urlsplit

import networkx as nx

from refgraph.render.layout import satellite_layout

# Above this many nodes the browser gets fixed positions and runs no physics: vis-network's
# stabilisation takes ~24 s at 100 nodes and minutes at 1,000 on a 2-core machine.
PHYSICS_LIMIT = 300

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_NODE_SIZE = {"source": 22.0, "topic": 16.0, "claim": 18.0}


def doi_url(doi: Any) -> str | None:
    """``https://doi.org/<doi>`` for a well-formed DOI, percent-encoded; otherwise None."""
    if not isinstance(doi, str) or not _DOI.match(doi.strip()):
        return None
    return "https://doi.org/" + quote(doi.strip(), safe="/")


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


def _node(node: str, attrs: dict[str, Any]) -> dict[str, Any]:
    kind = attrs.get("kind", "work")
    out: dict[str, Any] = {"id": node, "kind": kind, "label": str(attrs.get("label", node))}
    if kind in ("work", "external"):
        out["size"] = _size(attrs.get("cited_in_library"), log=False)
        out["size_crossref"] = _size(attrs.get("citation_count"), log=True)
    else:
        out["size"] = out["size_crossref"] = _NODE_SIZE.get(kind, 12.0)
    out["links"] = {
        name: link
        for name, link in (("doi", doi_url(attrs.get("doi"))), ("url", web_url(attrs.get("url"))))
        if link
    }
    out["data"] = attrs
    return out


def _edge(u: str, v: str, key: Any, attrs: dict[str, Any]) -> dict[str, Any]:
    return {"from": u, "to": v, "kind": attrs.get("kind", key), **attrs}


def contradictions(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Each source that takes a side on a claim while citing works that take the other side.

    Seed 001 supports "tests-validated" and cites works that dispute it: that is one item,
    listing those works with their notes.
    """
    opposite = {"supports": "disputes", "disputes": "supports"}
    stance = {
        (u, v): d.get("value") for u, v, k, d in graph.edges(keys=True, data=True) if k == "stance"
    }
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


def graph_payload(graph: nx.MultiDiGraph, *, title: str, subtitle: str) -> dict[str, Any]:
    """Everything the page script reads, as one JSON-ready dict."""
    nodes = [_node(n, dict(a)) for n, a in graph.nodes(data=True)]
    fixed = len(nodes) > PHYSICS_LIMIT
    if fixed:
        outside = (n for n, kind in graph.nodes(data="kind") if kind == "external")
        positions = satellite_layout(graph.nodes, graph.edges(), outside)
        for item in nodes:
            item["x"], item["y"] = positions[item["id"]]
    return {
        "title": title,
        "subtitle": subtitle,
        "physics": not fixed,
        "nodes": nodes,
        "edges": [_edge(u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)],
        "contradictions": contradictions(graph),
    }
