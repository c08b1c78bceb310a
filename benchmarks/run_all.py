"""Every benchmark in one run, printed as one table (Markdown).

    .venv/bin/python -m benchmarks [--sizes 1k,3k,10k] [--repeat 3] [--cap 60] [--no-browser]

Per library size (benchmarks/corpus.py): each stage in a fresh process (benchmarks/stages.py;
best wall time of --repeat runs, peak RSS of that process), the whole ``refgraph build
--offline`` as a child process (best of two, its ru_maxrss), and the anchors of the same
run: bibtexparser 2 parsing the same files with the same decoding, and pyvis's stock
``from_nx`` page (capped). Then enrichment throughput through the local rate-limited server
(benchmarks/bench_enrich.py) and, on the 10,000-work page, headless Chromium: seconds until
the page is drawn, a search round trip and a click round trip (benchmarks/bench_page.py's
helpers); pyvis's stock page in Chromium at 1,000 works, capped.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import make_library

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ROWS = [  # (stage, label in the table)
    ("parse-anchor", "anchor: bibtexparser 2 alone, same files, same decoding"),
    ("load", "load (.bib files -> works)"),
    ("enrich", "enrich offline (from the Crossref cache)"),
    ("topics", "topic matching (titles, keywords, abstracts)"),
    ("graph", "graph build"),
    ("page", "page render (layout + HTML, written)"),
    ("index", "search index build (SQLite FTS5, cold)"),
    ("find", "find (10 queries x 20)"),
    ("export-bibtex", "export BibTeX"),
    ("export-graphml", "export GraphML"),
    ("build", "whole `refgraph build --offline`"),
    ("pyvis-anchor", "anchor: pyvis stock page (from_nx + generate_html)"),
]
UNROUTABLE = "http://127.0.0.1:9"  # discard port: a network attempt would fail at once


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_stage(stage: str, lib: Path, work: Path, repeat: int, cap: float) -> dict:
    cmd = [PY, "-m", "benchmarks.stages", stage, str(lib), str(work), "--repeat", str(repeat)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=cap, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"timeout": cap}
    if done.returncode:
        raise RuntimeError(f"{stage} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def run_build(lib: Path, work: Path, runs: int = 2) -> dict:
    """The CLI as a user runs it; wall time and ru_maxrss of the child (os.wait4)."""
    best: dict = {"seconds": float("inf"), "peak_mb": 0.0}
    for _ in range(runs):
        cmd = [PY, "-m", "refgraph", "build", "--library", str(lib), "--seeds", str(work / "none"),
               "--out", str(work / "build"), "--offline", "--crossref-url", UNROUTABLE]  # fmt: skip
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status):
            raise RuntimeError(f"refgraph build failed: {child.stderr.read()[-2000:]!r}")  # type: ignore[union-attr]
        child.stderr.close()  # type: ignore[union-attr]
        best["seconds"] = min(best["seconds"], seconds)
        best["peak_mb"] = max(best["peak_mb"], usage.ru_maxrss / 1024)
    return best


def bench_size(size: str, base: Path, repeat: int, cap: float) -> dict:
    lib = make_library(size, base / size / "library")
    work = base / size / "work"
    work.mkdir(parents=True, exist_ok=True)
    results = {"prepare": run_stage("prepare", lib, work, 1, 600)}
    for stage, _ in ROWS:
        log(f"  {size} {stage}")
        if stage == "build":
            results[stage] = run_build(lib, work)
        elif stage == "pyvis-anchor":
            results[stage] = run_stage(stage, lib, work, 1, cap)
        else:
            results[stage] = run_stage(stage, lib, work, repeat, 600)
    results["page_path"] = str(work / "index.html")
    results["first_work"] = first_work(work)
    return results


def first_work(work: Path) -> str:
    code = (
        "import pickle,sys; g=pickle.load(open(sys.argv[1],'rb')).graph; "
        "print(max((n for n,k in g.nodes(data='kind') if k=='work'), key=g.degree))"
    )
    out = subprocess.run([PY, "-c", code, str(work / "prepared.pickle")], capture_output=True,
                         text=True, check=True, cwd=ROOT)  # fmt: skip
    return out.stdout.strip()


def cell(result: dict, cap: float) -> str:
    if "timeout" in result:
        return f"> {cap:.0f} s"
    text = f"{result['seconds']:.2f} s, {result['peak_mb']:.0f} MB"
    if "p95_ms" in result:
        text = f"p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, {result['peak_mb']:.0f} MB"
    return text


def print_table(sizes: list[str], results: dict[str, dict], cap: float) -> None:
    head = []
    for size in sizes:
        p = results[size]["prepare"]
        copy = " (real entries + renamed copy)" if size == "10k" else " (real entries)"
        head.append(f"{p['works']:,} works, {p['nodes']:,} nodes, {p['edges']:,} edges{copy}")
    print("| stage | " + " | ".join(head) + " |")
    print("|---|" + "---:|" * len(sizes))
    for stage, label in ROWS:
        print(f"| {label} | " + " | ".join(cell(results[s][stage], cap) for s in sizes) + " |")
    ratio = [results[s]["load"]["seconds"] / results[s]["parse-anchor"]["seconds"] for s in sizes]
    print("| ratio load / bibtexparser anchor | " + " | ".join(f"{r:.2f}x" for r in ratio) + " |")


def machine() -> str:
    cpu = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((ln.split(":", 1)[1].strip() for ln in cpu if ln.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = next(int(ln.split()[1]) for ln in meminfo if ln.startswith("MemTotal"))
    system = f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    return f"{os.cpu_count()} CPUs ({model}), {mem / 2**20:.0f} GiB RAM, {system}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1k,3k,10k")  # 50k on demand: ~15 min here
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (best is kept)")
    parser.add_argument("--cap", type=float, default=60.0, help="seconds allowed to pyvis")
    parser.add_argument("--no-browser", action="store_true", help="skip headless Chromium")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    from benchmarks.run_extra import browser_figures, enrich_figures

    with tempfile.TemporaryDirectory(prefix="refgraph-bench-") as tmp:
        results = {}
        for size in sizes:
            log(f"library {size}")
            results[size] = bench_size(size, Path(tmp), args.repeat, args.cap)
        log("enrichment")
        extra = {"enrich": enrich_figures()}
        if not args.no_browser:
            log("browser")
            biggest = results[sizes[-1]]
            small = results[sizes[0]]["page_path"].replace("index.html", "prepared.pickle")
            extra["browser"] = browser_figures(biggest, small, args.cap)
    print(f"Machine: {machine()}\n")
    print_table(sizes, results, args.cap)
    print()
    from benchmarks.run_extra import print_extra

    print_extra(extra, sizes[-1], sizes[0], args.cap)
    if args.json:
        args.json.write_text(json.dumps({"results": results, "extra": extra}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
