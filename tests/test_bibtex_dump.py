"""The BibTeX writer's fast answers equal its plain ones on the real corpora."""

from __future__ import annotations

from pathlib import Path

import bibtexparser

from refgraph.bibtex.dump import _plain_group, _readable
from refgraph.bibtex.macros import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    ROOT / "benchmarks" / "data" / "krr.bib",
    *sorted((ROOT / "tests" / "data" / "bib-corpora").glob("*.bib")),
]
# Values the corpora may lack: one character, empty groups, quotes and braces inside,
# a group closed early, concatenations, macros (defined and not), text after a group.
MADE = ['"', "{", "}", '""', "{}", '"a"', "{a}", '{a"b}', '"a{b}c"', '"a"b"', "{a}b",
        "{a}}", "{{a}", "{a} # {b}", '"a" # x', "jan", "x", "{a", '"a', " {a} ", "2011",
        "{\\'e}"]  # fmt: skip


def _read_by_evaluate(raw: str, defined: set[str]) -> bool:
    """``_readable`` as it was written before its fast path: always through evaluate."""
    if not raw.strip():
        return False
    value = evaluate(raw, dict.fromkeys(defined, ""))
    return not value.rest and not value.undefined


def test_plain_groups_are_readable_as_evaluate_reads_them() -> None:
    values = list(MADE)
    for path in CORPORA:
        library = bibtexparser.parse_string(path.read_text(encoding="utf-8"), parse_stack=[])
        values += [str(f.value) for entry in library.entries for f in entry.fields]
    assert len(values) > 30_000
    plain = [raw for raw in values if _plain_group(raw)]
    assert len(plain) > 20_000  # most values of real libraries take the fast path
    for defined in (set(), {"x", "jan"}):
        wrong = [
            raw for raw in values if _readable(raw, defined) != _read_by_evaluate(raw, defined)
        ]
        assert wrong == []
    assert not _plain_group('"') and not _plain_group("{a}b") and _plain_group("{a}")
