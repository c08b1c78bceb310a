"""Resolving each work to a record: the cache, the snapshot, then Crossref.

Where a record comes from, in order (``refresh`` puts the network first):
1. the cache (records fetched live earlier, still fresh);
2. the bundled snapshot (transcribed from public records; never a Crossref response);
3. Crossref itself, only when a client is given;
and when Crossref cannot be asked (offline, unreachable, failing), an expired cache entry
labelled with its age, then the snapshot, before giving up with status "error" (online)
or "pending" (offline). One expiry rule for every verb: fresh rows are used, expired rows
are refreshed when Crossref can be asked and used when it cannot. Nothing here raises
because Crossref is unreachable. Every answer is cached as it arrives, so a run stopped
halfway resumes where it stopped.

The public entry point is ``refgraph.enrich.enrich_library``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from refgraph.crossref.cache import STALE, CachedQuery, CachedWork, CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.crossref.lookup import fetch_works, search_works
from refgraph.crossref.match import Match, bibliographic_query, check_doi, choose
from refgraph.crossref.records import item_for_doi, record_from_response
from refgraph.doi import doi_key, normalize_doi
from refgraph.errors import CrossrefError, TooManyErrors
from refgraph.heap import collector_paused
from refgraph.merge import audit_fields, pointed_to
from refgraph.model import Enrichment, Work
from refgraph.processes import in_child
from refgraph.snapshot import Snapshot

Progress = Callable[[int, int, str], None]  # (done, total, key just finished)
# Above this many works the local pass (the cache and the snapshot) is shared with a
# forked child, which takes the last CHILD_SHARE of them. The child pays for the fork's
# copied pages and for pickling its answer, this process for reading it (as it is
# pickled): at 50,000 works this share keeps both about as long (docs/performance.md).
PARALLEL_LOCAL_WORKS = 2000
CHILD_SHARE = 0.42
UNREACHABLE = "not looked up (Crossref unreachable)"


def resolve_library(
    works: list[Work],
    client: CrossrefClient | None,
    cache: CrossrefCache,
    snapshot: Snapshot,
    refresh: bool,
    progress: Progress | None,
) -> tuple[Enrichment, ...]:
    return _Run(works, client, cache, snapshot, refresh, progress).go()


class _Run:
    def __init__(self, works, client, cache, snapshot, refresh, progress) -> None:
        self.works: list[Work] = works
        self.client: CrossrefClient | None = client
        self.cache: CrossrefCache = cache
        self.snapshot: Snapshot = snapshot
        self.refresh, self.progress = refresh, progress
        self.done: dict[str, Enrichment] = {}
        self.stopped = ""

    def go(self) -> tuple[Enrichment, ...]:
        known = [w for w in self.works if w.doi]
        unknown = [w for w in self.works if not w.doi]
        # The local passes make a record and an audit per work, none holding a cycle, with
        # the cycle collector paused (see refgraph.heap); not the network passes, whose
        # HTTP machinery and exceptions do make cycles, over minutes.
        if not self.refresh or self.client is None:
            with collector_paused():
                self._local_pass()
        if self.client is not None:
            self._guarded(lambda: self._fetch([w for w in known if w.key not in self.done]))
            self._guarded(lambda: self._search([w for w in unknown if w.key not in self.done]))
        with collector_paused():
            for work in self.works:
                if work.key not in self.done:
                    self._finish(work, self._fallback(work))
        return tuple(self.done[w.key] for w in self.works)

    def _guarded(self, step: Callable[[], None]) -> None:
        if self.stopped:
            return
        try:
            step()
        except TooManyErrors as exc:
            self.stopped = str(exc)

    def _finish(self, work: Work, enrichment: Enrichment) -> None:
        if work.key in self.done:
            return
        self.done[work.key] = enrichment
        if self.progress:
            self.progress(len(self.done), len(self.works), work.key)

    # --- local sources ----------------------------------------------------------------
    def _local_pass(self) -> None:
        """Every work the cache or the snapshot knows, finished. Above
        ``PARALLEL_LOCAL_WORKS`` the last ``CHILD_SHARE`` of the works are looked up in a
        forked child (``processes.in_child``) on the machine's other core, with its own
        connection to the cache; this process looks up the rest meanwhile, then reads
        the child's enrichments (handing one back costs about a sixth of making it). The
        enrichments are the ones made in line: each depends on its work, the cache and
        the snapshot only; a child that fails is run again here."""
        split = len(self.works)
        if split > PARALLEL_LOCAL_WORKS and self.cache.shareable:
            split -= int(split * CHILD_SHARE)
        rest, answer = self.works[split:], None
        if rest:
            answer = in_child(lambda: _looked_up_apart(rest, self.cache, self.snapshot))
        found = [self._local(work, max_age=None) for work in self.works[:split]]
        if answer is not None:
            found += map(_as_made_here, rest, answer())
        for work, enrichment in zip(self.works, found, strict=True):
            if enrichment is not None:
                self._finish(work, enrichment)

    def _local(self, work: Work, max_age: float | None) -> Enrichment | None:
        """From the cache, then the snapshot; None when neither knows the work."""
        return self._cached(work, max_age) or self._snapshot(work)

    def _cached(self, work: Work, max_age: float | None) -> Enrichment | None:
        if work.doi:
            entry = self.cache.get_work(work.doi, max_age=max_age)
            if entry is None:
                return None
            if entry.message is None:
                return _not_in_crossref(work, f"cached answer of {entry.fetched_at}")
            record = record_from_response(entry.message, entry.fetched_at, entry.origin)
            return _enrichment(work, check_doi(work, record), _from_cache(entry))
        query = self.cache.get_query(bibliographic_query(work), max_age=max_age)
        if query is None:
            return None
        match = _chosen(work, query.items, query.fetched_at, query.origin)
        return _enrichment(work, match, _from_cache(query))

    def _snapshot(self, work: Work) -> Enrichment | None:
        key = work.key if work.doi else self.snapshot.key_for(work)
        if key in self.snapshot.no_doi and not work.doi:
            return Enrichment(work.key, "not found", message=self.snapshot.no_doi[key])
        record = self.snapshot.for_work(key, work.doi)
        if record is None:
            return None
        match = check_doi(work, record) if work.doi else choose(work, [record])
        return _enrichment(work, match, "from the bundled snapshot (not a Crossref response)")

    def _fallback(self, work: Work) -> Enrichment:
        found = self._cached(work, STALE) or self._snapshot(work)
        if found is not None:
            return found
        if self.client is None:
            return _not_looked_up(work, "not looked up (offline)")
        if not self.client.connected:
            return _not_looked_up(work, UNREACHABLE)
        why = self.stopped or "Crossref did not answer"
        return Enrichment(work.key, "error", message=why)

    # --- network ----------------------------------------------------------------------
    def _fetch(self, works: list[Work]) -> None:
        assert self.client is not None
        by_key: dict[str, list[Work]] = {}
        for work in works:
            by_key.setdefault(doi_key(work.doi), []).append(work)
        origin = self.client.base_url
        for fetched in fetch_works(self.client, [w.doi for w in works]):
            targets = by_key.get(doi_key(fetched.doi), [])
            if fetched.error is not None:
                for work in targets:
                    self._finish(work, self._failed(work, fetched.error))
                continue
            if fetched.message is None:
                self.cache.put_missing(fetched.doi, origin)
                for work in targets:
                    self._finish(work, _not_in_crossref(work, "Crossref answered 404"))
                continue
            self.cache.put_work(fetched.doi, fetched.message, origin)
            record = record_from_response(fetched.message, self.cache.now(), origin)
            for work in targets:
                self._finish(work, _enrichment(work, check_doi(work, record), "live"))

    def _search(self, works: list[Work]) -> None:
        assert self.client is not None
        queries = {w.key: bibliographic_query(w) for w in works}
        by_key = {w.key: w for w in works}
        origin = self.client.base_url
        for result in search_works(self.client, queries):
            work = by_key[result.key]
            if result.error is not None:
                self._finish(work, self._failed(work, result.error))
                continue
            self.cache.put_query(result.query, result.items, origin)
            match = _chosen(work, result.items, self.cache.now(), origin)
            if match.record is not None:
                item = item_for_doi(result.items, match.record.doi)
                if item is not None:
                    self.cache.put_work(match.record.doi, item, origin)
            self._finish(work, _enrichment(work, match, "live"))

    def _failed(self, work: Work, error: CrossrefError) -> Enrichment:
        fallback = self._cached(work, STALE) or self._snapshot(work)
        if fallback is not None:
            return fallback
        if self.client is not None and not self.client.connected:
            return _not_looked_up(work, UNREACHABLE)
        return Enrichment(work.key, "error", message=str(error))


def _looked_up_apart(
    works: list[Work], cache: CrossrefCache, snapshot: Snapshot
) -> list[Enrichment | None]:
    """What the cache and the snapshot give each of ``works`` (None where they know
    nothing), read through a connection of this process's own (``CrossrefCache.reader``):
    a forked child must not use its parent's."""
    with cache.reader() as own:
        run = _Run(works, None, own, snapshot, refresh=False, progress=None)
        return [run._local(work, max_age=None) for work in works]


