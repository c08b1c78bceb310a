"""Citation keys for new works, in the habit of Better BibTeX and JabRef.

Pattern: the first author's family name (particles kept: "de Punder" -> "depunder"; an
organisation's first word; "anon" without authors), the year (nothing when unknown), the
first significant word of the title (articles, prepositions and conjunctions in English,
Dutch, German, French and Spanish skipped) - all folded to lower-case ASCII letters and
digits: "Quigley, E.M.M. (2016). Leaky gut - concept..." -> ``quigley2016leaky``.
Unique against every key already taken (compared case-insensitively, as BibTeX does): a
second ``quigley2016leaky`` becomes ``quigley2016leakya``, then ``...b``, as Better BibTeX
disambiguates. Existing keys are never changed.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections.abc import Iterable

from refgraph.model import Work

# Letters NFKD does not decompose into ASCII.
_ASCII = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"}
)  # fmt: skip
_FUNCTION_TEXT = (
    "a an the of on in at to for from by with and or but is are as about into over under "
    "de het een en van op der die das ein eine und mit zu le la les un une des du et "
    "el los las y del"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())
_WORD = re.compile(r"[a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Østergård-Ñúñez" -> "ostergardnunez"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_ASCII))
    plain = "".join(c for c in decomposed if c.isascii())
    return "".join(_WORD.findall(plain.lower()))


def base_key(work: Work) -> str:
    """The key before disambiguation (see the module docstring)."""
    first = work.authors[0] if work.authors else None
    if first is None:
        name = "anon"
    elif first.literal:
        name = ascii_fold(first.literal.split()[0]) if first.literal.split() else ""
    else:
        name = ascii_fold(first.family.split(",")[0])  # "Smith, Jr." -> "smith"
    year = str(work.year) if work.year is not None else ""
    words = (ascii_fold(w) for w in work.title.split())
    word = next((w for w in words if w and w not in _FUNCTION_WORDS), "")
    return (name or "anon") + year + word


def assign_keys(works: Iterable[Work], taken: Iterable[str]) -> list[str]:
    """One new unique key per work, in order, none equal (case-insensitively) to ``taken``
    or to each other."""
    used = {k.lower() for k in taken}
    keys = []
    for work in works:
        base = base_key(work)
        key = base
        for suffix in _suffixes():
            if key.lower() not in used:
                break
            key = base + suffix
        used.add(key.lower())
        keys.append(key)
    return keys


def _suffixes() -> Iterable[str]:
    """ "", "a" ... "z", "aa" ... "zz", then "1", "2", ... (never exhausted)."""
    yield ""
    yield from string.ascii_lowercase
    yield from (a + b for a in string.ascii_lowercase for b in string.ascii_lowercase)
    yield from map(str, itertools.count(1))
