"""Duplicates: same DOI, or same folded title, year and first author; build reports them."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.bibtex import load_bibtex_files
from refgraph.duplicates import DuplicateIndex, duplicate_problems, find_duplicates
from refgraph.library import load_library
from refgraph.model import Author, Provenance, Work


def _work(key: str, **fields) -> Work:
    base = dict(title="Leaky gut – concept or clinical entity?", year=2016)
    base |= {"authors": (Author("Quigley", "E.M.M."),)} | fields
    return Work(key=key, provenance=Provenance("bibtex", f"lib.bib:{len(key)}"), **base)


@pytest.mark.parametrize(
    ("other", "same"),
    [
        pytest.param(dict(doi="https://doi.org/10.1097/mog.0000000000000243"), True, id="doi-link"),
        pytest.param(dict(title="LEAKY GUT - Concept or Clinical Entity"), True, id="case-dash"),
        pytest.param(dict(authors=(Author("Quigley", "Eamonn"),)), True, id="given-names"),
        pytest.param(dict(year=2017), False, id="other-year"),
        pytest.param(dict(authors=(Author("Quigly", "E."),)), False, id="other-author"),
        pytest.param(dict(doi="10.1000/other"), False, id="other-doi"),
        pytest.param(dict(entry_type="inproceedings"), True, id="pasted-article-vs-paper"),
        pytest.param(dict(journal="Gut"), True, id="one-venue-missing"),
        pytest.param(dict(year=None), False, id="no-year-on-both-sides"),
        pytest.param(dict(year=None, doi="10.1097/MOG.0000000000000243"), True,
                     id="no-year-same-doi"),
    ],
)  # fmt: skip
def test_what_counts_as_the_same_work(other: dict, same: bool) -> None:
    first = _work("a", doi="10.1097/MOG.0000000000000243")
    second = _work("bb", **other)
    if "doi" not in other:
        first = _work("a")
    if other.get("year", 2016) is None:  # both sides without a year
        first = _work("a", year=None, doi=first.doi)
    found = DuplicateIndex([first]).find(second)
    assert (found is not None) == same
    if found is not None:
        assert found.original.key == "a"


def test_a_report_and_its_conference_version_are_two_works() -> None:
    report = _work("a", entry_type="techreport")
    paper = _work("bb", entry_type="inproceedings")
    chapter = _work("ccc", entry_type="incollection")
    assert [(d.work.key, d.original.key) for d in find_duplicates([report, paper, chapter])] == [
        ("ccc", "bb")
    ]


def test_one_paper_in_two_venues_is_two_works() -> None:
    a = _work("a", journal="Current Opinion in Gastroenterology")
    b = _work("bb", journal="Current Opinion in Gastroenterology.")
    c = _work("ccc", journal="Gut")
    assert [(d.work.key, d.original.key) for d in find_duplicates([a, b, c])] == [("bb", "a")]


def test_particles_do_not_hide_a_duplicate() -> None:
    a = _work("a", authors=(Author("de Punder", "K."),))
    b = _work("bb", authors=(Author("Punder", "K. de"),))
    assert [d.original.key for d in find_duplicates([a, b])] == ["a"]


def test_build_reports_duplicates_inside_the_library(tmp_path: Path) -> None:
    bib = tmp_path / "lib"
    bib.mkdir()
    (bib / "a.bib").write_text(
        "@article{one, author={Quigley, E.}, title={Leaky gut}, year=2016, journal={X}}\n",
        encoding="utf-8",
    )
    (bib / "b.bib").write_text(
        "\n@article{two, author={Quigley, Eamonn}, title={Leaky Gut.}, year=2016, journal={X}}\n",
        encoding="utf-8",
    )
    library = load_library(bib)
    (problem,) = [p for p in library.problems if "duplicate" in p.message]
    assert problem.key == "two" and problem.line == 2 and problem.file.endswith("b.bib")
    assert "possible duplicate of one (" in problem.message and "a.bib:1)" in problem.message


def test_the_bundled_library_has_no_duplicates() -> None:
    library = load_library(Path(__file__).resolve().parent.parent / "bib")
    assert duplicate_problems(library.works) == ()


def test_a_pair_without_years_is_not_called_the_same_by_title_and_author() -> None:
    # Real corpus: a workshop paper and its conference version, same title and authors,
    # neither with a year of its own; build said "same title, year and first author".
    corpus = Path(__file__).parent / "data" / "bib-corpora" / "aibasel-literatur.bib"
    works = load_bibtex_files([corpus]).works
    year = {w.key: w.year for w in works}
    problems = duplicate_problems(works)
    assert problems  # the corpus has real duplicates; they are still found
    assert not [p for p in problems if p.key == "gnad-et-al-icaps2024wshsdip"]
    by_title = [p for p in problems if p.message.endswith("same title, year and first author")]
    assert all(year[p.key] for p in by_title)
