"""refgraph.seeds: the source documents and their stances."""

from __future__ import annotations

from pathlib import Path

import pytest

from refgraph.errors import AnnotationError
from refgraph.seeds import load_seed, load_seeds

ROOT = Path(__file__).resolve().parent.parent
TEN = {
    "quigley2016", "santosaleman2023", "fasano2021", "camilleri2019", "chakaroun2020",
    "depunder2015", "vancamelbeke2017", "escalante2024", "divincenzo2023", "lacy2024",
}  # fmt: skip
CLAIMS = {
    "lgs-diagnosis",
    "permeability-causes-disease",
    "tests-validated",
    "treatment-restores-barrier",
}

SEED = """\
id = "009"
title = "A test page"
language = "en"
cites = [
  "fasano2021",
  "xyz",
]

[[stance]]
claim = "lgs-diagnosis"
value = "supports"
note = "n"

[[stance]]
claim = "tests-validated"
value = "maybe"
"""


def test_bundled_seeds():
    result = load_seeds(ROOT / "seeds", work_keys=TEN, claim_ids=CLAIMS)
    assert result.problems == ()
    sources = {s.id: s for s in result.sources}
    assert set(sources) == {"000", "001"}
    assert sources["000"].cites == ()
    assert set(sources["001"].cites) == TEN and len(sources["001"].cites) == 10
    assert sources["001"].kind == "commercial health-test page"
    assert sources["000"].language == sources["001"].language == "nl"
    assert all(s.summary and s.url == "" for s in sources.values())
    assert "001_a0462cbb8d515f02.txt" in sources["001"].provenance.detail
    stance = {(s.subject, s.claim): s.value for s in result.stances}
    assert len(stance) == 8
    assert stance["000", "lgs-diagnosis"] == stance["000", "permeability-causes-disease"]
    assert stance["000", "lgs-diagnosis"] == "disputes"
    for claim in ("tests-validated", "treatment-restores-barrier", "permeability-causes-disease"):
        assert stance["001", claim] == "supports"
    assert all(s.provenance.origin == "seed" for s in result.stances)


def test_unknown_cited_key_and_bad_value_are_located():
    result = load_seed(SEED, "seeds/009.toml", work_keys=TEN, claim_ids=CLAIMS)
    assert result.sources[0].cites == ("fasano2021",)
    found = {(p.line, p.key, p.message.split(" (")[0]) for p in result.problems}
    assert found == {(6, "xyz", "unknown work key 'xyz'"), (14, "009", "bad stance value 'maybe'")}
    assert [s.claim for s in result.stances] == ["lgs-diagnosis"]


def test_seed_without_id_or_with_bad_toml_raises_with_line():
    with pytest.raises(AnnotationError, match="needs a string 'id'"):
        load_seed('title = "t"\n', "s.toml")
    with pytest.raises(AnnotationError) as caught:
        load_seed('id = "1"\ntitle = "t"\ncites = [\n', "s.toml")
    assert (caught.value.path, caught.value.line) == ("s.toml", 3)


def test_load_seeds_turns_a_broken_file_into_a_problem(tmp_path):
    (tmp_path / "001.toml").write_text('id = "001"\ntitle = "ok"\n', encoding="utf-8")
    (tmp_path / "002.toml").write_text("id = \n", encoding="utf-8")
    (tmp_path / "003.toml").write_text('id = "001"\ntitle = "again"\n', encoding="utf-8")
    result = load_seeds(tmp_path)
    assert [s.title for s in result.sources] == ["ok"]
    assert [(Path(p.file).name, p.line) for p in result.problems] == [
        ("002.toml", 1),
        ("003.toml", 1),
    ]
