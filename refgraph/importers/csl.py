"""CSL-JSON (Zotero, Better BibTeX, pandoc, citeproc): a list of items -> Works.

The inverse of ``refgraph.export.works.csl_item``: the CSL types and variables that export
writes are read back under the same BibTeX names. Per-item problems (an item that is not
an object, an item without a title) are ``Problem`` values naming the item; a file that is
not JSON or not a list is an ``InputError``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from refgraph.errors import InputError
from refgraph.importers.common import ImportResult, bibtex_pages, work_from_fields
from refgraph.model import Author, Problem

# CSL type -> BibTeX entry type (the inverse of export's table where it is one to one).
CSL_TO_BIBTEX = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "book": "book",
    "pamphlet": "booklet",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "misc",
    "post-weblog": "misc",
    "dataset": "misc",
    "patent": "patent",
    "software": "misc",
}
# CSL variable -> BibTeX field kept in ``Work.extra`` (inverse of export's _CSL_EXTRA).
_EXTRA = {
    "publisher-place": "address",
    "edition": "edition",
    "collection-title": "series",
    "ISBN": "isbn",
    "ISSN": "issn",
    "note": "note",
    "chapter-number": "chapter",
}
_SPACES = re.compile(r"[ \t\r\n]+")


def load_csl_json(text: str, path: str) -> ImportResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg}", path, exc.lineno) from exc
    if not isinstance(data, list):
        kind = type(data).__name__.replace("dict", "object")
        raise InputError(f"CSL-JSON must be a list of items, found a JSON {kind}", path, 1)
    works, problems = [], []
    for number, item in enumerate(data, 1):
        where = f"{path}: item {number}"
        if not isinstance(item, dict):
            problems.append(Problem(path, None, f"item {number} is not a JSON object; skipped"))
            continue
        work = _work(item, where)
        if not work.title:
            problems.append(Problem(path, None, f"item {number} has no title; skipped"))
            continue
        works.append(work)
    return ImportResult(tuple(works), tuple(problems))


def _work(item: dict[str, Any], where: str) -> Any:
    entry_type = CSL_TO_BIBTEX.get(_text(item.get("type")), "misc")
    genre = _text(item.get("genre")).lower()
    if entry_type == "phdthesis" and "master" in genre:
        entry_type = "mastersthesis"
    container = _text(item.get("container-title"))
    extra = [(field, _text(item.get(var))) for var, field in _EXTRA.items()]
    if entry_type != "article" and container:  # a chapter's or a paper's book
        extra.insert(0, ("booktitle", container))
        container = ""
    editors = _names(item.get("editor"))
    year, month = _issued(item.get("issued"))
    if month:
        extra.append(("month", str(month)))
    keywords = item.get("keyword")
    return work_from_fields(
        entry_type=entry_type,
        title=_plain(_text(item.get("title"))),
        editors=editors,
        authors=_names(item.get("author")),
        year=year,
        journal=container,
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue"))
        or _text(item.get("number"))
        or _text(item.get("collection-number")),
        pages=bibtex_pages(_text(item.get("page"))),
        doi=_text(item.get("DOI")),
        publisher=_text(item.get("publisher")),
        abstract=_text(item.get("abstract")),
        url=_text(item.get("URL")),
        keywords=_keywords(keywords),
        key=_text(item.get("id")),
        extra=tuple((n, v) for n, v in extra if v),
        where=where,
    )


def _text(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float | str):
        return _SPACES.sub(" ", str(value)).strip()  # a no-break space is kept
    return ""


# CSL-JSON's rich-text markup (the tags citeproc-js and pandoc read in titles): not text.
_MARKUP = re.compile(r"</?(?:span|i|b|sup|sub|sc)(?:\s[^>]*)?>")


def _plain(text: str) -> str:
    return _MARKUP.sub("", text) if "<" in text else text


def _keywords(value: object) -> tuple[str, ...]:
    parts = value if isinstance(value, list) else _text(value).split(",")
    return tuple(k for k in (_text(p).strip() for p in parts) if k)


def _names(value: object) -> tuple[Author, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for name in value:
        if not isinstance(name, dict):
            continue
        literal = _text(name.get("literal"))
        particles = (name.get("dropping-particle"), name.get("non-dropping-particle"))
        particle = " ".join(p for p in map(_text, particles) if p)
        family = " ".join(p for p in (particle, _text(name.get("family"))) if p)
        suffix = _text(name.get("suffix"))  # its own part (model.Author), never in family
        if literal or family:
            given = _text(name.get("given"))
            out.append(Author(family, given, literal, particle=particle, suffix=suffix))
    return tuple(out)


def _issued(value: object) -> tuple[int | None, int | None]:
    """CSL dates: {"date-parts": [[2016, 3]]}, or {"raw": "2016-03"}, or {"literal": ...}."""
    if not isinstance(value, dict):
        return None, None
    parts = value.get("date-parts")
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else []
    numbers = [int(p) for p in first[:2] if isinstance(p, int | str) and str(p).strip().isdigit()]
    if not numbers:
        raw = _text(value.get("raw") or value.get("literal"))
        digits = raw[:4]
        return (int(digits), None) if digits.isdigit() else (None, None)
    month = numbers[1] if len(numbers) > 1 and 1 <= numbers[1] <= 12 else None
    return numbers[0], month
