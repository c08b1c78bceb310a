"""Enrichment: the public entry points for looking a library up and correcting it.

- ``enrich_library``: one ``Enrichment`` per work (status, DOI, confidence, record, the
  field audit), from the cache, the bundled snapshot and, when a client is given, Crossref
  (see ``refgraph.resolve`` for the order). Never raises because Crossref is unreachable.
- ``enrich_offline_or_online``: the same for a whole ``Library`` from options (what
  ``refgraph build`` and ``refgraph enrich`` call): opens the cache (``cache_location``),
  reads the snapshot, builds the client unless offline, holds the enrichment lock while
  Crossref may be asked (``refgraph.processes``), and says whether it worked offline.
- ``enriched_work`` / ``audit_fields``: the merge policy (``refgraph.merge``); readers take
  a work's views from ``refgraph.checked.check_work``, which applies it.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import requests

from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import DEFAULT_URL, CrossrefClient
from refgraph.merge import audit_fields, enriched_work
from refgraph.model import Enrichment, Library, Work
from refgraph.processes import EnrichmentLock
from refgraph.resolve import Progress, resolve_library
from refgraph.snapshot import FILENAME as SNAPSHOT_FILENAME
from refgraph.snapshot import Snapshot, load_snapshot_file

__all__ = [
    "EnrichOptions",
    "Progress",
    "audit_fields",
    "cache_location",
    "enrich_library",
    "enrich_offline_or_online",
    "enriched_work",
]

CACHE_FILENAME = "crossref-cache.sqlite"


@dataclass(frozen=True)
class EnrichOptions:
    """Where the library, cache and snapshot are, and how to reach Crossref."""

    library_dir: str = "bib"
    crossref_url: str = DEFAULT_URL
    mailto: str | None = None
    offline: bool = False
    refresh: bool = False
    cache_path: str | None = None  # default: <library_dir>/crossref-cache.sqlite
    snapshot_path: str | None = None  # default: <library_dir>/crossref-snapshot.json
    timeout: float = 20.0
    wait: bool = True  # wait for another process's enrichment with the same cache

    @property
    def cache_file(self) -> str:
        return self.cache_path or os.path.join(self.library_dir, CACHE_FILENAME)

    @property
    def snapshot_file(self) -> str:
        return self.snapshot_path or os.path.join(self.library_dir, SNAPSHOT_FILENAME)


def enrich_library(
    works: Iterable[Work],
    client: CrossrefClient | None,
    cache: CrossrefCache,
    snapshot: Snapshot | None = None,
    *,
    refresh: bool = False,
    progress: Progress | None = None,
) -> tuple[Enrichment, ...]:
    """One Enrichment per work, in order; offline (cache and snapshot only) when
    ``client`` is None; ``refresh`` asks Crossref first even for cached works."""
    return resolve_library(list(works), client, cache, snapshot or Snapshot(), refresh, progress)


@dataclass(frozen=True)
class CacheLocation:
    path: str
    readonly: bool = False
    note: str = ""  # said to the user when the cache is not where they would look


def cache_location(options: EnrichOptions) -> CacheLocation:
    """Where the cache is read and written.

    ``--cache`` when given, else ``<library>/crossref-cache.sqlite``. When that file or
    its folder cannot be written (a read-only library): offline, it is read as it is
    (``readonly``); online, the cache moves to ``$XDG_CACHE_HOME/refgraph/`` (default
    ``~/.cache``), seeded once from the library's cache, so nothing is written into the
    library. Offline, an existing user cache of the same library is preferred (it is the
    newer one).
    """
    if options.cache_path:
        path = options.cache_path
        return CacheLocation(path, readonly=options.offline and not _writable(path))
    default = options.cache_file
    if _writable(default):
        return CacheLocation(default)
    user = user_cache_file(options.library_dir)
    note = f"The library folder cannot be written: the Crossref cache is kept in {user}."
    if options.offline:
        if Path(user).is_file():
            return CacheLocation(user, readonly=not _writable(user), note=note)
        return CacheLocation(default, readonly=True)
    Path(user).parent.mkdir(parents=True, exist_ok=True)
    if not Path(user).exists() and Path(default).is_file():
        _copy_cache(default, user)
    return CacheLocation(user, note=note)


def user_cache_file(library_dir: str) -> str:
    """``$XDG_CACHE_HOME/refgraph/<library name>-<hash of its path>.sqlite``."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    folder = Path(library_dir).resolve()
    digest = hashlib.sha256(str(folder).encode()).hexdigest()[:12]
    return str(root / "refgraph" / f"{folder.name or 'library'}-{digest}.sqlite")


def _writable(path: str) -> bool:
    """Can SQLite write ``path`` (and its -wal/-shm files beside it)?"""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        return True  # not ours to judge: opening reports the missing folder
    if os.path.exists(path) and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _copy_cache(source: str, target: str) -> None:
    """Copy the library's cache (read-only) into the user cache; nothing on failure."""
    try:
        src = sqlite3.connect(Path(source).resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    except sqlite3.Error:
        Path(target).unlink(missing_ok=True)


def enrich_offline_or_online(
    library: Library,
    options: EnrichOptions,
    progress: Progress | None = None,
    session: requests.Session | None = None,
    notify: Callable[[str], object] | None = None,
) -> tuple[tuple[Enrichment, ...], bool, tuple[str, ...]]:
    """(enrichments, worked_offline, messages for the user). Raises ``CacheError`` (the
    cache file cannot be opened), ``InputError`` (a malformed snapshot) and ``Busy``
    (another process is enriching with this cache and ``options.wait`` is False).
    ``notify`` hears, at once, that the run waits for another process."""
    snapshot = load_snapshot_file(options.snapshot_file)
    location = cache_location(options)
    messages: list[str] = [location.note] if location.note else []
    own_session = session is None and not options.offline
    http = session or (requests.Session() if not options.offline else None)
    try:
        client = None
        if http is not None:
            client = CrossrefClient(
                http,
                base_url=options.crossref_url,
                mailto=options.mailto,
                timeout=(min(5.0, options.timeout), options.timeout),
            )
        lock = (
            EnrichmentLock(location.path, wait=options.wait, notify=notify)
            if client is not None
            else nullcontext()
        )
        with lock, CrossrefCache(location.path, readonly=location.readonly) as cache:
            found = enrich_library(
                library.works, client, cache, snapshot, refresh=options.refresh, progress=progress
            )
    finally:
        if own_session and http is not None:
            http.close()
    offline = client is None or (client.requests > 0 and not client.connected)
    messages += _messages(options, location.path, client, snapshot, offline)
    return found, offline, tuple(messages)


def _messages(
    options: EnrichOptions,
    cache_file: str,
    client: CrossrefClient | None,
    snapshot: Snapshot | None,
    offline: bool,
) -> list[str]:
    sources = f"the cache ({Path(cache_file).name})"
    if snapshot is not None:
        sources += " and the bundled snapshot (transcribed from public records)"
    if client is None:
        return [f"Worked offline (--offline): records from {sources}."]
    if offline:
        return [f"Crossref could not be reached at {options.crossref_url}: worked offline "
                f"from {sources}."]  # fmt: skip
    if client.requests == 0:
        return [f"Everything came from {sources}; Crossref was not asked (use --refresh)."]
    return [f"Asked Crossref ({client.requests} requests, {client.errors} failed attempts)."]
