"""The SQLite FTS5 index: one row per work, source and external work of a graph.

Columns hold what a reader searches: title, topic labels and synonyms (English and Dutch),
keywords, authors, journal, abstract and stance notes. The file is rebuilt only when a hash
of its rows changes, into a temporary file that atomically replaces the old one, so a reader
never sees half an index and an unchanged library costs one hash, not a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import networkx as nx

from refgraph.atomic import write_bytes_atomic
from refgraph.doi import doi_key, is_valid_doi
from refgraph.search.filters import SEARCH_KINDS, Filters, filter_nodes
from refgraph.search.query import fold, fts_query

SCHEMA_VERSION = 2  # 2: columns stored folded
COLUMNS = ("key", "title", "topics", "keywords", "authors", "journal", "abstract", "notes")
# bm25 weights in column order, the unindexed node column first. Title and topics dominate:
# a work about zonulin names it there, a work that mentions it in passing only in its abstract.
WEIGHTS = (0.0, 2.0, 10.0, 8.0, 4.0, 3.0, 1.5, 1.0, 2.0)


@dataclass(frozen=True)
class Hit:
    node: str
    kind: str
    key: str
    label: str
    title: str
    year: int | None
    score: float | None  # bm25 (lower is better); None when there was no free-text query


def index_rows(graph: nx.MultiDiGraph) -> list[tuple[str, ...]]:
    """One row per searchable node: (node id, *COLUMNS), sorted so the hash is stable."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") not in SEARCH_KINDS:
            continue
        topics = [name for n in _out(graph, node, "about") for name in _names(graph.nodes[n])]
        notes = [
            d.get("note", "")
            for _, _, k, d in graph.out_edges(node, keys=True, data=True)
            if k == "stance"
        ]
        cited = data.get("cited") or {}  # the checked title first, the cited one too
        titles = dict.fromkeys([data.get("title", ""), cited.get("title", "")])
        abstracts = dict.fromkeys([data.get("abstract", ""), data.get("summary", "")])
        rows.append(
            (
                node,
                data.get("key", ""),
                " ".join(titles),
                " ; ".join(topics),
                " ; ".join(data.get("keywords", ())),
                " ; ".join(data.get("authors", ())),
                data.get("journal", ""),
                " ".join(abstracts),
                " ".join(notes),
            )
        )
    # Stored folded ("Łukasz" as "lukasz"), as queries are: FTS5's own diacritic removal
    # leaves letters such as ł, ø and æ alone.
    folded = ((row[0], *(fold(str(v or "")) for v in row[1:])) for row in rows)
    return sorted(folded, key=lambda r: r[0])


def _dois(data: dict[str, Any]) -> set[str]:
    """A node's DOIs as keys: the checked one and the one cited."""
    cited = data.get("cited") or {}
    return {doi_key(d) for d in (data.get("doi", ""), cited.get("doi", "")) if d}


def _out(graph: nx.MultiDiGraph, node: str, edge_kind: str) -> list[str]:
    return [v for _, v, k in graph.out_edges(node, keys=True) if k == edge_kind]


def _names(topic: dict[str, Any]) -> list[str]:
    return [topic.get("label", ""), *topic.get("synonyms", ())]


def rows_digest(rows: list[tuple[str, ...]]) -> str:
    payload = json.dumps([SCHEMA_VERSION, COLUMNS, WEIGHTS, rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _create(conn: sqlite3.Connection, rows: list[tuple[str, ...]], digest: str) -> None:
    columns = ", ".join(COLUMNS)
    conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT)")
    conn.execute(
        f"CREATE VIRTUAL TABLE docs USING fts5(node UNINDEXED, {columns}, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '3')"
    )
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    conn.executemany(f"INSERT INTO docs VALUES ({marks})", rows)
    conn.execute("INSERT INTO meta VALUES ('digest', ?)", (digest,))
    conn.commit()


def _stored_digest(path: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT value FROM meta WHERE name = 'digest'").fetchone()
        return row[0] if row else None
    except sqlite3.Error:  # not an index of ours, or damaged: rebuild it
        return None
    finally:
        conn.close()


def _write_index(path: Path, rows: list[tuple[str, ...]], digest: str) -> None:
    # Built in memory and written in one piece, so the file is replaced atomically.
    conn = sqlite3.connect(":memory:")
    try:
        _create(conn, rows, digest)
        data = conn.serialize()
    finally:
        conn.close()
    write_bytes_atomic(path, data)


class SearchIndex:
    """The FTS5 index of one graph. Use as a context manager, or call close()."""

    def __init__(self, conn: sqlite3.Connection, graph: nx.MultiDiGraph, rebuilt: bool):
        self._conn, self.graph, self.rebuilt = conn, graph, rebuilt

    @classmethod
    def open(cls, graph: nx.MultiDiGraph, path: Path | None = None) -> SearchIndex:
        """The index at ``path``, rebuilt first if its inputs changed; in memory if None."""
        rows = index_rows(graph)
        digest = rows_digest(rows)
        if path is None:
            conn = sqlite3.connect(":memory:")
            _create(conn, rows, digest)
            return cls(conn, graph, rebuilt=True)
        rebuilt = _stored_digest(path) != digest
        if rebuilt:
            _write_index(path, rows, digest)
        return cls(sqlite3.connect(f"file:{path}?mode=ro", uri=True), graph, rebuilt)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def find(self, query: str = "", filters: Filters | None = None) -> list[Hit]:
        """Ranked hits for ``query`` among the nodes passing ``filters`` (already checked).

        Without a query every passing node is returned, in label order (author, year).
        """
        allowed = filter_nodes(self.graph, filters or Filters())
        if is_valid_doi(query):  # a DOI finds its work, as checked or as cited
            key = doi_key(query)
            found = [n for n in sorted(allowed) if key in _dois(self.graph.nodes[n])]
            return [self._hit(n, None) for n in found]
        expression = fts_query(query, self.graph)
        if not expression:
            nodes = sorted(allowed, key=lambda n: (fold(self.graph.nodes[n]["label"]), n))
            return [self._hit(n, None) for n in nodes]
        weights = ", ".join(str(w) for w in WEIGHTS)
        cursor = self._conn.execute(
            f"SELECT node, bm25(docs, {weights}) AS score FROM docs "
            "WHERE docs MATCH ? ORDER BY score, node",
            (expression,),
        )
        return [self._hit(node, score) for node, score in cursor if node in allowed]

    def _hit(self, node: str, score: float | None) -> Hit:
        data = self.graph.nodes[node]
        return Hit(
            node,
            data["kind"],
            data.get("key", ""),
            data.get("label", ""),
            data.get("title", ""),
            data.get("year"),
            score,
        )
