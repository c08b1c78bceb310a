"""`refgraph annotate` and refgraph.annotate: each verb validated, files edited in place
(comments, order and layout kept), --dry-run a diff that writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from refgraph.annotate import add_work_topic, remove_work_topic, set_stance
from refgraph.cli import main
from refgraph.library import load_library

REPO = Path(__file__).resolve().parent.parent

WORKS = """\
# My notes, kept.
[[work]]
key = "a2020"   # first
topics = ["x"]

[[work.stance]]
claim = "c1"
value = "supports"
note = "kept"

[[work]]
key = "b2021"

[[work.stance]]
claim = "c1"
value = "mixed"
"""


def test_adding_a_topic_keeps_comments_order_and_other_tables() -> None:
    after = add_work_topic(WORKS, "a2020", "y")
    assert after == WORKS.replace('topics = ["x"]', 'topics = ["x", "y"]')


def test_a_topic_list_is_created_before_the_work_s_stances() -> None:
    after = add_work_topic(WORKS, "b2021", "y")
    assert 'key = "b2021"\ntopics = ["y"]\n' in after
    assert after.index('topics = ["y"]') < after.rindex("[[work.stance]]")
    assert after.startswith("# My notes, kept.\n")


def test_removing_a_topic_and_removing_it_again() -> None:
    after = remove_work_topic(WORKS, "a2020", "x")
    assert "topics = []" in after and "# first" in after
    assert remove_work_topic(after, "a2020", "x") == after


def test_a_stance_is_changed_in_place_and_a_new_one_appended() -> None:
    after = set_stance(WORKS, "c1", "disputes", work="a2020")
    assert after == WORKS.replace('value = "supports"', 'value = "disputes"', 1)
    added = set_stance(WORKS, "c2", "mixed", "why", ["https://e.org"], work="a2020")
    assert added.index('claim = "c2"') < added.index('key = "b2021"')  # under its work
    assert 'note = "why"\nevidence = ["https://e.org"]' in added


@pytest.fixture
def library(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "bib", tmp_path / "bib", ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path


def _annotate(folder: Path, *args: str) -> int:
    seeds = ["--seeds", str(folder / "seeds")] if (folder / "seeds").is_dir() else []
    return main(["annotate", *args, "--library", str(folder / "bib"), *seeds])


def _loaded(folder: Path):
    return load_library(folder / "bib", folder / "seeds", match=False)


def test_topic_add_and_remove_write_works_toml(library: Path) -> None:
    assert _annotate(library, "topic", "add", "fasano2021", "diet") == 0
    pairs = {(a.work, a.topic) for a in _loaded(library).assignments}
    assert ("fasano2021", "diet") in pairs
    assert _annotate(library, "topic", "remove", "fasano2021", "diet") == 0
    assert ("fasano2021", "diet") not in {(a.work, a.topic) for a in _loaded(library).assignments}
    text = (library / "bib" / "annotations" / "works.toml").read_text(encoding="utf-8")
    assert text == (REPO / "bib" / "annotations" / "works.toml").read_text(encoding="utf-8")


def test_topic_new_with_english_and_dutch_synonyms(library: Path) -> None:
    code = _annotate(library, "topic", "new", "gut-brain-axis", "--en", "gut-brain axis",
                     "--en", "gut brain axis", "--nl", "darm-hersen-as")  # fmt: skip
    assert code == 0
    topic = next(t for t in _loaded(library).topics if t.id == "gut-brain-axis")
    assert topic.label == "gut-brain axis"
    assert topic.synonyms == ("gut brain axis", "darm-hersen-as")
    assert _annotate(library, "topic", "new", "gut-brain-axis", "--en", "x") == 2


def test_claim_add_then_a_stance_on_it_from_a_work_and_a_source(library: Path) -> None:
    assert _annotate(library, "claim", "add", "probiotics-help", "Probiotics help") == 0
    assert _annotate(library, "stance", "set", "lacy2024", "probiotics-help", "not addressed",
                     "--note", "Not discussed.", "--evidence", "https://e.org/1") == 0  # fmt: skip
    assert _annotate(library, "stance", "set", "001", "probiotics-help", "supports") == 0
    stances = {(s.subject, s.claim): s for s in _loaded(library).stances}
    work = stances[("lacy2024", "probiotics-help")]
    assert (work.value, work.note, work.evidence) == ("not addressed", "Not discussed.",
                                                      ("https://e.org/1",))  # fmt: skip
    assert stances[("001", "probiotics-help")].provenance.detail.startswith(
        str(library / "seeds" / "001.toml")
    )


def test_dry_run_prints_a_diff_and_writes_nothing(library: Path, capsys) -> None:
    works = library / "bib" / "annotations" / "works.toml"
    before = works.read_bytes()
    code = _annotate(library, "stance", "set", "lacy2024", "lgs-diagnosis", "mixed", "--dry-run")
    assert code == 0
    out = capsys.readouterr().out
    assert '-value = "disputes"\n+value = "mixed"\n' in out
    assert out.startswith("--- a/") and "works.toml" in out.splitlines()[0]
    assert works.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "named", "allowed"),
    [
        pytest.param(("topic", "add", "fasano202", "diet"), "unknown work key 'fasano202'",
                     "fasano2021", id="work key"),
        pytest.param(("topic", "add", "fasano2021", "dieet"), "unknown topic 'dieet'", "diet",
                     id="topic"),
        pytest.param(("stance", "set", "lacy2024", "lgs", "mixed"), "unknown claim 'lgs'",
                     "lgs-diagnosis", id="claim"),
        pytest.param(("stance", "set", "lacy2024", "lgs-diagnosis", "rejects"),
                     "unknown stance value 'rejects'", "not addressed", id="stance value"),
        pytest.param(("stance", "set", "999", "lgs-diagnosis", "mixed"),
                     "unknown work key or source '999'", "000", id="source"),
        pytest.param(("topic", "remove", "fasano2021", "ibs"),
                     "unknown curated topic of fasano2021 'ibs'", "zonulin", id="not curated"),
    ],
)  # fmt: skip
def test_unknown_names_are_bad_usage_naming_the_allowed(
    library: Path, capsys, args: tuple[str, ...], named: str, allowed: str
) -> None:
    before = {p: p.read_bytes() for p in (library / "bib" / "annotations").glob("*.toml")}
    assert _annotate(library, *args) == 2
    err = capsys.readouterr().err
    assert named in err and allowed in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in before} == before


def test_a_library_without_annotations_gets_its_first_files(tmp_path: Path) -> None:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "a.bib").write_text(
        "@article{k2020, author={A, B}, title={T}, journal={J}, year={2020}}\n", encoding="utf-8"
    )
    assert _annotate(tmp_path, "topic", "new", "gut", "--en", "gut") == 0
    assert _annotate(tmp_path, "claim", "add", "c", "A claim") == 0
    assert _annotate(tmp_path, "topic", "add", "k2020", "gut") == 0
    assert _annotate(tmp_path, "stance", "set", "k2020", "c", "mixed") == 0
    library = load_library(tmp_path / "bib")
    assert [
        (a.work, a.topic) for a in library.assignments if a.provenance.origin == "curation"
    ] == [("k2020", "gut")]
    assert [(s.subject, s.value) for s in library.stances] == [("k2020", "mixed")]
    assert not library.problems


def test_a_found_topic_is_confirmed_as_a_curated_one(tmp_path: Path, capsys) -> None:
    import json

    from benchmarks.corpus import first_entries

    (tmp_path / "bib").mkdir()
    krr = (REPO / "benchmarks" / "data" / "krr.bib").read_text(encoding="utf-8")
    (tmp_path / "bib" / "krr.bib").write_text(first_entries(krr, 300), encoding="utf-8")
    assert main(["topics", "--json", "--library", str(tmp_path / "bib")]) == 0
    found = max(
        (r for r in json.loads(capsys.readouterr().out) if r["origin"] == "auto"),
        key=lambda r: len(r["main"]),
    )
    key = found["main"][0]
    # A found id is not a curated topic: the refusal says how to confirm it.
    assert _annotate(tmp_path, "topic", "add", key, found["id"]) == 2
    assert f"topic new ID --from {found['id']}" in capsys.readouterr().err
    assert _annotate(tmp_path, "topic", "new", "confirmed", "--from", "auto-nope") == 2
    assert "unknown found topic 'auto-nope'" in capsys.readouterr().err
    assert _annotate(tmp_path, "topic", "new", "confirmed", "--from", found["id"]) == 0
    topic = next(t for t in _loaded(tmp_path).topics if t.id == "confirmed")
    assert (topic.label, *topic.synonyms) == tuple(found["synonyms"])  # its label terms
    assert found["id"] in topic.description
    assert _annotate(tmp_path, "topic", "add", key, "confirmed") == 0
    assert "confirmed" in {a.topic for a in _loaded(tmp_path).assignments if a.work == key}
    # Works naming its terms get the confirmed topic by matching; when half the found
    # topic's works do, the found topic is merged into it (docs/annotations.md).
    capsys.readouterr()
    assert main(["topics", "--json", "--library", str(tmp_path / "bib")]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    confirmed = set(rows["confirmed"]["works"])
    assert key in confirmed and len(confirmed) > 1
    named = len(confirmed & set(found["main"]))
    assert (found["id"] not in rows) == (named >= len(found["main"]) / 2), (named, found)
