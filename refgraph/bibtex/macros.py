"""BibTeX values as BibTeX reads them: ``{...}``, ``"..."``, numbers and macros joined by ``#``.

``evaluate(raw, strings)`` gives a field's text the way BibTeX does: each piece's content
(braces inside kept), numbers as written, a macro by its ``@string`` definition
(case-insensitive) or, for ``jan`` ... ``dec``, by the month name the standard styles
define. It reports what BibTeX would complain about: an undefined macro (BibTeX prints
nothing for it), and text after a complete value, which is almost always a missing comma
before the next field. ``noop_macros(preambles)`` finds the commands an ``@preamble``
defines to print nothing (``\\newcommand{\\noopsort}[1]{}``), so that
``{\\noopsort{1973a}}1973`` reads as 1973.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

MONTHS = {
    "jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May",
    "jun": "June", "jul": "July", "aug": "August", "sep": "September", "oct": "October",
    "nov": "November", "dec": "December",
}  # fmt: skip
# The journal macros every standard BibTeX style (plain.bst and its kin) defines, with
# plain.bst's texts: a library may use them without defining them. The writer defines the
# ones an entry uses, so that readers without a style (pybtex, biber) read them too.
STYLE_MACROS = {
    "acmcs": "ACM Computing Surveys", "acta": "Acta Informatica",
    "cacm": "Communications of the ACM", "ibmjrd": "IBM Journal of Research and Development",
    "ibmsj": "IBM Systems Journal", "ieeese": "IEEE Transactions on Software Engineering",
    "ieeetc": "IEEE Transactions on Computers",
    "ieeetcad": "IEEE Transactions on Computer-Aided Design of Integrated Circuits",
    "ipl": "Information Processing Letters", "jacm": "Journal of the ACM",
    "jcss": "Journal of Computer and System Sciences", "scp": "Science of Computer Programming",
    "sicomp": "SIAM Journal on Computing", "tocs": "ACM Transactions on Computer Systems",
    "tods": "ACM Transactions on Database Systems", "tog": "ACM Transactions on Graphics",
    "toms": "ACM Transactions on Mathematical Software",
    "toois": "ACM Transactions on Office Information Systems",
    "toplas": "ACM Transactions on Programming Languages and Systems",
    "tcs": "Theoretical Computer Science",
}  # fmt: skip
_NAME = re.compile(r"[^\s\"#%'(),={}0-9][^\s\"#%'(),={}]*")
_NUMBER = re.compile(r"[0-9]+")
_NOOP = re.compile(
    r"\\(?:newcommand|renewcommand|providecommand|DeclareRobustCommand)\*?\s*"
    r"\{?\\([A-Za-z]+)\}?\s*\[1\]\s*\{\s*\}"
    r"|\\def\s*\\([A-Za-z]+)\s*#1\s*\{\s*\}"
)


@dataclass(frozen=True)
class Value:
    """A field's text as BibTeX reads it; ``macros`` the macro names it used; ``undefined``
    those with no definition; ``rest`` what followed a complete value (not read)."""

    text: str
    macros: tuple[str, ...] = ()
    undefined: tuple[str, ...] = ()
    rest: str = ""


_BRACE = re.compile(r"[{}]")
_BRACE_OR_QUOTE = re.compile(r'[{}"]')


def _group_end(raw: str, start: int) -> int:
    """Index after the ``}`` closing the ``{`` at ``start`` (len(raw)+1 if never closed)."""
    depth = 0
    for mark in _BRACE.finditer(raw, start):  # from brace to brace: the text between is skipped
        depth += 1 if mark.group() == "{" else -1
        if depth == 0:
            return mark.end()
    return len(raw) + 1


def _quote_end(raw: str, start: int) -> int:
    """Index after the ``"`` closing the one at ``start``; quotes inside braces do not count."""
    depth = 0
    for mark in _BRACE_OR_QUOTE.finditer(raw, start + 1):
        char = mark.group()
        if char == '"':
            if depth == 0:
                return mark.end()
        else:
            depth += 1 if char == "{" else -1
    return len(raw) + 1


def evaluate(raw: str, strings: Mapping[str, str]) -> Value:
    """The text of the value expression ``raw`` (what follows ``=``), with ``strings``
    the ``@string`` texts by lower-cased name. Never raises: what cannot be read is in
    ``rest``."""
    pieces: list[str] = []
    macros: list[str] = []
    undefined: list[str] = []
    i, n = 0, len(raw)
    while True:
        while i < n and raw[i].isspace():
            i += 1
        if i >= n:
            break
        char = raw[i]
        if char in '{"':
            end = _group_end(raw, i) if char == "{" else _quote_end(raw, i)
            if end > n:
                return Value("".join(pieces), tuple(macros), tuple(undefined), raw[i:])
            pieces.append(raw[i + 1 : end - 1])
            i = end
        elif found := _NUMBER.match(raw, i):
            pieces.append(found.group())
            i = found.end()
        elif found := _NAME.match(raw, i):
            name = found.group()
            macros.append(name)
            if name.lower() in strings:
                pieces.append(strings[name.lower()])
            elif name.lower() in MONTHS:
                pieces.append(MONTHS[name.lower()])
            else:
                undefined.append(name)
            i = found.end()
        else:
            return Value("".join(pieces), tuple(macros), tuple(undefined), raw[i:])
        while i < n and raw[i].isspace():
            i += 1
        if i < n and raw[i] == "#":
            i += 1
            continue
        if i < n:
            return Value("".join(pieces), tuple(macros), tuple(undefined), raw[i:])
        break
    return Value("".join(pieces), tuple(macros), tuple(undefined))


def used_strings(
    macros: Iterable[str], definitions: Mapping[str, tuple[str, str, tuple[str, ...]]]
) -> list[tuple[str, str]]:
    """The ``@string`` definitions (name as written, raw value) that ``macros`` need,
    those they use first, in an order BibTeX can read. ``definitions``: lower-cased name
    -> (name as written, raw value, the macros that raw value uses)."""
    out: dict[str, tuple[str, str]] = {}
    for name in macros:
        _visit(name, frozenset(), definitions, out)
    return list(out.values())


def _visit(
    name: str,
    seen: frozenset[str],
    definitions: Mapping[str, tuple[str, str, tuple[str, ...]]],
    out: dict[str, tuple[str, str]],
) -> None:
    """Adds ``name``'s definition to ``out`` after those it uses (depth first; ``seen``
    breaks a definition that refers to itself). A function of its own, not a closure: a
    recursive closure is a reference cycle, left for the collector once per entry."""
    key = name.lower()
    if key in out or key in seen or key not in definitions:
        return
    written, raw, inner = definitions[key]
    for other in inner:
        _visit(other, seen | {key}, definitions, out)
    out[key] = (written, raw)


def noop_macros(preambles: Iterable[str]) -> tuple[str, ...]:
    """Names of the one-argument commands the preambles define to print nothing."""
    return tuple(a or b for text in preambles for a, b in _NOOP.findall(text))
