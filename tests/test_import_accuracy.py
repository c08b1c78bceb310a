"""Plain-text import accuracy on 130 known works rendered in three styles (the figures of
docs/import.md come from benchmarks/bench_import.py; this test keeps them from slipping)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.bench_import import known_works, measure, measure_pasted  # noqa: E402

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


def test_a_wrapped_paste_is_cut_into_its_references() -> None:
    """All lines wrapped at 90 columns and pasted as one unnumbered text, as from a PDF:
    nearly as many works come back whole as from one reference per line."""
    works = known_works()
    for style, (whole, total, problems) in measure_pasted(works, width=90).items():
        assert whole / total >= 0.85, style
        assert problems <= 10, style
