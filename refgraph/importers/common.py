"""What every import format shares: the result type, and a Work built from named fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.model import Author, Problem, Provenance, Work

_RANGE_DASH = re.compile(r"\s*(?:--|[-\u2010-\u2015\u2212])\s*")


@dataclass(frozen=True)
class ImportResult:
    """The works read from one input (keys as the input gave them, if at all) and its
    per-record problems."""

    works: tuple[Work, ...] = ()
    problems: tuple[Problem, ...] = ()
    texts: tuple[str, ...] = ()  # plain text only: each work's reference as written


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
