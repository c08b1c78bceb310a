"""How two bibliographic values are compared: titles, names, pages, venues.

Shared by DOI matching (``refgraph.crossref.match``) and the merge policy
(``refgraph.merge``) so that "the same title" means the same thing in both. Pure string
functions; nothing here knows where a value came from.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_DASHES = re.compile(r"\s*(?:--|[\u2010-\u2015\u2212-])\s*")
_NON_WORD = re.compile(r"[^\w]+")
_PARENS = re.compile(r"\([^()]*\)")
# Names recur (an author in many works, the cited and the record's form of one person,
# matching then merging the same pair): the name functions keep this many recent answers.
NAME_MEMO = 1 << 14
# Each work's title and venue are folded several times in a row (matching, then merging):
# ``fold`` keeps this many recent answers, few enough that folding long texts (abstracts,
# for the search index) keeps little alive.
FOLD_MEMO = 1 << 10
# Lower-case particles that belong to a surname but are often dropped or moved
# ("de Punder" / "Punder, K. de"); ignored when deciding whether two families agree.
PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "den",
        "di",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "ten",
        "zu",
        "af",
        "al",
        "el",
        "bin",
        "ibn",
    ]
)


# Letters that Unicode does not decompose into a base letter and an accent, spelt as
# people write them in ASCII ("Łukasz" is cited as "Lukasz", "Søren" as "Soren").
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
     "ß": "ss", "ẞ": "SS", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
     "ı": "i", "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L"}
)  # fmt: skip


def ascii_letters(text: str) -> str:
    """Accents dropped and undecomposable letters spelt in ASCII ("Wałęsa" -> "Walesa",
    "Ørsted" -> "Orsted", "Straße" -> "Strasse"); case and punctuation kept. Shared by
    matching, merging and search so that all three treat a name the same way."""
    plain = text or ""
    if plain.isascii():  # nothing to decompose: skip the per-character pass
        return plain
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_UNDECOMPOSED)


@lru_cache(maxsize=FOLD_MEMO)
def fold(text: str) -> str:
    """Case-fold, drop accents, turn punctuation into single spaces: for comparing only."""
    plain = ascii_letters(text).replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", plain.casefold()).replace("_", " ").split())


def title_similarity(cited: str, record: str, subtitle: str = "") -> float:
    """Similarity in [0, 1] of a cited title to a record's title (with or without its
    subtitle, whichever is closer). Word order matters a little, case and punctuation not."""
    a = fold(cited)
    if not a:
        return 0.0
    options = [fold(record)]
    if subtitle:
        options.append(fold(f"{record} {subtitle}"))
    best = 0.0
    for b in options:
        if b:
            best = max(best, fuzz.ratio(a, b) / 100, fuzz.token_sort_ratio(a, b) / 100)
    return best


# Name suffixes, cited inside the family or given name ("Smith Jr.", "Smith, John, III")
# while Crossref keeps them apart (``suffix``): ignored when comparing names.
SUFFIXES = frozenset(["jr", "sr", "jnr", "snr", "ii", "iii", "iv", "v"])

# Titles that name a kind of item rather than a work: two different papers share them, so
# a match on such a title needs the venue, volume or pages to agree as well.
GENERIC_TITLES = frozenset(
    ["editorial", "introduction", "reply", "erratum", "errata", "preface", "foreword",
     "commentary", "comment", "response", "correction", "corrigendum", "letter",
     "letter to the editor", "editor s note", "editors note", "in memoriam", "obituary",
     "book review", "book reviews", "abstracts", "index", "contents", "table of contents",
     "announcement", "announcements", "news", "summary", "overview", "conclusion",
     "conclusions", "acknowledgement", "acknowledgements", "acknowledgment",
     "acknowledgments", "reviewers", "guest editorial", "author reply", "authors reply",
     "reply to the letter", "response to the letter", "discussion", "retraction",
     "retraction notice", "expression of concern", "addendum", "front matter",
     "back matter", "notes", "letters", "correspondence", "welcome", "foreword and preface"]
)  # fmt: skip


def is_generic_title(title: str) -> bool:
    """True for a title that names a kind of item ("Editorial", "Reply") or has fewer
    than three words: it does not identify a work on its own."""
    folded = fold(title)
    return folded in GENERIC_TITLES or len(folded.split()) < 3


@lru_cache(maxsize=NAME_MEMO)
def family_tokens(family: str) -> tuple[str, ...]:
    """The words of a family name without particles and suffixes ("de Punder" ->
    ("punder",), "Smith Jr." -> ("smith",))."""
    folded = tuple(fold(family).split())
    words = tuple(w for w in folded if w not in SUFFIXES) or folded
    core = tuple(w for w in words if w not in PARTICLES)
    return core or words


def same_family(cited: str, record: str) -> bool:
    """True when two family names name the same person: equal after folding, or one is
    the last word of the other ("Santos Aleman" vs "Aleman": a compound surname split
    differently). "Smith" and "Smithson" differ."""
    a, b = family_tokens(cited), family_tokens(record)
    if not a or not b:
        return False
    if "".join(a) == "".join(b):
        return True
    return a[-1] == b[-1] and (set(a) <= set(b) or set(b) <= set(a))


@lru_cache(maxsize=NAME_MEMO)
def given_tokens(given: str) -> tuple[str, ...]:
    """The given names, folded, without suffixes: "Eamonn M. M." -> ("eamonn", "m", "m")."""
    return tuple(w for w in fold(given.replace(".", " ")).split() if w not in SUFFIXES)


@lru_cache(maxsize=NAME_MEMO)
def initials(given: str) -> str:
    """Initials of given names: "Eamonn M. M." -> "emm", "K.J." -> "kj", "Jean-Luc" -> "jl"."""
    return "".join(w[0] for w in given_tokens(given))


def given_names_agree(cited: str, record: str) -> bool:
    """True when two people's given names may be the same: initials compatible, and
    names spelt out in both agree ("John" and "Jane" do not; "J." fits either)."""
    if not initials_compatible(cited, record):
        return False
    pairs = zip(given_tokens(cited), given_tokens(record), strict=False)
    return all(a == b for a, b in pairs if len(a) > 1 and len(b) > 1)


def initials_compatible(cited: str, record: str) -> bool:
    """True when the cited given names could abbreviate the record's (or either is
    missing): "E.M.M." fits "Eamonn M. M.", "R." fits "Ricardo Santos"."""
    a, b = initials(cited), initials(record)
    if not a or not b:
        return True
    return b.startswith(a) or a.startswith(b)


def normalize_pages(pages: str) -> str:
    """Pages with any dash (hyphen, en dash, em dash, ``--``) as one hyphen; an abbreviated
    last page is expanded ("1516-26" -> "1516-1526")."""
    text = _DASHES.sub("-", (pages or "").strip())
    first, sep, last = text.partition("-")
    if sep and first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}{sep}{last}"


def first_page(pages: str) -> str:
    return normalize_pages(pages).partition("-")[0]


def same_venue(cited: str, record: str) -> bool:
    """Journal names agree when they fold to the same words, or nearly ("Gastroenterology
    & Hepatology (New York)" vs "Gastroenterology and Hepatology")."""
    a, b = fold(_PARENS.sub(" ", cited or "")), fold(_PARENS.sub(" ", record or ""))
    if not a or not b:
        return False
    # No subset rule: "Gut" and "Gut Microbes" are different journals.
    return a == b or fuzz.ratio(a, b) >= 90
