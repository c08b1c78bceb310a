"""One library, loaded whole: the ``*.bib`` files of a folder (parsed together), its
``annotations/`` (topics, claims, per-work topics and stances), and the seed documents.

Possible duplicates inside the library (``refgraph.duplicates``) are warnings naming both
keys and lines. Cross-references are checked here: an annotation or a seed naming a work key that no
``.bib`` defines is a Problem with file and line. Problems of every input are collected in
``Library.problems``; only a library with nothing usable (no folder, no ``.bib``, no entry
at all) raises ``InputError``.

Topic assignments: curated ones (``annotations/works.toml``) plus automatic matches on
titles, keywords and abstracts (``refgraph.topics``). On a duplicate (work, topic) the
curated one is kept: it is the stronger statement, and a graph wants one edge per pair.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from refgraph.annotations import load_annotations
from refgraph.bibtex import load_bibtex_files
from refgraph.duplicates import duplicate_problems
from refgraph.errors import InputError
from refgraph.heap import collector_paused
from refgraph.model import Library, TopicAssignment
from refgraph.seeds import load_seeds
from refgraph.topics import match_topics

ANNOTATIONS_DIR = "annotations"


def load_library(
    library_dir: Path, seeds_dir: Path | None = None, *, match: bool = True
) -> Library:
    """Everything in ``library_dir`` (and ``seeds_dir``, if given) as one ``Library``.
    ``match=False`` leaves out the automatic topic matches, for a caller that will match
    once it also has the abstracts (``with_abstract_topics``)."""
    # Loading makes millions of objects and no reference cycles: the collector's passes
    # over them would find nothing (refgraph.heap).
    with collector_paused():
        library = _load(Path(library_dir), seeds_dir)
        # pylatexenc leaves a reference cycle at each call (66,000 objects at 50,000
        # works), which only a pass of the collector frees: one pass here, also when the
        # caller keeps the collector paused for longer (``pipeline.prepare``). It is the
        # pass that switching the collector back on would start, over the same objects.
        gc.collect()
    return with_abstract_topics(library, {}) if match else library


def _load(library_dir: Path, seeds_dir: Path | None) -> Library:
    try:
        bib_paths = sorted(library_dir.glob("*.bib"))
    except OSError as exc:
        raise InputError(f"cannot read library folder: {exc}", str(library_dir)) from exc
    if not library_dir.is_dir():
        raise InputError("library folder not found", str(library_dir))
    if not bib_paths:
        raise InputError("no .bib file in the library folder", str(library_dir))
    loaded = load_bibtex_files(bib_paths)
    if not loaded.works:
        first = loaded.problems[0] if loaded.problems else None
        reason = f" (first problem: {first})" if first else ""
        raise InputError(f"no usable BibTeX entry{reason}", str(library_dir))
    keys = {w.key for w in loaded.works}
    notes = load_annotations(library_dir / ANNOTATIONS_DIR, work_keys=keys)
    claim_ids = {c.id for c in notes.claims}
    seeds = load_seeds(Path(seeds_dir), work_keys=keys, claim_ids=claim_ids) if seeds_dir else None
    return Library(
        name=_library_name(library_dir, bib_paths),
        works=loaded.works,
        sources=seeds.sources if seeds else (),
        topics=notes.topics,
        claims=notes.claims,
        stances=notes.stances + (seeds.stances if seeds else ()),
        assignments=notes.assignments,
        problems=loaded.problems
        + duplicate_problems(loaded.works)
        + notes.problems
        + (seeds.problems if seeds else ()),
    )


def _library_name(library_dir: Path, bib_paths: list[Path]) -> str:
    """What the page and the summary call the library: the one .bib file's name
    ("leaky-gut.bib" -> "leaky gut"), else the folder's."""
    if len(bib_paths) == 1:
        return bib_paths[0].stem.replace("-", " ").replace("_", " ")
    return library_dir.resolve().name


def with_abstract_topics(library: Library, abstracts: Mapping[str, str]) -> Library:
    """``library`` with its automatic topic matches redone, now also on ``abstracts``
    (work key -> abstract, e.g. from Crossref records); curated assignments are kept.
    Only the curated vocabulary is matched; discovered topics and their assignments are
    added after this (``refgraph.discovery``)."""
    return replace(library, assignments=abstract_topic_assignments(library, abstracts))


def abstract_topic_assignments(
    library: Library, abstracts: Mapping[str, str]
) -> tuple[TopicAssignment, ...]:
    """The assignments ``with_abstract_topics`` gives ``library``: its curated ones, then
    the curated vocabulary's matches in the works and ``abstracts``."""
    curated = [a for a in library.assignments if a.provenance.origin == "curation"]
    vocabulary = [t for t in library.topics if t.origin == "curation"]
    matched = match_topics(library.works, vocabulary, abstracts)
    return merge_assignments(curated, matched)


def merge_assignments(
    curated: list[TopicAssignment] | tuple[TopicAssignment, ...],
    matched: tuple[TopicAssignment, ...],
) -> tuple[TopicAssignment, ...]:
    """Curated first, then every match for a (work, topic) pair not already curated."""
    seen = {(a.work, a.topic) for a in curated}
    merged = list(dict.fromkeys(curated))
    for assignment in matched:
        if (assignment.work, assignment.topic) not in seen:
            seen.add((assignment.work, assignment.topic))
            merged.append(assignment)
    return tuple(merged)
