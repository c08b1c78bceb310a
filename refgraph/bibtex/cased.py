"""Which parts of a title keep their case, for formats that mark it (CSL's nocase spans).

In BibTeX a brace group at the top level of a title keeps its case whatever the style
does (``{HermiT}``, ``{lme4}``); a group that starts with a command (``{\\"u}``) is a
special character, not protection. For a title the .bib wrote and refgraph did not change,
those groups are read from the raw text; for any other title (a Crossref correction) the
writer's own rule (``dump.case_protected``) picks the words.
"""

from __future__ import annotations

import functools

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
                out.append((group, not group.startswith("{\\")))
                start = i + 1
    out.append((text[start:], False))
    return [(t, kept) for t, kept in out if t]


def _rejoin(pieces: list[tuple[str, bool]], title: str) -> list[tuple[str, bool]]:
    """The pieces, spaces folded as the loader folds them; the plain title when the
    pieces would not join to it (the groups cannot be placed: no marking then)."""
    joined = " ".join("".join(t for t, _ in pieces).split())
    if joined != title:
        return [(title, False)] if title else []
    return pieces
