"""refgraph.library: the bundled library end to end, cross-checks, and topic merging."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

import refgraph.library as library_module
from refgraph.errors import InputError
from refgraph.heap import collector_paused
from refgraph.library import load_library, merge_assignments, with_abstract_topics
from refgraph.model import Provenance, TopicAssignment

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "bib", ROOT / "seeds")


def test_bundled_library(library):
    assert len(library.works) == 10
    assert len(library.sources) == 2
    sources = {s.id: s for s in library.sources}
    assert len(sources["001"].cites) == 10 and sources["000"].cites == ()
    stance = {(s.subject, s.claim): s.value for s in library.stances}
    assert stance["lacy2024", "lgs-diagnosis"] == "disputes"
    assert stance["quigley2016", "tests-validated"] == "disputes"
    assert stance["001", "tests-validated"] == "supports"
    assert len(library.stances) == 10 * 4 + 2 * 4
    assert [(p.key, p.severity) for p in library.problems] == [("vancamelbeke2017", "warning")]


def test_topics_curated_and_matched(library):
    by_pair = {(a.work, a.topic): a.provenance for a in library.assignments}
    assert by_pair["fasano2021", "zonulin"].origin == "curation"
    assert by_pair["lacy2024", "intestinal-permeability"] == Provenance(
        "match", "title: 'Leaky gut'"
    )
    assert len(by_pair) == len(library.assignments)  # one assignment per pair


def test_with_abstract_topics_adds_matches_and_keeps_curation(library):
    enriched = with_abstract_topics(library, {"quigley2016": "Zonulin and stress were studied."})
    by_pair = {(a.work, a.topic): a.provenance for a in enriched.assignments}
    assert by_pair["quigley2016", "zonulin"] == Provenance("match", "abstract: 'Zonulin'")
    assert by_pair["quigley2016", "stress"].detail == "abstract: 'stress'"
    curated = [a for a in library.assignments if a.provenance.origin == "curation"]
    assert curated == [a for a in enriched.assignments if a.provenance.origin == "curation"]
    # Redoing it without abstracts takes the abstract matches away again.
    assert with_abstract_topics(enriched, {}).assignments == library.assignments


def test_curation_wins_on_duplicates():
    curated = [TopicAssignment("w", "t", Provenance("curation", "works.toml:3"))]
    matched = (
        TopicAssignment("w", "t", Provenance("match", "title: 't'")),
        TopicAssignment("w", "u", Provenance("match", "title: 'u'")),
    )
    assert merge_assignments(curated, matched) == (curated[0], matched[1])


def test_unknown_keys_in_annotations_and_seeds_are_problems(tmp_path):
    shutil.copytree(ROOT / "bib", tmp_path / "bib")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    works_toml = tmp_path / "bib" / "annotations" / "works.toml"
    works_toml.write_text(
        works_toml.read_text(encoding="utf-8").replace('key = "lacy2024"', 'key = "xyz"'),
        encoding="utf-8",
    )
    seed = tmp_path / "seeds" / "001.toml"
    seed.write_text(
        seed.read_text(encoding="utf-8").replace('"fasano2021"', '"fasano2012"'), encoding="utf-8"
    )
    library = load_library(tmp_path / "bib", tmp_path / "seeds")
    errors = {(Path(p.file).name, p.key, p.message) for p in library.problems}
    assert ("works.toml", "xyz", "unknown work key 'xyz'") in errors
    assert ("001.toml", "fasano2012", "unknown work key 'fasano2012'") in errors
    line = next(p.line for p in library.problems if p.key == "xyz")
    assert works_toml.read_text(encoding="utf-8").splitlines()[line - 1] == 'key = "xyz"'
    assert len(library.works) == 10 and "lacy2024" not in {s.subject for s in library.stances}


def test_nothing_usable_raises_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_library(tmp_path / "missing", None)
    with pytest.raises(InputError, match=r"no \.bib file"):
        load_library(tmp_path, None)
    (tmp_path / "empty.bib").write_text("% nothing here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable BibTeX entry"):
        load_library(tmp_path, None)


def test_library_without_seeds_or_annotations(tmp_path):
    (tmp_path / "one.bib").write_text(
        "@misc{k, title = {Gut microbiota and zonulin}}\n", encoding="utf-8"
    )
    library = load_library(tmp_path)
    assert [w.key for w in library.works] == ["k"]
    assert library.sources == () and library.topics == () and library.assignments == ()
    assert library.name == "one"  # named after its only .bib file


def test_library_name_comes_from_its_only_bib_file(tmp_path):
    (tmp_path / "my-reading_list.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    assert load_library(tmp_path).name == "my reading list"
    (tmp_path / "second.bib").write_text("@misc{b, title={B}}\n", encoding="utf-8")
    assert load_library(tmp_path).name == tmp_path.name


def test_cycle_collector_paused_only_while_loading(monkeypatch):
    seen = []
    load = library_module.load_bibtex_files

    def spy(paths):
        seen.append(gc.isenabled())
        return load(paths)

    monkeypatch.setattr(library_module, "load_bibtex_files", spy)
    assert gc.isenabled()
    loaded = load_library(ROOT / "bib", ROOT / "seeds")
    assert seen == [False] and gc.isenabled()
    assert len(loaded.works) == 10


def test_loading_frees_pylatexencs_cycles_even_while_the_caller_pauses_the_collector(tmp_path):
    # pylatexenc leaves a reference cycle at each call; a caller that keeps the collector
    # paused after loading (pipeline.prepare, offline) would otherwise keep them all.
    entry = r"@article{a, title={G\"{o}del \emph{and} $x^2$}, author={Erd\H{o}s, Paul}, year=2000}"
    (tmp_path / "a.bib").write_text(entry + "\n", encoding="utf-8")
    with collector_paused():
        library = load_library(tmp_path)
        assert gc.collect() == 0
    assert library.works[0].title.startswith("Gödel")
