"""Exports: BibTeX round trip (hypothesis), other readers, CSL-JSON, RIS, GraphML, GEXF."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import bibtexparser
import citeproc
import networkx as nx
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string as pybtex_parse

from refgraph.bibtex import load_bibtex
from refgraph.export import (
    RIS_TYPES,
    enriched_works,
    export_biblatex,
    export_bibtex,
    export_csl_json,
    export_gexf,
    export_graphml,
    export_json,
    export_ris,
    neighbourhood,
)
from refgraph.graph import build_graph, graph_from_data, graphs_equal
from refgraph.model import UNVERIFIED, Author, Provenance, Work

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_BIB = ROOT / "bib" / "leaky-gut.bib"
STYLE = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
SLOTS = {"author", "title", "journal", "year", "volume", "number", "pages", "doi", "publisher"}
SLOTS |= {"abstract", "url", "keywords"}

ODD = Work(
    "odd:key-1",
    entry_type="incollection",
    title="Über {Braces} & 100% $\\alpha$-helices -- an “odd” case_study #1",
    authors=(
        Author("van der Berg", "Jan", particle="van der"),
        Author("de la Fontaine", "Jean", particle="de la"),
        Author("Ó Briain", "Dara"),
        Author(literal="World Health Organization"),
        Author("Lévi-Strauss", "Claude"),
    ),
    year=1999,
    journal="",
    pages="12--34",
    doi="10.1000/xyz_(1)",
    url="https://example.org/~a/b%20c?d=e&f=g",
    keywords=("zonulin", "darm flora"),
    editors=(Author("Smith", "Ann"), Author("Jones", "Bob")),
    extra=(
        ("booktitle", "Proceedings of Things"),
        ("address", "Zürich"),
        ("x-mendeley-tags", "a;b"),
        ("note", "See \\url? no"),
    ),
)


def _no_provenance(works):
    return [replace(w, provenance=Provenance("bibtex")) for w in works]


def bundled_works():
    return load_bibtex(BUNDLED_BIB.read_text(encoding="utf-8"), str(BUNDLED_BIB)).works


# ---- BibTeX round trip ----------------------------------------------------------------

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèëöüçñãøåßÉÖŁłżÅÑ"
_WORD = st.one_of(st.text(_LETTERS, min_size=1, max_size=8), st.sampled_from(["and", "And"]))
_SPECIAL = st.sampled_from(
    [
        "{",
        "}",
        "{x}",
        "&",
        "%",
        "$",
        "#",
        "_",
        "~",
        "\\",
        "--",
        "``",
        "''",
        "–",
        "—",
        "“",
        "”",
        "$\\alpha$",
        "$x^2$",
        "\\emph{x}",
        "!`",
        "?`",
        "'",
        '"',
        "@",
        ",",
        ";",
        "(",
        ")",
    ]
)
_TOKEN = st.one_of(_WORD, _WORD, _SPECIAL, st.integers(0, 9999).map(str))
_TEXT = st.lists(_TOKEN, min_size=1, max_size=8).map(" ".join)
_PARTICLE = st.sampled_from(["", "van", "van der", "de", "de la", "von", "di", "du"])
_FAMILY = st.tuples(_PARTICLE, _WORD.map(str.capitalize)).map(lambda p: " ".join(filter(None, p)))
_PERSON = st.builds(Author, family=_FAMILY, given=st.sampled_from(["A.", "Jean-Luc", "Åsa"]))
# A family name alone is written "{van Berg}", which reads back as one literal name: BibTeX
# cannot tell the two apart, so family-only names here are one word.
_MONONYM = _WORD.map(lambda w: Author(family=w.capitalize()))
_ORG = st.lists(_WORD, min_size=2, max_size=4).map(" ".join).map(lambda s: Author(literal=s))
_FIELD_NAME = st.from_regex(r"[a-z][a-z0-9-]{1,12}", fullmatch=True).filter(
    lambda n: n not in SLOTS
)


@st.composite
def works(draw):
    extra = draw(st.dictionaries(_FIELD_NAME, _TEXT, max_size=3))
    return Work(
        key=draw(st.from_regex(r"[A-Za-z][A-Za-z0-9:_.-]{0,15}", fullmatch=True)),
        entry_type=draw(st.sampled_from(["article", "book", "inproceedings", "misc", "thesis"])),
        title=draw(_TEXT),
        authors=tuple(draw(st.lists(st.one_of(_PERSON, _PERSON, _MONONYM, _ORG), max_size=4))),
        year=draw(st.none() | st.integers(1000, 2100)),
        journal=draw(st.just("") | _TEXT),
        volume=draw(st.just("") | st.integers(1, 999).map(str)),
        pages=draw(st.sampled_from(["", "1--10", "e1234", "619"])),
        doi=draw(st.sampled_from(["", "10.1097/MOG.0000000000000243", "10.1000/a_b(c)"])),
        abstract=draw(st.just("") | _TEXT),
        keywords=tuple(draw(st.lists(_WORD, max_size=3, unique=True))),
        extra=tuple(extra.items()),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(works(), max_size=4, unique_by=lambda w: w.key.lower()), st.booleans())
def test_exported_bibtex_loads_back_to_the_same_works(items, ascii):
    text = export_bibtex(items, ascii=ascii)
    if ascii:
        assert text.isascii()
    result = load_bibtex(text)
    assert [p for p in result.problems if p.severity == "error"] == []
    assert _no_provenance(result.works) == _no_provenance(items)


@pytest.mark.parametrize(
    "families",
    [pytest.param(("Muñoz",), id="tilde"), pytest.param(("Smith", "Émile"), id="second-author")],
)
def test_accents_in_ascii_names(families):
    work = Work("m", title="t", authors=tuple(Author(f, "João") for f in families))
    assert load_bibtex(export_bibtex([work], ascii=True)).works[0].authors == work.authors


def test_capitalised_and_in_a_name():
    work = Work("a", title="t", authors=(Author("And", "Ann"),))
    assert load_bibtex(export_bibtex([work])).works[0].authors == work.authors


def test_odd_work_round_trips_and_other_readers_agree():
    for ascii in (False, True):
        text = export_bibtex([ODD], ascii=ascii)
        assert _no_provenance(load_bibtex(text).works) == _no_provenance([ODD])
        entry = pybtex_parse(export_bibtex([ODD], ascii=ascii), "bibtex").entries["odd:key-1"]
        assert str(entry.persons["author"][0]) == "van der Berg, Jan"
        assert entry.fields["x-mendeley-tags"] == "a;b"


def test_unenriched_library_changes_only_formatting():
    works = bundled_works()
    again = load_bibtex(export_bibtex(works)).works
    assert _no_provenance(again) == _no_provenance(works)


@pytest.mark.parametrize("exporter", [export_bibtex, export_biblatex], ids=["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
def test_every_export_parses_in_bibtexparser_and_pybtex(exporter, ascii):
    works = [*bundled_works(), ODD]
    text = exporter(works, ascii=ascii)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == [w.key for w in works]
    assert list(pybtex_parse(text, "bibtex").entries) == [w.key for w in works]


def test_biblatex_uses_biblatex_names():
    text = export_biblatex([bundled_works()[0], replace(ODD, entry_type="phdthesis")])
    assert "journaltitle = {Current Opinion in Gastroenterology}" in text
    assert "date = {2016}" in text and "year =" not in text
    assert "@thesis{odd:key-1" in text and "type = {phdthesis}" in text
    assert "location = {Zürich}" in text


@pytest.mark.parametrize("exporter", [export_bibtex, export_biblatex], ids=["bibtex", "biblatex"])
def test_biber_reads_the_export(tmp_path, exporter):
    # A failure, not a skip, when biber is missing: scripts/test.sh installs it.
    assert shutil.which("biber"), "biber is not installed (scripts/test.sh installs it)"
    works = [*bundled_works(), ODD]
    (tmp_path / "refs.bib").write_text(exporter(works, ascii=True), encoding="utf-8")
    run = subprocess.run(
        ["biber", "--tool", "--validate-datamodel", "refs.bib"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ERROR" not in run.stdout
    # Only what the data says: a field biblatex does not know (kept on purpose) and the
    # journal that the page's citation of Vancamelbeke & Vermeire leaves out.
    for line in run.stdout.splitlines():
        if line.startswith("WARN"):
            assert "'x-mendeley-tags' invalid" in line or "vancamelbeke2017" in line, line
    tool = (tmp_path / "refs_bibertool.bib").read_text(encoding="utf-8")
    assert all(f"{{{w.key}," in tool for w in works)


# ---- CSL-JSON and RIS -------------------------------------------------------------------


def test_csl_json_renders_in_citeproc():
    works = [*bundled_works(), ODD]
    items = json.loads(export_csl_json(works))
    style = CitationStylesStyle(str(STYLE), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    for work in works:
        bibliography.register(Citation([CitationItem(work.key)]))
    rendered = [str(entry) for entry in bibliography.bibliography()]
    assert len(rendered) == len(works)
    text = "\n".join(rendered)
    assert "Quigley, E.M.M. (2016)" in text
    # "van der" is BibTeX's von part: a dropping particle, as pandoc and biblatex read it
    assert "Berg, J. van der et al. (1999)" in text
    odd = next(i for i in items if i["id"] == "odd:key-1")
    assert odd["type"] == "chapter"
    assert odd["container-title"] == "Proceedings of Things"
    assert odd["editor"] == [
        {"family": "Smith", "given": "Ann"},
        {"family": "Jones", "given": "Bob"},
    ]
    assert odd["author"][0] == {"family": "Berg", "dropping-particle": "van der", "given": "Jan"}
    assert odd["page"] == "12-34"
    assert {"literal": "World Health Organization"} in odd["author"]


def test_pandoc_citeproc_reads_the_csl_json(tmp_path):
    # A failure, not a skip, when pandoc is missing: scripts/test.sh installs it.
    assert shutil.which("pandoc"), "pandoc is not installed (scripts/test.sh installs it)"
    works = [*bundled_works(), ODD]
    (tmp_path / "refs.json").write_text(export_csl_json(works), encoding="utf-8")
    text = "Cited: " + "; ".join(f"[@{w.key}]" for w in works) + "\n"
    run = subprocess.run(
        ["pandoc", "--citeproc", "--bibliography", "refs.json", "-t", "plain", "--wrap=none"],
        input=text,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "[WARNING] Citeproc: citation" not in run.stderr  # every key was found
    out = run.stdout.lower()
    assert "(quigley 2016)" in out and "concept or clinical entity" in out
    assert "berg, jan van der" in out  # the von part a dropping particle, as pandoc's .bib reader
    assert out.count("\n\n") >= len(works)  # one reference-list paragraph per work


@pytest.mark.parametrize(
    ("entry_type", "ty"),
    [
        ("article", "JOUR"),
        ("book", "BOOK"),
        ("incollection", "CHAP"),
        ("inbook", "CHAP"),
        ("inproceedings", "CPAPER"),
        ("proceedings", "CONF"),
        ("phdthesis", "THES"),
        ("mastersthesis", "THES"),
        ("techreport", "RPRT"),
        ("dataset", "DATA"),
        ("online", "ELEC"),
        ("misc", "GEN"),
        ("something-new", "GEN"),
    ],
)
def test_ris_type_per_entry_type(entry_type, ty):
    text = export_ris([replace(ODD, entry_type=entry_type)])
    assert text.splitlines()[0] == f"TY  - {ty}"
    assert RIS_TYPES.get(entry_type, "GEN") == ty


def test_ris_records_are_well_formed():
    text = export_ris([*bundled_works(), ODD])
    records = text.rstrip("\n").split("\n\n")
    assert len(records) == len(bundled_works()) + 1
    for record in records:
        lines = record.splitlines()
        assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - "
        assert all(len(line) >= 6 and line[2:6] == "  - " for line in lines)
    odd = records[-1].splitlines()
    assert "AU  - van der Berg, Jan" in odd and "AU  - World Health Organization" in odd
    assert "SP  - 12" in odd and "EP  - 34" in odd and "A2  - Smith, Ann" in odd
    assert "T2  - Proceedings of Things" in odd and "CY  - Zürich" in odd


# ---- graphs -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph():
    from test_search import small_library  # the same small library the search tests use

    return build_graph(small_library())


def _read(text, reader):
    return reader(io.BytesIO(text.encode("utf-8")))


@pytest.mark.parametrize(
    ("exporter", "reader"),
    [(export_graphml, nx.read_graphml), (export_gexf, nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_graphml_and_gexf_read_back_with_attributes(graph, exporter, reader):
    back = _read(exporter(graph), reader)
    assert set(back.nodes) == set(graph.nodes)
    assert back.number_of_edges() == graph.number_of_edges()
    for node, data in graph.nodes(data=True):
        assert back.nodes[node]["kind"] == data["kind"]
        assert back.nodes[node]["label"] == data["label"]
    fasano = back.nodes["work:fasano2021"]
    assert fasano["year"] == 2021
    assert json.loads(fasano["authors"]) == ["Alessio Fasano"]
    assert fasano["origin"] == "bibtex"
    assert "confidence" not in fasano  # None is left out, not written as "None"
    stances = {(u, v, d["value"]) for u, v, d in back.edges(data=True) if d["kind"] == "stance"}
    assert ("work:lacy2024", "claim:lgs-diagnosis", "disputes") in stances
    assert ("source:000", "claim:lgs-diagnosis", "supports") in stances
    kinds = sorted(d["kind"] for *_, d in back.edges(data=True))
    assert kinds == sorted(k for *_, k in graph.edges(keys=True))
    assert all(d["origin"] for *_, d in back.edges(data=True))


def test_graphml_edge_ids_are_unique(graph):
    text = export_graphml(graph)
    ids = [line.split('id="')[1].split('"')[0] for line in text.splitlines() if "<edge " in line]
    assert len(ids) == len(set(ids)) == graph.number_of_edges()


def test_control_characters_do_not_break_xml(graph):
    dirty = graph.copy()
    dirty.nodes["work:fasano2021"]["title"] = "bad\x0b\x00 title"
    for exporter, reader in ((export_graphml, nx.read_graphml), (export_gexf, nx.read_gexf)):
        assert _read(exporter(dirty), reader).nodes["work:fasano2021"]["title"] == "bad title"


def test_json_is_graph_to_data(graph):
    assert graphs_equal(graph_from_data(json.loads(export_json(graph))), graph)


def test_neighbourhood_keeps_found_nodes_and_their_links(graph):
    part = neighbourhood(graph, ["work:lacy2024"])
    assert set(part.nodes) == {"work:lacy2024", "topic:lgs", "claim:lgs-diagnosis"}
    assert sorted(k for *_, k in part.edges(keys=True)) == ["about", "stance"]


def test_bibtex_export_carries_the_enriched_record(tmp_path):
    from refgraph.enrich import EnrichOptions, enrich_offline_or_online
    from refgraph.library import load_library

    library = load_library(ROOT / "bib", ROOT / "seeds")
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"), offline=True, cache_path=str(tmp_path / "cache.sqlite")
    )
    found, _, _ = enrich_offline_or_online(library, options)
    library = replace(library, enrichments=found)
    text = export_bibtex(enriched_works(library))
    works = {w.key: w for w in load_bibtex(text).works}
    assert list(works) == [w.key for w in library.works]  # same keys, same order
    for enrichment in found:
        work = works[enrichment.key]
        if enrichment.status == "matched":
            assert work.doi == enrichment.doi
        else:  # not matched: exactly as cited
            cited = next(w for w in library.works if w.key == enrichment.key)
            assert _no_provenance([work]) == _no_provenance([cited])
    fasano = works["fasano2021"]  # the page cites 2021, 101(2); the record is 2011, 91(2)
    assert (fasano.year, fasano.volume) == (2011, "91")
    assert bibtexparser.parse_string(text).failed_blocks == []


def test_a_month_from_the_record_is_written_as_the_month_macro(tmp_path):
    """plain.bst prints ``month = {3}`` as "3 2024"; the macro ``mar`` prints "March"."""
    from refgraph.enrich import EnrichOptions, enrich_offline_or_online
    from refgraph.library import load_library

    library = load_library(ROOT / "bib", ROOT / "seeds")
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"), offline=True, cache_path=str(tmp_path / "cache.sqlite")
    )
    found, _, _ = enrich_offline_or_online(library, options)
    text = export_bibtex(enriched_works(replace(library, enrichments=found)))
    months = [fields["month"] for fields in _raw_fields(text).values() if "month" in fields]
    assert months  # the snapshot's records carry print months for the bundled works
    assert all(m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                     "nov", "dec") for m in months), months  # fmt: skip


# The BibTeX field each audit field is written to (the date's month goes with the year).
_AUDITED = {"authors": {"author"}, "title": {"title"}, "journal": {"journal"},
            "year": {"year", "month"}, "volume": {"volume"}, "issue": {"number"},
            "pages": {"pages"}, "doi": {"doi"}, "publisher": {"publisher"},
            "abstract": {"abstract"}}  # fmt: skip


def _raw_fields(text: str) -> dict[str, dict[str, str]]:
    """key -> {field: value text as written} (no decoding, no macro expansion)."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    return {e.key: {f.key.lower(): str(f.value) for f in e.fields} for e in library.entries}


