"""The search index, the query language and the filters, on a small library built here.

Queries on the bundled library (bib/ and seeds/) are in test_cli_find_export.py.
"""

from __future__ import annotations

import sqlite3

import pytest

from refgraph.graph import build_graph
from refgraph.model import (
    Author,
    Claim,
    Library,
    Source,
    Stance,
    Topic,
    TopicAssignment,
    Work,
)
from refgraph.search import (
    FilterError,
    Filters,
    SearchIndex,
    check_filters,
    fts_query,
    parse_years,
)

TOPICS = (
    Topic("zonulin", "zonulin", ("zonuline",)),
    Topic("microbiota", "gut microbiota", ("microbiome", "darmflora", "darmmicrobioom")),
    Topic("lgs", "leaky gut syndrome", ("lekke darm", "lekkedarmsyndroom")),
)
WORKS = (
    Work(
        "fasano2021",
        title="Zonulin and its regulation of intestinal barrier function",
        authors=(Author("Fasano", "Alessio"),),
        year=2021,
        journal="Physiological Reviews",
        abstract="Zonulin modulates tight junctions.",
    ),
    Work(
        "quigley2016",
        title="Leaky gut – concept or clinical entity?",
        authors=(Author("Quigley", "Eamonn M. M."),),
        year=2016,
        abstract="The microbiome and the barrier; zonulin is mentioned once.",
    ),
    Work(
        "chakaroun2020",
        title="Gut microbiome, intestinal permeability, and tissue bacteria",
        authors=(Author("Chakaroun", "Rima M."), Author("Massier", "Lucas")),
        year=2020,
    ),
    Work(
        "depunder2015",
        entry_type="article",
        title="Stress induces endotoxemia and low-grade inflammation",
        authors=(Author("de Punder", "Karin"), Author("Pruimboom", "Leo")),
        year=2015,
        keywords=("stress", "endotoxemia"),
    ),
    Work(
        "lacy2024",
        title="Leaky gut syndrome: myths and management",
        year=2024,
        authors=(Author("Lacy", "Brian E."),),
        entry_type="article",
    ),
)
ASSIGNED = {
    "fasano2021": ("zonulin",),
    "quigley2016": ("lgs", "microbiota"),
    "chakaroun2020": ("microbiota",),
    "lacy2024": ("lgs",),
}
STANCES = (
    ("quigley2016", "lgs-diagnosis", "disputes", "no validated criteria"),
    ("lacy2024", "lgs-diagnosis", "disputes", "a myth"),
    ("fasano2021", "lgs-diagnosis", "not addressed", ""),
    ("fasano2021", "tests-validated", "supports", "zonulin assay as biomarker"),
    ("000", "lgs-diagnosis", "supports", "de lekke darm verklaart veel"),
)


def small_library() -> Library:
    return Library(
        name="small",
        works=WORKS,
        sources=(Source("000", "Lekke darm", language="nl", cites=("quigley2016", "fasano2021")),),
        topics=TOPICS,
        claims=(Claim("lgs-diagnosis", "LGS is a diagnosis"), Claim("tests-validated", "Tests")),
        stances=tuple(Stance(s, c, v, n) for s, c, v, n in STANCES),  # type: ignore[arg-type]
        assignments=tuple(TopicAssignment(w, t) for w, ts in ASSIGNED.items() for t in ts),
    )


@pytest.fixture(scope="module")
def graph():
    return build_graph(small_library())


@pytest.fixture
def index(graph):
    with SearchIndex.open(graph) as idx:
        yield idx


def keys(hits):
    return [h.key for h in hits]


def test_title_outranks_abstract(index):
    assert keys(index.find("zonulin"))[:2] == ["fasano2021", "quigley2016"]


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        pytest.param("zonuline", "zonulin", id="zonulin"),
        pytest.param("darmflora", "microbiome", id="microbiome"),
        pytest.param("darmflora", "gut microbiota", id="microbiota-label"),
        pytest.param("lekke darm", "leaky gut syndrome", id="lgs"),
    ],
)
def test_dutch_and_english_find_the_same_works(index, dutch, english):
    found = set(keys(index.find(dutch)))
    assert found
    assert found == set(keys(index.find(english)))


def test_words_are_anded_and_prefixes_match(index):
    assert keys(index.find("stress endotox")) == ["depunder2015"]
    assert keys(index.find("stress zonulin")) == []


def test_or_and_phrases(index):
    assert set(keys(index.find("endotoxemia OR myths"))) == {"depunder2015", "lacy2024"}
    assert keys(index.find('"tissue bacteria"')) == ["chakaroun2020"]
    assert keys(index.find('"bacteria tissue"')) == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "AND",
        "OR OR",
        "NEAR(a b)",
        "*",
        "title:zonulin",
        "a AND (b",
        "'; DROP TABLE docs;--",
        "\\",
        "^zonulin",
        "-",
        "{x}",
        'zonulin"',
        "\x00",
    ],
)
def test_any_user_text_is_a_valid_expression(index, text):
    index.find(text)  # must not raise sqlite3.OperationalError


def test_query_is_quoted(graph):
    assert fts_query('NEAR(x) title:"a b" OR', graph) == '"near" * AND "x" AND "title" * AND "a b"'


