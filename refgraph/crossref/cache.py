"""The on-disk Crossref cache: raw records by DOI, raw results by query, with expiry.

SQLite in WAL mode with ``synchronous=FULL``: every write is one transaction, so a crash
(or a kill) between two writes leaves every earlier answer intact and the file consistent;
a rerun simply finds them. Rows hold the raw Crossref JSON (mapping happens on read, so a
better mapper improves old rows), when it was fetched (ISO 8601 UTC) and from where (the
API's base URL). A DOI Crossref answered 404 for is kept as a miss, for a shorter time.

Expiry is one rule for every verb: ``get_work``/``get_query`` return fresh rows only, and
``max_age=STALE`` returns a row whatever its age (``age`` says how old it is), for when
Crossref cannot be asked. A row that cannot be read (wrong types, garbage JSON) is a miss
of the cache, never an error: the caller fetches it again and the row is replaced.

``readonly=True`` opens an existing file without writing anything next to it (a library
folder the user cannot write); a missing file is then an empty cache. Writes raise
``CacheError``.
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
STALE = float("inf")  # max_age that accepts a row of any age
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
    age: float = 0.0  # seconds since it was fetched, by the cache's clock
    expired: bool = False  # older than its time to live (returned only with max_age=STALE)


@dataclass(frozen=True)
class CachedQuery:
    query: str
    items: list[dict[str, Any]]
    fetched_at: str
    origin: str
    age: float = 0.0
    expired: bool = False


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
        readonly: bool = False,
    ) -> None:
        self.path, self._clock, self.readonly = str(path), clock, readonly
        self.work_ttl, self.miss_ttl = work_ttl, miss_ttl
        self._lock = threading.Lock()
        try:
            self._db = self._open_readonly() if readonly else self._open()
        except sqlite3.Error as exc:
            raise CacheError(f"cannot open the Crossref cache: {exc}", self.path) from exc

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _open_readonly(self) -> sqlite3.Connection:
        if not Path(self.path).is_file():
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.executescript(_SCHEMA)
            return db
        uri = Path(self.path).resolve().as_uri()
        # mode=ro still needs the -shm file of a WAL database; in a folder nobody may
        # write, immutable=1 reads the file as it is.
        for flags in ("?mode=ro", "?mode=ro&immutable=1"):
            db = sqlite3.connect(uri + flags, uri=True, check_same_thread=False, timeout=30)
            try:
                db.execute("SELECT count(*) FROM works").fetchone()
                return db
            except sqlite3.Error:
                db.close()
        raise sqlite3.OperationalError("not readable as a Crossref cache")

    @property
    def shareable(self) -> bool:
        """Can another connection (``reader``) see this cache? Not ``":memory:"``."""
        return self.path != ":memory:"

    def reader(self) -> CrossrefCache:
        """Another connection to the same file, read-only, with the same clock and times
        to live: for a forked process, which must not use this one (an SQLite connection
        does not survive a fork). Only for a ``shareable`` cache."""
        return CrossrefCache(
            self.path,
            clock=self._clock,
            work_ttl=self.work_ttl,
            miss_ttl=self.miss_ttl,
            readonly=True,
        )

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
        if found not in (0, 1) or not _is_time(fetched) or not isinstance(origin, str):
            return None  # an unreadable row is a miss of the cache, not an error
        ttl = self.work_ttl if found else self.miss_ttl
        age = self._clock() - fetched
        if age > (max_age if max_age is not None else ttl):
            return None
        loaded = _loads(raw) if found else None
        message = loaded if isinstance(loaded, dict) else None
        if found and (message is None or not _is_work(message, doi)):
            return None  # garbage, or the record of another DOI: fetch it again
        return CachedWork(doi, bool(found), message, iso(fetched), origin, age, age > ttl)

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
        if row is None or not _is_time(row[2]) or not all(isinstance(v, str) for v in row[:2]):
            return None
        age = self._clock() - row[2]
        if age > (max_age if max_age is not None else self.work_ttl):
            return None
        items = _loads(row[1])
        if not isinstance(items, list):
            return None
        dicts = [i for i in items if isinstance(i, dict)]
        return CachedQuery(row[0], dicts, iso(row[2]), str(row[3]), age, age > self.work_ttl)

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
        if self.readonly:
            raise CacheError("the Crossref cache is open read-only", self.path)
        try:
            with self._lock, self._db:  # one transaction per answer
                self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise CacheError(f"cannot write the Crossref cache: {exc}", self.path) from exc


def _loads(raw: object) -> object:
    if not isinstance(raw, str | bytes):
        return None
    try:
        return json.loads(raw) if raw else None
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
        return None


def _is_time(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def _is_work(message: dict[str, Any], doi: str) -> bool:
    """A cached record is usable only as the record of the DOI it is stored under."""
    return doi_key(str(message.get("DOI", ""))) == doi_key(doi)
