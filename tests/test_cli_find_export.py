"""find, topics, claims, show and export on the bundled library (bib/ and seeds/).

Expected sets are computed from the library's own annotation data, not written out here,
so that curating a stance or a topic does not silently make these tests wrong.
"""

from __future__ import annotations

import io
import json
import shlex
from pathlib import Path

import bibtexparser
import networkx as nx
import pytest

from refgraph.bibtex import load_bibtex
from refgraph.cli import main
from refgraph.library import load_library
from refgraph.model import STANCE_VALUES

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "bib"
SEEDS = ROOT / "seeds"
VERBS = ("find", "topics", "claims", "show", "export")


@pytest.fixture(scope="module")
def library():
    return load_library(LIBRARY, SEEDS)


@pytest.fixture
def cli(tmp_path, capsys):
    """Run a verb on the bundled library; return (exit code, stdout, stderr)."""

    def run(verb, *args):
        extra = ["--index", str(tmp_path / "index.sqlite")] if verb in ("find", "export") else []
        code = main([verb, *args, "--library", str(LIBRARY), "--seeds", str(SEEDS), *extra])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def find_keys(cli, *args):
    code, out, _ = cli("find", *args, "--json")
    assert code == 0
    return [hit["key"] for hit in json.loads(out)]


def test_zonulin_ranks_fasano_first(cli):
    assert find_keys(cli, "zonulin")[0] == "fasano2021"


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        ("zonuline", "zonulin"),
        ("darmflora", "microbiome"),
        ("lekke darm", "leaky gut"),
        ("ontsteking", "inflammation"),
        ("coeliakie", "celiac disease"),
        ("voeding", "diet"),
    ],
)
def test_a_dutch_query_and_its_english_twin_find_the_same_works(cli, dutch, english):
    found = set(find_keys(cli, dutch))
    assert found
    assert found == set(find_keys(cli, english))


@pytest.mark.parametrize("stance", STANCE_VALUES)
@pytest.mark.parametrize(
    "claim", ["lgs-diagnosis", "permeability-causes-disease", "tests-validated"]
)
def test_claim_and_stance_find_exactly_the_works_taking_it(cli, library, claim, stance):
    works = {w.key for w in library.works}
    expected = {
        s.subject
        for s in library.stances
        if s.claim == claim and s.value == stance and s.subject in works
    }
    assert set(find_keys(cli, "--claim", claim, "--stance", stance)) == expected


def test_lgs_diagnosis_is_disputed_by_some_works(cli):
    assert find_keys(cli, "--claim", "lgs-diagnosis", "--stance", "disputes")


def test_filters_combine_with_words(cli, library):
    years = {w.key: w.year for w in library.works}
    on_microbiome = {a.work for a in library.assignments if a.topic == "microbiome"}
    expected = {k for k in on_microbiome if years[k] is not None and years[k] >= 2020}
    assert set(find_keys(cli, "--topic", "darmflora", "--year", "2020..")) == expected
    cited = set(next(s.cites for s in library.sources if s.id == "001"))
    assert set(find_keys(cli, "--cited-by", "001")) == cited
    assert set(find_keys(cli, "zonulin", "--cited-by", "001", "--year", "..2020")) <= cited


@pytest.mark.parametrize(
    "doi",
    ["10.1136/gutjnl-2019-318427", "https://doi.org/10.1136/GUTJNL-2019-318427",
     "doi:10.1136/gutjnl-2019-318427"],
)  # fmt: skip
def test_a_doi_finds_its_work_written_any_way(cli, doi):
    code, out, _ = cli("find", doi, "--json")
    assert code == 0
    (hit,) = json.loads(out)
    assert (hit["key"], hit["doi"]) == ("camilleri2019", "10.1136/gutjnl-2019-318427")
    assert hit["doi_url"] == "https://doi.org/10.1136/gutjnl-2019-318427"


def test_sources_can_be_found_too(cli):
    assert find_keys(cli, "--kind", "source") == ["000", "001"]


