"""Bibliographic exports of Works: BibTeX, biblatex, CSL-JSON, RIS.

BibTeX and biblatex go through ``refgraph.bibtex.dump_bibtex`` (one BibTeX writer in
refgraph); biblatex differs only in entry types and field names, changed on the Work first.
The works are written as given: ``enriched_works`` is what turns a library into the
corrected works that exports write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from refgraph.bibtex import dump_bibtex
from refgraph.checked import checked_works
from refgraph.controls import strip_controls
from refgraph.model import Author, Library, Work

# BibTeX entry type -> (biblatex type, its "type" field when the old type said more).
_BIBLATEX_TYPES = {
    "phdthesis": ("thesis", "phdthesis"),
    "mastersthesis": ("thesis", "mathesis"),
    "techreport": ("report", "techreport"),
    "conference": ("inproceedings", ""),
    "www": ("online", ""),
    "electronic": ("online", ""),
}
_BIBLATEX_FIELDS = {"address": "location", "school": "institution", "annote": "annotation"}

_CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "www": "webpage",
    "electronic": "webpage",
    "dataset": "dataset",
    "patent": "patent",
}
# Extra BibTeX fields with a CSL variable of their own.
_CSL_EXTRA = {
    "booktitle": "container-title",
    "address": "publisher-place",
    "location": "publisher-place",
    "school": "publisher",
    "institution": "publisher",
    "organization": "publisher",
    "edition": "edition",
    "series": "collection-title",
    "isbn": "ISBN",
    "issn": "ISSN",
    "note": "note",
    "chapter": "chapter-number",
}
_CSL_GENRE = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# RIS reference types (the RIS specification's TY values) per BibTeX entry type.
RIS_TYPES = {
    "article": "JOUR",
    "book": "BOOK",
    "booklet": "PAMP",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "proceedings": "CONF",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
    "www": "ELEC",
    "electronic": "ELEC",
    "dataset": "DATA",
    "patent": "PAT",
    "software": "COMP",
}
_RIS_EXTRA = {
    "booktitle": "T2",
    "address": "CY",
    "location": "CY",
    "school": "PB",
    "institution": "PB",
    "isbn": "SN",
    "issn": "SN",
    "edition": "ET",
    "series": "T3",
    "note": "N1",
}


def enriched_works(library: Library, keys: Iterable[str] | None = None) -> list[Work]:
    """The checked works (all, or those of ``keys``) as exports write them, in library
    order; the same values the graph holds (``refgraph.checked.checked_works``)."""
    return checked_works(library, keys)


# The loaders and the Crossref mapping already drop control characters; the text formats
# drop any that came another way too, so that no export is ever written with a NUL or ESC.


def export_bibtex(works: Iterable[Work], *, ascii: bool = False) -> str:
    return strip_controls(dump_bibtex(works, ascii=ascii))


def export_biblatex(works: Iterable[Work], *, ascii: bool = False) -> str:
    return strip_controls(dump_bibtex((biblatex_work(w) for w in works), ascii=ascii))


def biblatex_work(work: Work) -> Work:
    """The same work with biblatex's names: journaltitle, date, location, @thesis types."""
    entry_type, subtype = _BIBLATEX_TYPES.get(work.entry_type, (work.entry_type, ""))
    extra = [(_BIBLATEX_FIELDS.get(name, name), value) for name, value in work.extra]
    names = {name for name, _ in extra}
    front = []
    if work.journal and "journaltitle" not in names:
        front.append(("journaltitle", work.journal))
    if work.year is not None and "date" not in names:
        front.append(("date", _iso_date(work.year, dict(work.extra).get("month", ""))))
        extra = [(n, v) for n, v in extra if n != "month"]
    if subtype and "type" not in names:
        extra.append(("type", subtype))
    return replace(work, entry_type=entry_type, journal="", year=None, extra=tuple(front + extra))


def _month(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTHS.index(text[:3]) + 1 if text[:3] in _MONTHS else None


def _iso_date(year: int, month: str) -> str:
    number = _month(month)
    return f"{year:04d}-{number:02d}" if number else f"{year:04d}"


def export_csl_json(works: Iterable[Work]) -> str:
    """CSL-JSON (an array of items) as Pandoc and citeproc read it."""
    return json.dumps([csl_item(w) for w in works], ensure_ascii=False, indent=2) + "\n"


def csl_item(work: Work) -> dict[str, Any]:
    extra = dict(work.extra)
    item: dict[str, Any] = {"id": work.key, "type": _CSL_TYPES.get(work.entry_type, "article")}
    if work.authors:
        item["author"] = [_csl_name(a) for a in work.authors]
    if "editor" in extra:
        item["editor"] = [_csl_name(a) for a in _split_names(extra["editor"])]
    if work.year is not None:
        month = _month(extra.get("month", ""))
        item["issued"] = {"date-parts": [[work.year, month] if month else [work.year]]}
    plain = {
        "title": work.title,
        "container-title": work.journal,
        "volume": work.volume,
        "issue": work.issue,
        "page": work.pages.replace("--", "-"),
        "DOI": work.doi,
        "publisher": work.publisher,
        "abstract": work.abstract,
        "URL": work.url,
        "keyword": ", ".join(work.keywords),
        "genre": _CSL_GENRE.get(work.entry_type, ""),
    }
    for name, value in work.extra:
        variable = _CSL_EXTRA.get(name)
        if variable and not plain.get(variable):
            plain[variable] = value
    item.update((k, v) for k, v in plain.items() if v)
    return item


def _csl_name(author: Author) -> dict[str, str]:
    if author.literal or not author.family:
        return {"literal": author.literal or author.given}
    return (
        {"family": author.family, "given": author.given}
        if author.given
        else {"family": author.family}
    )


def _split_names(text: str) -> list[Author]:
    """'Family, Given and Given Family' (an extra field, e.g. editor) -> Authors."""
    authors = []
    for name in re.split(r"\s+and\s+", text.strip()):
        if "," in name:
            family, given = (p.strip() for p in name.split(",", 1))
        else:
            given, _, family = name.strip().rpartition(" ")
        if family:
            authors.append(Author(family=family, given=given))
    return authors


def export_ris(works: Iterable[Work]) -> str:
    return strip_controls("".join(ris_entry(w) for w in works))


def ris_entry(work: Work) -> str:
    """One RIS record: TY first, ER last, one tag per line."""
    tags: list[tuple[str, str]] = [("TY", RIS_TYPES.get(work.entry_type, "GEN")), ("ID", work.key)]
    tags += [("AU", _ris_name(a)) for a in work.authors]
    extra = dict(work.extra)
    tags += [("A2", _ris_name(a)) for a in _split_names(extra.get("editor", ""))]
    first, _, last = work.pages.replace("--", "-").replace("–", "-").partition("-")
    tags += [
        ("TI", work.title),
        ("T2", work.journal),
        ("PY", "" if work.year is None else str(work.year)),
        ("VL", work.volume),
        ("IS", work.issue),
        ("SP", first.strip()),
        ("EP", last.strip()),
        ("PB", work.publisher),
        ("DO", work.doi),
        ("UR", work.url),
        ("AB", work.abstract),
    ]
    tags += [("KW", k) for k in work.keywords]
    tags += [(_RIS_EXTRA[name], value) for name, value in work.extra if name in _RIS_EXTRA]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value.strip()]
    return "\n".join([*lines, "ER  - ", ""]) + "\n"


def _ris_name(author: Author) -> str:
    if author.literal or not author.given:
        return author.literal or author.family
    return f"{author.family}, {author.given}"
