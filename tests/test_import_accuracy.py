"""Plain-text import accuracy on 130 known works rendered in three styles (the figures of
docs/import.md come from benchmarks/bench_import.py; this test keeps them from slipping)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_import import known_works, measure  # noqa: E402

TARGET = 0.95  # the target for first author, year, title and container


@pytest.fixture(scope="module")
def figures() -> dict[str, dict[str, tuple[int, int]]]:
    works = known_works()
    assert len(works) >= 130  # 120 real Crossref records and the ten bundled works
    return measure(works)


@pytest.mark.parametrize("style", ["APA-like", "Vancouver-like"])
@pytest.mark.parametrize("field", ["first author", "year", "title", "container"])
def test_plain_text_accuracy_meets_the_target(figures, style: str, field: str) -> None:
    right, total = figures[style][field]
    assert right / total >= TARGET, f"{style} {field}: {right}/{total}"


def test_harvard_lines_are_read_too(figures) -> None:
    right, total = figures["Harvard (citeproc-py's)"]["title"]
    assert right / total >= 0.9
