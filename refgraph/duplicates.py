"""The same work twice: by DOI, or by title, year and first author.

Two works are the same when their DOIs are equal (``refgraph.doi.doi_key``: resolver
prefixes and case ignored), or when neither has a DOI that tells them apart and their
titles fold to the same words (``refgraph.compare.fold``: case, accents, punctuation,
"&"/"and"), their years are known and equal (two works without a year may be a workshop
paper and its conference version; nothing tells them apart, so they are not called the
same) and their first authors' family names are the same
(particles ignored: "de Punder" = "Punder"), their containers (journal or book title) do
not name different venues (``compare.same_venue``) and their entry types are compatible. Different
DOIs always mean different works. Entry types are compatible when they are of one kind
(``_KINDS``: a paper in a book, a report, a thesis, a book), or when either is ``article``
or ``misc``, the types a pasted reference or an unknown type defaults to: so a report and
its conference version are two works, a pasted line and the library's @inproceedings one.

Used by ``refgraph import`` / ``refgraph add`` (a work already in the library is not added
twice) and by ``refgraph build`` (possible duplicates inside the library are problems
naming both keys and lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refgraph.compare import family_tokens, fold, same_venue
from refgraph.doi import doi_key
from refgraph.model import Problem, Work

_KINDS = {
    **dict.fromkeys(("inproceedings", "conference", "incollection", "inbook"), "in-book"),
    **dict.fromkeys(("techreport", "report"), "report"),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), "thesis"),
    **dict.fromkeys(("book", "proceedings", "collection"), "book"),
}
_ANY_KIND = frozenset({"article", "misc"})


def compatible_types(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a in _ANY_KIND or b in _ANY_KIND or _KINDS.get(a, a) == _KINDS.get(b, b)


def _container(work: Work) -> str:
    return work.journal or next((v for k, v in reversed(work.extra) if k == "booktitle"), "")


def _same_venue(a: Work, b: Work) -> bool:
    """False only when both name a venue and the venues differ (one paper printed twice)."""
    first, second = _container(a), _container(b)
    return not first or not second or same_venue(first, second)


@dataclass(frozen=True)
class Duplicate:
    """``work`` repeats ``original`` (found earlier, or already in the library)."""

    work: Work
    original: Work
    reason: str


def identity(work: Work) -> tuple[str, str]:
    """(DOI key, "title|year|first author" key); either may be "" when unknown (the second
    when the title, the year or the first author is)."""
    first = work.authors[0] if work.authors else None
    name = ""
    if first is not None:
        name = fold(first.literal) if first.literal else "".join(family_tokens(first.family))
    title = fold(work.title)
    described = f"{title}|{work.year}|{name}" if title and name and work.year else ""
    return doi_key(work.doi), described


class DuplicateIndex:
    """Works seen so far, looked up by identity in constant time."""

    def __init__(self, works: Iterable[Work] = ()) -> None:
        self._by_doi: dict[str, Work] = {}
        self._by_description: dict[str, list[Work]] = {}
        for work in works:
            self.add(work)

    def add(self, work: Work) -> None:
        self._add(work, identity(work))

    def find(self, work: Work) -> Duplicate | None:
        """The known work that ``work`` repeats, with the reason, or None."""
        return self._find(work, identity(work))

    def add_new(self, work: Work) -> Duplicate | None:
        """``find`` then, when ``work`` repeats nothing known, ``add`` (its identity worked
        out once)."""
        known = identity(work)
        duplicate = self._find(work, known)
        if duplicate is None:
            self._add(work, known)
        return duplicate

    def _add(self, work: Work, known: tuple[str, str]) -> None:
        doi, described = known
        if doi:
            self._by_doi.setdefault(doi, work)
        if described:
            self._by_description.setdefault(described, []).append(work)

    def _find(self, work: Work, known: tuple[str, str]) -> Duplicate | None:
        doi, described = known
        if doi and doi in self._by_doi:
            return Duplicate(work, self._by_doi[doi], f"same DOI {work.doi}")
        for other in self._by_description.get(described, []) if described else []:
            if doi and other.doi and doi_key(other.doi) != doi:
                continue
            if compatible_types(work.entry_type, other.entry_type) and _same_venue(work, other):
                return Duplicate(work, other, "same title, year and first author")
        return None


def find_duplicates(works: Sequence[Work]) -> list[Duplicate]:
    """Every work that repeats an earlier one of ``works`` (the earlier one is kept)."""
    index = DuplicateIndex()
    found = [index.add_new(work) for work in works]
    return [duplicate for duplicate in found if duplicate is not None]


def where(work: Work) -> tuple[str, int | None]:
    """(file, line) of a work from its provenance detail "path:line"."""
    path, sep, line = work.provenance.detail.rpartition(":")
    if sep and line.isdigit():
        return path, int(line)
    return work.provenance.detail, None


def describe(work: Work) -> str:
    """ "key (file:line)" or "file:line" for a work without a key yet."""
    path, line = where(work)
    place = f"{path}:{line}" if line is not None else path
    return f"{work.key} ({place})" if work.key else place


def duplicate_problems(works: Sequence[Work]) -> tuple[Problem, ...]:
    """Possible duplicates inside one library, as warnings naming both keys and lines."""
    problems = []
    for dup in find_duplicates(works):
        path, line = where(dup.work)
        msg = f"possible duplicate of {describe(dup.original)}: {dup.reason}"
        problems.append(Problem(path, line, msg, dup.work.key, "warning", "possible-duplicate"))
    return tuple(problems)
