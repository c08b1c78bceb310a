"""Input problems grouped by kind, for a terminal that cannot show thousands of lines.

A real library of 3,000 entries has 2,600 problems, nearly all of a handful of kinds
("crossref parent 'jelia14' not found" 1,310 times). Each problem has a stable kind, a
machine-readable name such as ``possible-duplicate`` that ``problems.json`` carries beside
the message and the terminal groups by:

- a loader whose message names varying values outside quotes (a key, a list of fields)
  sets ``Problem.kind`` itself: ``possible-duplicate``, ``crossref-parent-not-found``,
  ``lacks-required-fields``;
- otherwise the kind is derived from the message with its varying values taken out:
  quoted text, a parenthesised aside and anything after the first ``": "`` are dropped
  ("unknown work key 'x'" is ``unknown-work-key``, shown as "unknown work key '…'"), so
  that no loader has to declare one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from refgraph.model import Problem

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ASIDE = re.compile(r"\s+\([^()]*\)")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def problem_label(problem: Problem) -> str:
    """What the terminal shows for the kind: the explicit kind in words (``"possible
    duplicate"``), or the message with its varying values taken out (``"unknown work key
    '…'"``)."""
    if problem.kind:
        return problem.kind.replace("-", " ")
    message = _QUOTED.sub("'…'", problem.message)
    message = _ASIDE.sub("", message).split(": ", 1)[0]
    return message.strip() or problem.message


def problem_kind(problem: Problem) -> str:
    """The stable machine-readable kind: ``Problem.kind``, or the label's words in lower
    case joined by "-", the quoted values' "…" left out (``"unknown-work-key"``)."""
    return problem.kind or _NOT_WORD.sub("-", problem_label(problem).lower()).strip("-")


@dataclass(frozen=True)
class ProblemGroup:
    """All problems of one kind and severity: how many, and the first few as examples.
    ``kind`` is the machine-readable kind, ``label`` its words for the terminal."""

    kind: str
    label: str
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
        ProblemGroup(kind, problem_label(items[0]), severity, len(items), tuple(items[:examples]))
        for (severity, kind), items in found.items()
    ]
    return sorted(groups, key=lambda g: (g.severity != "error", -g.count, g.kind))


def problems_to_data(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    """Every problem as a JSON object (file, line, key, severity, kind, message), in input
    order: what ``build`` writes to ``problems.json``. ``kind`` is ``problem_kind``."""
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
