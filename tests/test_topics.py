"""refgraph.topics: vocabulary matching on titles, keywords and abstracts."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from refgraph.annotations import load_topics
from refgraph.model import Provenance, Topic, TopicAssignment, Work
from refgraph.topics import compile_topic, match_topics

ROOT = Path(__file__).resolve().parent.parent
TOPICS_PATH = ROOT / "bib" / "annotations" / "topics.toml"
VOCABULARY, _ = load_topics(TOPICS_PATH.read_text(encoding="utf-8"), str(TOPICS_PATH))


def _topics_of(work: Work, abstracts=None) -> dict[str, str]:
    return {a.topic: a.provenance.detail for a in match_topics([work], VOCABULARY, abstracts)}


def test_dutch_synonym_darmflora_maps_to_microbiome():
    work = Work("k", title="De invloed van voeding op de darmflora")
    assert _topics_of(work)["microbiome"] == "title: 'darmflora'"


def test_fasano_gets_zonulin():
    work = Work(
        "fasano2021",
        title="Zonulin and its regulation of intestinal barrier function: The biological "
        "door to inflammation, autoimmunity, and cancer",
    )
    topics = _topics_of(work)
    assert topics["zonulin"] == "title: 'Zonulin'"
    assert {"inflammation", "autoimmunity", "cancer", "intestinal-permeability"} <= set(topics)


@pytest.mark.parametrize(
    ("text", "topic", "matched"),
    [
        pytest.param("ZONULINE in serum", "zonulin", "ZONULINE", id="case"),
        pytest.param("Bloed-hersenbarriere en darm", "blood-brain-barrier",
                     "Bloed-hersenbarriere", id="accents-missing"),
        pytest.param("bloed-hersenbarrière", "blood-brain-barrier",
                     "bloed-hersenbarrière", id="accents-present"),
        pytest.param("Probiotics and tight-junction proteins", "tight-junctions",
                     "tight-junction", id="hyphen-for-space"),
        pytest.param("Two probiotics", "probiotics", "probiotics", id="label"),
        pytest.param("Oxidative stresses", "stress", "stresses", id="plural"),
        pytest.param("Patients with IBS", "ibs", "IBS", id="acronym"),
    ],
)  # fmt: skip
def test_matching_rules(text, topic, matched):
    assert _topics_of(Work("k", title=text))[topic] == f"title: '{matched}'"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Distress and dietitians", id="inside-words"),
        pytest.param("Henrik Ibsen and the ibis", id="acronym-case"),
    ],
)
def test_no_match_inside_words(text):
    assert _topics_of(Work("k", title=text)) == {}


def test_keywords_and_abstract_with_field_in_provenance():
    work = Work("k", title="A study", keywords=("Gut microbiota",), abstract="We measured LPS.")
    topics = _topics_of(work)
    assert topics["microbiome"] == "keywords: 'microbiota'"
    assert topics["endotoxemia"] == "abstract: 'LPS'"
    assert _topics_of(work, {"k": "Glutamine was given."}) == {
        "microbiome": "keywords: 'microbiota'",
        "glutamine": "abstract: 'Glutamine'",
    }


def test_title_wins_over_abstract_and_one_assignment_per_pair():
    work = Work("k", title="Zonulin", abstract="zonulin zonuline")
    assert match_topics([work], VOCABULARY) == (
        TopicAssignment("k", "zonulin", Provenance("match", "title: 'Zonulin'")),
    )


def test_longest_synonym_is_reported():
    pattern = compile_topic(Topic("t", "leaky gut", ("leaky gut syndrome",)))
    assert pattern is not None
    assert pattern.search("a leaky gut syndrome review").group(0) == "leaky gut syndrome"


def test_fast_on_ten_thousand_works():
    words = [
        "the",
        "effect",
        "of",
        "zonulin",
        "on",
        "gut",
        "microbiota",
        "in",
        "obese",
        "mice",
        "under",
        "stress",
    ]
    works = [
        Work(f"w{i}", title=" ".join(words[i % 7 :] + [f"w{i}"]), abstract=" ".join(words * 20))
        for i in range(10_000)
    ]
    start = time.perf_counter()
    found = match_topics(works, VOCABULARY)
    elapsed = time.perf_counter() - start
    assert len({a.work for a in found}) == 10_000
    assert elapsed < 5  # under 1 s here; a per-pair fuzzy scan takes minutes
