"""BibTeX names: bibtexparser's name parts to ``Author`` and ``Author`` back to BibTeX.

BibTeX splits a name into First, von, Last and Jr parts ("van der Berg, Jr., Ann";
"Ludwig van Beethoven"); a braced group is one unsplittable word ("{de Wolf}, Jan",
"{World Health Organization}"). ``Author`` keeps them: ``family`` is von + Last ("van der
Berg"), ``particle`` the von words, ``suffix`` the Jr part, ``literal`` a name that is one
braced group with spaces (an organisation). The word ``others`` as the last name is not a
person: it says the list goes on ("et al."), which the loader records on the work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bibtexparser.middlewares.names import (
    InvalidNameError,
    NameParts,
    parse_single_name_into_parts,
)

from refgraph.model import Author

_AND = re.compile(r"\band\b", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def _join(parts: Sequence[str]) -> str:
    return _SPACES.sub(" ", " ".join(parts)).strip()


def is_others(name: NameParts) -> bool:
    """True for the name ``others`` that ends a list with "et al."."""
    return not name.first and not name.von and not name.jr and name.last == ["others"]


def author_from_parts(name: NameParts, decode: Callable[[str], str]) -> Author:
    """The ``Author`` of one parsed name; ``decode`` turns a part's LaTeX into text."""
    last = [decode(p) for p in name.last]
    von = _join([decode(p) for p in name.von])
    given = _join([decode(p) for p in name.first])
    suffix = _join([decode(p) for p in name.jr])
    family = _join([von, *last])
    # One braced word with spaces and nothing else ("{World Health Organization}"): a
    # name that cannot be split, an organisation's.
    whole = name.last[0] if len(name.last) == 1 else ""
    if not given and not von and not suffix and " " in family and whole.startswith("{"):
        return Author(literal=family)
    return Author(family=family, given=given, particle=von, suffix=suffix)


@dataclass(frozen=True)
class Person:
    """One name of a name list as read: its ``Author`` (None for ``others``), the LaTeX
    commands that kept a part of it from decoding, and why bibtexparser could not split
    it ("" when it could; the name is then one unsplittable group)."""

    author: Author | None
    failed: tuple[str, ...] = ()
    unsplit: str = ""


def read_name(name: str, decode: Callable[[str], tuple[str, tuple[str, ...]]]) -> Person:
    """One name of a name list (``split_multiple_persons_names``) as a ``Person``;
    ``decode`` gives a part's text and the LaTeX commands that kept it from decoding."""
    try:
        parts, unsplit = parse_single_name_into_parts(name), ""
    except InvalidNameError as exc:
        parts, unsplit = NameParts(last=["{" + name + "}"]), str(exc)
    if is_others(parts):
        return Person(None, (), unsplit)
    failed: list[str] = []

    def text(part: str) -> str:
        decoded, commands = decode(part)
        failed.extend(commands)
        return decoded

    return Person(author_from_parts(parts, text), tuple(failed), unsplit)


def name_to_bibtex(author: Author, encode: Callable[[str], str]) -> str:
    """One name as BibTeX reads it back into the same parts: "von Last, Jr, First", an
    organisation braced whole; ``encode`` escapes text for BibTeX."""

    def text(part: str) -> str:  # a lone word "and" would split the name in two
        return _AND.sub(r"{\g<0>}", encode(part))

    if author.literal:
        return "{" + encode(author.literal) + "}"
    family, particle = author.family, author.particle
    if not (particle and family.startswith(particle + " ")):
        particle = ""
    last = family[len(particle) :].strip()
    # A last name of several words without a particle is braced whole: a word that
    # begins lower-case, or with an accent command (which readers judge differently),
    # would otherwise be read as a particle. Printed the same.
    whole = " " in last and not particle
    last_text = "{" + text(last) + "}" if whole or last[:1].islower() else text(last)
    head = f"{text(particle)} {last_text}" if particle else last_text
    if not author.given and not author.suffix:
        return head if particle else "{" + head + "}"
    if author.suffix:
        return f"{head}, {text(author.suffix)}, {text(author.given)}"
    return f"{head}, {text(author.given)}"


def names_to_bibtex(authors: Sequence[Author], et_al: bool, encode: Callable[[str], str]) -> str:
    """A name list joined by " and ", ending in " and others" when it is cut short."""
    names = [name_to_bibtex(a, encode) for a in authors]
    return " and ".join(names + ["others"] if et_al else names)


def names_key(authors: Sequence[Author], et_al: bool) -> str:
    """A text that differs exactly when the name lists differ (for "did it change?")."""
    parts = ("|".join((a.family, a.given, a.literal, a.particle, a.suffix)) for a in authors)
    return ";".join(parts) + (";others" if et_al else "")
