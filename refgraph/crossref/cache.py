"""The on-disk Crossref cache: raw records by DOI, raw results by query, with expiry.

SQLite in WAL mode with ``synchronous=FULL``: every write is one transaction, so a crash
(or a kill) between two writes leaves every earlier answer intact and the file consistent;
a rerun simply finds them. Rows hold the raw Crossref JSON (mapping happens on read, so a
better mapper improves old rows), when it was fetched (ISO 8601 UTC) and from where (the
API's base URL). A DOI Crossref answered 404 for is kept as a miss, for a shorter time.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from refgraph.doi import doi_key
from refgraph.errors import CacheError

WORK_TTL = 30 * 86400.0
MISS_TTL = 7 * 86400.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS works (
    doi_key TEXT PRIMARY KEY, found INTEGER NOT NULL, record TEXT,
    fetched REAL NOT NULL, origin TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS queries (
    query_key TEXT PRIMARY KEY, query TEXT NOT NULL, items TEXT NOT NULL,
    fetched REAL NOT NULL, origin TEXT NOT NULL);
"""


@dataclass(frozen=True)
class CachedWork:
    doi: str
    found: bool
    message: dict[str, Any] | None  # the raw Crossref work; None for a miss
    fetched_at: str
    origin: str


@dataclass(frozen=True)
class CachedQuery:
    query: str
    items: list[dict[str, Any]]
    fetched_at: str
    origin: str


def query_key(query: str) -> str:
    """Queries differing only in case or spacing share a cache row."""
    return " ".join(query.casefold().split())


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrossrefCache:
    """A cache file (or ``":memory:"``); thread-safe; use as a context manager."""

    def __init__(
        self,
        path: str | Path,
        *,
        clock: Callable[[], float] = time.time,
        work_ttl: float = WORK_TTL,
        miss_ttl: float = MISS_TTL,
    ) -> None:
        self.path, self._clock = str(path), clock
        self.work_ttl, self.miss_ttl = work_ttl, miss_ttl
        self._lock = threading.Lock()
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot open the Crossref cache: {exc}", self.path) from exc

    def __enter__(self) -> CrossrefCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get_work(self, doi: str, *, max_age: float | None = None) -> CachedWork | None:
        """A fresh entry for ``doi`` (found or miss), or None when absent or expired."""
        row = self._one(
            "SELECT found, record, fetched, origin FROM works WHERE doi_key = ?", (doi_key(doi),)
        )
        if row is None:
            return None
        found, raw, fetched, origin = row
        ttl = max_age if max_age is not None else (self.work_ttl if found else self.miss_ttl)
        if self._clock() - fetched > ttl:
            return None
        message = _loads(raw) if found else None
        if message is not None and not isinstance(message, dict):
            return None  # an unreadable row is a miss of the cache, not an error
        if found and message is None:
            return None
        return CachedWork(doi, bool(found), message, iso(fetched), origin)

    def put_work(self, doi: str, message: dict[str, Any], origin: str) -> None:
        self._write(
            "INSERT OR REPLACE INTO works VALUES (?, 1, ?, ?, ?)",
            (doi_key(doi), json.dumps(message, ensure_ascii=False), self._clock(), origin),
        )

    def put_missing(self, doi: str, origin: str) -> None:
        """Crossref has no such DOI (404): remembered for ``miss_ttl``."""
        self._write(
            "INSERT OR REPLACE INTO works VALUES (?, 0, NULL, ?, ?)",
            (doi_key(doi), self._clock(), origin),
        )

    def get_query(self, query: str, *, max_age: float | None = None) -> CachedQuery | None:
        row = self._one(
            "SELECT query, items, fetched, origin FROM queries WHERE query_key = ?",
            (query_key(query),),
        )
        ttl = max_age if max_age is not None else self.work_ttl
        if row is None or self._clock() - row[2] > ttl:
            return None
        items = _loads(row[1])
        if not isinstance(items, list):
            return None
        return CachedQuery(row[0], [i for i in items if isinstance(i, dict)], iso(row[2]), row[3])

    def put_query(self, query: str, items: list[dict[str, Any]], origin: str) -> None:
        self._write(
            "INSERT OR REPLACE INTO queries VALUES (?, ?, ?, ?, ?)",
            (query_key(query), query, json.dumps(items, ensure_ascii=False), self._clock(), origin),
        )

    def now(self) -> str:
        """The cache's clock as ISO 8601 UTC: the "retrieved" stamp of fresh answers."""
        return iso(self._clock())

    def count(self) -> tuple[int, int]:
        """(works rows, query rows)."""
        works = self._one("SELECT count(*) FROM works", ())
        queries = self._one("SELECT count(*) FROM queries", ())
        return (works[0] if works else 0, queries[0] if queries else 0)

    def integrity_ok(self) -> bool:
        row = self._one("PRAGMA integrity_check", ())
        return row is not None and row[0] == "ok"

    def _one(self, sql: str, params: tuple[Any, ...]) -> tuple[Any, ...] | None:
        try:
            with self._lock:
                return self._db.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot read the Crossref cache: {exc}", self.path) from exc

    def _write(self, sql: str, params: tuple[Any, ...]) -> None:
        try:
            with self._lock, self._db:  # one transaction per answer
                self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the Crossref cache: {exc}", self.path) from exc


def _loads(raw: str | None) -> object:
    try:
        return json.loads(raw) if raw else None
    except json.JSONDecodeError:
        return None
