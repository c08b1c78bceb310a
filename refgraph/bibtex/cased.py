"""Which parts of a title keep their case, for formats that mark it (CSL's nocase spans).

In BibTeX a brace group at the top level of a title keeps its case whatever the style
does (``{HermiT}``, ``{lme4}``); a group that starts with a command (``{\\"u}``) is a
special character, not protection. For a title the .bib wrote and refgraph did not change,
those groups are read from the raw text; for any other title (a Crossref correction) the
writer's own rule (``dump.case_protected``) picks the words.
"""

from __future__ import annotations

import functools
import re

from refgraph.bibtex.dump import case_protected
from refgraph.bibtex.load import LatexDecoder
from refgraph.bibtex.macros import evaluate
from refgraph.model import Work


@functools.cache
def _decoder() -> LatexDecoder:
    return LatexDecoder()


def title_segments(work: Work) -> list[tuple[str, bool]]:
    """The work's title as (text, case kept) pieces, in order; joined they are the title."""
    raw = _raw_title(work)
    if raw is None:
        spans = case_protected(work.title)
        pieces, last = [], 0
        for start, end in spans:
            pieces += [(work.title[last:start], False), (work.title[start:end], True)]
            last = end
        return [p for p in [*pieces, (work.title[last:], False)] if p[0]]
    decode = _decoder()
    out: list[tuple[str, bool]] = []
    for text, kept in _groups(raw):
        decoded = decode(text)
        if decoded:
            out.append((decoded, kept))
    return _rejoin(out, work.title)


_TOKEN = re.compile(r"[^\s\-\u2010-\u2015/]+")
_LETTER = re.compile(r"[^\W\d_]")
_COMMAND_END = re.compile(r"\\[A-Za-z]+\s*$")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[:.?!]\s+")


def sentence_case(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """The pieces with the capitalised words of the unprotected ones lower-cased
    ("Planning Over Cost-Optimal" -> "planning over cost-optimal"); the first word of
    the title and of each sentence or subtitle (after ":", ".", "?", "!") kept, words
    with other capitals (SAT, McAleer) and math kept. CSL's convention (titles in
    sentence case, styles apply title case), as BibTeX's own "t" case and pandoc's .bib
    reader treat an unprotected title."""
    full = "".join(text for text, _ in pieces)
    starts = {m.end() for m in _SENTENCE_END.finditer(full)}
    first = _TOKEN.search(full)
    if first:
        starts.add(first.start())
    out, offset = [], 0
    for text, kept in pieces:
        if not kept:
            chars = list(text)
            for m in _TOKEN.finditer(text):
                word, letters = m.group(), _LETTER.findall(m.group())
                if offset + m.start() in starts or "$" in word or not letters:
                    continue
                if letters[0].isupper() and not any(c.isupper() for c in letters[1:]):
                    i = m.start() + word.index(letters[0])
                    chars[i] = chars[i].lower()
            text = "".join(chars)
        out.append((text, kept))
        offset += len(text)
    return out


def _raw_title(work: Work) -> str | None:
    source = work.bibtex
    if source is None or dict(source.loaded).get("title") != work.title:
        return None
    raw = next((r for name, r in source.fields if name == "title"), None)
    if raw is None:
        return None
    strings = {name.lower(): evaluate(value, {}).text for name, value in source.strings}
    return evaluate(raw, strings).text


def _groups(text: str) -> list[tuple[str, bool]]:
    """Top-level pieces of a BibTeX value: (text, True) for a protecting brace group."""
    out: list[tuple[str, bool]] = []
    depth, start = 0, 0
    for i, char in enumerate(text):
        if char == "{":
            if depth == 0:
                out.append((text[start:i], False))
                start = i
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                group = text[start : i + 1]
                if out and _COMMAND_END.search(out[-1][0]):  # a command's argument
                    out[-1] = (out[-1][0] + group, False)
                else:
                    out.append((group, not group.startswith("{\\")))
                start = i + 1
    out.append((text[start:], False))
    return [(t, kept) for t, kept in out if t]


def _rejoin(pieces: list[tuple[str, bool]], title: str) -> list[tuple[str, bool]]:
    """The pieces with spaces folded as the loader folds them (a title written over
    several lines is one line); the plain title when the pieces would not join to it (the
    groups cannot be placed: no marking then)."""
    folded = [(_SPACES.sub(" ", text), kept) for text, kept in pieces]
    if folded:
        folded[0] = (folded[0][0].lstrip(), folded[0][1])
        folded[-1] = (folded[-1][0].rstrip(), folded[-1][1])
    folded = [(text, kept) for text, kept in folded if text]
    if "".join(text for text, _ in folded) != title:
        return [(title, False)] if title else []
    return folded
