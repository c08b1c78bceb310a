"""Input problems grouped by kind, for a terminal that cannot show thousands of lines.

A real library of 3,000 entries has 2,600 problems, nearly all of a handful of kinds
("crossref parent 'jelia14' not found" 1,310 times). The kind of a problem is its message
with the values that vary taken out: quoted text becomes ``'…'``, a parenthesised aside
and anything after the first ``": "`` are dropped, so "@inproceedings lacks required
field(s): booktitle, year" and "...: year" are one kind. Deriving the kind from the message
keeps every loader free to word its messages; no loader has to declare a kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from refgraph.model import Problem

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ASIDE = re.compile(r"\s+\([^()]*\)")


def problem_kind(problem: Problem) -> str:
    """The message without its varying values: ``"crossref parent '…' not found"``."""
    message = _QUOTED.sub("'…'", problem.message)
    message = _ASIDE.sub("", message).split(": ", 1)[0]
    return message.strip() or problem.message


@dataclass(frozen=True)
class ProblemGroup:
    """All problems of one kind and severity: how many, and the first few as examples."""

    kind: str
    severity: str
    count: int
    examples: tuple[Problem, ...]


def group_problems(problems: Iterable[Problem], examples: int = 3) -> list[ProblemGroup]:
    """Groups of (severity, kind), errors first, then the most frequent kinds; examples in
    input order."""
    found: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        found.setdefault((problem.severity, problem_kind(problem)), []).append(problem)
    groups = [
        ProblemGroup(kind, severity, len(items), tuple(items[:examples]))
        for (severity, kind), items in found.items()
    ]
    return sorted(groups, key=lambda g: (g.severity != "error", -g.count, g.kind))


def problems_to_data(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """Every problem as a JSON object (file, line, key, severity, kind, message), in input
    order: what ``build`` writes to ``problems.json``."""
    return [
        {
            "file": p.file,
            "line": p.line,
            "key": p.key,
            "severity": p.severity,
            "kind": problem_kind(p),
            "message": p.message,
        }
        for p in problems
    ]
