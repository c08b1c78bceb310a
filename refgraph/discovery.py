"""Topics for any library: topics found in the works themselves, merged with the curated
vocabulary, each assignment saying where it came from, and one main topic per work.

Order of trust: curated assignments (``works.toml``), then vocabulary matches
(``refgraph.topics``), then discovery (``refgraph.topicmodel`` on titles, keywords,
abstracts and venues). A discovered topic whose works mostly (``MERGE_SHARE``) carry one
curated topic already is that topic: its works are assigned to the curated topic (origin
"auto") instead of to a new one. The others become topics of their own (``Topic.origin``
"auto", id ``auto-<first term>``, label their two or three most telling terms, after
"miscellaneous: " for a catch-all topic).

A work's main topic: its first curated topic; else its strongest discovered topic; else
its first vocabulary match.

Discovery costs seconds on a large library, so what it found is cached in a JSON file
keyed by a hash of everything it reads (texts, venues, settings); the merge with the
curated vocabulary is cheap and redone every time, so editing ``works.toml`` never
serves stale topics.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from refgraph.atomic import write_text_atomic
from refgraph.errors import OutputError
from refgraph.heap import collector_paused
from refgraph.model import Library, Provenance, Topic, TopicAssignment, Work
from refgraph.topicmodel import CATCH_ALL, LABEL_TERMS, FoundTopics, find_topics

# Bump when the texts, the terms or the model change, so that old caches are not read.
VERSION = 2
# Below this many works there is too little to find topics in.
MIN_WORKS = 30
# A discovered topic is merged into a curated one that at least this share of its works has.
MERGE_SHARE = 0.5
SEED = 0


# Entries whose title is the name of a venue ("Proceedings of the Twenty-Second AAAI
# Conference..."): their title is counted as a venue, not as what the work is about.
VENUE_ENTRIES = frozenset({"proceedings", "periodical", "journal"})


def venue(work: Work) -> str:
    """The journal, or for a paper in proceedings or a book its booktitle; for a
    ``@proceedings`` entry its own title."""
    if work.entry_type in VENUE_ENTRIES:
        return work.title
    return work.journal or dict(work.extra).get("booktitle", "")


def work_texts(works: Sequence[Work], abstracts: Mapping[str, str]) -> list[str]:
    """Per work: title, keywords and abstract (``abstracts[key]`` first, else the .bib's)."""
    return [
        " . ".join(
            (
                "" if w.entry_type in VENUE_ENTRIES else w.title,
                " ; ".join(w.keywords),
                abstracts.get(w.key) or w.abstract,
            )
        )
        for w in works
    ]


def texts_digest(texts: Sequence[str], venues: Sequence[str]) -> str:
    payload = json.dumps([VERSION, SEED, list(texts), list(venues)], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def discover_cached(texts: Sequence[str], venues: Sequence[str], cache: Path | None) -> FoundTopics:
    """``find_topics`` of ``texts``, read from ``cache`` when it holds the same inputs'
    result, else computed and written there (atomically; a cache that cannot be read or
    written is only a cost, never an error)."""
    digest = texts_digest(texts, venues)
    if cache is not None:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("digest") == digest:
                return FoundTopics(
                    tuple(tuple(t) for t in data["terms"]),
                    tuple(tuple((int(t), float(s)) for t, s in row) for row in data["shares"]),
                    tuple(float(c) for c in data["coverage"]),
                )
        except (OSError, ValueError, KeyError, TypeError):
            pass
    found = find_topics(texts, venues, seed=SEED)
    if cache is not None:
        data = {
            "digest": digest,
            "terms": found.terms,
            "shares": found.shares,
            "coverage": found.coverage,
        }
        with contextlib.suppress(OSError, OutputError):  # a cache that cannot be kept
            write_text_atomic(cache, json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    return found


# What discovery reads of a library: per work its text (work_texts) and its venue.
DiscoveryInputs = tuple[list[str], list[str]]


def discovery_inputs(works: Sequence[Work], abstracts: Mapping[str, str]) -> DiscoveryInputs:
    """Everything ``discover`` reads of ``works``: their texts and venues (plain strings,
    cheap to send to another process)."""
    return work_texts(works, abstracts), [venue(w) for w in works]


def discover(
    works: Sequence[Work], abstracts: Mapping[str, str], cache: Path | None
) -> FoundTopics:
    """The topics found in ``works`` (none below ``MIN_WORKS`` works), from ``cache``
    when it holds them: the costly part of ``with_discovered_topics``, which depends on
    the works' texts only (build runs it in a process of its own, refgraph.pipeline)."""
    return discover_from(discovery_inputs(works, abstracts), cache)


def discover_from(inputs: DiscoveryInputs, cache: Path | None) -> FoundTopics:
    """``discover`` of the works whose ``discovery_inputs`` are ``inputs``."""
    texts, venues = inputs
    if len(texts) < MIN_WORKS:
        return FoundTopics((), ())
    with collector_paused():  # term lists, arrays: no cycles (refgraph.heap)
        return discover_cached(texts, venues, cache)


def with_discovered_topics(
    library: Library,
    abstracts: Mapping[str, str],
    cache: Path | None = None,
    found: FoundTopics | None = None,
) -> Library:
    """``library`` with discovered topics added (unless it has fewer than ``MIN_WORKS``
    works) and every work's main topic marked. ``library.assignments`` are the curated
    and matched ones; ``abstracts``: work key -> abstract found by enrichment; ``found``:
    ``discover``'s answer when already known."""
    if found is None:
        found = discover(library.works, abstracts, cache)
    with collector_paused():  # assignments: no cycles (refgraph.heap)
        return _with_discovered_topics(library, found)


def _with_discovered_topics(library: Library, found: FoundTopics) -> Library:
    works = library.works
    curated_ids = {t.id for t in library.topics}
    targets, new_topics = _targets(found, library.assignments, works, curated_ids)
    discovered: list[TopicAssignment] = []
    for work, shares in zip(works, found.shares or [()] * len(works), strict=True):
        for topic, share in shares:
            # Short: there is one per (work, topic) pair, 60,000 at 50,000 works; the
            # topic's terms are on the topic itself.
            detail = f"topic model: {share:.0%} of its topic weight"
            if targets[topic] in curated_ids:
                detail += f"; found topic ({_terms(found, topic)}) merged into this one"
            discovered.append(TopicAssignment(work.key, targets[topic], Provenance("auto", detail)))
    assignments = _with_main(library.assignments, discovered)
    return replace(library, topics=library.topics + new_topics, assignments=assignments)


def _terms(found: FoundTopics, topic: int) -> str:
    return ", ".join(found.terms[topic][:LABEL_TERMS])


def _targets(
    found: FoundTopics,
    known: Sequence[TopicAssignment],
    works: Sequence[Work],
    curated_ids: set[str],
) -> tuple[list[str], tuple[Topic, ...]]:
    """Per found topic, the topic id its works go to (a curated one when most of its
    main works carry it already), and the new topics."""
    by_work: dict[str, list[str]] = {}
    for a in known:
        by_work.setdefault(a.work, []).append(a.topic)
    carried: list[Counter[str]] = [Counter() for _ in found.terms]
    sizes = Counter[int]()
    for work, shares in zip(works, found.shares, strict=False):
        if shares:
            sizes[shares[0][0]] += 1
            carried[shares[0][0]].update(set(by_work.get(work.key, ())))
    targets: list[str] = []
    new: list[Topic] = []
    taken = set(curated_ids)
    for topic, terms in enumerate(found.terms):
        best = min(carried[topic].items(), key=lambda kv: (-kv[1], kv[0]), default=None)
        if best and best[1] >= MERGE_SHARE * sizes[topic]:
            targets.append(best[0])
            continue
        ident = _new_id(terms, taken)
        taken.add(ident)
        label = topic_label(terms, found.coverage[topic] if found.coverage else 1.0)
        new.append(Topic(ident, label, tuple(terms[:LABEL_TERMS]), origin="auto", terms=terms))
        targets.append(ident)
    return targets, tuple(new)


def topic_label(terms: Sequence[str], coverage: float) -> str:
    """A found topic's label: its first ``LABEL_TERMS`` terms, after "miscellaneous: "
    when the topic is a catch-all (its terms are held by few of its works: ``CATCH_ALL``),
    so that a reader does not take the grab-bag for a subject."""
    label = ", ".join(terms[:LABEL_TERMS])
    return f"miscellaneous: {label}" if coverage < CATCH_ALL else label


def _new_id(terms: Sequence[str], taken: set[str]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", (terms[0] if terms else "topic").lower()).strip("-")
    ident, n = f"auto-{slug or 'topic'}", 2
    while ident in taken:
        ident, n = f"auto-{slug}-{n}", n + 1
    return ident


def _with_main(
    known: Sequence[TopicAssignment], discovered: Sequence[TopicAssignment]
) -> tuple[TopicAssignment, ...]:
    """Curated and matched first, then discovered pairs not already there; the main
    topic marked: first curated, else the strongest discovered, else the first match."""
    main: dict[str, str] = {}
    for a in known:
        if a.provenance.origin == "curation":
            main.setdefault(a.work, a.topic)
    for a in discovered:  # a work's strongest found topic comes first
        main.setdefault(a.work, a.topic)
    for a in known:
        main.setdefault(a.work, a.topic)
    merged: dict[tuple[str, str], TopicAssignment] = {}
    for a in (*known, *discovered):
        pair = (a.work, a.topic)
        if pair not in merged:
            is_main = main[a.work] == a.topic
            if a.main != is_main:  # made anew: dataclasses.replace costs several times more
                a = TopicAssignment(a.work, a.topic, a.provenance, main=is_main)
            merged[pair] = a
    return tuple(merged.values())