def test_no_match_says_so_and_exits_0(cli):
    code, out, err = cli("find", "qwxyzzy")
    assert (code, out) == (0, "")
    assert "No match" in err
    assert find_keys(cli, "qwxyzzy") == []


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--topic", "nope"], "zonulin"),
        (["--claim", "nope"], "lgs-diagnosis"),
        (["--cited-by", "999"], "001"),
        (["--year", "2020-2015"], "FROM..TO"),
    ],
)
def test_a_bad_filter_value_names_the_allowed_ones(cli, args, named):
    code, out, err = cli("find", *args)
    assert code == 2 and out == ""
    assert named in err


def test_a_bad_choice_is_refused_by_argparse(cli, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["find", "--stance", "agrees"])
    assert stop.value.code == 2
    assert "disputes" in capsys.readouterr().err


def test_find_table_and_bibtex(cli):
    code, out, _ = cli("find", "zonulin")
    assert (
        code == 0 and "fasano2021" in out and "Fasano 2011" in out
    )  # the record year labels the work
    code, out, _ = cli("find", "zonulin", "--bibtex")
    library = bibtexparser.parse_string(out)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == find_keys(cli, "zonulin")


def test_topics_count_works(cli, library):
    code, out, _ = cli("topics", "--json")
    assert code == 0
    counts = {row["id"]: len(row["works"]) for row in json.loads(out)}
    for topic in library.topics:
        assigned = {a.work for a in library.assignments if a.topic == topic.id}
        assert counts[topic.id] == len(assigned)
    code, out, _ = cli("topics")
    assert "zonulin" in out


def test_claims_list_supporters_disputers_mixed(cli, library):
    code, out, _ = cli("claims", "--json")
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    for stance in library.stances:
        assert stance.subject in rows[stance.claim][stance.value]
    code, out, _ = cli("claims")
    assert "lgs-diagnosis" in out and "Lacy 2024" in out
    # An empty column is blank whichever it is: a claim every subject addresses shows no
    # "0" under "not addressed", as a claim nobody disputes shows nothing under "disputes".
    # (permeability-causes-disease is such a claim: every subject takes a stance on it.)
    last_cells = [line.split("│")[-2].strip() for line in out.splitlines() if "│" in line]
    assert "0" not in last_cells and "6" in last_cells, last_cells


