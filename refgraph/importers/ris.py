"""RIS (Zotero, EndNote, Web of Science, Scopus, Mendeley exports) -> Works.

Records are framed here, line by line, so that every work knows the line it starts on and
a record without its ``ER`` line is an error naming that line; the tags of each record are
then read by ``rispy`` (the maintained RIS reader: its tag table, list tags, multi-line
values). Quirks of real exports handled before rispy sees a record: a byte-order mark,
CRLF line ends, a tag written with one space ("TY - JOUR"), header lines before the first
record (EndNote's and ScienceDirect's "Provider:", "Content:"), ``ER`` with or without a
trailing space. The tag meanings follow the RIS specification (Research Information
Systems, 2011) as Zotero and EndNote write them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import rispy

from refgraph.doi import normalize_doi
from refgraph.errors import InputError
from refgraph.export.works import RIS_TYPES
from refgraph.importers.common import (
    ImportResult,
    bibtex_pages,
    collect_records,
    work_from_fields,
)
from refgraph.model import Author, Work

_TAG = re.compile(r"^([A-Z][A-Z0-9])\s{1,2}-(?:\s(.*)|\s*)$")
_YEAR = re.compile(r"(\d{4})")
# RIS type -> BibTeX type: the inverse of export's table, plus the variants it never writes.
RIS_TO_BIBTEX = {ris: bib for bib, ris in reversed(list(RIS_TYPES.items()))}
RIS_TO_BIBTEX.update(
    JOUR="article", EJOUR="article", MGZN="article", NEWS="article", JFULL="article",
    INPR="article", BOOK="book", EBOOK="book", EDBOOK="book", CHAP="incollection",
    ECHAP="incollection", CPAPER="inproceedings", THES="phdthesis", RPRT="techreport",
    ELEC="misc", GEN="misc", DATA="misc", COMP="misc", BLOG="misc", PAT="patent",
)  # fmt: skip
_EXTRA_TAGS = (("CY", "address"), ("ET", "edition"), ("T3", "series"))


def load_ris(text: str, path: str) -> ImportResult:
    def records() -> Iterator[tuple[int, Work | None, str]]:
        for start, lines in _records(text.lstrip("\ufeff"), path):
            entries = rispy.loads("\n".join(lines), skip_unknown_tags=True)
            if not entries:
                yield start, None, "RIS record could not be read; skipped"
            else:
                work = _work(entries[0], f"{path}:{start}")
                yield start, work, "RIS record has no title (TI/T1); skipped"

    return collect_records(records(), path, "no RIS record (a line 'TY  - ...') found")


def _records(text: str, path: str) -> list[tuple[int, list[str]]]:
    """(line of TY, normalised lines TY..ER) per record; a record not closed by ER before
    the next TY or the end of the file is an InputError naming its TY line."""
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        found = _TAG.match(raw.rstrip())
        tag, value = (found.group(1), (found.group(2) or "").strip()) if found else ("", "")
        if tag == "TY":
            if current is not None:
                raise InputError(f"RIS record starting at line {start} has no ER line", path, start)
            current, start = [], number
        if current is None:
            continue  # header lines before a record, blank lines between records
        current.append(f"{tag}  - {value}" if tag else "      " + raw.strip())
        if tag == "ER":
            records.append((start, current))
            current = None
    if current is not None:
        raise InputError(f"RIS record starting at line {start} has no ER line", path, start)
    return records


def _first(entry: dict[str, Any], *names: str) -> str:
    for name in names:
        value = entry.get(name)
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if value and str(value).strip():
            return " ".join(str(value).split())
    return ""


def _names(values: object) -> tuple[Author, ...]:
    """RIS names: "Family, Given[, Suffix]" (the specification), or one string."""
    out = []
    for value in values if isinstance(values, list) else []:
        parts = [p.strip() for p in str(value).split(",")]
        if len(parts) == 1:
            out.append(Author(literal=parts[0]) if " " in parts[0] else Author(family=parts[0]))
            continue
        suffix = parts[2] if len(parts) >= 3 else ""  # its own part (model.Author)
        out.append(Author(family=parts[0], given=parts[1], suffix=suffix))
    return tuple(a for a in out if a.family or a.literal)


def _work(entry: dict[str, Any], where: str):
    kind = _first(entry, "type_of_reference").upper()
    entry_type = RIS_TO_BIBTEX.get(kind, "misc")
    authors = _names(entry.get("authors", [])) + _names(entry.get("first_authors", []))
    container = _first(
        entry, "secondary_title", "alternate_title3", "journal_name", "alternate_title2"
    )
    extra: list[tuple[str, str]] = []
    editors = _names(entry.get("secondary_authors", []))
    if entry_type not in ("incollection", "inproceedings", "book"):
        editors = ()
    if entry_type != "article" and container:  # a chapter's or a paper's book
        extra.append(("booktitle", container))
        container = ""
    extra += [(field, _first(entry, rispy.TAG_KEY_MAPPING[tag])) for tag, field in _EXTRA_TAGS]
    serial = _first(entry, "issn")
    if serial:
        extra.append(("isbn" if len(serial.replace("-", "")) >= 10 else "issn", serial))
    notes = entry.get("notes") or []
    extra.append(("note", " ".join(str(n) for n in notes)))
    urls = [str(u) for u in entry.get("urls") or []]
    doi = normalize_doi(_first(entry, "doi"))
    first, last = _first(entry, "start_page"), _first(entry, "end_page")
    first = first or _first(entry, "custom7")  # EndNote and Web of Science: article number
    year = _YEAR.search(_first(entry, "year", "publication_year", "date"))
    return work_from_fields(
        entry_type=entry_type,
        title=_first(entry, "title", "primary_title"),
        editors=editors,
        authors=authors,
        year=int(year.group(1)) if year else None,
        journal=container,
        volume=_first(entry, "volume"),
        issue=_first(entry, "number"),
        pages=bibtex_pages(f"{first}-{last}" if first and last else first),
        doi=doi,
        publisher=_first(entry, "publisher"),
        abstract=_first(entry, "abstract", "notes_abstract"),
        url=urls[0] if urls else "",
        keywords=tuple(str(k).strip() for k in entry.get("keywords") or [] if str(k).strip()),
        key=_first(entry, "id"),
        extra=tuple((n, v) for n, v in extra if v),
        where=where,
    )
