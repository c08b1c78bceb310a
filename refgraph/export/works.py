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
from refgraph.bibtex.cased import sentence_case, title_segments
from refgraph.bibtex.fields import month_number
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
    """The same work with biblatex's names: journaltitle, location, institution, @thesis
    types, and the year as a ``date`` (with its month), ``pubstate`` for "in press" and
    "forthcoming". Fields the .bib wrote are renamed, not rewritten (``Work.bibtex`` is
    renamed alike), so what refgraph did not change is still written as the user wrote
    it. An article gets no ``publisher`` it did not have (biblatex's datamodel has none)."""
    entry_type, subtype = _BIBLATEX_TYPES.get(work.entry_type, (work.entry_type, ""))
    extra = [(_BIBLATEX_FIELDS.get(name, name), value) for name, value in work.extra]
    names = {name for name, _ in extra}
    front = []
    if work.journal and "journaltitle" not in names:
        front.append(("journaltitle", work.journal))
    year_fields: tuple[str, ...] = ()
    source = work.bibtex
    inherited = source is not None and "year" not in dict(source.fields)
    if inherited and dict(source.loaded).get("year") == work.year_shown:  # type: ignore[union-attr]
        names.add("date")  # the crossref parent gives the year; its entry writes the date
    if "date" not in names:
        date = _biblatex_date(work, dict(work.extra).get("month", ""))
        if date:
            front.append(date)
            year_fields = ("year", "month")
            extra = [(n, v) for n, v in extra if n != "month"]
    if subtype and "type" not in names:
        extra.append(("type", subtype))
    publisher = work.publisher
    if entry_type == "article" and publisher:
        written = source is not None and "publisher" in dict(source.fields)
        kept = written and dict(source.loaded).get("publisher") == publisher  # type: ignore[union-attr]
        publisher = publisher if kept else ""
    if source is not None:
        renames = _BIBLATEX_FIELDS | {"journal": "journaltitle"}
        source = replace(
            source,
            fields=tuple((renames.get(n, n), r) for n, r in source.fields if n not in year_fields),
            loaded=tuple((renames.get(n, n), v) for n, v in source.loaded),
        )
    return replace(
        work,
        entry_type=entry_type,
        journal="",
        year=None if year_fields else work.year,
        year_text="" if year_fields else work.year_text,
        publisher=publisher,
        extra=tuple(front + extra),
        bibtex=source,
    )


_PUBSTATE = {"in press": "inpress", "forthcoming": "forthcoming", "submitted": "submitted"}


def _biblatex_date(work: Work, month: str) -> tuple[str, str] | None:
    """("date", ISO year[-month]) for a work with a year; ("pubstate", ...) for a work
    "in press" or "forthcoming"; None when the year text says something else."""
    if work.year is not None:
        number = month_number(month)
        return "date", f"{work.year:04d}-{number:02d}" if number else f"{work.year:04d}"
    state = _PUBSTATE.get(work.year_text.strip().lower())
    return ("pubstate", state) if state else None


def export_csl_json(works: Iterable[Work]) -> str:
    """CSL-JSON (an array of items) as Pandoc and citeproc read it."""
    return json.dumps([csl_item(w) for w in works], ensure_ascii=False, indent=2) + "\n"


