"""Writing BibTeX: a fixed field order, Unicode by default (only LaTeX's special
characters escaped) or pure ASCII with LaTeX accents; the output re-parses to the same works.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from pylatexenc.latexencode import unicode_to_latex

from refgraph.bibtex.load import VERBATIM_FIELDS
from refgraph.model import Author, Work

_ORDER_TAIL = ("doi", "url", "keywords", "abstract")
_ORDER = ("author", "title", "journal", "year", "volume", "number", "pages", "publisher")
_SPECIALS = str.maketrans({c: "\\" + c for c in "&%$#_"})
_SPECIALS.update({ord("\\"): "{\\textbackslash}", ord("~"): "{\\textasciitilde}", 0xA0: "~"})
_SPECIALS.update({ord("{"): "{\\textbraceleft}", ord("}"): "{\\textbraceright}"})
# Break the TeX ligatures (-- `` '' !` ?`) so that they decode to the characters written.
_LIGATURE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|[!?](?=`))")
# Math kept as written (the loader keeps it verbatim): no "%" inside, no trailing backslash.
_MATH = re.compile(r"(\$[^$%]*[^$%\\]\$)")
_AND = re.compile(r"\band\b", re.IGNORECASE)


def dump_bibtex(works: Iterable[Work], *, ascii: bool = False) -> str:
    """BibTeX text for ``works``; with ``ascii=True`` non-ASCII letters become LaTeX."""
    return "\n".join(_dump_entry(w, ascii) for w in works)


def _dump_entry(work: Work, ascii: bool) -> str:
    lines = [f"@{work.entry_type}{{{work.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in _encoded_fields(work, ascii)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _encoded_fields(work: Work, ascii: bool) -> list[tuple[str, str]]:
    plain = {
        "title": work.title,
        "journal": work.journal,
        "year": "" if work.year is None else str(work.year),
        "volume": work.volume,
        "number": work.issue,
        "pages": work.pages,
        "publisher": work.publisher,
        "doi": work.doi,
        "url": work.url,
        "keywords": ", ".join(work.keywords),
        "abstract": work.abstract,
    }
    out = []
    if work.authors:
        out.append(("author", " and ".join(_encode_name(a, ascii) for a in work.authors)))
    for name in _ORDER[1:] + _ORDER_TAIL:
        if plain[name]:
            out.append((name, _encode_field(name, plain[name], ascii)))
    out += [(name, _encode_field(name, value, ascii)) for name, value in work.extra]
    return out


def _encode_name(author: Author, ascii: bool) -> str:
    if author.literal:
        return "{" + _encode_text(author.literal, ascii) + "}"
    # A lone word "and" inside a name would split it in two: brace it.
    family = _AND.sub(r"{\g<0>}", _encode_text(author.family, ascii))
    if not author.given:
        return "{" + family + "}"
    return family + ", " + _AND.sub(r"{\g<0>}", _encode_text(author.given, ascii))


def _encode_field(name: str, value: str, ascii: bool) -> str:
    if name in VERBATIM_FIELDS and _balanced(value):
        return value
    return _encode_text(value, ascii)


def _encode_text(text: str, ascii: bool) -> str:
    pieces = _MATH.split(text)
    for i in range(0, len(pieces), 2):  # even pieces are text, odd ones math
        piece = _LIGATURE.sub(r"\1{}", pieces[i].translate(_SPECIALS))
        pieces[i] = "".join(map(_ascii_char, piece)) if ascii and not piece.isascii() else piece
    for i in range(1, len(pieces), 2):
        if not _balanced(pieces[i]) or (ascii and not pieces[i].isascii()):
            pieces[i] = _encode_text(pieces[i].replace("$", "\0"), ascii).replace("\0", "\\$")
    return "".join(pieces)


@functools.cache
def _ascii_char(char: str) -> str:
    """A non-ASCII character as LaTeX, braced ("{\\~n}") as BibTeX wants it in names."""
    if char.isascii():
        return char
    latex = unicode_to_latex(char, non_ascii_only=True)
    return latex if latex.startswith("{") or not latex.startswith("\\") else "{" + latex + "}"


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0
