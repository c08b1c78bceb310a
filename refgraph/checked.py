"""The three views of one work, worked out once: as cited, the record, the checked work.

``check_work(work, enrichment)`` is pure and is the one place they are derived. The graph
node (``refgraph.graph.WorkNode``), the page payload, ``show``, ``find``, the index, the
audit and every export read its result; none of them works out a year, a DOI link or a
verdict again.

- ``cited``: the work as the .bib has it, untouched.
- ``record``: what the authority says, only when the lookup matched. A refused record (a
  DOI in the .bib that points to another work) lends nothing: no values, notices,
  citation count or reference list; only the note "this DOI points to: title, year"
  (in ``notes``).
- ``work``: the checked work (``refgraph.merge.enriched_work``): the record's values where
  it has them, the cited ones where it has not, unverified ones left out. ``audit`` gives
  every field's verdict and where each side came from; ``date`` and ``date_from`` say
  which date the checked year is (print, online, issued or cited).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from refgraph.doi import doi_key, doi_link
from refgraph.merge import enriched_work, record_date
from refgraph.model import (
    DateParts,
    Enrichment,
    FieldAudit,
    Library,
    LookupStatus,
    Record,
    Reference,
    Update,
    Work,
)


@dataclass(frozen=True)
class CheckedWork:
    """One work's three views and what follows from them (see the module docstring)."""

    cited: Work
    work: Work
    status: LookupStatus = "pending"
    confidence: float | None = None
    record: Record | None = None  # only when the lookup matched
    audit: tuple[FieldAudit, ...] = ()
    date: DateParts | None = None
    date_from: str = ""  # "print", "online", "issued", "cited" or "" (no date at all)
    doi_url: str = ""  # https://doi.org/... of the checked DOI, "" when there is none
    updates: tuple[Update, ...] = ()  # notices about the work, self-pointing ones included
    update_to: tuple[Update, ...] = ()  # the record is itself a notice about these works
    references: tuple[Reference, ...] = ()  # the record's list, self-citations dropped
    notes: tuple[str, ...] = ()
    message: str = ""

    @property
    def key(self) -> str:
        return self.cited.key

    @property
    def year(self) -> int | None:
        return self.work.year

    @property
    def doi(self) -> str:
        return self.work.doi

    @property
    def retracted(self) -> bool:
        return any(u.is_retraction for u in self.updates)

    @property
    def citation_count(self) -> int | None:
        return self.record.citation_count if self.record else None


def check_work(work: Work, enrichment: Enrichment | None) -> CheckedWork:
    """The three views of ``work`` given its lookup outcome (None: not looked up)."""
    e = enrichment or Enrichment(work.key)
    matched = e.status == "matched" and e.record is not None
    record = e.record if matched else None
    checked = enriched_work(work, e)
    date, date_from = record_date(record) if record else (None, "")
    if date is None and work.year is not None:
        date, date_from = DateParts(work.year), "cited"
    notes = [e.pointed_to] if e.status == "doi mismatch" and e.pointed_to else []
    references: tuple[Reference, ...] = ()
    if record and record.references_known:
        own = {doi_key(record.doi), doi_key(work.doi)} - {""}
        references = tuple(r for r in record.references if doi_key(r.doi) not in own)
        dropped = len(record.references) - len(references)
        if dropped:
            notes.append(f"{dropped} self-citation(s) in the record's reference list dropped")
    return CheckedWork(
        cited=work,
        work=checked,
        status=e.status,
        confidence=e.confidence,
        record=record,
        audit=e.audit if matched else (),
        date=date,
        date_from=date_from,
        doi_url=doi_link(checked.doi),
        updates=record.updates if record else (),
        update_to=record.update_to if record else (),
        references=references,
        notes=tuple(notes),
        message=e.message,
    )


def check_library(library: Library) -> tuple[CheckedWork, ...]:
    """``check_work`` for every work of ``library``, in library order."""
    by_key = {e.key: e for e in library.enrichments}
    return tuple(check_work(w, by_key.get(w.key)) for w in library.works)


def checked_works(library: Library, keys: Iterable[str] | None = None) -> list[Work]:
    """The checked works (all, or those of ``keys``) as exports write them, in library
    order (stable output); a work that did not match is as cited."""
    wanted = None if keys is None else set(keys)
    return [c.work for c in check_library(library) if wanted is None or c.key in wanted]
