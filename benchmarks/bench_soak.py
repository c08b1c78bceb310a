"""Soak: two `refgraph enrich` processes started together on 5,000 works, through a local
Crossref server that enforces the polite limits and answers 5% of requests with a fault.

    python benchmarks/bench_soak.py [N] [FAULT_RATE]

The server (tests/crossref_server.py) allows 10 single lookups/s, 3 list queries/s and 3
requests at once, answers after 150 ms, counts every request of every client together
(as Crossref does) and records each one over the limits as a violation. Faults are drawn
at random (seeded): 429, 500, connection reset, truncated body, a record of another DOI.

Records are the benchmark's synthetic works (benchmarks/bench_enrich.py: DOIs under the
test prefix 10.5555, not Crossref's data). Steps:

1. clean run: one `refgraph enrich` on a copy of the library, no faults; then
   `refgraph export` (BibTeX and CSL-JSON, offline from its cache);
2. soak run: a second copy, two `refgraph enrich` started at the same moment, faults on;
   then the same exports.

Checks (printed, and the exit status is 1 if one fails): both processes exit 0, every
work matched, zero requests over the limits, the exports byte-identical to the clean run.
Not a timed test.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # run from a checkout, installed or not
from bench_enrich import CONCURRENT, LATENCY, LIST, SINGLE, records  # noqa: E402
from crossref_server import running_server  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

ENV = os.environ | {"REFGRAPH_MAILTO": "bench@refgraph.test"}


def write_library(folder: Path, recs: dict[str, dict]) -> Path:
    folder.mkdir(parents=True)
    entries = []
    for i, (doi, m) in enumerate(recs.items()):
        family = m["author"][0]["family"]
        entries.append(
            f"@article{{w{i:05d},\n  author = {{{family}, A.}},\n  title = {{{m['title'][0]}}},\n"
            f"  journal = {{Benchmark Journal}},\n  year = {{2020}},\n  doi = {{{doi}}}\n}}\n"
        )
    (folder / "library.bib").write_text("\n".join(entries), encoding="utf-8")
    return folder


def refgraph(*argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "refgraph", *argv],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT,
    )  # fmt: skip


def enrich(library: Path, url: str, processes: int) -> list[tuple[int, str, str, float]]:
    """(exit code, stdout, stderr, seconds) of each process, all started together."""
    started = time.monotonic()
    running = [refgraph("enrich", "--library", str(library), "--crossref-url", url)
               for _ in range(processes)]  # fmt: skip
    done = []
    for p in running:
        out, err = p.communicate(timeout=3600)
        done.append((p.returncode, out, err, time.monotonic() - started))
    return done


def exports(library: Path) -> dict[str, str]:
    out = {}
    for fmt in ("bibtex", "csl-json"):
        p = refgraph("export", "-f", fmt, "--library", str(library),
                     "--index", str(library.parent / f"{library.name}-index.sqlite"))  # fmt: skip
        text, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        out[fmt] = text
    return out


def serve(recs: dict[str, dict]):
    ctx = running_server(recs, latency=LATENCY)
    srv = ctx.__enter__()
    srv.set_limits("single", SINGLE, 1.0, CONCURRENT)
    srv.set_limits("list", LIST, 1.0, CONCURRENT)
    return ctx, srv


def main(argv: list[str]) -> int:
    n = int(argv[1]) if len(argv) > 1 else 5000
    rate = float(argv[2]) if len(argv) > 2 else 0.05
    recs = records(n)
    work = Path(tempfile.mkdtemp(prefix="refgraph-soak-"))
    clean_lib = write_library(work / "clean", recs)
    soak_lib = write_library(work / "soak", recs)

    ctx, srv = serve(recs)
    try:
        clean = enrich(clean_lib, srv.url, 1)
        clean_requests, clean_violations = len(srv.log), len(srv.violations)
    finally:
        ctx.__exit__(None, None, None)
    ctx, srv = serve(recs)
    try:
        srv.random_faults(rate, seed=13)
        soak = enrich(soak_lib, srv.url, 2)
        log, violations, injected = list(srv.log), list(srv.violations), Counter(srv.injected)
    finally:
        ctx.__exit__(None, None, None)
    same = exports(clean_lib) == exports(soak_lib)

    matched = [sum(1 for line in out.splitlines() if "│ matched" in line) for _, out, _, _ in soak]
    waited = sum("Another refgraph process is enriching" in err for _, _, err, _ in soak)
    title = (
        f"Soak: {n} works, {rate:.0%} injected faults, limits {SINGLE}/s single, "
        f"{LIST}/s list, {CONCURRENT} at once, {LATENCY * 1000:.0f} ms"
    )
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    rows = [
        ("clean run: exit code, seconds", f"{clean[0][0]}, {clean[0][3]:.1f}"),
        ("clean run: requests, over the limits", f"{clean_requests}, {clean_violations}"),
        ("soak: exit codes", ", ".join(str(c) for c, *_ in soak)),
        ("soak: seconds until each process ended", ", ".join(f"{s:.1f}" for *_, s in soak)),
        ("soak: processes that waited for the other", str(waited)),
        ("soak: works matched per process", ", ".join(str(m) for m in matched)),
        ("soak: requests (both processes)", str(len(log))),
        (
            "soak: faults injected",
            f"{sum(injected.values())} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(injected.items()))})",
        ),  # fmt: skip
        ("soak: requests over the limits (429 from the server)", str(len(violations))),
        ("exports (BibTeX, CSL-JSON) identical to the clean run", "yes" if same else "NO"),
    ]
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    ok = (
        clean[0][0] == 0
        and all(c == 0 for c, *_ in soak)
        and all(m == n for m in matched)
        and not violations
        and same
    )
    print("soak: PASS" if ok else "soak: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
