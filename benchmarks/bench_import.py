"""Plain-text import accuracy: render known works as reference lines, read them back offline.

The works: the 120 real Crossref records of tests/data/crossref-real/works-sample.json
(journal articles, chapters, reports, proceedings papers, datasets, odd ones), mapped as
`refgraph add` maps them, plus the ten bundled works as cited. Each is rendered with
citeproc-py in three styles: an APA-like and a Vancouver-like style written from the
styles' published rules (benchmarks/data/styles/), and the Harvard (Cite Them Right)
style that citeproc-py ships. Every line is then parsed by ``refgraph.importers.
parse_reference`` (no network) and compared with the work it was rendered from, field by
field: first author (family name, folded), all authors' family names, year, title and
container (folded: case, accents, punctuation), volume, issue, pages (dash style and
abbreviated ranges ignored), DOI. A field both sides leave empty counts as right.

Then the same lines wrapped at 90 columns and pasted as one unnumbered text, as from a PDF,
read whole (``measure_pasted``): how well the list is cut into references.

    python -m benchmarks.bench_import          # the tables of docs/import.md
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections import Counter
from pathlib import Path

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from refgraph.bibtex import load_bibtex_files
from refgraph.compare import fold, normalize_pages
from refgraph.crossref.records import record_from_crossref
from refgraph.doi import doi_key
from refgraph.export.works import csl_item
from refgraph.importers import parse_reference
from refgraph.importers.by_doi import work_from_record
from refgraph.importers.plaintext import load_plain_text
from refgraph.model import Work

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "crossref-real" / "works-sample.json"
STYLES = {
    "APA-like": ROOT / "benchmarks" / "data" / "styles" / "apa-like.csl",
    "Vancouver-like": ROOT / "benchmarks" / "data" / "styles" / "vancouver-like.csl",
    "Harvard (citeproc-py's)": Path(citeproc.__file__).parent
    / "data"
    / "styles"
    / "harvard-cite-them-right.csl",
}
FIELDS = ("first author", "authors", "year", "title", "container", "volume", "issue", "pages",
          "doi")  # fmt: skip


def known_works() -> list[Work]:
    """The sample's records as works (keys w1, w2, ...) and the bundled works as cited."""
    sample = json.loads(SAMPLE.read_text("utf-8"))
    works = []
    for i, message in enumerate(sample.values(), 1):
        work = work_from_record(record_from_crossref(message, None), "sample")
        if work.title:
            works.append(_with_key(work, f"w{i}"))
    works += load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works
    return works


def _with_key(work: Work, key: str) -> Work:
    from dataclasses import replace

    return replace(work, key=key)


def render(works: list[Work], style_path: Path) -> list[str]:
    """One plain-text reference per work, in the order given."""
    items = [csl_item(w) for w in works]
    style = CitationStylesStyle(str(style_path), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), citeproc_formatter.plain)
    for work in works:
        bibliography.register(Citation([CitationItem(work.key)]))
    by_key = {}
    for key, entry in zip(bibliography.keys, bibliography.bibliography(), strict=True):
        by_key[key] = " ".join(str(entry).split())
    return [by_key[w.key.lower()] if w.key.lower() in by_key else by_key[w.key] for w in works]


def _container(work: Work) -> str:
    return work.journal or dict(work.extra).get("booktitle", "")


def _first(work: Work) -> str:
    if not work.authors:
        return ""
    first = work.authors[0]
    return fold(first.literal or first.family)


def values(work: Work | None) -> dict[str, object]:
    """What is compared, normalised the same way on both sides."""
    if work is None:
        return {}
    return {
        "first author": _first(work),
        "authors": [fold(a.literal or a.family) for a in work.authors],
        "year": work.year,
        "title": fold(work.title),
        "container": fold(_container(work)),
        "volume": work.volume.strip(),
        "issue": work.issue.strip(),
        "pages": normalize_pages(work.pages),
        "doi": doi_key(work.doi),
    }


def measure(works: list[Work] | None = None) -> dict[str, dict[str, tuple[int, int]]]:
    """Style -> field -> (right, total); "read" counts lines parsed at all."""
    works = works or known_works()
    out: dict[str, dict[str, tuple[int, int]]] = {}
    for style, path in STYLES.items():
        right: Counter[str] = Counter()
        lines = render(works, path)
        for work, line in zip(works, lines, strict=True):
            parsed = parse_reference(line)
            right["read"] += parsed is not None
            want, got = values(work), values(parsed)
            for field in FIELDS:
                right[field] += got.get(field) == want[field]
        out[style] = {f: (right[f], len(works)) for f in ("read", *FIELDS)}
    return out


def measure_pasted(works: list[Work] | None = None, width: int | None = 90) -> dict[str, tuple]:
    """Style -> (whole, total, problems): every rendered line wrapped at ``width`` columns
    (None: one per line), all of them pasted as one unnumbered text (as from a PDF), read by
    ``load_plain_text``; a work counts as whole when a parsed work has its first author,
    year, title and container."""
    works = works or known_works()
    key_fields = ("first author", "year", "title", "container")
    out = {}
    for style, path in STYLES.items():
        lines = render(works, path)
        text = "\n".join(textwrap.fill(line, width) if width else line for line in lines)
        result = load_plain_text(text, "pasted")
        read = {tuple(str(values(w)[f]) for f in key_fields) for w in result.works}
        whole = sum(tuple(str(values(w)[f]) for f in key_fields) in read for w in works)
        out[style] = (whole, len(works), len(result.problems))
    return out


def misses(style: str, field: str, limit: int = 10) -> list[tuple[str, object, object]]:
    """(line, expected, parsed) for the first ``limit`` lines where ``field`` is wrong."""
    works = known_works()
    found = []
    for work, line in zip(works, render(works, STYLES[style]), strict=True):
        want, got = values(work)[field], values(parse_reference(line)).get(field)
        if want != got:
            found.append((line, want, got))
    return found[:limit]


def table(figures: dict[str, dict[str, tuple[int, int]]]) -> str:
    styles = list(figures)
    lines = ["| field | " + " | ".join(styles) + " |", "|---" * (len(styles) + 1) + "|"]
    for field in ("read", *FIELDS):
        cells = []
        for style in styles:
            right, total = figures[style][field]
            cells.append(f"{100 * right / total:.1f}% ({right}/{total})")
        lines.append(f"| {field} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    print(table(measure()))
    print()
    print("| pasted as one text | one per line | wrapped at 90 columns |")
    print("|---|---|---|")
    lines, wrapped = measure_pasted(width=None), measure_pasted(width=90)
    for style in STYLES:
        cells = []
        for whole, total, problems in (lines[style], wrapped[style]):
            cells.append(f"{100 * whole / total:.1f}% whole, {problems} lines not read")
        print(f"| {style} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
