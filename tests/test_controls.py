"""Control characters: found at load (file and line), kept out of every export, shown
escaped on a terminal (refgraph.controls, the BibTeX loader, the Crossref mapping and the
exports)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import networkx as nx
import pytest
from hostile_inputs import ALL, SEQUENCES, raw_controls, write_library
from pybtex.database import parse_string as pybtex_parse

from refgraph.bibtex import load_bibtex, load_bibtex_files
from refgraph.cli import main
from refgraph.controls import escape_for_terminal, find_controls, strip_controls
from refgraph.crossref.records import record_from_crossref
from refgraph.library import load_library

# ---- the module --------------------------------------------------------------------------


def test_strip_keeps_text_whitespace_and_drops_controls() -> None:
    text = "a\tb\nc\rd" + ALL + "é ü 中 \u202e"
    stripped = strip_controls(text)
    assert stripped.startswith("a\tb\nc\rd")
    assert stripped.endswith("é ü 中 \u202e")
    assert not any(0 <= ord(c) < 9 or 0x7F <= ord(c) <= 0x9F for c in stripped)
    assert "\x1b" not in stripped and "\x00" not in stripped


def test_find_names_each_line_and_character() -> None:
    text = "ok\nnul\x00 and esc\x1b\nfine\n\x9b\x00\n"
    assert find_controls(text) == [(2, "U+0000, U+001B"), (4, "U+009B, U+0000")]
    assert find_controls("clean\ttext\r\n") == []


def test_find_is_linear_in_the_text() -> None:
    import time

    text = ("x" * 900 + "\x00" * 100 + "\n") * 1000  # 100,000 controls in a million chars
    start = time.perf_counter()
    assert len(find_controls(text)) == 1000
    # Linear: ~0.1 s. Counting lines from the start for each match scans 5e10 characters.
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("hostile", SEQUENCES)
def test_terminal_escape_is_visible_and_json_compatible(hostile: str) -> None:
    shown = escape_for_terminal(hostile)
    assert raw_controls(shown) == []
    assert json.loads(f'"{shown.replace(chr(34), "")}"') == hostile.replace('"', "")


# ---- at load -----------------------------------------------------------------------------


def test_a_nul_in_a_field_is_a_problem_with_file_and_line() -> None:
    text = "@article{a2020,\n  title = {Before\x00after},\n  year = {2020}\n}\n"
    loaded = load_bibtex(text, "refs.bib")
    assert [w.title for w in loaded.works] == ["Beforeafter"]
    problem = next(p for p in loaded.problems if "U+0000" in p.message)
    assert (problem.file, problem.line) == ("refs.bib", 2)


def test_a_control_in_a_key_is_a_problem_and_the_key_is_clean(tmp_path: Path) -> None:
    bib = tmp_path / "a.bib"
    bib.write_text(
        "% comment\n@article{ok2020, title={Fine}, year={2020}}\n"
        "@article{evil\x1b]0;pwned\x07key, title={T\x9bx}, year={2021}}\n",
        encoding="utf-8",
    )
    loaded = load_bibtex_files([bib])
    assert [w.key for w in loaded.works] == ["ok2020", "evil]0;pwnedkey"]
    assert loaded.works[1].title == "Tx"
    controls = [p for p in loaded.problems if "control character" in p.message]
    assert [(p.file, p.line) for p in controls] == [(str(bib), 3)]
    assert "U+001B, U+0007, U+009B" in controls[0].message


def test_crossref_text_loses_its_controls_even_through_entities() -> None:
    message = {
        "DOI": "10.1000/x",
        "title": ["A \x1b[2Jtitle &#27;]0;pwned&#7; here"],
        "author": [{"family": "Doe\x00", "given": "J\x9b."}],
        "abstract": "<jats:p>Abs\x07tract &#x1b;x</jats:p>",
        "container-title": ["J\x7fournal"],
    }
    record = record_from_crossref(message, None)
    texts = [record.title, record.abstract, record.container_title]
    texts += [record.authors[0].family, record.authors[0].given]
    assert [raw_controls(t) for t in texts] == [[]] * 5
    assert record.title == "A [2Jtitle ]0;pwned here"


# ---- every export ------------------------------------------------------------------------


def _export(tmp_path: Path, capsys, fmt: str) -> str:
    code = main(
        [
            "export", "-f", fmt,
            "--library", str(tmp_path / "lib"),
            "--seeds", str(tmp_path / "lib"),
            "--index", str(tmp_path / "index.sqlite"),
            "-o", str(tmp_path / f"out.{fmt}"),
        ]
    )  # fmt: skip
    capsys.readouterr()
    assert code == 0
    return (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")


@pytest.mark.parametrize("hostile", [*SEQUENCES, pytest.param(ALL, id="all")])
def test_every_export_of_a_hostile_library_parses(tmp_path: Path, capsys, hostile) -> None:
    write_library(tmp_path / "lib", hostile)
    n = len(load_library(tmp_path / "lib").works)
    assert n == 2
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        text = _export(tmp_path, capsys, fmt)
        ET.fromstring(text.encode("utf-8"))  # well-formed XML
        graph = reader(io.BytesIO(text.encode("utf-8")))
        assert sum(1 for node in graph if str(node).startswith("work:")) == n
    for fmt in ("bibtex", "biblatex"):
        text = _export(tmp_path, capsys, fmt)
        assert raw_controls(text.replace("\r", "")) == []
        parsed = bibtexparser.parse_string(text)
        assert not parsed.failed_blocks and len(parsed.entries) == n
        assert len(pybtex_parse(text, "bibtex").entries) == n
    ris = _export(tmp_path, capsys, "ris")
    assert raw_controls(ris.replace("\r", "")) == [] and ris.count("ER  - ") == n
    items = json.loads(_export(tmp_path, capsys, "csl-json"))
    assert len(items) == n and raw_controls(json.dumps(items, ensure_ascii=False)) == []
    assert len(json.loads(_export(tmp_path, capsys, "json"))["nodes"]) == n
