"""Crossref's work JSON mapped to ``refgraph.model.Record``: one pure function.

``record_from_crossref`` is the only place that reads a Crossref work record; nothing
downstream sees a Crossref dict. It never raises on odd input (missing fields, ``null``
date parts, numbers where strings are expected): an absent or unusable value is left
empty. Text fields have their markup stripped (see ``markup``) and lose their control
characters (see ``refgraph.controls``): a publisher's ESC or NUL never reaches a terminal,
an XML export or BibTeX.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from refgraph.controls import strip_controls
from refgraph.crossref.markup import jats_to_text, strip_markup
from refgraph.doi import doi_key, normalize_doi, quote_doi, valid_doi
from refgraph.model import Author, DateParts, Origin, Provenance, Record, Reference, Update

_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])", re.IGNORECASE)
_YEAR = re.compile(r"(1[5-9]\d\d|20\d\d|21\d\d)")


def record_from_crossref(
    message: Mapping[str, Any],
    retrieved: str | None,
    origin: Origin = "crossref",
    detail: str = "",
    *,
    with_references: bool = True,
) -> Record:
    """Map one Crossref work (the ``message`` of ``/works/{doi}`` or a list item).

    ``retrieved`` is when it was fetched (ISO 8601 UTC); ``detail`` says from where
    (the request URL or base URL); both end up in the record's provenance.
    ``with_references=False`` leaves the reference list unread (no references, not
    ``references_known``, none of its problems): for a candidate that is only compared
    with a citation (``refgraph.crossref.match.choose`` reads no reference), at a fraction
    of the cost, since a reference list is most of a record.
    """
    m = message if isinstance(message, Mapping) else {}
    doi = normalize_doi(_text(m.get("DOI")))
    references, not_dois = _references(m.get("reference") if with_references else None)
    return Record(
        doi=doi,
        title=_first_text(m.get("title")),
        subtitle=_first_text(m.get("subtitle")),
        authors=tuple(_author(a) for a in _list(m.get("author")) if isinstance(a, Mapping)),
        container_title=_first_text(m.get("container-title")),
        issn=tuple(dict.fromkeys(_text(x) for x in _list(m.get("ISSN")) if _text(x))),
        volume=_text(m.get("volume")),
        issue=_text(m.get("issue")),
        pages=_text(m.get("page")),
        article_number=_text(m.get("article-number")),
        published_print=_date(m.get("published-print")),
        published_online=_date(m.get("published-online")),
        issued=_date(m.get("issued")),
        publisher=strip_markup(_text(m.get("publisher"))),
        type=_text(m.get("type")),
        abstract=strip_controls(jats_to_text(_raw(m.get("abstract")))),
        references=references,
        references_known=with_references and isinstance(m.get("reference"), list),
        citation_count=_int(m.get("is-referenced-by-count")),
        updates=tuple(_update(u, doi) for u in _list(m.get("updated-by")) if _is_map(u)),
        update_to=tuple(_update(u, doi) for u in _list(m.get("update-to")) if _is_map(u)),
        url=_text(m.get("URL")),
        provenance=Provenance(origin, detail or (f"doi:{doi}" if doi else ""), retrieved),
        problems=unusable_parts(m, not_dois),
    )


def unusable_parts(m: Mapping[str, Any], not_dois: list[str]) -> tuple[str, ...]:
    """What of a Crossref record the mapping leaves out, each as a sentence (empty for a
    well-formed record): list entries that are not objects, reference DOIs that are not
    DOIs (``not_dois``, found by ``_references``), text fields that are neither text nor
    a list of text."""
    found = []
    for name in ("author", "reference", "updated-by", "update-to"):
        value = m.get(name)
        if value is not None and not isinstance(value, list):
            found.append(f"{name!r} is not a list")
        bad = sum(not _is_map(item) for item in _list(value))
        if bad:
            found.append(f"{bad} {name!r} entries are not objects")
    if not_dois:
        found.append(f"{len(not_dois)} reference DOIs are not DOIs (such as {not_dois[0][:40]!r})")
    for name in ("title", "container-title"):
        value = m.get(name)
        if value is not None and not isinstance(value, str | list):
            found.append(f"{name!r} is not text")
    return tuple(found)


def record_from_response(
    message: Mapping[str, Any], fetched_at: str, base_url: str, *, with_references: bool = True
) -> Record:
    """A work as a Crossref server at ``base_url`` answered it (live or from the cache),
    its provenance naming the work's own URL there (``<base_url>/works/<doi>``)."""
    m = message if isinstance(message, Mapping) else {}
    url = f"{base_url}/works/{quote_doi(_raw(m.get('DOI')))}"
    return record_from_crossref(m, fetched_at, "crossref", url, with_references=with_references)


