"""Works from Crossref records: ``refgraph add DOI...`` and DOIs for pasted references.

- ``works_for_dois``: one batched Crossref request for many DOIs (``crossref.lookup``),
  each record mapped (``crossref.records``) and turned into a Work by the merge policy
  (``merge.enriched_work``: every field "filled" from the record).
- ``find_dois``: for works read from plain text, the whole reference string is asked with
  ``query.bibliographic`` and the answer is accepted only under the rules every citation
  meets (``crossref.match.choose``); the work keeps its fields as cited and gains the DOI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.crossref.lookup import fetch_works, search_works
from refgraph.crossref.match import choose
from refgraph.crossref.records import record_from_crossref
from refgraph.doi import normalize_doi
from refgraph.merge import enriched_work
from refgraph.model import Enrichment, Provenance, Record, Work

# Crossref work type -> BibTeX entry type.
_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "reference-entry": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "dissertation": "phdthesis",
    "report": "techreport",
    "report-component": "techreport",
}
_IN_BOOK = {"incollection", "inproceedings"}


@dataclass(frozen=True)
class Looked:
    """One DOI's outcome: the work, or why there is none."""

    doi: str
    work: Work | None
    message: str = ""


def work_from_record(record: Record, where: str) -> Work:
    """The work a record describes, every field from the record."""
    entry_type = _TYPES.get(record.type, "misc")
    blank = Work(key="", entry_type=entry_type, provenance=Provenance("import", where))
    work = enriched_work(blank, Enrichment("", "matched", record.doi, 1.0, record))
    if entry_type in _IN_BOOK and work.journal:
        work = replace(work, journal="", extra=(("booktitle", work.journal),) + work.extra)
    return work


def works_for_dois(client: CrossrefClient, dois: Sequence[str]) -> list[Looked]:
    """Each DOI's work, in the order given; ``TooManyErrors`` (unreachable) propagates."""
    wanted = [normalize_doi(d) for d in dois]
    answers = {fetched.doi: fetched for fetched in fetch_works(client, wanted)}
    out = []
    for doi in wanted:
        answer = answers.get(doi)
        if answer is None or answer.error is not None:
            out.append(Looked(doi, None, str(answer.error) if answer else "no answer"))
        elif answer.message is None:
            out.append(Looked(doi, None, "not in Crossref (404)"))
        else:
            record = record_from_crossref(answer.message, None, detail=client.base_url)
            out.append(Looked(doi, work_from_record(record, f"doi:{doi}")))
    return out


def find_dois(
    client: CrossrefClient,
    works: Sequence[Work],
    texts: Sequence[str],
    cache: CrossrefCache | None = None,
) -> tuple[list[Work], list[str]]:
    """(works, one note per work) with DOIs found for the matched ones. Each answer is
    stored in ``cache`` as it arrives and a cached answer is used without asking, so a
    run stopped halfway resumes where it stopped."""
    outcome: dict[int, tuple[str, str]] = {}
    queries: dict[str, str] = {}
    for i, text in enumerate(texts):
        if works[i].doi:
            continue
        cached = cache.get_query(text) if cache is not None else None
        if cached is None:
            queries[str(i)] = text
        else:
            outcome[i] = _chosen(works[i], cached.items)
    for searched in search_works(client, queries):
        i = int(searched.key)
        if searched.error is not None:
            outcome[i] = ("", f"Crossref failed: {searched.error}")
            continue
        if cache is not None and not cache.readonly:
            cache.put_query(searched.query, searched.items, client.base_url)
        outcome[i] = _chosen(works[i], searched.items)
    found = [replace(w, doi=outcome[i][0]) if outcome.get(i, ("", ""))[0] else w
             for i, w in enumerate(works)]  # fmt: skip
    notes = [outcome.get(i, ("", "has a DOI"))[1] for i in range(len(works))]
    return found, notes


def _chosen(work: Work, items: list[dict[str, Any]]) -> tuple[str, str]:
    """(DOI or "", status) under the acceptance rules of every citation."""
    match = choose(work, [record_from_crossref(item, None) for item in items])
    return (match.doi if match.status == "matched" else "", match.status)
