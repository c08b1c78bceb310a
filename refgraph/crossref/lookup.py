"""Many lookups at once: DOIs in batches (missing ones confirmed singly), queries in
parallel, as many in flight as the client's limiter allows.

Results are yielded as they arrive so that the caller can store each one (in the cache)
before the next: a run stopped at any point keeps everything it was given.
``TooManyErrors`` propagates (the run stops); any other ``CrossrefError`` is reported
per DOI or per query and the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from refgraph.crossref.client import CrossrefClient
from refgraph.doi import doi_key
from refgraph.errors import CrossrefError, TooManyErrors

WORKERS = 3  # the most Crossref's polite pool allows; the limiter may allow fewer


@dataclass(frozen=True)
class Fetched:
    """One DOI's answer: a work, "not in Crossref" (``message`` None), or an error."""

    doi: str
    message: dict[str, Any] | None
    error: CrossrefError | None = None


@dataclass(frozen=True)
class Searched:
    key: str
    query: str
    items: list[dict[str, Any]]
    error: CrossrefError | None = None


def fetch_works(client: CrossrefClient, dois: Iterable[str]) -> Iterator[Fetched]:
    """Every DOI's answer: batched list requests first, then a single lookup for each
    DOI a batch did not return (to tell "not in Crossref" from "not matched")."""
    unique = list(dict.fromkeys(d for d in dois if d))
    missing: list[str] = []
    batches = [b for b in client.batches(unique) if not (len(b) == 1 and "," in b[0])]
    missing += [d for d in unique if "," in d]
    for batch, outcome in _parallel(client.works, batches):
        if isinstance(outcome, CrossrefError):
            yield from (Fetched(d, None, outcome) for d in batch)
            continue
        for doi in batch:
            if doi_key(doi) in outcome:
                yield Fetched(doi, outcome[doi_key(doi)])
            else:
                missing.append(doi)
    for doi, outcome in _parallel(client.work, missing):
        if isinstance(outcome, CrossrefError):
            yield Fetched(doi, None, outcome)
        else:
            yield Fetched(doi, outcome)


def search_works(
    client: CrossrefClient, queries: Mapping[str, str], rows: int = 5
) -> Iterator[Searched]:
    """``query.bibliographic`` for each (key -> query), in parallel."""
    keys = list(queries)
    for key, outcome in _parallel(lambda k: client.search(queries[k], rows), keys):
        if isinstance(outcome, CrossrefError):
            yield Searched(key, queries[key], [], outcome)
        else:
            yield Searched(key, queries[key], outcome)


def _parallel(call: Any, args: list[Any]) -> Iterator[tuple[Any, Any]]:
    """(arg, result or CrossrefError) as each call finishes; TooManyErrors stops all."""
    if not args:
        return
    executor = ThreadPoolExecutor(max_workers=min(WORKERS, len(args)))
    try:
        futures: dict[Future[Any], Any] = {executor.submit(call, a): a for a in args}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except TooManyErrors:
                raise
            except CrossrefError as exc:
                yield futures[future], exc
    finally:
        executor.shutdown(wait=True, cancel_futures=True)
