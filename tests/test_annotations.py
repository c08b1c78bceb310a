"""refgraph.annotations: topics, claims, per-work annotations; every error names file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.annotations import (
    LineFinder,
    load_annotations,
    load_claims,
    load_topics,
    load_work_annotations,
)
from refgraph.errors import AnnotationError
from refgraph.model import STANCE_VALUES, Provenance

ROOT = Path(__file__).resolve().parent.parent
ANNOTATIONS = ROOT / "bib" / "annotations"

WORKS = """\
# two works
[[work]]
key = "fasano2021"
topics = ["zonulin"]

[[work.stance]]
claim = "lgs-diagnosis"
value = "not addressed"
note = "n"

[[work]]
key = "xyz"
topics = ["zonulin"]

[[work.stance]]
claim = "lgs-diagnosis"
value = "supports"

[[work]]
key = "lacy2024"
topics = [
  "zonulin",
  "nonsense",
]

[[work.stance]]
claim = "lgs-diagnosis"
value = "rejects"

[[work.stance]]
claim = "no-such-claim"
value = "disputes"

[[work.stance]]
claim = "lgs-diagnosis"
value = "disputes"
evidence = ["https://example.org/lacy"]
"""


def _load(text: str = WORKS):
    return load_work_annotations(
        text,
        "works.toml",
        work_keys={"fasano2021", "lacy2024"},
        topic_ids={"zonulin"},
        claim_ids={"lgs-diagnosis"},
    )


def test_unknown_work_key_names_file_line_and_key():
    problems = {p.key: p for p in _load().problems if "work key" in p.message}
    problem = problems["xyz"]
    assert (problem.file, problem.line, problem.message) == (
        "works.toml",
        12,
        "unknown work key 'xyz'",
    )
    assert f"{problem.file}:{problem.line}: {problem.message}" == (
        "works.toml:12: unknown work key 'xyz'"
    )


def test_bad_stance_value_unknown_claim_and_topic_are_located():
    found = {(p.line, p.key, p.message.split(" (")[0]) for p in _load().problems}
    assert found == {
        (12, "xyz", "unknown work key 'xyz'"),
        (23, "lacy2024", "unknown topic 'nonsense'"),
        (26, "lacy2024", "bad stance value 'rejects'"),
        (30, "lacy2024", "unknown claim 'no-such-claim'"),
    }


def test_good_records_still_load_with_provenance():
    result = _load()
    assert [(s.subject, s.value) for s in result.stances] == [
        ("fasano2021", "not addressed"),
        ("lacy2024", "disputes"),
    ]
    assert result.stances[1].evidence == ("https://example.org/lacy",)
    assert result.stances[1].provenance == Provenance("curation", "works.toml:34")
    assert [(a.work, a.topic, a.provenance.detail) for a in result.assignments] == [
        ("fasano2021", "zonulin", "works.toml:4"),
        ("lacy2024", "zonulin", "works.toml:22"),
    ]


def test_toml_syntax_error_names_file_and_line():
    with pytest.raises(AnnotationError) as caught:
        load_topics('[[topic]]\nid = "a"\nlabel = "unclosed\n', "topics.toml")
    assert (caught.value.path, caught.value.line) == ("topics.toml", 3)
    assert str(caught.value).startswith("topics.toml:3: TOML syntax error")


def test_wrong_shape_is_an_error():
    with pytest.raises(AnnotationError, match="array of tables"):
        load_claims('claim = "just a string"\n', "claims.toml")


def test_topics_and_claims_validate_ids():
    topics, problems = load_topics(
        '[[topic]]\nid = "a"\nlabel = "A"\n\n[[topic]]\nid = "a"\nlabel = "again"\n'
        '\n[[topic]]\nid = "Bad Id"\nlabel = "B"\n'
    )
    assert [t.id for t in topics] == ["a"]
    assert [(p.line, p.key) for p in problems] == [(5, "a"), (9, "Bad Id")]


def test_line_finder_counts_headers_and_keys():
    finder = LineFinder("x = 1\n[[a]]\nk = 2\n\n[[a]]\n  k = 3\n[[a.b]]\nk = 4\n")
    assert (finder.header("a", 0), finder.header("a", 1), finder.header("a", 2)) == (2, 5, None)
    assert finder.key(5, "k") == 6
    assert finder.key(None, "x") == 1


def test_a_broken_file_is_a_problem_and_the_others_load(tmp_path):
    (tmp_path / "claims.toml").write_text('[[claim]]\nid = "c"\ntext = "C"\n', encoding="utf-8")
    (tmp_path / "topics.toml").write_text("[[topic]\n", encoding="utf-8")
    (tmp_path / "works.toml").write_text(
        '[[work]]\nkey = "k"\n[[work.stance]]\nclaim = "c"\nvalue = "mixed"\n', encoding="utf-8"
    )
    result = load_annotations(tmp_path, work_keys={"k"})
    assert [c.id for c in result.claims] == ["c"]
    assert [s.value for s in result.stances] == ["mixed"]
    (problem,) = result.problems
    assert (Path(problem.file).name, problem.line) == ("topics.toml", 1)


def test_bundled_annotations_are_complete_and_valid():
    keys = {
        "quigley2016", "santosaleman2023", "fasano2021", "camilleri2019", "chakaroun2020",
        "depunder2015", "vancamelbeke2017", "escalante2024", "divincenzo2023", "lacy2024",
    }  # fmt: skip
    result = load_annotations(ANNOTATIONS, work_keys=keys)
    assert result.problems == ()
    assert len(result.topics) >= 12
    assert {c.id for c in result.claims} == {
        "lgs-diagnosis",
        "permeability-causes-disease",
        "tests-validated",
        "treatment-restores-barrier",
    }
    assert {(s.subject, s.claim) for s in result.stances} == {
        (k, c.id) for k in keys for c in result.claims
    }
    assert all(s.value in STANCE_VALUES and s.note and s.evidence for s in result.stances)
    assert {a.work for a in result.assignments} == keys
    microbiome = next(t for t in result.topics if t.id == "microbiome")
    assert "darmflora" in microbiome.synonyms