def csl_item(work: Work) -> dict[str, Any]:
    """One CSL-JSON item. Names keep their parts (particle, suffix, literal); a name list
    cut short by "and others" leaves "others" out and says so under ``custom``; a year
    that is more than a number ("2020a", "in press") is a literal date; protected words
    of the title are ``<span class="nocase">``."""
    extra = dict(work.extra)
    kind = _CSL_TYPES.get(work.entry_type, "article")
    item: dict[str, Any] = {"id": work.key, "type": kind}
    if work.authors:
        item["author"] = [_csl_name(a) for a in work.authors]
    if work.editors:
        item["editor"] = [_csl_name(a) for a in work.editors]
    cut = [n for n, cut in (("author", work.authors_et_al), ("editor", work.editors_et_al)) if cut]
    if cut:  # CSL-JSON has no "et al." marker of its own; "custom" holds what it lacks
        item["custom"] = {"truncated-names": cut}
    issued = _csl_date(work, extra)
    if issued:
        item["issued"] = issued
    accessed = _date_parts(extra.get("urldate", ""))
    if accessed:
        item["accessed"] = accessed
    how = extra.get("howpublished", "")
    plain = {
        "title": _csl_title(work),
        "container-title": work.journal,
        "volume": work.volume,
        _number_variable(kind, extra): work.issue,
        "page": work.pages.replace("--", "-"),
        "DOI": work.doi,
        "publisher": work.publisher,
        "abstract": work.abstract,
        "URL": work.url or (how if _URL.match(how) else ""),
        "keyword": ", ".join(work.keywords),
        "genre": extra.get("type", "") or _CSL_GENRE.get(work.entry_type, ""),
    }
    for name, value in work.extra:
        variable = _CSL_EXTRA.get(name)
        if name == "booktitle" and value == work.title:  # a proceedings' own title again
            continue
        if variable and not plain.get(variable):
            plain[variable] = value
    if how and not _URL.match(how) and not plain["publisher"]:  # as pandoc reads it
        plain["publisher"] = how
    item.update((k, v) for k, v in plain.items() if v)
    return item


def _number_variable(kind: str, extra: dict[str, str]) -> str:
    """An article's number is its issue; a book's or a paper's in a series is the number
    in that series; a report's its own number."""
    if kind.startswith("article"):
        return "issue"
    return "collection-number" if extra.get("series") else "number"


_URL = re.compile(r"^(https?|ftp)://\S+$")
_ISO = re.compile(r"^([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?$")


def _date_parts(text: str) -> dict[str, Any] | None:
    found = _ISO.match(text.strip())
    if not found:
        return None
    return {"date-parts": [[int(p) for p in found.groups() if p]]}


def _csl_date(work: Work, extra: dict[str, str]) -> dict[str, Any] | None:
    """issued: biblatex's date, else the year with the month; the year as written (a
    literal) when it is more than a number."""
    parts = _date_parts(extra.get("date", ""))
    if parts:
        return parts
    if work.year_text:
        return {"literal": work.year_text}
    if work.year is None:
        return None
    month = month_number(extra.get("month", ""))
    return {"date-parts": [[work.year, month] if month else [work.year]]}


def _csl_title(work: Work) -> str:
    """The title in sentence case with its protected words in nocase spans, as CSL wants
    it: the style then cases it (``cased.sentence_case``)."""
    return "".join(
        f'<span class="nocase">{text}</span>' if kept else text
        for text, kept in sentence_case(title_segments(work))
    )


def _csl_name(author: Author) -> dict[str, str]:
    """A CSL name: literal for organisations; a BibTeX von part is a dropping particle
    (as pandoc's and biblatex's BibTeX readers take it), a suffix a suffix."""
    if author.literal or not author.family:
        return {"literal": author.literal or author.given}
    name = {"family": author.family}
    particle = author.particle
    if particle and author.family.startswith(particle + " "):
        name = {"family": author.family[len(particle) :].strip(), "dropping-particle": particle}
    if author.given:
        name["given"] = author.given
    if author.suffix:
        name["suffix"] = author.suffix
    return name


def export_ris(works: Iterable[Work]) -> str:
    return strip_controls("".join(ris_entry(w) for w in works))


def ris_entry(work: Work) -> str:
    """One RIS record: TY first, ER last, one tag per line."""
    tags: list[tuple[str, str]] = [("TY", RIS_TYPES.get(work.entry_type, "GEN")), ("ID", work.key)]
    tags += [("AU", _ris_name(a)) for a in work.authors]  # "and others": left out
    tags += [("A2", _ris_name(a)) for a in work.editors]
    first, _, last = work.pages.replace("--", "-").replace("–", "-").partition("-")
    tags += [
        ("TI", work.title),
        ("T2", work.journal),
        ("PY", work.year_shown),
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
    """RIS's "Family, Given, Suffix" (particle in the family); organisations whole."""
    if author.literal:
        return author.literal
    return ", ".join(p for p in (author.family, author.given, author.suffix) if p)
