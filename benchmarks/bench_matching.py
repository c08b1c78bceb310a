"""Matching precision and recall on the 120 real Crossref records (tests/data/crossref-real).

    python benchmarks/bench_matching.py

Each record is cited twice over: once exactly (title, first author, year, venue, volume,
pages: it must match its own DOI) and in near misses that cite ANOTHER work, which must not
match it: the same title by a namesake with other given names, the same title in another
year and venue, a generic title ("Editorial") by the same first author elsewhere, and the
same title with another first author. Every citation is matched against all 120 records
with ``refgraph.crossref.match.choose``, as a query's candidates would be. Prints a table;
not a timed test. Precision = right matches / all matches (a near miss matched to the
record is wrong); recall = exact citations matched to their own DOI / exact citations.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]  # run from a checkout, installed or not

from refgraph.crossref.match import choose  # noqa: E402
from refgraph.crossref.records import record_from_crossref  # noqa: E402
from refgraph.doi import doi_key  # noqa: E402
from refgraph.model import Author, Record, Work  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "crossref-real" / "works-sample.json"


def exact(record: Record) -> Work:
    """The record cited as it is."""
    date = record.published_print or record.published_online or record.issued
    first = record.authors[:1]
    return Work("exact", entry_type="misc", title=record.title, authors=first,
                year=date.year if date else None, journal=record.container_title,
                volume=record.volume, pages=record.pages)  # fmt: skip


def near_misses(record: Record) -> dict[str, Work]:
    """Citations of other works that resemble ``record`` (only those that apply)."""
    cited = exact(record)
    out: dict[str, Work] = {}
    first = record.authors[0] if record.authors else None
    if first and first.family and len(first.given.split(".")[0].strip()) > 1:
        other = "Zebediah" if not first.given.lower().startswith("z") else "Ambrose"
        out["namesake, other given names"] = replace(cited, authors=(Author(first.family, other),))
    if cited.year is not None:
        out["same title, other year and venue"] = replace(
            cited, year=cited.year - 6, journal="Journal of Unrelated Studies", volume="",
            pages="",
        )  # fmt: skip
    if first and first.family:
        out["generic title, same author elsewhere"] = replace(
            cited, title="Editorial", journal="Journal of Unrelated Studies", volume="99",
            pages="1",
        )  # fmt: skip
        out["same title, other first author"] = replace(
            cited, authors=(Author("Quaintance", "Oswin"),)
        )
    return out


def measure() -> dict[str, tuple[int, int, int]]:
    """kind -> (citations, matched, matched to the record's own DOI)."""
    messages = json.loads(SAMPLE.read_text("utf-8"))
    records = [record_from_crossref(m, None) for m in messages.values()]
    records = [r for r in records if r.title]
    counts: dict[str, list[int]] = {}
    for record in records:
        cases = {"exact citation": exact(record), **near_misses(record)}
        for kind, work in cases.items():
            match = choose(work, records)
            row = counts.setdefault(kind, [0, 0, 0])
            row[0] += 1
            row[1] += match.status == "matched"
            row[2] += match.status == "matched" and doi_key(match.doi) == doi_key(record.doi)
    return {k: (a, b, c) for k, (a, b, c) in counts.items()}


def main() -> int:
    counts = measure()
    table = Table(title="Matching on 120 real Crossref records")
    for name in ("citation", "cases", "matched", "to the record's DOI"):
        table.add_column(name)
    for kind, (n, matched, own) in counts.items():
        table.add_row(kind, str(n), str(matched), str(own))
    n, _, right = counts["exact citation"]
    wrong = sum(own for kind, (_, _, own) in counts.items() if kind != "exact citation")
    wrong += counts["exact citation"][1] - right
    matches = sum(matched for _, matched, _ in counts.values())
    console = Console()
    console.print(table)
    precision = (matches - wrong) / matches if matches else 1.0
    console.print(f"precision {precision:.3f} ({wrong} wrong of {matches} matches), "
                  f"recall {right / n:.3f} ({right} of {n} exact citations)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
