"""refgraph.annotation_keys: a misspelt key in an annotation or seed file is a problem naming
file, line and the nearest known key, instead of curated data silently disappearing."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.annotations import load_annotations, load_claims, load_topics, load_work_annotations
from refgraph.seeds import load_seed

ROOT = Path(__file__).resolve().parent.parent

WORKS = """\
[[work]]
key = "a2020"
topcs = ["zonulin"]

[[work.stanse]]
claim = "c1"
value = "supports"

[[work]]
key = "b2021"
topics = ["zonulin"]

[[work.stance]]
claim = "c1"
vaule = "disputes"
value = "disputes"
notes = "misspelt note"
"""


def _unknown(problems) -> list[tuple[int | None, str, str]]:
    """(line, key, message) of the unknown-key problems."""
    return [(p.line, p.key, p.message) for p in problems if "unknown key" in p.message]


def test_misspelt_work_keys_are_located_with_the_nearest_known_key() -> None:
    found = load_work_annotations(WORKS, "works.toml", work_keys={"a2020", "b2021"})
    unknown = _unknown(found.problems)
    assert [(line, key) for line, key, _ in unknown] == [
        (3, "a2020"),
        (5, "a2020"),
        (15, "b2021"),
        (17, "b2021"),
    ]
    messages = [m for *_, m in unknown]
    assert "'topcs' in [[work]] (did you mean 'topics'?)" in messages[0]
    assert "'stanse' in [[work]] (did you mean 'stance'?)" in messages[1]
    assert "'vaule' in [[work.stance]] (did you mean 'value'?)" in messages[2]
    assert "'notes' in [[work.stance]] (did you mean 'note'?)" in messages[3]
    assert all(p.severity == "error" for p in found.problems if "unknown key" in p.message)
    assert all(p.file == "works.toml" for p in found.problems)


def test_the_well_spelt_data_beside_a_misspelling_still_loads() -> None:
    found = load_work_annotations(WORKS, "works.toml", work_keys={"a2020", "b2021"})
    assert [(a.work, a.topic) for a in found.assignments] == [("b2021", "zonulin")]
    assert [(s.subject, s.value) for s in found.stances] == [("b2021", "disputes")]


def test_a_key_far_from_every_known_one_lists_them() -> None:
    text = '[[claim]]\nid = "c1"\ntext = "T"\nflavour = "x"\n'
    claims, problems = load_claims(text, "claims.toml")
    assert [c.id for c in claims] == ["c1"]
    assert [(p.line, p.message) for p in problems] == [
        (4, "unknown key 'flavour' in [[claim]] (known keys: id, text); its value is not used")
    ]


@pytest.mark.parametrize(
    ("text", "line", "near"),
    [
        pytest.param('[[topc]]\nid = "t"\nlabel = "T"\n', 1, "topic", id="file-table"),
        pytest.param(
            '[[topic]]\nid = "t"\nlabel = "T"\nsynonims = ["x"]\n', 4, "synonyms", id="topic"
        ),
        pytest.param(
            '[[topic]]\nid = "t"\nlabel = "T"\n"descripton" = "d"\n', 4, "description", id="quoted"
        ),
    ],
)
def test_topics_file_keys(text: str, line: int, near: str) -> None:
    _, problems = load_topics(text, "topics.toml")
    assert [(p.line, f"did you mean '{near}'?" in p.message) for p in problems] == [(line, True)]


def test_seed_keys_and_stances_are_checked() -> None:
    text = (
        'id = "009"\ntitle = "T"\ncite = ["a2020"]\n\n'
        '[[stance]]\nclaim = "c1"\nvalue = "mixed"\nnot = "x"\n'
    )
    found = load_seed(text, "seeds/009.toml", work_keys={"a2020"}, claim_ids={"c1"})
    assert [(line, key) for line, key, _ in _unknown(found.problems)] == [(3, "009"), (8, "009")]
    assert "did you mean 'cites'?" in found.problems[0].message
    assert "did you mean 'note'?" in found.problems[1].message


def test_a_control_character_in_toml_is_a_problem_not_a_lost_file(tmp_path: Path) -> None:
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "claims.toml").write_text(
        '[[claim]]\nid = "c1"\ntext = "a \x00claim\x9b"\n', encoding="utf-8"
    )
    found = load_annotations(folder)
    assert [c.text for c in found.claims] == ["a claim"]
    assert [(p.line, p.severity) for p in found.problems] == [(3, "warning")]
    assert "U+0000, U+009B" in found.problems[0].message


def test_the_bundled_annotations_and_seeds_use_only_known_keys() -> None:
    from refgraph.library import load_library

    library = load_library(ROOT / "bib", ROOT / "seeds")
    assert _unknown(library.problems) == []
