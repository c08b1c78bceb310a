"""Loading alone: a library folder (``load_library``, seeds none) or .bib files
(``load_bibtex_files``), each run in a fresh process.

    python -m benchmarks.bench_load PATH [PATH ...] [--repeat 3]

Prints one JSON line per path: ``cpu_s`` and ``wall_s`` (best of ``--repeat`` runs: CPU
time, user + system, is the steadier figure on a shared machine), ``peak_mb`` (the
process's peak resident set size, ru_maxrss, of the best run: Python, imports and the
load), ``works`` and ``problems``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def run_once(path: Path) -> dict[str, float]:
    """Load ``path`` in this process and return its figures."""
    from refgraph.bibtex import load_bibtex_files
    from refgraph.library import load_library

    wall, cpu = time.perf_counter(), time.process_time()
    if path.is_dir():
        loaded = load_library(path, match=False)
        works, problems = len(loaded.works), len(loaded.problems)
    else:
        result = load_bibtex_files([path])
        works, problems = len(result.works), len(result.problems)
    return {
        "cpu_s": round(time.process_time() - cpu, 2),
        "wall_s": round(time.perf_counter() - wall, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "works": works,
        "problems": problems,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.once:
        print(json.dumps(run_once(args.paths[0])))
        return
    for path in args.paths:
        runs = []
        for _ in range(args.repeat):
            command = [sys.executable, "-m", "benchmarks.bench_load", "--once", str(path)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            runs.append(json.loads(out))
        best = min(runs, key=lambda r: r["cpu_s"])
        best["wall_s"] = min(r["wall_s"] for r in runs)
        print(json.dumps({"path": str(path), **best}))


if __name__ == "__main__":
    main()
