"""Web of Science's own tagged export ("Plain text file", savedrecs.txt) -> Works.

The format (Clarivate's "Web of Science Core Collection Field Tags"): ``FN`` and ``VR``
head the file, each record runs from ``PT`` to ``ER``, ``EF`` ends the file; a tag is two
characters and a space; a line indented by three spaces continues the tag above (another
author for ``AU``/``AF``, more text for ``TI`` or ``AB``). Records are framed here, so that
each work knows its line and a record without ``ER`` is an error naming its ``PT`` line;
rispy's ``WokParser`` reads the tags of each record. ``AF`` (full names) is preferred to
``AU``; ``SO`` (the source, in capitals) is the container; ``AR`` is an article number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import rispy

from refgraph.doi import normalize_doi
from refgraph.errors import InputError
from refgraph.importers.common import (
    ImportResult,
    bibtex_pages,
    collect_records,
    work_from_fields,
)
from refgraph.model import Author, Work

_TAG = re.compile(r"^([A-Z][A-Z0-9])(?: (.*))?$")
# Web of Science document type (PT) -> BibTeX entry type.
_TYPES = {"J": "article", "B": "book", "S": "incollection", "P": "misc", "C": "inproceedings"}


def load_wos(text: str, path: str) -> ImportResult:
    def records() -> Iterator[tuple[int, Work | None, str]]:
        for start, lines in _records(text.lstrip("\ufeff"), path):
            entries = rispy.loads("\n".join(lines), implementation=rispy.WokParser)
            work = _work(entries[0], f"{path}:{start}") if entries else None
            yield start, work, "Web of Science record has no title (TI)"

    return collect_records(records(), path, "no Web of Science record (a line 'PT ...') found")


def _records(text: str, path: str) -> list[tuple[int, list[str]]]:
    records: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        found = _TAG.match(line)
        tag = found.group(1) if found else ""
        if tag == "PT":
            if current is not None:
                raise InputError(f"record starting at line {start} has no ER line", path, start)
            current, start = [], number
        if current is None:
            continue  # FN, VR, EF and blank lines between records
        current.append(line)
        if tag == "ER":
            records.append((start, current))
            current = None
    if current is not None:
        raise InputError(f"record starting at line {start} has no ER line", path, start)
    return records


def _text(entry: dict[str, Any], name: str) -> str:
    value = entry.get(name, "")
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value).split())


def _names(values: object) -> tuple[Author, ...]:
    out = []
    for value in values if isinstance(values, list) else []:
        family, _, given = str(value).partition(",")
        if family.strip():
            out.append(Author(family=family.strip(), given=given.strip()))
    return tuple(out)


def _work(entry: dict[str, Any], where: str) -> Work:
    entry_type = _TYPES.get(_text(entry, "publication_type"), "misc")
    authors = _names(entry.get("author_full_name") or entry.get("authors"))
    authors += tuple(Author(literal=g) for g in entry.get("group_authors") or [])
    first, last = _text(entry, "beginning_page"), _text(entry, "ending_page")
    pages = f"{first}-{last}" if first and last else first or _text(entry, "article_number")
    year = _text(entry, "publication_year")
    container = _text(entry, "publication_name")
    extra = [("issn", _text(entry, "issn")), ("isbn", _text(entry, "isbn"))]
    if entry_type != "article" and container:
        extra.insert(0, ("booktitle", container))
        container = ""
    keywords = _text(entry, "author_keywords").split(";")
    return work_from_fields(
        entry_type=entry_type,
        title=_text(entry, "document_title"),
        authors=authors,
        year=int(year) if year.isdigit() else None,
        journal=container,
        volume=_text(entry, "volume"),
        issue=_text(entry, "issue"),
        pages=bibtex_pages(pages),
        doi=normalize_doi(_text(entry, "doi")),
        publisher=_text(entry, "publisher"),
        abstract=_text(entry, "abstract"),
        keywords=tuple(k.strip() for k in keywords if k.strip()),
        extra=tuple((n, v) for n, v in extra if v),
        where=where,
    )
