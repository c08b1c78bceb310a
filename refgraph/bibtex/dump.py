"""Writing BibTeX: what the user wrote, where refgraph changed nothing.

For a work loaded from a .bib (``Work.bibtex``), each of the entry's own fields whose value
did not change is written exactly as the file wrote it: braces, quotes, macros (``month =
jan``), ``#`` concatenation, LaTeX. A field whose value changed (a Crossref correction, a
filled DOI) is written from its text: LaTeX's specials escaped, capitals that must stay
protected in titles (``{DNA}``, ``{HermiT}``), names as "von Last, Jr, First". The
``@preamble`` and ``@string`` definitions the written entries use come first, so that the
text prints as the library did. ``ascii=True`` writes non-ASCII letters as LaTeX accents,
in the raw text too. The output re-parses to the same works.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from pylatexenc.latexencode import unicode_to_latex

from refgraph.bibtex.fields import (
    MONTH_MACROS,
    TWINS,
    VERBATIM_FIELDS,
    field_values,
    month_number,
)
from refgraph.bibtex.macros import evaluate
from refgraph.bibtex.names import names_to_bibtex
from refgraph.model import Work

_SPECIALS = str.maketrans({c: "\\" + c for c in "&%$#_"})
_SPECIALS.update({ord("\\"): "{\\textbackslash}", ord("~"): "{\\textasciitilde}", 0xA0: "~"})
_SPECIALS.update({ord("{"): "{\\textbraceleft}", ord("}"): "{\\textbraceright}"})
# Break the TeX ligatures (-- `` '' !` ?`) so that they decode to the characters written.
_LIGATURE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|[!?](?=`))")
# Math kept as written (the loader keeps it verbatim): no "%" inside, no trailing backslash.
_MATH = re.compile(r"(\$[^$%]*[^$%\\]\$)")
# Fields whose case BibTeX styles change ("t" in plain.bst): capitals there need braces.
_CASED = frozenset({"title", "booktitle", "subtitle", "titleaddon", "maintitle"})
_WORD = re.compile(r"\S+")
_STRING_NAME = re.compile(r"[A-Za-z][\w:.+/-]*", re.ASCII)
_LETTERS = re.compile(r"[^\W\d_]+")


def dump_bibtex(works: Iterable[Work], *, ascii: bool = False) -> str:
    """BibTeX text for ``works`` (the ``@preamble`` and ``@string`` blocks they use first);
    with ``ascii=True`` non-ASCII letters become LaTeX."""
    works = list(works)
    entries = [_dump_entry(w, ascii) for w in works]
    return "".join(_head(works, ascii)) + "\n".join(entries)


def _head(works: list[Work], ascii: bool) -> list[str]:
    preambles: dict[str, None] = {}
    strings: dict[str, str] = {}
    for work in works:
        if work.bibtex is not None:
            written = _writable_strings(work.bibtex.strings)
            defined = {name.lower() for name, _ in written}
            preambles.update(
                dict.fromkeys(p for p in work.bibtex.preambles if _readable(p, defined))
            )
            for name, raw in written:
                strings.setdefault(name.lower(), f"@string{{{name} = {_raw(raw, ascii)}}}\n\n")
    return [f"@preamble{{{_raw(p, ascii)}}}\n\n" for p in preambles] + list(strings.values())


def _writable_strings(strings: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The ``@string`` definitions that can be written, in order: each a whole value whose
    macros are defined before it (a self-reference is not)."""
    out: list[tuple[str, str]] = []
    defined: set[str] = set()
    for name, raw in strings:
        if _STRING_NAME.fullmatch(name) and _readable(raw, defined):
            out.append((name, raw))
            defined.add(name.lower())
    return out


