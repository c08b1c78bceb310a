"""The main job, without argv or printing: load a library, enrich it, build its graph.

Every command that needs the whole library (build, find, show, export, ...) calls
``prepare`` so that they all see the same enriched works and the same graph.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing as mp
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import networkx as nx

from refgraph.checked import CheckedWork, check_library
from refgraph.discovery import (
    DiscoveryInputs,
    discover_from,
    discovery_inputs,
    with_discovered_topics,
)
from refgraph.enrich import EnrichOptions, enrich_offline_or_online, user_cache_file
from refgraph.graph import link_graph, work_graph
from refgraph.heap import collector_paused, keep_until_exit
from refgraph.library import abstract_topic_assignments, load_library
from refgraph.model import Library, TopicAssignment, Work
from refgraph.processes import Awaiting, in_child
from refgraph.resolve import Progress
from refgraph.topicmodel import FoundTopics, import_model

# A library whose .bib files hold more bytes than this (4,000 works at krr.bib's 240 bytes
# an entry) starts its topic discovery process before it is loaded (see _early_discovery).
EARLY_DISCOVERY_BYTES = 1_000_000
# Above this many works topic discovery (seconds, and scikit-learn's memory) runs in a
# forked child while this process matches the vocabulary and checks the works: the second
# core works, and the parent's peak memory (which every later child starts from) stays
# free of the topic model's.
PARALLEL_DISCOVERY_WORKS = 2000


@dataclass
class Prepared:
    library: Library
    graph: nx.MultiDiGraph
    offline: bool = True
    messages: list[str] = field(default_factory=list)
    # check_library(library), worked out once: the graph and the audit both read it.
    checked: tuple[CheckedWork, ...] = field(kw_only=True)


def prepare(
    library_dir: Path,
    seeds_dir: Path | None = None,
    options: EnrichOptions | None = None,
    progress: Progress | None = None,
    notify: Callable[[str], object] | None = None,
    checked_hook: Callable[[Library, tuple[CheckedWork, ...]], object] | None = None,
    freeze: bool = False,
) -> Prepared:
    """Load ``library_dir`` (and seeds), apply what enrichment knows, build the graph.

    Without ``options`` it works offline from the cache and the bundled snapshot: the
    reading verbs (find, show, export) never touch the network. ``checked_hook`` is
    called with the library (enriched; its topics not yet matched or found) and its
    checked works before the graph is built (build starts writing the audit there, on
    the machine's other core). ``freeze``: for a
    process that ends with this run (a CLI verb), the result is frozen out of the cycle
    collector (``gc.freeze``); a long-lived caller must not, since frozen cycles (a
    networkx graph holds some) are never collected.
    """
    options = options or EnrichOptions(library_dir=str(library_dir), offline=True)
    early = _early_discovery(Path(library_dir))
    # Offline, enrichment makes acyclic data as well: the collector stays paused from
    # loading (which collects its own garbage) to the graph, since its pass after the
    # enrichment (0.6 s at 50,000 works) walked all that was made and found nothing.
    # Online it runs: the network passes' HTTP machinery makes cycles, over minutes.
    with collector_paused() if options.offline else contextlib.nullcontext():
        return _prepare(
            library_dir, seeds_dir, options, progress, notify, checked_hook, freeze, early
        )


def _prepare(
    library_dir: Path,
    seeds_dir: Path | None,
    options: EnrichOptions,
    progress: Progress | None,
    notify: Callable[[str], object] | None,
    checked_hook: Callable[[Library, tuple[CheckedWork, ...]], object] | None,
    freeze: bool,
    early: _EarlyDiscovery | None,
) -> Prepared:
    seeds = Path(seeds_dir) if seeds_dir else None
    try:
        library = load_library(Path(library_dir), seeds, match=False)  # matched once, below
        enrichments, offline, messages = enrich_offline_or_online(
            library, options, progress, notify=notify
        )
    except BaseException:
        if early is not None:
            early.cancel()
        raise
    library = replace(library, enrichments=enrichments)
    abstracts = {e.key: e.record.abstract for e in enrichments if e.record and e.record.abstract}
    # From here on the run makes only acyclic data (assignments, checked works, the graph's
    # dicts): no pass of the cycle collector, which would walk the whole library each time
    # (a second at 50,000 works) and find nothing.
    cache = topic_cache_file(options)
    found = _discovery(library.works, abstracts, cache, early)
    with collector_paused():
        matched = _vocabulary_matches(library, abstracts)
        checked = check_library(library)  # reads no topic
        if checked_hook is not None:
            checked_hook(library, checked)
        # The work nodes read no topic: made while the discovery child still runs (at
        # 50,000 works, 2 s of the graph's 4 that no longer wait for the topics).
        graph = work_graph(library.name, checked)
        library = replace(library, assignments=matched())  # with_abstract_topics
        library = with_discovered_topics(library, abstracts, cache, found() if found else None)
        graph = link_graph(graph, library, checked)
        # The checked works and the graph live as long as the run and hold no garbage (at
        # this point a full pass finds none): frozen out of the cycle collector's passes.
        # Else the first allocation after the pause starts a pass over all they made (a
        # second at 50,000 works), and later passes walk them again.
        if freeze:
            gc.freeze()
    prepared = Prepared(library, graph, offline, list(messages), checked=checked)
    if freeze:  # the process ends with this run: no need to free it (refgraph.heap)
        keep_until_exit(prepared)
    return prepared


# The early discovery process: given the works' texts and venues and the topic cache.
_EarlyDiscovery = Awaiting[tuple[DiscoveryInputs, Path], FoundTopics]


def _early_discovery(
    library_dir: Path,
) -> Awaiting[tuple[DiscoveryInputs, Path], FoundTopics] | None:
    """For a large library (its .bib files over ``EARLY_DISCOVERY_BYTES``), the process
    that will discover its topics, started now: it imports scikit-learn (a second) on the
    other core while this one loads and enriches, and waits for the works' texts."""
    if "fork" not in mp.get_all_start_methods():
        return None
    try:
        size = sum(path.stat().st_size for path in library_dir.glob("*.bib"))
    except OSError:
        return None  # load_library says what is wrong with the folder
    if size < EARLY_DISCOVERY_BYTES:
        return None
    return Awaiting(import_model, lambda given: discover_from(*given))


def _discovery(
    works: Sequence[Work],
    abstracts: Mapping[str, str],
    cache: Path,
    early: _EarlyDiscovery | None,
) -> Callable[[], FoundTopics] | None:
    """Topic discovery started elsewhere for a library of more than
    ``PARALLEL_DISCOVERY_WORKS`` works (in ``early``'s process when there is one, else in
    a child forked now): its answer, to ask for later; None for a smaller library, whose
    topics are found in line (``early`` is then cancelled)."""
    if len(works) <= PARALLEL_DISCOVERY_WORKS:
        if early is not None:
            early.cancel()
        return None
    inputs = discovery_inputs(works, abstracts)
    if early is not None:
        return early.give((inputs, cache))
    return in_child(lambda: discover_from(inputs, cache))


def _vocabulary_matches(
    library: Library, abstracts: Mapping[str, str]
) -> Callable[[], tuple[TopicAssignment, ...]]:
    """``abstract_topic_assignments(library, abstracts)``, asked for later: for a library
    of more than ``PARALLEL_DISCOVERY_WORKS`` works made by a child forked now (0.7 s at
    50,000 works, while this process checks the works and makes their nodes), else here."""
    if len(library.works) > PARALLEL_DISCOVERY_WORKS:
        return in_child(lambda: abstract_topic_assignments(library, abstracts))
    return lambda: abstract_topic_assignments(library, abstracts)


TOPIC_CACHE = "topics-cache.json"


def topic_cache_file(options: EnrichOptions) -> Path:
    """Where discovered topics are cached: beside the Crossref cache (the library's own
    caches stay together), or in ``$XDG_CACHE_HOME/refgraph/`` (default ``~/.cache``)
    when that folder cannot be written, so a read-only library is never written to."""
    beside = Path(options.cache_file).with_name(TOPIC_CACHE)
    if os.access(beside.parent, os.W_OK | os.X_OK):
        return beside
    user = Path(user_cache_file(options.library_dir))  # the Crossref cache's user folder
    with contextlib.suppress(OSError):  # refgraph's own folder; without it, no topic cache
        user.parent.mkdir(parents=True, exist_ok=True)
    return user.with_name(f"{user.stem}-{TOPIC_CACHE}")
