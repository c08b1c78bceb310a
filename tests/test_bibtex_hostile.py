"""Entries bibtexparser reads but BibTeX could not read back once written: each is a
problem with file and line (found by tests/test_fuzz.py), and the export stays valid."""

from __future__ import annotations

import bibtexparser
import pytest
from pybtex.database import parse_string as pybtex_parse

from refgraph.bibtex import load_bibtex
from refgraph.export import export_bibtex

OK = "@article{ok, title={T}, year={2020}}\n"


@pytest.mark.parametrize(
    ("entry", "said"),
    [
        pytest.param("@article{a b, title={T}}", "white space", id="space-in-key"),
        pytest.param("@article{a\u00a0b, title={T}}", "white space", id="no-break-space-in-key"),
        pytest.param("@article{a\tb, title={T}}", "white space", id="tab-in-key"),
        pytest.param("@{a, title={T}}", "entry type ''", id="empty-type"),
    ],
)
def test_an_entry_bibtex_cannot_read_is_skipped_with_a_problem(entry: str, said: str) -> None:
    loaded = load_bibtex(OK + entry + "\n", "refs.bib")
    assert [w.key for w in loaded.works] == ["ok"]
    problem = next(p for p in loaded.problems if said in p.message)
    assert (problem.file, problem.line, problem.severity) == ("refs.bib", 2, "error")


@pytest.mark.parametrize("name", ["", "a b", "1x", "x%y", "é"])
def test_a_field_name_bibtex_cannot_read_is_dropped_with_a_warning(name: str) -> None:
    loaded = load_bibtex(f"@article{{k,\n  title = {{T}},\n  {name} = {{v}}\n}}\n", "r.bib")
    (work,) = loaded.works
    assert work.title == "T" and name not in dict(work.extra)
    assert any(p.line == 3 and repr(name) in p.message for p in loaded.problems)  # its line
    text = export_bibtex(loaded.works)
    assert not bibtexparser.parse_string(text).failed_blocks
    assert list(pybtex_parse(text, "bibtex").entries) == ["k"]


def test_field_names_real_libraries_use_are_kept() -> None:
    names = ["x-mendeley-tags", "bdsk-url-1", "date-added", "file", "a:b"]
    fields = ",\n".join(f"  {n} = {{v}}" for n in names)
    loaded = load_bibtex(f"@misc{{k,\n{fields}\n}}\n", "r.bib")
    assert [k for k, _ in loaded.works[0].extra] == names
    assert not [p for p in loaded.problems if "field name" in p.message]


def test_an_at_sign_between_entries_is_a_warning_not_silence() -> None:
    # BibTeX itself reports "I was expecting a `{' or a `('" here; bibtexparser saw a comment.
    text = "% notes\n\n@a b{x, title={T}}\n\n" + OK + "plain text between entries\n"
    loaded = load_bibtex(text, "refs.bib")
    assert [w.key for w in loaded.works] == ["ok"]
    assert [(p.line, p.severity) for p in loaded.problems if "'@'" in p.message] == [(3, "warning")]


def test_keys_that_differ_only_in_case_are_one_key() -> None:
    # Found by the fuzz test: pybtex refused the export ("repeated bibliography entry").
    loaded = load_bibtex(OK + "@article{OK, title={Other}, year={2021}}\n", "refs.bib")
    assert [w.key for w in loaded.works] == ["ok"]
    (problem,) = [p for p in loaded.problems if "repeats" in p.message]
    assert (problem.line, problem.key, problem.severity) == (2, "OK", "error")
    assert "'ok' (refs.bib:1)" in problem.message
    text = export_bibtex(loaded.works)
    assert list(pybtex_parse(text, "bibtex").entries) == ["ok"]


def test_an_empty_preamble_is_a_warning_and_not_written_back() -> None:
    # Found by the fuzz test: the export's '@preamble{}' was refused by pybtex (and BibTeX).
    loaded = load_bibtex("@preamble{}\n\n" + OK, "refs.bib")
    assert [(p.line, p.message) for p in loaded.problems if "preamble" in p.message] == [
        (1, "@preamble has no value; not kept")
    ]
    text = export_bibtex(loaded.works)
    assert "@preamble" not in text
    assert list(pybtex_parse(text, "bibtex").entries) == ["ok"]


def test_a_field_without_a_value_is_a_warning_and_not_written_back() -> None:
    # Found by the fuzz test: 'author = ,' came back out and pybtex refused it.
    loaded = load_bibtex("@article{k,\n  author = ,\n  title = {T}\n}\n", "refs.bib")
    assert [(p.line, p.message) for p in loaded.problems if "no value" in p.message] == [
        (2, "field 'author' has no value; not kept")
    ]
    text = export_bibtex(loaded.works)
    assert "author" not in text and list(pybtex_parse(text, "bibtex").entries) == ["k"]


@pytest.mark.parametrize("block", ["@preamble{¡}", "@article{x, title = ¡}"])
def test_a_bare_word_that_is_no_macro_name_is_not_written_back(block: str) -> None:
    # Found by the fuzz test: written back as it was, pybtex refused it ("field value
    # expected"); BibTeX reads no value there either.
    loaded = load_bibtex(block + "\n" + OK, "refs.bib")
    assert any("'¡' where a braced or quoted value belongs" in p.message for p in loaded.problems)
    text = export_bibtex(loaded.works)
    assert "¡" not in text
    assert "ok" in pybtex_parse(text, "bibtex").entries


@pytest.mark.parametrize(
    ("block", "said"),
    [
        ("@preamble{)}", "is not a BibTeX value: ')'"),
        ("@preamble{\\ }", "has '\\\\' where a braced or quoted value belongs"),
        ("@article{x, title = {T} #}", "is not a BibTeX value: '{T} #'"),
    ],
)
def test_a_value_bibtex_cannot_read_is_not_written_back(block: str, said: str) -> None:
    # Found by the fuzz test, as above: each came back out and bibtexparser or pybtex failed.
    loaded = load_bibtex(block + "\n" + OK, "refs.bib")
    assert any(said in p.message for p in loaded.problems), loaded.problems
    text = export_bibtex(loaded.works)
    assert not bibtexparser.parse_string(text).failed_blocks
    assert "ok" in pybtex_parse(text, "bibtex").entries
