"""Citation -> DOI: which record, if any, is the cited work.

Crossref's ``score`` only orders the candidates; acceptance is decided here by our own
checks, all of which must agree (a wrong DOI is worse than none):

1. title similarity >= ``ACCEPT_TITLE`` (``refgraph.compare.title_similarity``);
2. the first cited author's family name matches one of the record's first two authors;
3. the cited year is within one of the record's print, online or issued year; a bigger
   gap is tolerated only when the title is near-identical AND the cited venue names the
   record's journal (a garbled year in an otherwise exact citation; the year is then a
   conflict in the audit and the confidence is capped at ``GARBLED_YEAR_CAP``);
4. the types are compatible (a cited article is not a book chapter or a dataset);
5. a clear margin over the runner-up (``MARGIN``), notices such as "Correction to: ..."
   aside.

Otherwise the outcome is "needs review" with the candidates, or "not found" when no
candidate is even close (``CANDIDATE_TITLE``, or ``CANDIDATE_TITLE_SAME_AUTHOR`` with the
first author agreeing).
"""

from __future__ import annotations

from dataclasses import dataclass

from refgraph.compare import (
    first_page,
    fold,
    given_names_agree,
    is_generic_title,
    same_family,
    same_venue,
    title_similarity,
)
from refgraph.model import Candidate, LookupStatus, Record, Work

ACCEPT_TITLE = 0.9
CHECK_DOI_TITLE = 0.8  # a DOI the .bib already has: same work, perhaps a looser title
CANDIDATE_TITLE = 0.75  # worth showing for review ...
CANDIDATE_TITLE_SAME_AUTHOR = 0.5  # ... or this close with the first author agreeing
NEAR_IDENTICAL = 0.97
MARGIN = 0.15
GARBLED_YEAR_CAP = 0.7
ROWS = 5

# BibTeX entry type -> Crossref types it may be; absent entry types are not checked.
_COMPATIBLE = {
    "article": {"journal-article", "posted-content", "proceedings-article", "other"},
    "inproceedings": {"proceedings-article", "book-chapter", "journal-article", "other"},
    "incollection": {"book-chapter", "book-section", "book-part", "reference-entry", "other"},
    "book": {"book", "monograph", "edited-book", "reference-book", "other"},
    "phdthesis": {"dissertation", "other"},
    "mastersthesis": {"dissertation", "other"},
    "techreport": {"report", "report-component", "posted-content", "other"},
}
_NOTICE_PREFIXES = (
    "correction",
    "erratum",
    "corrigendum",
    "retraction",
    "retracted",
    "expression of concern",
    "reply",
    "response to",
    "comment on",
)


@dataclass(frozen=True)
class Match:
    """The outcome of matching one work: a status, perhaps a DOI and its record."""

    status: LookupStatus
    doi: str = ""
    confidence: float | None = None
    record: Record | None = None
    candidates: tuple[Candidate, ...] = ()
    message: str = ""


def bibliographic_query(work: Work) -> str:
    """The ``query.bibliographic`` text: title, first author, year, venue."""
    first = work.authors[0] if work.authors else None
    name = (first.family or first.literal) if first else ""
    parts = [work.title, name, str(work.year or ""), work.journal]
    return " ".join(" ".join(p.split()) for p in parts if p and p.strip())


def record_years(record: Record) -> set[int]:
    dates = (record.published_print, record.published_online, record.issued)
    return {d.year for d in dates if d is not None}


def assess(work: Work, record: Record) -> Candidate:
    """Our confidence that ``record`` is ``work``, with the reasons; ``reasons`` starting
    with "refused:" name a failed check."""
    return _assess(work, record)[0]


def _assess(work: Work, record: Record) -> tuple[Candidate, float]:
    reasons: list[str] = []
    title = title_similarity(work.title, record.title, record.subtitle)
    reasons.append(f"title similarity {title:.2f}")
    if title < ACCEPT_TITLE:
        reasons.append("refused: title differs")
    author = _author_score(work, record, reasons)
    year = _year_score(work, record, title, reasons)
    venue = _venue_score(work, record)
    if is_generic_title(work.title) and not _place_agrees(work, record):
        reasons.append("refused: a generic title needs the venue, volume or pages to agree")
    if not _type_compatible(work.entry_type, record.type):
        reasons.append(f"refused: type {record.type or '?'} for a cited {work.entry_type}")
    score = 0.5 * title + 0.25 * author + 0.15 * year + 0.1 * venue
    if any(r.startswith("accepted despite") for r in reasons):
        score = min(score, GARBLED_YEAR_CAP)
    candidate = Candidate(record.doi, _display_title(record), round(score, 3), tuple(reasons))
    return candidate, title