def test_an_enriched_export_changes_exactly_the_fields_the_audit_fills_or_corrects(tmp_path):
    from refgraph.enrich import EnrichOptions, enrich_offline_or_online
    from refgraph.library import load_library

    library = load_library(ROOT / "bib", ROOT / "seeds")
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"), offline=True, cache_path=str(tmp_path / "cache.sqlite")
    )
    found, _, _ = enrich_offline_or_online(library, options)
    library = replace(library, enrichments=found)
    before = _raw_fields((ROOT / "bib" / "leaky-gut.bib").read_text(encoding="utf-8"))
    after = _raw_fields(export_bibtex(enriched_works(library)))
    changed_any = False
    for enrichment in found:
        old, new = before[enrichment.key], after[enrichment.key]
        changed = {f for f in old.keys() | new.keys() if old.get(f) != new.get(f)}
        audited = {
            name
            for a in enrichment.audit
            if a.verdict in ("filled", "conflict", "online-first", UNVERIFIED)
            for name in _AUDITED.get(a.field, ())
        }
        assert changed <= audited, (enrichment.key, changed - audited)
        # and every field the audit fills or corrects is written with the record's value
        filled = {a.field for a in enrichment.audit if a.verdict in ("filled", "conflict")}
        assert all(_AUDITED[f] & changed for f in filled if f in _AUDITED), enrichment.key
        changed_any |= bool(changed)
    assert changed_any  # the bundled library has corrections to make
