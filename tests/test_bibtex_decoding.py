"""LaTeX decoding at load: the braces-only fast path gives pylatexenc's text, and the
remembered decodings and names report their problems in every entry that has them."""

from __future__ import annotations

import gc
from pathlib import Path

import bibtexparser
import pytest
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from refgraph.bibtex import load_bibtex
from refgraph.bibtex.load import LatexDecoder, _without_braces
from refgraph.bibtex.macros import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT / "benchmarks" / "data" / "krr.bib",
    *sorted((ROOT / "tests" / "data" / "bib-corpora").glob("*.bib")),
]


def _corpus_texts() -> set[str]:
    """Every field value (as BibTeX reads it) and every name part of the real corpora."""
    texts: set[str] = set()
    for path in CORPORA:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"), parse_stack=[])
        for entry in library.entries:
            for field in entry.fields:
                text = evaluate(str(field.value), {}).text
                texts.add(text)
                if field.key.lower() not in ("author", "editor"):
                    continue
                for name in split_multiple_persons_names(text):
                    try:
                        parts = parse_single_name_into_parts(name)
                    except InvalidNameError:
                        continue
                    texts.update(parts.first + parts.von + parts.last + parts.jr)
    return texts


def test_braces_only_fast_path_is_what_pylatexenc_gives_on_the_corpora() -> None:
    # pylatexenc itself is the judge (its defaults, as the decoder's: no command of the
    # decoder's own context can occur in a text without a backslash).
    judge = LatexNodes2Text(math_mode="verbatim")
    fast = {t: _without_braces(t) for t in _corpus_texts() if "{" in t}
    taken = {t: plain for t, plain in fast.items() if plain is not None}
    assert len(taken) > 1500  # of 3,728 distinct braced texts: most take the fast path
    wrong = {t: plain for t, plain in taken.items() if judge.latex_to_text(t) != plain}
    assert wrong == {}


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("{SAT} Solving", "SAT Solving"),
        ("{one} {two}", "one two"),  # the space between groups is kept
        ("a\n\n{b}\t", "a\n\nb\t"),
        ("-{}-", "--"),  # two hyphens, not an en dash
        ("{{ASP}} {\u00e9t\u00e9}", "ASP \u00e9t\u00e9"),
        ("{a", None),  # unpaired: pylatexenc decides
        ("a} {b", None),
        ("{a -- b}", None),  # an en dash
        ("{\\'e}", None),
        ("{x} ~ {y}", None),
        ("{100%}", None),
    ],
)
def test_braces_only_fast_path(text: str, plain: str | None) -> None:
    assert _without_braces(text) == plain
    if plain is not None:
        assert LatexNodes2Text(math_mode="verbatim").latex_to_text(text) == plain


def test_a_remembered_failure_is_reported_each_time_it_is_decoded() -> None:
    decoder = LatexDecoder()
    assert decoder("Ends with \\ensuremath") == "Ends with \\ensuremath"
    assert decoder.take_failures() == ["\\ensuremath"]
    assert decoder("Ends with \\ensuremath") == "Ends with \\ensuremath"
    assert decoder.take_failures() == ["\\ensuremath"]
    assert decoder.decode("{\\'E}cole -- {SAT}") == ("\u00c9cole \u2013 SAT", ())
    assert decoder.take_failures() == []


def test_repeated_texts_and_names_give_each_entry_its_problems() -> None:
    # The second entry reads its names, title and journal from what the first one left
    # remembered: its problems must be the first one's, each told with its own key.
    entry = """@article{%s,
  author = {Doe, and R{\\"o}ger, Gabriele and M\\ensuremath, A.},
  title = {{SAT} Solving}, journal = {{AAAI} Press}, year = 2020,
}
"""
    loaded = load_bibtex(entry % "one" + entry % "two")
    one, two = loaded.works
    assert one.authors == two.authors
    assert [a.family for a in one.authors] == ["Doe,", "R\u00f6ger", "M\\ensuremath"]
    assert (one.title, one.journal) == (two.title, two.journal) == ("SAT Solving", "AAAI Press")
    told = [(p.key, p.line, p.message.split(" (")[0]) for p in loaded.problems]
    assert told == [
        ("one", 1, "author: name 'Doe,' cannot be split"),
        ("one", 1, "LaTeX \\ensuremath could not be read"),
        ("two", 5, "author: name 'Doe,' cannot be split"),
        ("two", 5, "LaTeX \\ensuremath could not be read"),
    ]


def test_decoding_leaves_no_cycle_that_keeps_the_parse_alive() -> None:
    # pylatexenc leaves reference cycles through its callers' frames; loading pauses the
    # cycle collector, so such a cycle would keep the parse (bibtexparser's blocks) alive.
    def blocks() -> int:
        return sum(isinstance(o, bibtexparser.model.Block) for o in gc.get_objects())

    text = "@article{a, title = {Caf{\\'e}}, author = {R{\\\"o}ger, G.}}\n"
    gc.collect()
    before = blocks()
    gc.disable()
    try:
        loaded = load_bibtex(text)
        left = blocks() - before
    finally:
        gc.enable()
    assert loaded.works[0].title == "Café"
    assert left == 0
