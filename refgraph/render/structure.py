"""Links that give a library's layout its shape when citations and annotations are few.

A library with no known citations and no annotations (krr.bib: 3,195 works, no edge at all)
would be laid out as an even, featureless disc. Works that share an author or a venue
belong together, so the layout gets one extra "hub" per author or venue with two or more
works, linked to each of them: the force layout pulls each author's and each venue's works
together, and a work's topic (its ``about`` edges, already in the graph) pulls it to the
topic. A hub links its n works with n edges, not n²/2 pair links. Hubs are layout-only:
they are neither drawn nor sent to the page.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable
from functools import lru_cache
from typing import Any

import networkx as nx


# Names and venues recur across a library's works (an author's every paper, a journal's
# every article; also among krr.bib's unique entries), and each is folded twice per page
# (the layout's hubs, the topics' links): remembered. Bounded for long-lived callers.
@lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _venue(attrs: dict[str, Any]) -> str:
    for name in ("journal", "booktitle", "container_title"):
        value = attrs.get(name)
        if isinstance(value, str) and value.strip():
            return _fold(value)
    return ""


def author_keys(attrs: dict[str, Any]) -> list[str]:
    """A work's authors as compared here: as written, case, accents and spacing folded."""
    names = {_fold(a) for a in attrs.get("authors") or () if isinstance(a, str) and a.strip()}
    return sorted(names)


def structure_links(graph: nx.MultiDiGraph) -> list[tuple[Hashable, Hashable]]:
    """``(hub, work)`` pairs: one hub per author (as written, case and accents folded) and
    per venue (journal or book title) shared by two or more of the graph's works. Hub ids
    are tuples ``("author", name)`` or ``("venue", name)``, which no graph node id can be.
    Deterministic: in node order."""
    members: dict[tuple[str, str], list[Hashable]] = {}
    for node, attrs in graph.nodes(data=True):
        if attrs.get("kind") != "work":
            continue
        venue = _venue(attrs)
        keys = [("author", n) for n in author_keys(attrs)] + ([("venue", venue)] if venue else [])
        for key in keys:
            members.setdefault(key, []).append(node)
    return [(hub, work) for hub, works in members.items() if len(works) > 1 for work in works]