def test_show_one_work_in_full(cli, library):
    code, out, _ = cli("show", "fasano2021", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["node"]["key"] == "fasano2021"
    assert {s["claim"] for s in info["stances"]} == {
        s.claim for s in library.stances if s.subject == "fasano2021"
    }
    assert "zonulin" in {t["key"] for t in info["topics"]}
    assert "001" in {c["key"] for c in info["cited_by"]}
    code, out, _ = cli("show", "fasano2021")
    # The title as cited: the record confirms it (only its case differs), so it stays.
    assert code == 0 and "Zonulin and its regulation" in out and "Stances" in out
    code, out, err = cli("show", "fasano2012")
    assert code == 1 and "fasano2021" in err  # nothing usable, as the exit-code table says


def test_show_compares_keys_ignoring_case_as_bibtex_does(cli):
    code, out, err = cli("show", "FASANO2021", "--json")
    assert code == 0, err
    assert json.loads(out)["node"]["key"] == "fasano2021"
    code, out, _ = cli("show", "Fasano2021", "--bibtex")
    assert code == 0 and "@article{fasano2021," in out.lower()


def test_show_suggests_the_closest_keys_first(cli, library):
    code, _, err = cli("show", "fasano2012")
    suggested = err.split("did you mean: ", 1)[1].strip().split(", ")
    assert code == 1
    assert suggested[0] == "fasano2021"
    assert len(suggested) <= 5
    # Not the library's first keys: the order is by likeness.
    assert suggested != [w.key for w in library.works][: len(suggested)]
    code, _, err = cli("show", "qqqqqqqqqqqqqqqq")
    assert code == 1 and "did you mean" not in err and "refgraph find" in err


def test_export_bibtex_keeps_keys_and_order(cli, library, tmp_path):
    target = tmp_path / "out" / "refs.bib"
    target.parent.mkdir()  # refgraph never creates the folder of -o FILE
    code, out, _ = cli("export", "--format", "bibtex", "-o", str(target))
    assert (code, out) == (0, "")
    works = load_bibtex(target.read_text(encoding="utf-8")).works
    assert [w.key for w in works] == [w.key for w in library.works]
    code, out, _ = cli("export", "--format", "bibtex", "--ascii")
    assert out.isascii()
    assert [w.key for w in load_bibtex(out).works] == [w.key for w in library.works]


def test_export_with_filters_holds_what_find_finds(cli):
    found = set(find_keys(cli, "--claim", "lgs-diagnosis", "--stance", "disputes"))
    code, out, _ = cli(
        "export", "-f", "csl-json", "--claim", "lgs-diagnosis", "--stance", "disputes"
    )
    assert {item["id"] for item in json.loads(out)} == found
    code, out, _ = cli("export", "-f", "ris", "--claim", "lgs-diagnosis", "--stance", "disputes")
    assert out.count("TY  - JOUR") == len(found)


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_export_graph_formats(cli, library, fmt, reader):
    code, out, _ = cli("export", "--format", fmt)
    graph = reader(io.BytesIO(out.encode("utf-8")))
    assert {n for n, k in graph.nodes(data="kind") if k == "work"} == {
        f"work:{w.key}" for w in library.works
    }
    code, out, _ = cli("export", "--format", fmt, "--topic", "zonulin")
    part = reader(io.BytesIO(out.encode("utf-8")))
    assert "topic:zonulin" in part and "source:001" in part
    assert len(part) < len(graph)


def test_export_json_and_refusals(cli):
    code, out, _ = cli("export", "--format", "json")
    assert {"nodes", "edges"} <= set(json.loads(out))
    code, out, err = cli("export", "--format", "bibtex", "--kind", "source")
    assert code == 2 and "graphml" in err


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as stop:
        main([verb, "--help"])
    assert stop.value.code == 0
    assert len(capsys.readouterr().out) > 300


def test_the_docs_find_command_with_several_words_works(cli):
    # docs/find-and-export.md shows it; it failed with "unrecognized arguments: OR zonulin".
    doc = (ROOT / "docs" / "find-and-export.md").read_text(encoding="utf-8")
    line = next(x for x in doc.splitlines() if x.startswith('refgraph find "tight junctions"'))
    argv = shlex.split(line.split("#", 1)[0])
    assert argv[:2] == ["refgraph", "find"] and "--bibtex" in argv
    code, out, err = cli(*argv[1:])
    assert code == 0, err
    keys = [w.key for w in load_bibtex(out).works]
    # The same works as the one-argument query, in the same order: words are one query.
    assert keys == find_keys(cli, '"tight junctions" OR zonulin')
    assert set(find_keys(cli, "zonulin")) < set(keys)  # OR widened it


def test_show_prints_a_year_as_written(tmp_path, capsys):
    """'2020a' and 'in press' are shown as the .bib writes them, in the table and the JSON
    (the node's ``year_shown``); the number stays what filters and the timeline read."""
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "refs.bib").write_text(
        "@article{doe2020a, author = {Doe, Jane}, title = {A}, journal = {J}, year = {2020a}}\n"
        "@article{roe, author = {Roe, Rob}, title = {B}, journal = {J}, year = {in press}}\n",
        encoding="utf-8",
    )
    common = ["--library", str(lib), "--seeds", str(lib)]
    assert main(["show", "doe2020a", "--json", *common]) == 0
    node = json.loads(capsys.readouterr().out)["node"]
    shown = (node["year"], node["year_shown"], node["cited"]["year_shown"])
    assert shown == (2020, "2020a", "2020a")
    assert main(["show", "roe", *common]) == 0
    out = capsys.readouterr().out
    assert "in press" in out and "None" not in out