def test_empty_query_lists_filtered_works_in_label_order(index):
    assert keys(index.find("")) == [
        "chakaroun2020",
        "depunder2015",
        "fasano2021",
        "lacy2024",
        "quigley2016",
    ]


def test_filters_combine(index, graph):
    def find(query="", **kw):
        return set(keys(index.find(query, check_filters(Filters(**kw), graph))))

    assert find(topic="microbiota") == {"quigley2016", "chakaroun2020"}
    assert find(topic="darmflora") == {"quigley2016", "chakaroun2020"}  # a synonym names it
    assert find(claim="lgs-diagnosis", stance="disputes") == {"quigley2016", "lacy2024"}
    assert find(claim="lgs-diagnosis") == {"quigley2016", "lacy2024"}  # not "not addressed"
    assert find(stance="supports") == {"fasano2021"}
    assert find(year_from=2016, year_to=2021) == {"quigley2016", "chakaroun2020", "fasano2021"}
    assert find(cited_by="000") == {"quigley2016", "fasano2021"}
    assert find(cited_by="000", year_to=2016) == {"quigley2016"}
    assert find("gut", topic="lgs", year_from=2020) == {"lacy2024"}
    assert {h.key for h in index.find("lekke", Filters(kind="source"))} == {"000"}
    assert find(kind="source", claim="lgs-diagnosis", stance="supports") == {"000"}


@pytest.mark.parametrize(
    ("filters", "allowed"),
    [
        pytest.param(Filters(topic="nope"), "lgs, microbiota, zonulin", id="topic"),
        pytest.param(Filters(claim="nope"), "lgs-diagnosis, tests-validated", id="claim"),
        pytest.param(Filters(stance="agrees"), "supports, disputes, mixed", id="stance"),
        pytest.param(Filters(cited_by="999"), "000", id="cited-by"),
        pytest.param(Filters(kind="topic"), "work, source, external", id="kind"),
    ],
)
def test_bad_filter_values_name_the_allowed_ones(graph, filters, allowed):
    with pytest.raises(FilterError, match=allowed):
        check_filters(filters, graph)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015..2020", (2015, 2020)),
        ("2015..", (2015, None)),
        ("..2020", (None, 2020)),
        ("2018", (2018, 2018)),
        (" 2015 .. 2020 ", (2015, 2020)),
    ],
)
def test_year_ranges(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text", ["", "..", "20", "2015-2020", "2020..2015", "abc", "2015 2020"])
def test_bad_year_ranges(text):
    with pytest.raises(FilterError, match="FROM..TO"):
        parse_years(text)


def test_index_file_is_rebuilt_only_when_inputs_change(tmp_path, graph):
    path = tmp_path / "build" / "index.sqlite"
    path.parent.mkdir()  # the caller checks and creates output folders (refgraph.outputs)
    with SearchIndex.open(graph, path) as idx:
        assert idx.rebuilt
    stamp = path.stat().st_mtime_ns
    with SearchIndex.open(graph, path) as idx:
        assert not idx.rebuilt
        assert keys(idx.find("zonulin"))[0] == "fasano2021"
    assert path.stat().st_mtime_ns == stamp
    changed = build_graph(small_library().__class__(works=WORKS[:2], topics=TOPICS))
    with SearchIndex.open(changed, path) as idx:
        assert idx.rebuilt
        assert set(keys(idx.find(""))) == {"fasano2021", "quigley2016"}
    assert [p.name for p in path.parent.iterdir()] == ["index.sqlite"]  # no temp file left


def test_a_damaged_index_file_is_rebuilt(tmp_path, graph):
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"not a database")
    with SearchIndex.open(graph, path) as idx:
        assert idx.rebuilt
        assert keys(idx.find("zonulin"))[0] == "fasano2021"
    with sqlite3.connect(path) as conn:
        conn.execute("DELETE FROM meta")
    conn.close()
    with SearchIndex.open(graph, path) as idx:
        assert idx.rebuilt


def test_a_topic_name_shared_by_two_topics_finds_the_works_of_both():
    # Found topics often share a term ("default reasoning" in two labels): the name then
    # stands for both topics, as it does in a word query; an id names its topic alone.
    shared = (
        Topic("barrier", "gut barrier", ("permeability",)),
        Topic("tight", "tight junctions", ("permeability",)),
    )
    library = small_library()
    assigned = (TopicAssignment("chakaroun2020", "barrier"), TopicAssignment("lacy2024", "tight"))
    graph = build_graph(
        Library(
            name="shared",
            works=library.works,
            topics=library.topics + shared,
            assignments=library.assignments + assigned,
        )
    )
    checked = check_filters(Filters(topic="Permeability"), graph)
    assert checked.topics == ("barrier", "tight")
    with SearchIndex.open(graph) as index:
        assert set(keys(index.find("", checked))) == {"chakaroun2020", "lacy2024"}
        by_id = check_filters(Filters(topic="tight"), graph)
        assert keys(index.find("", by_id)) == ["lacy2024"]


def test_a_year_written_2020a_is_found_by_year_2020():
    from refgraph.bibtex import load_bibtex
    from refgraph.model import Library

    works = load_bibtex("@misc{a, title = {T}, year = {2020a}}\n@misc{b, title = {U}, year = 2019}")
    with SearchIndex.open(build_graph(Library(works=works.works))) as idx:
        assert keys(idx.find("", Filters(year_from=2020, year_to=2020))) == ["a"]
