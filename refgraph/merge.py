"""The merge policy: a work as cited against its record, field by field.

Each field gets a verdict: "filled" (the citation lacks it), "confirmed" (they agree),
"conflict" (they differ; the record wins in the corrected work), "online-first" (the year
rule below), "cited only" (the record lacks it) or "needs review" (an update notice).
Rules:

- date: one value, never put together from two sources. The checked date is the print
  date (the date of the volume and issue), else the online date, else the issued date,
  else the cited year and month; the cited month never travels with the record's year.
  A cited year equal to the online year while the print year differs is "online-first",
  not an error; both dates are shown.
- fields the record lacks (issue) in a citation whose volume or pages the record
  corrects: "unverified (citation points elsewhere)"; kept in the audit as cited, left
  out of the checked work (Fasano cited as 101(2):657-690 is 91:151-175, issue unknown).
- updates: shown by kind (``Update.effect``); a notice pointing at the work itself
  corrects and retracts nothing.
- names: author by author; same family with compatible initials ("E.M.M." / "Eamonn M. M.")
  agrees. A family name split differently ("Santos Aleman, R." against family "Aleman",
  given "Ricardo Santos") is reported as a conflict naming the name form; a family/given
  swap is reported as such.
- pages: hyphen, en dash, em dash and ``--`` are the same; "1516-26" is "1516-1526"; a
  cited page that is the record's article number is confirmed ("article number").
- title and journal: compared folded (case, accents, punctuation, "&"/"and"); a
  difference in case or punctuation alone is confirmed with a note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from refgraph.compare import (
    family_tokens,
    fold,
    given_names_agree,
    normalize_pages,
    same_family,
    same_venue,
)
from refgraph.doi import doi_key, normalize_doi
from refgraph.model import (
    UNVERIFIED,
    Author,
    DateParts,
    Enrichment,
    FieldAudit,
    Provenance,
    Record,
    Verdict,
    Work,
)

_RANGE = re.compile(r"^\s*(\w+)\s*[-\u2010-\u2015]+\s*(\w+)\s*$")

AuditFn = Callable[[Work, Record], "FieldAudit | None"]


def audit_fields(work: Work, record: Record) -> tuple[FieldAudit, ...]:
    """Every field's verdict for ``work`` against ``record`` (fields absent on both
    sides are left out)."""
    checks: tuple[AuditFn, ...] = (
        _doi, _title, _authors, _year, _journal, _volume, _issue, _pages, _publisher,
        _abstract, _updates,
    )  # fmt: skip
    audits = [a for a in (check(work, record) for check in checks) if a is not None]
    # Made anew rather than with dataclasses.replace, which costs several times as much
    # (it looks every field up by name) and runs seven times per work.
    return tuple(
        FieldAudit(
            a.field,
            a.cited,
            a.record,
            a.verdict,
            a.note,
            cited_from=work.provenance,
            record_from=record.provenance,
        )
        for a in _points_elsewhere(audits)
    )


def record_date(record: Record) -> tuple[DateParts | None, str]:
    """The checked date of a work and which of the record's dates it is: the print date
    ("print"), else the online date ("online"), else the issued date ("issued")."""
    for name, date in (
        ("print", record.published_print),
        ("online", record.published_online),
        ("issued", record.issued),
    ):
        if date is not None:
            return date, name
    return None, ""


def record_year(record: Record) -> int | None:
    """The year of the checked work (``record_date``'s year)."""
    date = record_date(record)[0]
    return date.year if date else None


def enriched_work(work: Work, enrichment: Enrichment) -> Work:
    """The checked work that export writes: the record's values where it has them, the
    citation's where it does not, except fields the audit calls unverified; as cited
    unless the lookup matched, except that a DOI shown to be another work's ("doi
    mismatch") is not carried on. Read it through ``refgraph.checked.check_work``."""
    record = enrichment.record
    if enrichment.status == "doi mismatch":
        return replace(work, doi="")
    if enrichment.status != "matched" or record is None:
        doi = normalize_doi(work.doi)
        return work if doi == work.doi else replace(work, doi=doi)  # loaded DOIs are normal
    unverified = {a.field for a in enrichment.audit if a.verdict == UNVERIFIED}
    # A field the audit confirms keeps the citation's own form (its case, braces, name
    # parts, dash style): the checked work changes exactly what the audit fills or corrects.
    confirmed = {a.field for a in enrichment.audit if a.verdict == "confirmed"}
    date = None if "year" in confirmed else record_date(record)[0]
    values: dict[str, Any] = dict(
        title=_full_title(record) or work.title,
        authors=record.authors or work.authors,
        year=date.year if date else work.year,
        year_text="" if date else work.year_text,
        extra=_one_date(work, date),
        journal=record.container_title or work.journal,
        volume=record.volume or work.volume,
        issue=record.issue or ("" if "issue" in unverified else work.issue),
        pages=_bibtex_range(record.pages) or record.article_number or work.pages,
        doi=record.doi or normalize_doi(work.doi),
        publisher=record.publisher or work.publisher,
        abstract=work.abstract or record.abstract,
        provenance=Provenance(
            record.provenance.origin,
            f"{work.provenance.detail or work.key} corrected from {record.provenance.detail}",
            record.provenance.retrieved,
        ),
    )
    slots = ("authors", "journal", "title", "volume", "issue", "pages", "doi", "publisher")
    values.update((slot, getattr(work, slot)) for slot in slots if slot in confirmed)
    return replace(work, **values)  # one copy of the work: replace costs per field


def _one_date(work: Work, date: DateParts | None) -> tuple[tuple[str, str], ...]:
    """The cited extra fields with the date made one value: when the record gives the
    date, its month replaces the cited one (kept only if the record has no month and
    agrees on the year); a cited ``date`` or ``day`` goes with any other year."""
    if date is None:
        return work.extra
    keep_cited = date.month is None and date.year == work.year
    out = [(n, v) for n, v in work.extra if keep_cited or n not in ("month", "day", "date")]
    if date.month is not None:
        out.append(("month", str(date.month)))
    return tuple(out)


def _points_elsewhere(audits: list[FieldAudit]) -> list[FieldAudit]:
    """A cited issue the record lacks is unverified when the record corrects the
    volume or pages: the citation mixed this work up with another."""
    corrected = any(a.field in ("volume", "pages") and a.verdict == "conflict" for a in audits)
    if not corrected:
        return audits
    note = (
        "the record corrects the volume or pages and has no issue: this one may belong "
        "to the other citation"
    )
    return [
        replace(a, verdict=UNVERIFIED, note=note)
        if a.field == "issue" and a.verdict == "cited only"
        else a
        for a in audits
    ]


def pointed_to(record: Record) -> str:
    """The one thing a refused record leaves: "this DOI points to: <title>, <year>"."""
    year = record_year(record)
    return f"this DOI points to: {_full_title(record) or '(no title)'}, {year or 'n.d.'}"


def _bibtex_range(pages: str) -> str:
    """'151-175' or '151–175' as BibTeX writes a range: '151--175'."""
    return _RANGE.sub(r"\1--\2", pages)


def _audit(field: str, cited: str, record: str, same: bool, note: str = "") -> FieldAudit | None:
    """The plain rule: filled / confirmed / conflict / cited only."""
    if not cited and not record:
        return None
    if not cited:
        return FieldAudit(field, "", record, "filled", note)
    if not record:
        return FieldAudit(field, cited, "", "cited only", note)
    return FieldAudit(field, cited, record, "confirmed" if same else "conflict", note)


def _doi(work: Work, record: Record) -> FieldAudit | None:
    return _audit("doi", work.doi, record.doi, doi_key(work.doi) == doi_key(record.doi))


def _full_title(record: Record) -> str:
    return f"{record.title}: {record.subtitle}" if record.subtitle else record.title


def _title(work: Work, record: Record) -> FieldAudit | None:
    full = _full_title(record)
    same = fold(work.title) in (fold(record.title), fold(full))
    note = "case or punctuation differs" if same and work.title not in (record.title, full) else ""
    return _audit("title", work.title, full, same, note)


def _name(author: Author) -> str:
    if author.literal:
        return author.literal
    return f"{author.family}, {author.given}" if author.given else author.family


def _author_note(i: int, cited: Author, record: Author) -> str:
    """What is wrong with one cited author ("" when nothing)."""
    if cited.literal or record.literal:
        same = fold(cited.literal or _name(cited)) == fold(record.literal or _name(record))
        return "" if same else f"author {i}: cited '{_name(cited)}', record '{_name(record)}'"
    if family_tokens(cited.family) == family_tokens(record.family):  # particles, suffixes aside
        if given_names_agree(cited.given, record.given):
            return ""
        return f"author {i}: given names differ ('{cited.given}' vs '{record.given}')"
    if same_family(cited.family, record.family):
        return (
            f"author {i}: name form: cited '{_name(cited)}'; record family '{record.family}', "
            f"given '{record.given}'"
        )
    if fold(cited.family) == fold(record.given) and fold(cited.given) == fold(record.family):
        return f"author {i}: family and given names swapped ('{_name(cited)}')"
    return f"author {i}: cited '{_name(cited)}', record '{_name(record)}'"


def _authors(work: Work, record: Record) -> FieldAudit | None:
    cited = "; ".join(_name(a) for a in work.authors)
    shown = "; ".join(_name(a) for a in record.authors)
    pairs = enumerate(zip(work.authors, record.authors, strict=False), 1)
    notes = [n for i, (c, r) in pairs if (n := _author_note(i, c, r))]
    if work.authors and record.authors and len(work.authors) != len(record.authors):
        notes.append(f"{len(work.authors)} authors cited, {len(record.authors)} in the record")
    return _audit("authors", cited, shown, not notes, "; ".join(notes))


def _date(d: DateParts | None) -> str:
    if d is None:
        return ""
    return "-".join([str(d.year)] + [f"{p:02d}" for p in (d.month, d.day) if p])


def _year(work: Work, record: Record) -> FieldAudit | None:
    year = record_year(record)
    printed, online = record.published_print, record.published_online
    dates = [("print", printed), ("online", online)]
    note = "; ".join(f"{label} {_date(d)}" for label, d in dates if d)
    shown = f"{year} ({note})" if note and year is not None else str(year or "")
    cited = str(work.year or "")
    if (
        work.year is not None
        and printed
        and online
        and printed.year != online.year
        and work.year == online.year
    ):
        return FieldAudit(
            "year",
            cited,
            shown,
            "online-first",
            f"cited year is the online-first year ({_date(online)}); "
            f"the print issue is {_date(printed)}",
        )
    return _audit("year", cited, shown, work.year == year, note)


def _journal(work: Work, record: Record) -> FieldAudit | None:
    same = same_venue(work.journal, record.container_title)
    note = "written differently" if same and work.journal != record.container_title else ""
    return _audit("journal", work.journal, record.container_title, same, note)


def _volume(work: Work, record: Record) -> FieldAudit | None:
    return _audit("volume", work.volume, record.volume, work.volume.strip() == record.volume)


def _issue(work: Work, record: Record) -> FieldAudit | None:
    return _audit("issue", work.issue, record.issue, work.issue.strip() == record.issue)


def _pages(work: Work, record: Record) -> FieldAudit | None:
    cited, pages, number = normalize_pages(work.pages), record.pages, record.article_number
    if cited and number and cited == normalize_pages(number):
        return FieldAudit("pages", work.pages, number, "confirmed", "article number")
    shown = pages or number
    note = "article number" if shown and not pages else ""
    if cited and pages and cited == normalize_pages(pages) and work.pages != pages:
        note = "dash style differs (not a conflict)"
    return _audit("pages", work.pages, shown, cited == normalize_pages(shown), note)


def _publisher(work: Work, record: Record) -> FieldAudit | None:
    same = same_venue(work.publisher, record.publisher)
    return _audit("publisher", work.publisher, record.publisher, same)


def _abstract(work: Work, record: Record) -> FieldAudit | None:
    if work.abstract or not record.abstract:
        return None  # abstracts are not compared, only supplied
    return FieldAudit("abstract", "", record.abstract, "filled")


# The note of an updates row, by the strongest effect among the notices.
_UPDATE_NOTES = (
    ("retraction", "RETRACTED: do not cite as evidence"),
    ("concern", "expression of concern: read the notice before citing"),
    ("correction", "corrected: check the notice"),
    ("version", "a newer version exists"),
    ("other", "updated: check the notice"),
)


def _updates(work: Work, record: Record) -> FieldAudit | None:
    """Notices by kind; those that point at the work itself are no update of it."""
    notices = [u for u in record.updates if not u.is_self]
    if not notices:
        return None
    shown = "; ".join(f"{u.kind_text} {u.doi} {_date(u.date)}".strip() for u in notices)
    effects = {u.effect for u in notices}
    note = next(text for effect, text in _UPDATE_NOTES if effect in effects)
    verdict: Verdict = "filled" if effects == {"version"} else "needs review"
    return FieldAudit("updates", "", shown, verdict, note)