def _dump_entry(work: Work, ascii: bool) -> str:
    lines = [f"@{work.entry_type}{{{work.key},"]
    lines += [f"  {name} = {value}," for name, value in _written_fields(work, ascii)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _written_fields(work: Work, ascii: bool) -> list[tuple[str, str]]:
    """(name, value as written) per field: raw where unchanged, encoded where changed."""
    now = field_values(work)
    source = work.bibtex
    if source is None:
        return [(name, "{" + _encoded(work, name, now[name], ascii) + "}") for name in now]
    loaded = dict(source.loaded)
    names = {name for name, _ in source.fields}
    defined = {name.lower() for name, _ in _writable_strings(source.strings)}
    out, seen = [], set()
    for name, raw in source.fields:
        key = TWINS[name] if name in TWINS and TWINS[name] not in names else name
        seen.add(key)
        value = now.get(key, "")
        if _same(key, value, loaded.get(key, "")) and _readable(raw, defined):
            out.append((name, _raw(raw, ascii) if key not in VERBATIM_FIELDS else raw))
        elif value:
            out.append((name, _written(work, key, value, ascii)))
    for key, value in now.items():
        # Not the entry's own field: filled or corrected since, or inherited from its
        # crossref parent (then unchanged, and the parent writes it).
        if key not in seen and not _same(key, value, loaded.get(key, "")):
            out.append((key, _written(work, key, value, ascii)))
    return out


def _written(work: Work, key: str, value: str, ascii: bool) -> str:
    """A changed value as BibTeX text. A month becomes the standard macro (``feb``), as
    every style defines it: ``{2}`` would print as "2" (plain.bst: "19(2):1--22, 2 2024")."""
    if key == "month" and (number := month_number(value)) is not None:
        return MONTH_MACROS[number - 1]
    return "{" + _encoded(work, key, value, ascii) + "}"


def _readable(raw: str, defined: set[str]) -> bool:
    """True when ``raw`` is a whole BibTeX value whose macros are all ``defined`` (or
    months): every reader takes it back as written (pybtex refuses an undefined macro).
    Anything else is written from its text instead (an undefined macro reads as nothing,
    as BibTeX prints it)."""
    if _plain_group(raw):
        return True
    if not raw.strip():
        return False
    value = evaluate(raw, dict.fromkeys(defined, ""))
    return not value.rest and not value.undefined


def _plain_group(raw: str) -> bool:
    """True for ``{text}`` or ``"text"`` with no brace (or quote) inside: one whole group,
    no macro, nothing after it, so ``evaluate`` reads it whole. Most fields are written
    so; this answers them with string searches instead of a scan."""
    inner = raw[1:-1]
    if len(raw) < 2 or "{" in inner or "}" in inner:
        return False
    return (raw[:1] == "{" and raw[-1:] == "}") or (
        raw[:1] == '"' and raw[-1:] == '"' and '"' not in inner
    )


def _same(key: str, now: str, loaded: str) -> bool:
    if now == loaded:
        return True
    return (
        key == "month"
        and month_number(now) is not None
        and month_number(now) == month_number(loaded)
    )


def _raw(raw: str, ascii: bool) -> str:
    """Raw text as written; with ``ascii`` its non-ASCII letters as LaTeX accents."""
    if not ascii or raw.isascii():
        return raw
    return _no_block_start("".join(map(_ascii_char, unicodedata.normalize("NFC", raw))))


# bibtexparser (and so refgraph's own loader) starts a new entry at an "@" that begins a
# line and is followed by "{", even inside a value; BibTeX does not. Accents can create
# that ("@Å" -> "@{\r{A}}"), so such an "@" is braced: "{@}" prints the same in BibTeX.
_LINE_START_AT = re.compile(r"(^|\n)([ \t]*)@(?=\s*\{)")


def _no_block_start(text: str) -> str:
    return _LINE_START_AT.sub(r"\1\2{@}", text) if "@" in text else text


def _encoded(work: Work, name: str, value: str, ascii: bool) -> str:
    if name == "author":
        return names_to_bibtex(work.authors, work.authors_et_al, lambda t: _encode_text(t, ascii))
    if name == "editor":
        return names_to_bibtex(work.editors, work.editors_et_al, lambda t: _encode_text(t, ascii))
    if name in VERBATIM_FIELDS and _balanced(value):
        return value
    text = _encode_text(value, ascii)
    return protect_case(text) if name in _CASED else text


def protect_case(text: str) -> str:
    """``text`` (BibTeX, escaped) with the words whose capitals must survive a style's
    case change braced (``case_protected`` says which)."""
    out, last = [], 0
    for start, end in case_protected(text):
        out += [text[last:start], "{", text[start:end], "}"]
        last = end
    return "".join(out) + text[last:]


def case_protected(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words of a title whose capitals must stay: words with a
    capital after their first letter (DNA, HermiT, pseudo-Boolean) always; capitalised
    words inside a sentence-case title too (proper nouns: Escherichia coli). A Title Case
    title (most longer words capitalised) is left to the style, as BibTeX users write it.
    Words holding math or a LaTeX command are left alone."""
    math = [m.span() for m in _MATH.finditer(text)]
    words = [
        m
        for m in _WORD.finditer(text)
        if "$" not in m.group()
        and "\\" not in m.group()
        and not any(a < m.end() and m.start() < b for a, b in math)
    ]
    long_words = [m.group() for m in words if len(m.group()) > 3]
    capitalised = sum(1 for w in long_words if w[:1].isupper())
    title_case = bool(long_words) and capitalised > 0.6 * len(long_words)
    spans, first = [], True
    for m in words:
        word = m.group()
        letters = "".join(_LETTERS.findall(word))
        inner = any(c.isupper() for c in letters[1:])
        proper = letters[:1].isupper() and not first and not title_case
        if inner or proper:
            spans.append((m.start(), m.end()))
        first = word.endswith((":", ".", "?", "!"))
    return spans


def _encode_text(text: str, ascii: bool) -> str:
    pieces = _MATH.split(text)
    for i in range(0, len(pieces), 2):  # even pieces are text, odd ones math
        piece = _LIGATURE.sub(r"\1{}", pieces[i].translate(_SPECIALS))
        if ascii and not piece.isascii():
            piece = _no_block_start("".join(map(_ascii_char, unicodedata.normalize("NFC", piece))))
        pieces[i] = piece
    for i in range(1, len(pieces), 2):
        if not _balanced(pieces[i]) or (ascii and not pieces[i].isascii()):
            pieces[i] = _encode_text(pieces[i].replace("$", "\0"), ascii).replace("\0", "\\$")
    return "".join(pieces)


# Combining accents -> LaTeX accent commands, for letters pylatexenc has no name for (ỳ).
_ACCENTS = {"\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
            "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
            "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b"}  # fmt: skip


@functools.cache
def _ascii_char(char: str) -> str:
    """A non-ASCII character as LaTeX, braced ("{\\~n}") as BibTeX wants it in names:
    pylatexenc's name for it, else its accents as LaTeX accent commands, else
    ``\\symbol`` with its code point (ASCII in every case)."""
    if char.isascii():
        return char
    latex = unicode_to_latex(char, non_ascii_only=True, unknown_char_warning=False)
    if latex.isascii():
        return latex if latex.startswith("{") or not latex.startswith("\\") else "{" + latex + "}"
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0], decomposed[1:]
    if marks and all(m in _ACCENTS for m in marks):
        text = _ascii_char(base) if not base.isascii() else base
        for mark in marks:
            accent = _ACCENTS[mark]
            text = f"\\{accent}{{{text}}}"
        return "{" + text + "}"
    return f'{{\\symbol{{"{ord(char):04X}}}}}'


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0
