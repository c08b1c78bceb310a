"""Adding imported works to a library: duplicates left out, keys given, one file written.

``plan_import`` decides (pure): which works are new, which repeat a work already in the
library or earlier in the input (``refgraph.duplicates``), and the key of each new work
(``refgraph.citekeys``; a key the input gives is kept when it is valid and still free). The
target is a new file (it starts with ``refgraph.outputs.IMPORT_HEADER``) or one that
refgraph import wrote before: its existing text is kept byte for byte and the new entries
are appended after it, each preceded by a comment naming where it came from; existing
entries and keys are never touched. ``write_plan`` writes the file atomically (``refgraph.atomic``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from refgraph.atomic import write_text_atomic
from refgraph.bibtex import dump_bibtex
from refgraph.citekeys import assign_keys
from refgraph.duplicates import Duplicate, DuplicateIndex, describe
from refgraph.model import Work
from refgraph.outputs import IMPORT_HEADER

_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:.+-]*$")


@dataclass(frozen=True)
class ImportPlan:
    target: Path
    added: tuple[Work, ...]
    duplicates: tuple[Duplicate, ...]
    text: str  # the whole new content of ``target``


def plan_import(
    works: Sequence[Work], library: Sequence[Work], target: Path, existing_text: str = ""
) -> ImportPlan:
    """What importing ``works`` into ``target`` would do, given the ``library`` works
    (including those already in ``target``) and ``target``'s current text."""
    index = DuplicateIndex(library)
    new: list[Work] = []
    duplicates: list[Duplicate] = []
    for work in works:
        found = index.find(work)
        if found is not None:
            duplicates.append(found)
            continue
        index.add(work)
        new.append(work)
    keyed = _with_keys(new, {w.key.lower() for w in library})
    return ImportPlan(Path(target), tuple(keyed), tuple(duplicates), _text(existing_text, keyed))


def _with_keys(works: list[Work], taken: set[str]) -> list[Work]:
    """Each work with its key: the one the input gave (a BibTeX key, a CSL-JSON ``id``, a
    RIS ``ID``) when it is a valid citation key not taken yet, else a new one by the
    pattern of ``refgraph.citekeys``."""
    own: list[bool] = []
    for work in works:
        keep = bool(_KEY.match(work.key)) and work.key.lower() not in taken
        if keep:
            taken.add(work.key.lower())
        own.append(keep)
    fresh = iter(assign_keys([w for w, keep in zip(works, own, strict=True) if not keep], taken))
    return [w if keep else replace(w, key=next(fresh)) for w, keep in zip(works, own, strict=True)]


def _text(existing: str, works: list[Work]) -> str:
    if not works:
        return existing
    header = f"{IMPORT_HEADER}\n% Each entry says where it came from; edit them as you like.\n\n"
    parts = [existing.rstrip("\n") + "\n\n"] if existing.strip() else [header]
    for work in works:
        parts.append(f"% imported by refgraph from {describe(replace(work, key=''))}\n")
        parts.append(dump_bibtex([work]) + "\n")
    return "".join(parts).rstrip("\n") + "\n"


def write_plan(plan: ImportPlan) -> None:
    """Write the plan's file atomically (nothing is written when nothing is added)."""
    if plan.added:
        write_text_atomic(plan.target, plan.text)


def duplicate_message(dup: Duplicate) -> str:
    return (
        f"{describe(dup.work)} is already in the library as {describe(dup.original)}: {dup.reason}"
    )
