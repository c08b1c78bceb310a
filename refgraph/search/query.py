"""The query language: user text -> a safe FTS5 expression, with topic synonyms widened.

Every term is quoted, so FTS5 operators and punctuation typed by a user mean nothing. A term
that names a topic, in any of its languages, becomes an OR of all the topic's names: that is
what makes "darmflora" and "microbiome" (or "zonuline" and "zonulin") find the same works.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx

from refgraph.compare import ascii_letters

_WORD = re.compile(r"[^\W_]+")  # what FTS5's unicode61 tokenizer treats as one token
_UNIT = re.compile(r'"([^"]*)"?|([^\s"]+)')
_MAX_TOPIC_WORDS = 4


def fold(text: str) -> str:
    """Case- and accent-insensitive form ("Łukasz" -> "lukasz"), as the index stores text
    (``index_rows`` folds every column this way) and as queries are folded."""
    return " ".join(_WORD.findall(ascii_letters(text).casefold()))


def nodes_of_kind(graph: nx.MultiDiGraph, kind: str) -> list[str]:
    return sorted(n for n, d in graph.nodes(data=True) if d.get("kind") == kind)


def topic_nodes(graph: nx.MultiDiGraph) -> list[str]:
    return nodes_of_kind(graph, "topic")


def topic_names(graph: nx.MultiDiGraph) -> Iterator[tuple[str, str]]:
    """(topic id, name) for every label and synonym of every topic."""
    for node in topic_nodes(graph):
        data = graph.nodes[node]
        for name in (data["key"], data.get("label", ""), *data.get("synonyms", ())):
            if name:
                yield data["key"], name


def fts_query(text: str, graph: nx.MultiDiGraph) -> str:
    """User text -> a safe FTS5 expression ('' when nothing searchable is left).

    Words are ANDed; "quoted words" form a phrase; a bare OR between two terms means OR.
    Every term is quoted, so FTS5 operators and punctuation in user text mean nothing.
    Bare words of three letters or more match as prefixes ("zonulin" finds "zonuline").
    A run of words that is a topic's label or synonym becomes an OR of all its names.
    """
    synonyms = _synonym_groups(graph)
    parts: list[str] = []
    run: list[str] = []  # consecutive bare words, matched against topic names together
    for match in _UNIT.finditer(text):
        if match[1] is None and match[2] != "OR":
            run.extend(_WORD.findall(fold(match[2])))
            continue
        parts.extend(_words(run, synonyms))
        run = []
        if match[1] is None:
            parts.append("OR")
        elif words := _WORD.findall(fold(match[1])):  # a phrase: exact, unless a topic name
            parts.append(synonyms.get(" ".join(words)) or _phrase(words, prefix=False))
    parts.extend(_words(run, synonyms))
    return _join(parts)


def _words(words: list[str], synonyms: dict[str, str]) -> list[str]:
    """Greedy longest match of topic names over a run of words; other words stand alone."""
    out, i = [], 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_TOPIC_WORDS), i, -1):
            group = synonyms.get(" ".join(words[i:j]))
            if group:
                out.append(group)
                i = j
                break
        else:
            out.append(_phrase(words[i : i + 1], prefix=True))
            i += 1
    return out


def _phrase(words: list[str], *, prefix: bool) -> str:
    # Tokens hold only letters and digits, so quoting cannot be broken out of.
    star = " *" if prefix and len(words[-1]) >= 3 else ""
    return f'"{" ".join(words)}"{star}'


def _join(parts: list[str]) -> str:
    """Explicit ANDs between terms (FTS5 has no implicit AND before a group); dangling ORs
    (at the ends or doubled) dropped so that the expression always parses."""
    cleaned: list[str] = []
    for part in parts:
        if part == "OR" and (not cleaned or cleaned[-1] == "OR"):
            continue
        if part != "OR" and cleaned and cleaned[-1] != "OR":
            cleaned.append("AND")
        cleaned.append(part)
    while cleaned and cleaned[-1] == "OR":
        cleaned.pop()
    return " ".join(cleaned)


def _synonym_groups(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Folded topic name -> '("name" * OR "other" * ...)' for every name of that topic."""
    topics_of: dict[str, set[str]] = {}
    names_of: dict[str, set[str]] = {}
    for topic, name in topic_names(graph):
        if fold(name):
            topics_of.setdefault(fold(name), set()).add(topic)
            names_of.setdefault(topic, set()).add(fold(name))
    groups = {}
    for name, topics in topics_of.items():
        # A name shared by two topics stands for both: widen it to the names of each.
        names = sorted(set().union(*(names_of[t] for t in topics)))
        groups[name] = "(" + " OR ".join(_phrase(n.split(), prefix=True) for n in names) + ")"
    return groups
