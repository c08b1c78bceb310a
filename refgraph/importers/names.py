"""Author lists as reference styles print them, parsed into ``Author`` values.

The forms read (the styles' published rules):

- APA and Harvard: every name inverted, "Family, I. I." (APA: "Family, I., & Family, I.";
  Harvard: "Family, I. and Family, I."); initials with or without dots and spaces.
- Chicago author-date: the first name inverted ("Family, Given M."), the others in natural
  order ("Given Family"), joined by ", and".
- Vancouver (ICMJE/NLM): "Family II, Family II" with initials run together, no dots.
- Group authors ("World Health Organization") become one literal name.

"et al.", "..." and "…" (APA's elision of the middle authors) are dropped.
"""

from __future__ import annotations

import re

from refgraph.compare import PARTICLES
from refgraph.model import Author

_ELISION = re.compile(r"(?:\.\s*){3}|…")
_ET_AL = re.compile(r",?\s*\bet\s+al\b\.?", re.IGNORECASE)
_JOINERS = re.compile(r"\s*(?:,\s*)?(?:&|\band\b)\s+", re.IGNORECASE)
_LETTERS = re.compile(r"[^\W\d_]+")


def is_initials(token: str) -> bool:
    """True for given names written as initials: "E.M.M.", "B. E.", "K.-J.", "Ch.", "EM"."""
    parts = _LETTERS.findall(token)
    if not parts or len(token) > 16:
        return False
    if "." not in token:  # Vancouver/Harvard without dots: "EM", "RM", "J-A"
        letters = "".join(parts)
        return letters.isupper() and len(letters) <= 5 and (len(parts) == 1 or "-" in token)
    return all(p[0].isupper() and len(p) <= 2 and (len(p) == 1 or p[1].islower()) for p in parts)


def is_vancouver_name(token: str) -> bool:
    """ "Quigley EM", "Santos Aleman R", "de Punder K", "Reis AL dos": family words, then
    initials (then perhaps a particle)."""
    words = _particle_last(token.split())
    if len(words) < 2 or not is_initials(words[-1]) or "." in words[-1]:
        return False
    family = words[:-1]
    return any(w[:1].isupper() for w in family) and all(
        w[:1].isupper() or w.lower() in PARTICLES for w in family
    )


def _particle_last(words: list[str]) -> list[str]:
    """ "Reis AL dos" -> ["dos", "Reis", "AL"]: a particle written after the initials."""
    if len(words) >= 3 and words[-1] in PARTICLES:
        return [words[-1], *words[:-1]]
    return words


def parse_vancouver(text: str) -> tuple[Author, ...]:
    """ "Quigley EM, Di Vincenzo F, et al" -> Authors (initials become "E.M.")."""
    tokens = [t.strip() for t in _ET_AL.sub("", text).split(",") if t.strip()]
    authors = []
    for token in tokens:
        words = _particle_last(token.split())
        if is_vancouver_name(token):
            given = ".".join(words[-1].replace("-", "")) + "."
            authors.append(Author(family=" ".join(words[:-1]), given=given))
        else:
            authors.append(Author(literal=token))
    return tuple(authors)


def parse_names(text: str) -> tuple[Author, ...]:
    """An APA, Harvard or Chicago author list -> Authors, in order."""
    text = _ELISION.sub(", ", _ET_AL.sub("", text)).strip().rstrip(",")
    tokens = [t.strip() for t in _JOINERS.sub(", ", " " + text).split(",")]
    tokens = [t for t in tokens if t and t not in (".", "&")]
    if not tokens:
        return ()
    if len(tokens) == 1:
        single = tokens[0].rstrip(".").strip()
        return (_natural(single) if " " in single else Author(family=single),)
    if len(tokens) % 2 == 0 and all(is_initials(t) for t in tokens[1::2]):
        pairs = zip(tokens[::2], tokens[1::2], strict=True)
        return tuple(Author(family=f.strip(), given=g.strip()) for f, g in pairs)
    # Chicago: the first name inverted, the rest in natural order.
    given = tokens[1] if is_initials(tokens[1]) else tokens[1].rstrip(".")  # "Alessio."
    first = Author(family=tokens[0], given=given)
    return (first,) + tuple(_natural(t) for t in tokens[2:])


def parse_natural_names(text: str) -> tuple[Author, ...]:
    """Names in natural order ("A. Editor & B. Other", APA's editors) -> Authors."""
    text = _ELISION.sub(", ", _ET_AL.sub("", text)).strip().rstrip(",")
    tokens = [t.strip() for t in _JOINERS.sub(", ", " " + text).split(",")]
    return tuple(_natural(t) for t in tokens if t and t not in (".", "&"))


def _natural(name: str) -> Author:
    """ "John Smith" -> Smith, John; "Ludwig van Beethoven" -> van Beethoven, Ludwig; a
    name of three or more capitalised words with no initials ("World Health Organization")
    is a group author, kept whole."""
    words = name.strip().rstrip(".").split()
    if len(words) < 2:
        return Author(family=name.strip())
    if len(words) >= 3 and not any(is_initials(w) for w in words):
        return Author(literal=" ".join(words))
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in PARTICLES:
        cut -= 1
    return Author(family=" ".join(words[cut:]), given=" ".join(words[:cut]))
