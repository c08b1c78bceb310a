"""Fuzzing the whole pipeline: arbitrary bytes and arbitrary BibTeX-like text as a library,
through load, build (graph and page) and every export format.

What must hold for every input:
- loading either gives a library or raises ``InputError`` (nothing usable): no other
  exception escapes, and every problem names a file of the library and a line inside it;
- the build's outputs are written (the page, graph.json, audit.json, problems.json) and
  the JSON ones load;
- every export parses again with an independent reader: BibTeX and biblatex with
  bibtexparser and pybtex (same keys, no failed block), CSL-JSON with json, RIS by its
  line grammar, GraphML and GEXF with networkx's readers (well-formed XML), the JSON graph
  with ``graph_from_data``; and nothing exported holds a control character.

CI runs a fixed (derandomized) set of examples, about 20 s here. To search further, set
REFGRAPH_FUZZ_EXAMPLES (e.g. 5000): the examples are then random and hypothesis keeps any
failure it finds in .hypothesis/ to replay it first next time.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex import errors as pybtex_errors
from pybtex.database import parse_string as pybtex_parse
from pybtex.database.input.bibtex import UndefinedMacro

from refgraph.cli.build import write_outputs
from refgraph.errors import InputError
from refgraph.export import (
    enriched_works,
    export_biblatex,
    export_bibtex,
    export_csl_json,
    export_gexf,
    export_graphml,
    export_json,
    export_ris,
)
from refgraph.graph import graph_from_data
from refgraph.pipeline import prepare

_DEEP = os.environ.get("REFGRAPH_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_DEEP) if _DEEP else 60,
    derandomize=not _DEEP,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")

# ---- BibTeX-like text ----------------------------------------------------------------------

_SPECIAL = list('{}"@#%,=\\~$&_^()') + [" ", "\n", "\t", "\r", "\r\n"]
_SPECIAL += ["\x00", "\x1b", "\x1b]0;x\x07", "\x9b", "\x7f", "\u202e", "\ufeff", "\u2028"]
_LATEX = ["{\\'e}", '\\"{o}', "\\&", "\\%", "\\\\", "$x^2$", "--", "``", "''", "\\url{a}"]
_LATEX += ["{\\TeX}", "\\textbraceleft", "{", "}", "\\", "{{", "}}", "\\relax", "\\v{c}"]
_piece = st.one_of(
    st.text(max_size=12),
    st.sampled_from(_SPECIAL),
    st.sampled_from(_LATEX),
    st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
)
_value_text = st.lists(_piece, max_size=8).map("".join)
_name = st.one_of(
    st.sampled_from(["author", "title", "journal", "year", "volume", "number", "pages", "doi"]),
    st.sampled_from(["editor", "booktitle", "publisher", "url", "keywords", "note", "month"]),
    st.sampled_from(["crossref", "abstract", "date", "school", "type"]),
    st.from_regex(r"[A-Za-z][\w:-]{0,10}", fullmatch=True),
    st.text(max_size=6),
)
_macro = st.sampled_from(["jan", "feb", "dec", "acm", "ieee", "undefined", "loop"])
_value = st.one_of(
    _value_text.map(lambda t: "{" + t + "}"),
    _value_text.map(lambda t: '"' + t + '"'),
    st.integers(-5, 3000).map(str),
    _macro,
    st.tuples(_macro, _value_text).map(lambda p: f"{p[0]} # {{{p[1]}}}"),
    _value_text,  # unbraced garbage
)
_author = st.lists(
    st.one_of(_value_text, st.sampled_from(["Doe, J.", ", J.", "{WHO}", "van der Berg, Jan"])),
    max_size=4,
).map(lambda names: "{" + " and ".join(names) + "}")
_key = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9:_-]{0,12}", fullmatch=True),
    st.text(max_size=10),
    _value_text,
)
_type = st.one_of(
    st.sampled_from(["article", "book", "inproceedings", "incollection", "misc", "phdthesis"]),
    st.sampled_from(["techreport", "online", "ARTICLE", "comment", "preamble", "string"]),
    st.text(max_size=8),
)


@st.composite
def _entry(draw) -> str:
    fields = draw(st.lists(st.tuples(_name, _value), max_size=7))
    if draw(st.booleans()):
        fields.append(("author", draw(_author)))
    body = ",\n".join(f"  {n} = {v}" for n, v in fields)
    comma = draw(st.sampled_from(["", ","]))
    open_, close = draw(st.sampled_from([("{", "}"), ("(", ")"), ("{", ""), ("{", ")")]))
    return f"@{draw(_type)}{open_}{draw(_key)},\n{body}{comma}\n{close}"


_block = st.one_of(
    _entry(),
    st.tuples(_macro, _value).map(lambda p: f"@string{{{p[0]} = {p[1]}}}"),
    st.just("@string{loop = loop # {x}}"),
    _value_text.map(lambda t: f"@comment{{{t}}}"),
    _value_text.map(lambda t: f"@preamble{{{t}}}"),
    _value_text,  # text between entries
)


@st.composite
def bibtex_like(draw) -> bytes:
    text = "\n\n".join(draw(st.lists(_block, min_size=1, max_size=6)))
    if draw(st.booleans()):  # sometimes cut short, as a truncated download would be
        text = text[: draw(st.integers(0, len(text)))]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


# ---- the properties ------------------------------------------------------------------------


def _through_everything(bib: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "lib"
        folder.mkdir()
        (folder / "fuzz.bib").write_bytes(bib)
        try:
            prepared = prepare(folder)
        except InputError as exc:
            assert str(folder) in str(exc)  # nothing usable, said with the folder
            return
        lines = max(1, bib.count(b"\n") + 1)
        for p in prepared.library.problems:
            assert p.file == str(folder / "fuzz.bib"), p
            assert p.line is None or 1 <= p.line <= lines, p
        out = Path(tmp) / "out"
        write_outputs(prepared, out)  # what `refgraph build` writes
        assert (out / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        for name in ("graph.json", "audit.json", "problems.json"):
            json.loads((out / name).read_text(encoding="utf-8"))
        works = enriched_works(prepared.library)
        _check_bibtex(export_bibtex(works), works)
        _check_bibtex(export_bibtex(works, ascii=True), works)
        _check_bibtex(export_biblatex(works), works)
        assert len(json.loads(export_csl_json(works))) == len(works)
        _check_ris(export_ris(works), len(works))
        _check_graph(prepared.graph)


def _check_bibtex(text: str, works) -> None:
    assert not RAW_CONTROL.search(text)
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks, [b.raw for b in parsed.failed_blocks]
    assert [e.key for e in parsed.entries] == [w.key for w in works]
    # A macro the user's file uses without defining it is written back as it was: BibTeX
    # only warns (so does refgraph, at load); pybtex would refuse, so only that is let pass.
    with pybtex_errors.capture() as errors:
        assert len(pybtex_parse(text, "bibtex").entries) == len(works)
    assert [e for e in errors if not isinstance(e, UndefinedMacro)] == []


def _check_ris(text: str, n: int) -> None:
    assert not RAW_CONTROL.search(text)
    assert text.count("\nER  - \n") + text.startswith("ER  - \n") == n
    assert all(RIS_LINE.match(line) for line in text.splitlines() if line)


def _check_graph(graph: nx.MultiDiGraph) -> None:
    for export, reader in ((export_graphml, nx.read_graphml), (export_gexf, nx.read_gexf)):
        data = export(graph).encode("utf-8")
        ET.fromstring(data)
        assert reader(io.BytesIO(data)).number_of_nodes() == graph.number_of_nodes()
    back = graph_from_data(json.loads(export_json(graph)))
    assert back.number_of_nodes() == graph.number_of_nodes()


@FUZZ
@given(bib=bibtex_like())
def test_bibtex_like_text_goes_through_everything(bib: bytes) -> None:
    _through_everything(bib)


@FUZZ
@given(bib=st.binary(max_size=3000))
def test_arbitrary_bytes_go_through_everything(bib: bytes) -> None:
    _through_everything(bib)


@FUZZ
@given(bib=bibtex_like(), noise=st.binary(min_size=1, max_size=40), at=st.floats(0, 1))
def test_bibtex_with_bytes_spliced_in_goes_through_everything(bib, noise, at) -> None:
    cut = int(len(bib) * at)
    _through_everything(bib[:cut] + noise + bib[cut:])