def item_for_doi(items: list[dict[str, Any]], doi: str) -> dict[str, Any] | None:
    """The item of a list answer whose DOI is ``doi`` (compared as DOIs), or None."""
    key = doi_key(doi)
    return next((i for i in items if _is_map(i) and doi_key(_raw(i.get("DOI"))) == key), None)


def _is_map(value: object) -> bool:
    # A dict (what JSON gives) answers without the slower abstract-class check.
    return type(value) is dict or isinstance(value, Mapping)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _raw(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _text(value: object) -> str:
    """A scalar as clean one-line text (Crossref sometimes sends numbers for strings)."""
    if value is None:  # absent: most optional fields of most records
        return ""
    raw = _raw(value)
    if "<" not in raw and "&" not in raw:
        # No tag and no entity: stripping markup only collapses whitespace, which brings
        # no control character back, so this is the line below without its second pass.
        return " ".join(raw.split())
    # Again after markup: an entity such as &#27; decodes to a control character.
    return strip_controls(strip_markup(raw))


def _first_text(value: object) -> str:
    """Crossref sends titles as lists; the first non-empty one is the title."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        text = _text(item)
        if text:
            return text
    return ""


def _int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _date(value: object) -> DateParts | None:
    """``{"date-parts": [[2016, 3, 1]]}`` -> DateParts; ``[[null]]`` or junk -> None."""
    if not isinstance(value, Mapping):
        return None
    parts = _list(value.get("date-parts"))
    first = _list(parts[0]) if parts else []
    numbers = [_int(p) for p in first[:3]]
    if not numbers or numbers[0] is None:
        return None
    month = _in_range(numbers, 1, 12)
    day = _in_range(numbers, 2, 31) if month else None
    return DateParts(numbers[0], month, day)


def _in_range(numbers: list[int | None], index: int, top: int) -> int | None:
    value = numbers[index] if len(numbers) > index else None
    return value if value is not None and 1 <= value <= top else None


def _author(a: Mapping[str, Any]) -> Author:
    orcid_match = _ORCID.search(_raw(a.get("ORCID")))
    family, given = _text(a.get("family")), _text(a.get("given"))
    # An organisation (or a person deposited as one string) comes as "name".
    literal = _text(a.get("name")) if not family else ""
    return Author(
        family=family,
        given=given,
        literal=literal,
        orcid=orcid_match.group(1).upper() if orcid_match else "",
        suffix=_text(a.get("suffix")),
    )


def _references(value: object) -> tuple[tuple[Reference, ...], list[str]]:
    """The reference list's objects mapped, and the DOIs among them that are not DOIs
    (as given; left out of their ``Reference``, named in the record's problems)."""
    references, not_dois = [], []
    for r in _list(value):
        if not _is_map(r):
            continue
        reference = _reference(r)
        if not reference.doi and r.get("DOI") not in (None, ""):
            not_dois.append(_raw(r.get("DOI")) or repr(r.get("DOI")))
        references.append(reference)
    return tuple(references), not_dois


def _reference(r: Mapping[str, Any]) -> Reference:
    year_match = _YEAR.search(_raw(r.get("year")))
    title = _text(r.get("article-title")) or _text(r.get("volume-title"))
    return Reference(
        doi=valid_doi(_raw(r.get("DOI"))),  # a number or junk names no work
        key=_text(r.get("key")),
        unstructured=_text(r.get("unstructured")),
        title=title,
        author=_text(r.get("author")),
        year=int(year_match.group(1)) if year_match else None,
    )


def _update(u: Mapping[str, Any], own_doi: str) -> Update:
    doi = normalize_doi(_raw(u.get("DOI")))
    return Update(
        kind=_text(u.get("type")).lower().replace("_", "-").replace(" ", "-"),
        doi=doi,
        date=_date(u.get("updated")),
        label=_text(u.get("label")),
        is_self=bool(doi) and doi_key(doi) == doi_key(own_doi),
    )
