"""MEDLINE/PubMed format (.nbib, "PubMed" export, EndNote's .nbib) -> Works.

The format (NLM, "MEDLINE/PubMed Data Element (Field) Descriptions"): a tag of up to
four letters padded to four characters, "- ", the value; a value continues on lines
indented by six spaces; records are separated by blank lines and start with ``PMID-``.
Authors come twice, ``FAU`` (full: "Quigley, Eamonn M M") and ``AU`` ("Quigley EM");
full names are used when present. The DOI is the ``LID`` or ``AID`` value marked "[doi]".
Page ranges are NLM-abbreviated ("74-9") and are written in full ("74--79").

Why our own reader (about 40 lines): ``nbib`` has had no release since 2021 and depends on
``dateutils``; Biopython's ``Bio.Medline`` would bring a 3 MB compiled package for the
same loop and no line numbers, which every imported work needs for its provenance.
"""

from __future__ import annotations

import re

from refgraph.compare import normalize_pages
from refgraph.importers.common import (
    ImportResult,
    bibtex_pages,
    collect_records,
    work_from_fields,
)
from refgraph.importers.names import parse_vancouver
from refgraph.model import Author

_TAG = re.compile(r"^([A-Z]{2,4})\s*- ?(.*)$")
_YEAR = re.compile(r"(\d{4})")


def load_medline(text: str, path: str) -> ImportResult:
    records = (
        (start, _work(fields, f"{path}:{start}"), "MEDLINE record has no title (TI); skipped")
        for start, fields in _records(text.lstrip("\ufeff"))
    )
    return collect_records(records, path, "no MEDLINE record (a line 'PMID- ...') found")


def _records(text: str) -> list[tuple[int, dict[str, list[str]]]]:
    """(first line, tag -> values in order) per record; continuation lines joined."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    fields: dict[str, list[str]] = {}
    last = ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        found = _TAG.match(line)
        if not line.strip():
            last = ""
        elif found and not raw.startswith(" "):
            if found.group(1) == "PMID" and fields:
                fields = {}
            if not fields:
                records.append((number, fields))
            last = found.group(1)
            fields.setdefault(last, []).append(found.group(2).strip())
        elif last:
            fields[last][-1] += " " + line.strip()
    return [(start, f) for start, f in records if f]


def _one(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        if fields.get(tag):
            return " ".join(fields[tag][0].split())
    return ""


def _authors(fields: dict[str, list[str]]) -> tuple[Author, ...]:
    full = fields.get("FAU", [])
    if not full:
        return parse_vancouver(", ".join(fields.get("AU", [])))
    out = []
    for name in full:
        family, _, given = name.partition(",")
        out.append(Author(family=family.strip(), given=given.strip()))
    out += [Author(literal=c) for c in fields.get("CN", [])]
    return tuple(out)


def _marked(fields: dict[str, list[str]], mark: str) -> str:
    for value in fields.get("LID", []) + fields.get("AID", []):
        if value.endswith(f"[{mark}]"):
            return value[: -len(mark) - 2].strip()
    return ""


def _work(fields: dict[str, list[str]], where: str):
    year = _YEAR.search(_one(fields, "DP", "DEP"))
    book = bool(fields.get("BTI"))
    extra = [("pmid", _one(fields, "PMID")), ("pmcid", _one(fields, "PMC"))]
    issn = _one(fields, "IS").split(" ")[0]
    extra.append(("issn", issn))
    return work_from_fields(
        entry_type="book" if book else "article",
        title=_one(fields, "TI", "BTI").rstrip("."),
        authors=_authors(fields),
        year=int(year.group(1)) if year else None,
        journal="" if book else _one(fields, "JT", "TA"),
        volume=_one(fields, "VI"),
        issue=_one(fields, "IP"),
        pages=bibtex_pages(normalize_pages(_one(fields, "PG"))),
        doi=_marked(fields, "doi"),
        publisher=_one(fields, "PB"),
        abstract=_one(fields, "AB"),
        keywords=tuple(fields.get("OT", [])),
        extra=tuple((n, v) for n, v in extra if v),
        where=where,
    )
