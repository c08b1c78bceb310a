"""Audit rendering (Markdown, data), the merge rules on their own, and the CLI verbs."""

import argparse
import json
import re
from pathlib import Path

import pytest
from page_fixtures import bundled_prepared

from refgraph.audit import (
    _work_section,
    audit_of_checked,
    audit_rows,
    audit_to_data,
    audit_to_markdown,
    escape_markdown,
    json_chunks,
    markdown_chunks,
    markdown_from_audit_data,
    markdown_section,
    summary_line,
)
from refgraph.cli import audit as audit_cli
from refgraph.cli import enrich as enrich_cli
from refgraph.compare import normalize_pages
from refgraph.merge import audit_fields
from refgraph.model import Author, DateParts, Enrichment, Provenance, Record, Work

ROOT = Path(__file__).resolve().parent.parent
RECORD = Record(
    doi="10.1/x",
    title="Leaky gut",
    authors=(Author("Aleman", "Ricardo Santos"), Author("Moncada", "Marvin")),
    container_title="Molecules",
    volume="28",
    article_number="619",
    published_print=DateParts(2023),
    published_online=DateParts(2022, 12, 30),
    issued=DateParts(2022, 12, 30),
    provenance=Provenance("crossref", "http://x/works/10.1/x", "2026-01-01T00:00:00Z"),
)


def verdicts(work):
    return {a.field: a for a in audit_fields(work, RECORD)}


@pytest.mark.parametrize(("cited", "same"), [("1516-26", "1516-1526"), ("74 -- 79", "74-79"),
                                             ("74–79", "74-79"), ("e123", "e123")])  # fmt: skip
def test_page_dashes(cited, same):
    assert normalize_pages(cited) == same


def test_rules():
    work = Work(
        key="k",
        title="Leaky Gut",
        authors=(Author("Santos Aleman", "R."), Author("Moncada", "M.")),
        year=2022,
        volume="28",
        pages="619",
        provenance=Provenance("bibtex", "a.bib:3"),
    )
    fields = verdicts(work)
    assert fields["doi"].verdict == "filled"
    assert fields["title"].verdict == "confirmed" and "case" in fields["title"].note
    assert fields["authors"].verdict == "conflict" and "name form" in fields["authors"].note
    assert fields["year"].verdict == "online-first" and "2022-12-30" in fields["year"].note
    assert fields["journal"].verdict == "filled"
    assert fields["pages"].verdict == "confirmed" and fields["pages"].note == "article number"
    assert all(a.cited_from.detail == "a.bib:3" for a in fields.values())
    assert all(a.record_from.retrieved == "2026-01-01T00:00:00Z" for a in fields.values())
    swapped = Work(key="s", authors=(Author("Ricardo Santos", "Aleman"), Author("Moncada", "M.")))
    assert "swapped" in verdicts(swapped)["authors"].note
    assert verdicts(Work(key="y", year=2021))["year"].verdict == "conflict"
    assert verdicts(Work(key="y", year=2023))["year"].verdict == "confirmed"


def test_markdown_escapes_untrusted_text():
    evil = "<script>alert(1)</script> [click](http://evil.example) | pipe"
    work = Work(key="k", title=evil, provenance=Provenance("bibtex", "a.bib:1"))
    enrichment = Enrichment("k", "matched", "10.1/x", 0.9, RECORD, audit_fields(work, RECORD))
    text = audit_to_markdown([work], [enrichment])
    assert not re.search(r"(?<!\\)[<>\[\]]", text)  # no tag, no link: all escaped
    assert "\\| pipe" in text
    data = audit_to_data([work], [enrichment])
    assert json.loads(json.dumps(data))["works"][0]["fields"][0]["field"] == "doi"
    assert data["summary"]["dois known"] == 1
    assert escape_markdown("a\nb") == "a b"


def parse(module, argv):
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_cli_enrich_and_audit_offline(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("REFGRAPH_MAILTO", raising=False)
    common = ["--library", str(ROOT / "bib"), "--seeds", str(ROOT / "seeds"), "--offline",
              "--cache", str(tmp_path / "c.sqlite")]  # fmt: skip
    args = parse(enrich_cli, ["enrich", *common])
    assert args.func(args) == 0
    out, err = capsys.readouterr()
    assert "9 dois known" in out and "1 not in crossref" in out and "offline" in err
    args = parse(audit_cli, ["audit", *common, "--json"])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    escalante = next(w for w in data["works"] if w["key"] == "escalante2024")
    year = next(f for f in escalante["fields"] if f["field"] == "year")
    assert year["verdict"] == "online-first"
    assert year["cited_from"]["origin"] == "bibtex" and year["record_from"]["origin"] == "snapshot"


def test_audit_of_the_checked_works_build_keeps(tmp_path):
    # build writes the audit from the works it checked for the graph, not checked again.
    prepared = bundled_prepared(tmp_path)
    library = prepared.library
    data = audit_of_checked(prepared.checked, library.enrichments)
    assert data == audit_to_data(library.works, library.enrichments)
    assert [row["key"] for row in data["works"]] == [w.key for w in library.works]
    assert sum(row["status"] == "matched" for row in data["works"]) == 9


@pytest.mark.parametrize("works", [None, 0])
def test_audit_in_pieces_is_the_whole_audit_text(tmp_path, works):
    # build writes audit.json and audit.md row by row: the same text as the whole at once.
    prepared = bundled_prepared(tmp_path)
    checked, library = prepared.checked[:works], prepared.library
    data = audit_of_checked(checked, library.enrichments)
    by_key = {e.key: e for e in library.enrichments}
    pieces = list(json_chunks(data["summary"], audit_rows(checked, by_key)))
    assert len(pieces) == len(checked) + 2
    whole = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    assert b"".join(pieces) == whole.encode("utf-8")
    sections = [markdown_section(row) for row in audit_rows(checked, by_key)]
    text = "".join(markdown_chunks(data["summary"], sections))
    lines = ["# Citation audit", "", summary_line(data["summary"]), ""]
    for row in data["works"]:
        lines += _work_section(row)
    assert text == "\n".join(lines).rstrip() + "\n"  # the report as one join, as it was
    assert text == markdown_from_audit_data(data) and text.count("\n## ") == len(checked)
