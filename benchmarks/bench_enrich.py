"""Known DOIs per second through a local server enforcing Crossref's polite limits.

    python benchmarks/bench_enrich.py [N]

The server (tests/crossref_server.py) allows 10 single lookups/s, 3 list queries/s and 3
requests at once, answers after ~150 ms, and answers 429 to anything faster (counted as
violations). Compared: refgraph's enrich_library (batched /works?filter=doi:...,
missing ones confirmed singly, cached), one plain request per DOI in sequence, and the
ceiling the limits allow. Prints a table; not a timed test.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import requests
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # run from a checkout, installed or not
from crossref_server import running_server  # noqa: E402

from refgraph.crossref.cache import CrossrefCache  # noqa: E402
from refgraph.crossref.client import BATCH_SIZE, CrossrefClient  # noqa: E402
from refgraph.enrich import enrich_library  # noqa: E402
from refgraph.model import Author, Work  # noqa: E402

LATENCY = 0.15
SINGLE, LIST, CONCURRENT = 10, 3, 3


def records(n: int) -> dict[str, dict]:
    out = {}
    for i in range(n):
        doi = f"10.5555/bench.{i:05d}"
        out[doi] = {
            "DOI": doi,
            "title": [f"Benchmark work number {i} on intestinal permeability"],
            "author": [{"family": f"Author{i}", "given": "A."}],
            "type": "journal-article",
            "issued": {"date-parts": [[2020]]},
        }
    return out


def server(recs: dict[str, dict]):
    ctx = running_server(recs, latency=LATENCY)
    srv = ctx.__enter__()
    srv.set_limits("single", SINGLE, 1.0, CONCURRENT)
    srv.set_limits("list", LIST, 1.0, CONCURRENT)
    return ctx, srv


def bench_refgraph(recs: dict[str, dict]) -> tuple[float, int, int]:
    works = [
        Work(key=d, title=m["title"][0], authors=(Author(m["author"][0]["family"], "A."),), doi=d)
        for d, m in recs.items()
    ]
    ctx, srv = server(recs)
    try:
        with requests.Session() as s, CrossrefCache(":memory:") as cache:
            client = CrossrefClient(s, base_url=srv.url, mailto="bench@refgraph.test")
            started = time.monotonic()
            found = enrich_library(works, client, cache)
            elapsed = time.monotonic() - started
        assert all(e.status == "matched" for e in found)
        return len(works) / elapsed, len(srv.log), len(srv.violations)
    finally:
        ctx.__exit__(None, None, None)


def bench_sequential(recs: dict[str, dict], n: int) -> tuple[float, int, int]:
    dois = list(recs)[:n]
    ctx, srv = server(recs)
    try:
        with requests.Session() as s:
            started = time.monotonic()
            for doi in dois:
                s.get(f"{srv.url}/works/{doi}", timeout=10).raise_for_status()
            elapsed = time.monotonic() - started
        return len(dois) / elapsed, len(srv.log), len(srv.violations)
    finally:
        ctx.__exit__(None, None, None)


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 400
    recs = records(n)
    ours, ours_requests, ours_violations = bench_refgraph(recs)
    seq, seq_requests, seq_violations = bench_sequential(recs, min(n, 60))
    ceiling_single = min(SINGLE, CONCURRENT / LATENCY)
    ceiling_batched = min(LIST, CONCURRENT / LATENCY) * BATCH_SIZE
    table = Table(title=f"{n} known DOIs, {LATENCY * 1000:.0f} ms latency, "
                  f"limits {SINGLE}/s single, {LIST}/s list, {CONCURRENT} at once")  # fmt: skip
    for column in ("method", "DOIs/s", "requests", "429s (limit violations)"):
        table.add_column(column)
    table.add_row("refgraph enrich (batches of 40)", f"{ours:.1f}", str(ours_requests),
                  str(ours_violations))  # fmt: skip
    table.add_row("one request per DOI, sequential", f"{seq:.1f}", str(seq_requests),
                  str(seq_violations))  # fmt: skip
    table.add_row("ceiling: single lookups", f"{ceiling_single:.1f}", "", "")
    table.add_row(f"ceiling: list queries x {BATCH_SIZE} DOIs", f"{ceiling_batched:.1f}", "", "")
    Console().print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
