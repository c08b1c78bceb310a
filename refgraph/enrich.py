"""Enrichment: the public entry points for looking a library up and correcting it.

- ``enrich_library``: one ``Enrichment`` per work (status, DOI, confidence, record, the
  field audit), from the cache, the bundled snapshot and, when a client is given, Crossref
  (see ``refgraph.resolve`` for the order). Never raises because Crossref is unreachable.
- ``enrich_offline_or_online``: the same for a whole ``Library`` from options (what
  ``refgraph build`` and ``refgraph enrich`` call): opens the cache, reads the snapshot,
  builds the client unless offline, and says whether it worked offline.
- ``enriched_work`` / ``audit_fields``: the merge policy (``refgraph.merge``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import requests

from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import DEFAULT_URL, CrossrefClient
from refgraph.merge import audit_fields, enriched_work
from refgraph.model import Enrichment, Library, Work
from refgraph.resolve import Progress, resolve_library
from refgraph.snapshot import FILENAME as SNAPSHOT_FILENAME
from refgraph.snapshot import Snapshot, load_snapshot_file

__all__ = [
    "EnrichOptions",
    "Progress",
    "audit_fields",
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


def enrich_offline_or_online(
    library: Library,
    options: EnrichOptions,
    progress: Progress | None = None,
    session: requests.Session | None = None,
) -> tuple[tuple[Enrichment, ...], bool, tuple[str, ...]]:
    """(enrichments, worked_offline, messages for the user). Raises only ``CacheError``
    (the cache file cannot be opened) and ``InputError`` (a malformed snapshot)."""
    snapshot = load_snapshot_file(options.snapshot_file)
    messages: list[str] = []
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
        with CrossrefCache(options.cache_file) as cache:
            found = enrich_library(
                library.works, client, cache, snapshot, refresh=options.refresh, progress=progress
            )
    finally:
        if own_session and http is not None:
            http.close()
    offline = client is None or (client.requests > 0 and not client.connected)
    messages += _messages(options, client, snapshot, offline)
    return found, offline, tuple(messages)


def _messages(
    options: EnrichOptions, client: CrossrefClient | None, snapshot: Snapshot | None, offline: bool
) -> list[str]:
    sources = f"the cache ({Path(options.cache_file).name})"
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