def choose(work: Work, records: list[Record]) -> Match:
    """Pick the record for a work without a DOI from a query's results."""
    assessed = sorted(
        (_assess(work, r) + (r,) for r in records if r.doi),
        key=lambda triple: triple[0].score,
        reverse=True,
    )
    close = [(c, r) for c, title, r in assessed if _worth_review(c, title)]
    if not close:
        return Match("not found", message="no Crossref record has a similar title")
    best, record = close[0]
    candidates = tuple(c for c, _ in close)
    refusals = [r for r in best.reasons if r.startswith("refused:")]
    if refusals:
        return Match("needs review", candidates=candidates, message="; ".join(refusals))
    rivals = [c for c, r in close[1:] if not _is_notice(r, work)]
    if rivals and best.score - rivals[0].score < MARGIN:
        return Match(
            "needs review",
            candidates=candidates,
            message=f"no clear margin over {rivals[0].doi} ({rivals[0].score:.2f})",
        )
    despite = "; ".join(r for r in best.reasons if r.startswith("accepted despite"))
    return Match("matched", record.doi, best.score, record, candidates, despite)


def check_doi(work: Work, record: Record) -> Match:
    """Check a DOI the .bib already has: its record must be the cited work (title and
    first author); otherwise the DOI is flagged as a mismatch, never trusted."""
    candidate, title = _assess(work, record)
    author_refused = any(r.startswith("refused: first author") for r in candidate.reasons)
    if (work.title and title < CHECK_DOI_TITLE) or author_refused:
        why = "title differs" if work.title and title < CHECK_DOI_TITLE else "author differs"
        return Match(
            "doi mismatch",
            record.doi,
            candidate.score,
            record,
            (candidate,),
            f"the record of this DOI is not the cited work ({why}: {candidate.title})",
        )
    return Match("matched", record.doi, candidate.score, record, (candidate,))


def _worth_review(candidate: Candidate, title: float) -> bool:
    author_ok = not any(r.startswith("refused: first author") for r in candidate.reasons)
    return title >= CANDIDATE_TITLE or (author_ok and title >= CANDIDATE_TITLE_SAME_AUTHOR)


def _display_title(record: Record) -> str:
    return f"{record.title}: {record.subtitle}" if record.subtitle else record.title


def _author_score(work: Work, record: Record, reasons: list[str]) -> float:
    if not work.authors or not record.authors:
        reasons.append("first author not checked (missing)")
        return 0.5
    cited = work.authors[0]
    for a in record.authors[:2]:
        if cited.literal or a.literal:
            if fold(cited.literal or cited.family) == fold(a.literal or a.family):
                return 1.0
        elif same_family(cited.family, a.family):
            if given_names_agree(cited.given, a.given):
                return 1.0
            reasons.append(
                f"refused: given names of {cited.family} differ ('{cited.given}' vs '{a.given}')"
            )
            return 0.5
    reasons.append(f"refused: first author {cited.family or cited.literal} not in record")
    return 0.0


def _year_score(work: Work, record: Record, title: float, reasons: list[str]) -> float:
    years = record_years(record)
    if work.year is None or not years:
        return 0.5
    gap = min(abs(work.year - y) for y in years)
    if gap == 0:
        return 1.0
    if gap == 1:
        return 0.7
    if title >= NEAR_IDENTICAL and same_venue(work.journal, record.container_title):
        reasons.append(f"accepted despite year {work.year} vs {sorted(years)}: same title, venue")
        return 0.0
    reasons.append(f"refused: year {work.year} vs {sorted(years)}")
    return 0.0


def _place_agrees(work: Work, record: Record) -> bool:
    """The cited venue, volume or first page is the record's."""
    pages = record.pages or record.article_number
    return (
        same_venue(work.journal, record.container_title)
        or bool(work.volume.strip())
        and work.volume.strip() == record.volume
        or bool(work.pages.strip())
        and first_page(work.pages) == first_page(pages)
    )


def _venue_score(work: Work, record: Record) -> float:
    if not work.journal or not record.container_title:
        return 0.5
    return 1.0 if same_venue(work.journal, record.container_title) else 0.0


def _type_compatible(entry_type: str, crossref_type: str) -> bool:
    allowed = _COMPATIBLE.get(entry_type.lower())
    return allowed is None or not crossref_type or crossref_type in allowed


def _is_notice(record: Record, work: Work) -> bool:
    """A correction/retraction notice that shares the title is not a rival candidate,
    unless the citation itself is of such a notice."""
    title, cited = fold(record.title), fold(work.title)
    return any(title.startswith(p) and not cited.startswith(p) for p in _NOTICE_PREFIXES)
