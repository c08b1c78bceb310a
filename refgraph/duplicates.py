"""The same work twice: by DOI, or by title, year and first author.

Two works are the same when their DOIs are equal (``refgraph.doi.doi_key``: resolver
prefixes and case ignored), or when neither has a DOI that tells them apart and their
titles fold to the same words (``refgraph.compare.fold``: case, accents, punctuation,
"&"/"and"), their years are equal and their first authors' family names are the same
(particles ignored: "de Punder" = "Punder"). Different DOIs always mean different works.

Used by ``refgraph import`` / ``refgraph add`` (a work already in the library is not added
twice) and by ``refgraph build`` (possible duplicates inside the library are problems
naming both keys and lines).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from refgraph.compare import family_tokens, fold
from refgraph.doi import doi_key
from refgraph.model import Problem, Work


@dataclass(frozen=True)
class Duplicate:
    """``work`` repeats ``original`` (found earlier, or already in the library)."""

    work: Work
    original: Work
    reason: str


def identity(work: Work) -> tuple[str, str]:
    """(DOI key, "title|year|first author" key); either may be "" when unknown."""
    first = work.authors[0] if work.authors else None
    name = ""
    if first is not None:
        name = fold(first.literal) if first.literal else "".join(family_tokens(first.family))
    title = fold(work.title)
    described = f"{title}|{work.year or ''}|{name}" if title and name else ""
    return doi_key(work.doi), described


class DuplicateIndex:
    """Works seen so far, looked up by identity in constant time."""

    def __init__(self, works: Iterable[Work] = ()) -> None:
        self._by_doi: dict[str, Work] = {}
        self._by_description: dict[str, Work] = {}
        for work in works:
            self.add(work)

    def add(self, work: Work) -> None:
        doi, described = identity(work)
        if doi:
            self._by_doi.setdefault(doi, work)
        if described:
            self._by_description.setdefault(described, work)

    def find(self, work: Work) -> Duplicate | None:
        """The known work that ``work`` repeats, with the reason, or None."""
        doi, described = identity(work)
        if doi and doi in self._by_doi:
            return Duplicate(work, self._by_doi[doi], f"same DOI {work.doi}")
        other = self._by_description.get(described) if described else None
        if other is None or (doi and other.doi and doi_key(other.doi) != doi):
            return None
        return Duplicate(work, other, "same title, year and first author")


def find_duplicates(works: Sequence[Work]) -> list[Duplicate]:
    """Every work that repeats an earlier one of ``works`` (the earlier one is kept)."""
    index = DuplicateIndex()
    found = []
    for work in works:
        duplicate = index.find(work)
        if duplicate is None:
            index.add(work)
        else:
            found.append(duplicate)
    return found


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
        problems.append(Problem(path, line, msg, dup.work.key, "warning"))
    return tuple(problems)
