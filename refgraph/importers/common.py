"""What every import format shares: the result type, and a Work built from named fields."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from refgraph.errors import InputError
from refgraph.model import Author, Problem, Provenance, Work

_RANGE_DASH = re.compile(r"\s*(?:--|[-\u2010-\u2015\u2212])\s*")


@dataclass(frozen=True)
class ImportResult:
    """The works read from one input (keys as the input gave them, if at all) and its
    per-record problems."""

    works: tuple[Work, ...] = ()
    problems: tuple[Problem, ...] = ()
    texts: tuple[str, ...] = ()  # plain text only: each work's reference as written


def collect_records(
    records: Iterable[tuple[int, Work | None, str]], path: str, none_found: str
) -> ImportResult:
    """The works of a tagged file's records (RIS, MEDLINE, Web of Science), each given as
    (first line, work or None, why there is none). A record without a work, or whose work
    has no title, is a problem naming its line and is skipped; a file without any record
    is an ``InputError`` (``none_found`` says what a record starts with)."""
    works, problems = [], []
    for start, work, why in records:
        if work is None or not work.title:
            problems.append(Problem(path, start, why))
        else:
            works.append(work)
    if not works and not problems:
        raise InputError(none_found, path, 1)
    return ImportResult(tuple(works), tuple(problems))


def bibtex_pages(pages: str) -> str:
    """A page range as BibTeX writes it: "74-79", "74–79" or "74 - 79" -> "74--79"."""
    pages = " ".join(pages.split())
    return _RANGE_DASH.sub("--", pages) if pages else ""


def work_from_fields(
    *,
    entry_type: str,
    title: str,
    authors: tuple[Author, ...],
    year: int | None,
    where: str,
    extra: tuple[tuple[str, str], ...] = (),
    keywords: tuple[str, ...] = (),
    key: str = "",
    editors: tuple[Author, ...] = (),
    **text: str,
) -> Work:
    """A Work with the key its input gave ("" when none; keys are checked and given when
    works are written), provenance
    ``Provenance("import", where)``; ``text`` holds the plain string slots (journal,
    volume, issue, pages, doi, publisher, abstract, url)."""
    return Work(
        key=key.strip(),
        entry_type=entry_type,
        title=title,
        authors=authors,
        year=year,
        keywords=keywords,
        extra=extra,
        editors=editors,
        provenance=Provenance("import", where),
        # only the plain string slots named above (mypy cannot tell them from the rest)
        **{k: v.strip() for k, v in text.items()},  # type: ignore[arg-type]
    )
