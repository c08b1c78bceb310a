"""Which BibTeX field is which ``Work`` value, in both directions.

``field_values(work)`` is the work's text per BibTeX field name, in the writer's order: the
loader records it as the work was loaded (``BibtexSource.loaded``) and the writer compares
it with the work it is given, so that a field is written as the user wrote it exactly when
its value did not change. biblatex names are read as their BibTeX twins (``TWINS``).
"""

from __future__ import annotations

from refgraph.bibtex.names import names_key
from refgraph.model import Work

# BibTeX field -> Work attribute, for the plain string slots.
SLOTS = {f: f for f in ("title", "journal", "volume", "pages", "doi", "publisher", "abstract")}
SLOTS.update(number="issue", url="url")
# biblatex field -> the BibTeX field it stands for when the entry lacks that one (biblatex's
# ``date`` gives the year too, but stays a field of its own: it may hold month and day).
TWINS = {"journaltitle": "journal"}
# Fields whose value is not LaTeX text: decoding would eat a URL's "%7E" as a comment or
# turn "74--79" into an en dash. They are kept and written exactly as they are.
VERBATIM_FIELDS = frozenset({"url", "doi", "pages", "eprint", "file", "pdf", "crossref"})
# Name lists: "Family, Given and ..." in BibTeX.
NAME_FIELDS = ("author", "editor")
# The writer's order for the fields a Work has slots for (extra fields follow in file order).
ORDER = ("author", "editor", "title", "journal", "year", "volume", "number", "pages",
         "publisher", "doi", "url", "keywords", "abstract")  # fmt: skip


def field_values(work: Work) -> dict[str, str]:
    """BibTeX field name -> the work's text for it ("" left out), slots in ``ORDER`` then
    the extra fields; names as ``names_key`` (compared, never written)."""
    slots = {
        "author": names_key(work.authors, work.authors_et_al) if work.authors else "",
        "editor": names_key(work.editors, work.editors_et_al) if work.editors else "",
        "title": work.title,
        "journal": work.journal,
        "year": work.year_shown,
        "volume": work.volume,
        "number": work.issue,
        "pages": work.pages,
        "publisher": work.publisher,
        "doi": work.doi,
        "url": work.url,
        "keywords": ", ".join(work.keywords),
        "abstract": work.abstract,
    }
    out = {name: value for name, value in slots.items() if value}
    out.update((name, value) for name, value in work.extra if value)
    return out


# The month macros every BibTeX style defines, in order.
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_number(text: str) -> int | None:
    """1-12 for "5", "05", "May", "may", "mai." (first three letters); None otherwise."""
    text = text.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTH_MACROS.index(text[:3]) + 1 if text[:3] in MONTH_MACROS else None
