"""Topic discovery (refgraph.topicmodel, refgraph.discovery) on the repository's real
corpora: fields kept apart, the same topics twice, curated topics first, the cache."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from refgraph.bibtex import load_bibtex_files
from refgraph.crossref.records import record_from_crossref
from refgraph.discovery import MIN_WORKS, with_discovered_topics, work_texts
from refgraph.model import Library, Provenance, Topic, TopicAssignment, Work
from refgraph.topicmodel import find_topics
from refgraph.topicterms import analyze

ROOT = Path(__file__).resolve().parent.parent
CROSSREF = ROOT / "tests" / "data" / "crossref-real" / "works-sample.json"


def _sample(works: tuple[Work, ...], n: int) -> list[Work]:
    return random.Random(7).sample(list(works), min(n, len(works)))


@pytest.fixture(scope="module")
def corpora() -> dict[str, list[Work]]:
    """Three fields: knowledge representation (krr.bib), a miscellany of engineering,
    biology and medicine (the real Crossref records), and the leaky-gut papers."""
    krr = load_bibtex_files([ROOT / "benchmarks" / "data" / "krr.bib"]).works
    records = json.loads(CROSSREF.read_text(encoding="utf-8"))
    crossref = []
    for i, message in enumerate(records.values()):
        r = record_from_crossref(message, None)
        crossref.append(Work(f"cr{i}", title=r.title, journal=r.container_title,
                             abstract=r.abstract))  # fmt: skip
    leaky = load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works
    return {"krr": _sample(krr, 400), "crossref": crossref, "leaky": list(leaky)}


def test_topics_separate_the_fields(corpora: dict[str, list[Work]]) -> None:
    works = [w for ws in corpora.values() for w in ws]
    field = {w.key: name for name, ws in corpora.items() for w in ws}
    library = with_discovered_topics(Library(works=tuple(works)), {})
    main = {a.work: a.topic for a in library.assignments if a.main}
    by_topic: dict[str, Counter[str]] = {}
    for key, topic in main.items():
        by_topic.setdefault(topic, Counter())[field[key]] += 1
    purity = sum(c.most_common(1)[0][1] for c in by_topic.values()) / len(main)
    assert purity >= 0.9, {t: dict(c) for t, c in by_topic.items()}
    assert len(main) >= 0.75 * len(works)  # most works have a topic
    # The smaller field is not swallowed: its works with a topic are mostly in its own.
    own = sum(c["crossref"] for c in by_topic.values() if c.most_common(1)[0][0] == "crossref")
    placed = sum(c["crossref"] for c in by_topic.values())
    assert own >= 0.6 * placed


def test_two_runs_give_the_same_topics(corpora: dict[str, list[Work]]) -> None:
    texts = work_texts(corpora["krr"], {})
    first, second = find_topics(texts), find_topics(texts)
    assert first == second and len(first.terms) >= 5


def test_topics_are_labelled_by_phrases_not_boilerplate(corpora: dict[str, list[Work]]) -> None:
    found = find_topics(work_texts(corpora["krr"], {}))
    labels = [terms[:3] for terms in found.terms]
    assert any("answer set" in t.lower() for terms in labels for t in terms), labels
    noise = {"proceedings", "conference", "international", "using", "approach", "van", "het"}
    assert not noise & {word for terms in labels for t in terms for word in t.split()}


def test_terms_drop_stop_words_and_never_cross_them() -> None:
    terms = analyze("Logic of Programs: Answer Sets in de Proceedings van IJCAI 2013")
    assert "answer set" in terms and "logic" in terms
    assert "logic program" not in terms  # "of" stood between them
    assert not {"van", "de", "proceedings", "ijcai"} & set(terms)
    assert analyze("Non-monotonic multi-agent logics") == analyze("nonmonotonic multiagent logic")


def _library(works: list[Work], curated: list[TopicAssignment]) -> Library:
    topics = (Topic("asp", "answer set programming", ("ASP",)),)
    return Library(works=tuple(works), topics=topics, assignments=tuple(curated))


def test_a_found_topic_mostly_curated_is_merged_and_provenance_says_so(
    corpora: dict[str, list[Work]],
) -> None:
    works = corpora["krr"]
    asp = [w.key for w in works if "answer set" in w.title.lower()]
    curated = [TopicAssignment(k, "asp", Provenance("curation", "works.toml:1")) for k in asp]
    library = with_discovered_topics(_library(works, curated), {})
    auto_asp = [
        a for a in library.assignments if a.topic == "asp" and a.provenance.origin == "auto"
    ]
    assert auto_asp, "the answer-set topic found should have been merged into 'asp'"
    assert all("merged into this one" in a.provenance.detail for a in auto_asp)
    assert not any(t.origin == "auto" and "answer set" in t.terms[:1] for t in library.topics)
    # Curated first: a curated work keeps its curated pair, and it is its main topic.
    pairs = Counter((a.work, a.topic) for a in library.assignments)
    assert max(pairs.values()) == 1
    mains = {a.work: a for a in library.assignments if a.main}
    assert all(mains[k].topic == "asp" and mains[k].provenance.origin == "curation" for k in asp)
    assert sum(a.main for a in library.assignments) == len(mains)  # one main per work


def test_a_small_library_gets_no_found_topics() -> None:
    works = [Work(f"w{i}", title=f"Zonulin and gut barrier {i}") for i in range(MIN_WORKS - 1)]
    library = with_discovered_topics(Library(works=tuple(works)), {})
    assert library.topics == () and library.assignments == ()


def test_the_cache_is_reused_and_keyed_by_the_texts(
    corpora: dict[str, list[Work]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import refgraph.discovery as discovery

    cache = tmp_path / "topics-cache.json"
    library = Library(works=tuple(corpora["krr"][:200]))
    first = with_discovered_topics(library, {}, cache)
    calls = []
    monkeypatch.setattr(discovery, "find_topics", lambda *a, **k: calls.append(1) or 1 / 0)
    assert with_discovered_topics(library, {}, cache) == first  # read, not recomputed
    assert not calls
    with pytest.raises(ZeroDivisionError):  # an abstract changed what it reads: recomputed
        with_discovered_topics(library, {library.works[0].key: "new abstract text"}, cache)


def test_topics_find_and_the_cache_through_the_command_line(tmp_path: Path, capsys) -> None:
    from benchmarks.corpus import first_entries
    from refgraph.cli import main

    lib = tmp_path / "lib"
    lib.mkdir()
    krr = (ROOT / "benchmarks" / "data" / "krr.bib").read_text(encoding="utf-8")
    (lib / "krr.bib").write_text(first_entries(krr, 300), encoding="utf-8")
    assert main(["topics", "--library", str(lib), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    found = [r for r in rows if r["origin"] == "auto"]
    assert len(found) >= 5 and all(r["id"].startswith("auto-") and r["terms"] for r in found)
    mains = [key for r in rows for key in r["main"]]
    assert len(mains) == len(set(mains))  # one main topic per work
    assert (lib / "topics-cache.json").is_file()  # beside the Crossref cache
    biggest = max(found, key=lambda r: len(r["works"]))
    index = str(tmp_path / "index.sqlite")
    args = ["find", "--topic", biggest["id"], "--library", str(lib), "--index", index, "--json"]
    assert main(args) == 0
    assert sorted(h["key"] for h in json.loads(capsys.readouterr().out)) == biggest["works"]


def test_a_cache_that_cannot_be_written_is_only_a_cost(
    corpora: dict[str, list[Work]], tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    library = Library(works=tuple(corpora["krr"][:100]))
    found = with_discovered_topics(library, {}, blocker / "sub" / "topics-cache.json")
    assert found == with_discovered_topics(library, {})
    assert any(a.provenance.origin == "auto" for a in found.assignments)


def test_plurals_and_hyphenated_words_keep_their_meaning() -> None:
    # "processes" is not "processe", "searches" not "searche"; "well" and "first" are
    # function words alone but part of the word in "well-founded" and "first-order".
    assert analyze("Markov decision processes, heuristic searches, match boxes") == [
        "markov", "decision", "markov decision", "process", "decision process",
        "heuristic", "search", "heuristic search", "match", "box", "match box",
    ]  # fmt: skip
    terms = analyze("Well-Founded Semantics of First-Order Logic and Heuristic Searches")
    assert {"wellfounded semantic", "firstorder logic", "heuristic search"} <= set(terms)
    assert "founded semantic" not in terms and "order logic" not in terms
    assert analyze("Well-founded semantics") == analyze("wellfounded semantics")


def _three_subjects() -> list[str]:
    """60 titles on three subjects that share no word, each subject's titles varied by
    words of their own, as people write them (plurals, hyphens, capitals)."""
    fillers = ("robots", "games", "logistics", "medicine", "factories", "traffic", "energy")
    fillers += ("finance",)
    subjects = (
        "Markov Decision Processes for {}",
        "Well-Founded Semantics and {}",
        "Satisfiability Modulo Theories in {}",
    )
    return [s.format(f"{fillers[i % 8]} {fillers[(i * 3 + 1) % 8]}") for s in subjects
            for i in range(20)]  # fmt: skip


def test_labels_are_written_as_the_texts_write_them() -> None:
    found = find_topics(_three_subjects(), n_topics=3)
    firsts = sorted(terms[0] for terms in found.terms)
    # The three-word phrases, not the two-word pieces ("satisfiability modulo", "modulo
    # theory"), and in their written forms ("processes", "well-founded", "theories").
    assert firsts == [
        "markov decision processes",
        "satisfiability modulo theories",
        "well-founded semantics",
    ], found.terms


def test_label_terms_are_common_in_their_topic(corpora: dict[str, list[Work]]) -> None:
    # A label names what many of the topic's works are about, not a term of three works
    # among hundreds ("encyclopedia"); a topic whose terms cover few works says so.
    works = corpora["krr"]
    found = find_topics(work_texts(works, {}))
    words = [set(analyze(text)) for text in work_texts(works, {})]
    for topic, terms in enumerate(found.terms):
        members = [i for i, s in enumerate(found.shares) if s and s[0][0] == topic]
        first = {w for w in analyze(terms[0]) if " " not in w}
        held = sum(first <= words[i] for i in members)
        assert held >= 0.05 * len(members), (terms[:3], held, len(members))
        assert 0.0 <= found.coverage[topic] <= 1.0


def test_a_catch_all_topic_is_labelled_as_one() -> None:
    from refgraph.discovery import topic_label

    assert topic_label(("circumscription", "diagnosis", "truth maintenance"), 0.2) == (
        "miscellaneous: circumscription, diagnosis, truth maintenance"
    )
    assert topic_label(("answer set programming", "grounding"), 0.9) == (
        "answer set programming, grounding"
    )


def test_a_shared_word_does_not_make_one_label_of_different_ideas(
    corpora: dict[str, list[Work]],
) -> None:
    from refgraph.topicmodel import _varied

    assert _varied(["default theory", "modulo theory", "causal theory", "default logic",
                    "belief revision", "modal logic"])[:3] == [
        "default theory", "belief revision", "modal logic"
    ]  # fmt: skip
    # Phrases that overlap end to start stay: they are one idea.
    assert _varied(["answer set", "set programming", "grounding"])[:2] == [
        "answer set", "set programming"
    ]  # fmt: skip
    for terms in find_topics(work_texts(corpora["krr"], {})).terms:
        label = [t.lower().split() for t in terms[:3] if " " in t]
        for i, a in enumerate(label):
            assert not any(a[-1] == b[-1] or a[0] == b[0] for b in label[i + 1 :]), terms


def test_a_rare_exclusive_term_does_not_lead_a_label() -> None:
    from refgraph.topicmodel import _telling_terms

    # Topic 0 weighs "encyclopedia" highest and no other topic has it, but 1 % of the
    # topic's works hold it; "circumscription" weighs a little less and 60 % hold it.
    vocabulary = np.array(["encyclopedia", "circumscription", "logic"])
    components = np.array([[1.0, 0.8, 0.5], [0.0, 0.1, 0.5]])
    in_topic = np.array([0.01, 0.6, 0.5])
    phrases = np.zeros(3, dtype=bool)
    terms = _telling_terms(components, 0, vocabulary, phrases, in_topic)
    assert terms[0] == "circumscription", terms
