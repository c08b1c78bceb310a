"""Problems grouped by kind: the kind is the message without its varying values."""

from __future__ import annotations

import pytest

from refgraph.model import Problem
from refgraph.problems import group_problems, problem_kind, problems_to_data


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        pytest.param("crossref parent 'jelia14' not found", "crossref parent '…' not found",
                     id="quoted value"),
        pytest.param("@inproceedings lacks required field(s): booktitle, year",
                     "@inproceedings lacks required field(s)", id="list after colon"),
        pytest.param("bad stance value 'rejects' (one of: supports, disputes)",
                     "bad stance value '…'", id="aside"),
        pytest.param("TOML syntax error: Expected '=' (at line 3)", "TOML syntax error",
                     id="syntax error"),
    ],
)  # fmt: skip
def test_kind_drops_the_values_that_vary(message: str, kind: str) -> None:
    assert problem_kind(Problem("a.bib", 1, message)) == kind


def test_groups_put_errors_first_then_the_most_frequent() -> None:
    problems = [Problem("a.bib", i, f"crossref parent 'p{i}' not found", severity="warning")
                for i in range(5)]  # fmt: skip
    problems += [Problem("b.toml", 2, "unknown work key 'x'"), Problem("c.bib", 3, "odd thing",
                 severity="warning")]  # fmt: skip
    groups = group_problems(problems, examples=2)
    assert [(g.severity, g.kind, g.count) for g in groups] == [
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
                       "kind": "crossref parent '…' not found",
                       "message": "crossref parent 'p' not found"}  # fmt: skip
    assert data[1]["line"] is None and data[1]["kind"] == "no entry"