# The audit fields whose cited text is the work's own attribute of that name.
_CITED_AS_IS = frozenset(("doi", "title", "journal", "volume", "issue", "pages", "publisher"))


def _as_made_here(work: Work, enrichment: Enrichment | None) -> Enrichment | None:
    """A child's enrichment of ``work`` holding the work's own key, provenance and cited
    texts, as one made here does (``merge.audit_fields`` keeps them in the audit rows):
    unpickled, they are copies, some 10 MB at 50,000 works. Set on the objects just
    unpickled, which nothing else holds yet; the values are equal either way."""
    if enrichment is None:
        return None
    object.__setattr__(enrichment, "key", work.key)
    for audit in enrichment.audit:
        object.__setattr__(audit, "cited_from", work.provenance)
        if audit.field in _CITED_AS_IS and audit.cited == getattr(work, audit.field):
            object.__setattr__(audit, "cited", getattr(work, audit.field))
    return enrichment


def _chosen(work: Work, items: list[dict[str, Any]], fetched_at: str, origin: str) -> Match:
    """``choose`` among a query's items, mapping no more reference lists (most of a
    record) than needed: ``choose`` reads none, and only the chosen record is kept. The
    first item, Crossref's best and most often the one chosen, is mapped whole; the others
    without references, and again whole if chosen. The match is the one all of them
    mapped whole would give."""
    records = [
        record_from_response(item, fetched_at, origin, with_references=n == 0)
        for n, item in enumerate(items)
    ]
    match = choose(work, records)
    if match.record is None or match.record is records[0]:  # none chosen, or whole already
        return match
    item = next(i for i, r in zip(items, records, strict=True) if r is match.record)
    return replace(match, record=record_from_response(item, fetched_at, origin))


