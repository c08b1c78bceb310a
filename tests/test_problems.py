"""Problems grouped by a stable kind: set by the loader where the message's words vary,
else the message without its varying values."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.bibtex import load_bibtex
from refgraph.duplicates import duplicate_problems
from refgraph.model import Problem
from refgraph.problems import group_problems, problem_kind, problem_label, problems_to_data

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("message", "label", "kind"),
    [
        pytest.param("unknown work key 'x1'", "unknown work key '…'", "unknown-work-key",
                     id="quoted value"),
        pytest.param("bad stance value 'rejects' (one of: supports, disputes)",
                     "bad stance value '…'", "bad-stance-value", id="aside"),
        pytest.param("TOML syntax error: Expected '=' (at line 3)", "TOML syntax error",
                     "toml-syntax-error", id="syntax error"),
        pytest.param("duplicate key 'a' (first at line 3); this one is skipped",
                     "duplicate key '…'; this one is skipped", "duplicate-key-this-one-is-skipped",
                     id="quoted and aside"),
    ],
)  # fmt: skip
def test_a_kind_not_given_drops_the_values_that_vary(message: str, label: str, kind: str) -> None:
    problem = Problem("a.bib", 1, message)
    assert (problem_label(problem), problem_kind(problem)) == (label, kind)


def test_a_kind_given_by_the_loader_is_kept() -> None:
    problem = Problem("a.bib", 1, "possible duplicate of k (a.bib:3): same DOI 10.1/x",
                      "k2", "warning", "possible-duplicate")  # fmt: skip
    assert problem_kind(problem) == "possible-duplicate"
    assert problem_label(problem) == "possible duplicate"


def test_the_loaders_problems_have_one_kind_per_cause() -> None:
    text = """
@inproceedings{child1, author = {A, B}, title = {One}, crossref = {nowhere}}
@inproceedings{child2, author = {C, D}, title = {Two}, crossref = {gone}}
@article{a1, author = {Smith, J}, title = {Same Title}, journal = {J}, year = 2020}
@article{a2, author = {Smith, J}, title = {Same title}, journal = {J}, year = 2020}
@article{b1, author = {Roe, R}, title = {Other}, journal = {J}, year = 2021}
@article{b2, author = {Roe, R}, title = {other}, journal = {J}, year = 2021}
@article{c1, author = {Poe, E}, title = {Third}}
@book{c2, author = {Poe, E}, title = {Fourth}, year = 2000}
"""
    loaded = load_bibtex(text, path="t.bib")
    problems = [*loaded.problems, *duplicate_problems(loaded.works)]
    by_kind: dict[str, set[str]] = {}
    for p in problems:
        by_kind.setdefault(problem_kind(p), set()).add(p.key)
    # A missing crossref parent is the one warning of its entry: the fields it would have
    # given (booktitle, year) are its consequence, not a second problem.
    assert by_kind == {
        "crossref-parent-not-found": {"child1", "child2"},
        "possible-duplicate": {"a2", "b2"},
        "lacks-required-fields": {"c1", "c2"},
    }
    groups = group_problems(problems)
    assert sorted((g.label, g.count) for g in groups) == [
        ("crossref parent not found", 2),
        ("lacks required fields", 2),
        ("possible duplicate", 2),
    ]


def test_groups_put_errors_first_then_the_most_frequent() -> None:
    problems = [Problem("a.bib", i, f"crossref parent 'p{i}' not found", severity="warning")
                for i in range(5)]  # fmt: skip
    problems += [Problem("b.toml", 2, "unknown work key 'x'"), Problem("c.bib", 3, "odd thing",
                 severity="warning")]  # fmt: skip
    groups = group_problems(problems, examples=2)
    assert [(g.severity, g.label, g.count) for g in groups] == [
        ("error", "unknown work key '…'", 1),
        ("warning", "crossref parent '…' not found", 5),
        ("warning", "odd thing", 1),
    ]
    assert [p.line for p in groups[1].examples] == [0, 1]


def test_data_keeps_every_problem_in_order() -> None:
    problems = [Problem("a.bib", 7, "crossref parent 'p' not found", key="k", severity="warning"),
                Problem("b.bib", None, "no entry")]  # fmt: skip
    data = problems_to_data(problems)
    assert data[0] == {"file": "a.bib", "line": 7, "key": "k", "severity": "warning",
                       "kind": "crossref-parent-not-found",
                       "message": "crossref parent 'p' not found"}  # fmt: skip
    assert data[1]["line"] is None and data[1]["kind"] == "no-entry"