def _not_looked_up(work: Work, why: str) -> Enrichment:
    """Not asked (offline) or not answered (Crossref unreachable): not an error of the
    work, and a DOI the .bib gives stays known."""
    return Enrichment(work.key, "pending", doi=normalize_doi(work.doi), message=why)


def _from_cache(entry: CachedWork | CachedQuery) -> str:
    if not entry.expired:
        return "from the cache"
    days = int(entry.age // 86400)
    return (f"from the cache, fetched {entry.fetched_at[:10]} ({days} days old, past its "
            "expiry: used because Crossref could not be asked)")  # fmt: skip


def _not_in_crossref(work: Work, why: str) -> Enrichment:
    return Enrichment(work.key, "not found", doi=work.doi, message=f"DOI not in Crossref ({why})")


def _enrichment(work: Work, match: Match, where: str) -> Enrichment:
    """The lookup outcome; only a matched record is kept (and audited): a refused one
    leaves nothing but the note of what its DOI points to."""
    matched = match.status == "matched" and match.record is not None
    record = match.record if matched else None
    message = " ".join(p for p in (match.message, f"[{where}]") if p)
    if record is not None and record.retracted:
        message = f"RETRACTED. {message}"
    if record is not None and record.problems:  # parts of the record left out, said once
        message += f" Crossref record {record.doi}, left out: {'; '.join(record.problems)}."
    refused = match.record if match.status == "doi mismatch" else None
    return Enrichment(
        key=work.key,
        status=match.status,
        doi=match.doi if matched else "",
        confidence=match.confidence,
        record=record,
        audit=audit_fields(work, record) if record is not None else (),
        candidates=match.candidates,
        message=message,
        pointed_to=pointed_to(refused) if refused is not None else "",
    )
