"""The page renderer alone on a real library: ``render_html`` CPU time and the memory it
adds, the library prepared once (offline, from its cache) in this process.

    python -m benchmarks.bench_render LIBRARY [--seeds DIR] [--repeat 2] [--compare PAGE]

Prints one JSON line: ``cpu_s`` and ``wall_s`` (best of ``--repeat``; CPU time, user +
system, is the steadier figure on a shared machine), ``graph_mb`` (resident size once the
graph is built), ``peak_mb`` (the process's peak, ru_maxrss, after rendering) and, with
``--compare``, whether the page equals that file byte for byte (an index.html of
``refgraph build`` on the same library: its title is "refgraph: <library name>").
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def _rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--seeds", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    from refgraph.pipeline import prepare
    from refgraph.render import render_html

    prepared = prepare(args.library, args.seeds)
    graph_mb = _rss_mb()
    title = f"refgraph: {prepared.library.name}"
    best = {"cpu_s": float("inf"), "wall_s": float("inf")}
    page = ""
    for _ in range(args.repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        page = render_html(prepared.graph, title=title)
        best["cpu_s"] = min(best["cpu_s"], time.process_time() - cpu)
        best["wall_s"] = min(best["wall_s"], time.perf_counter() - wall)
    figures: dict[str, object] = {k: round(v, 2) for k, v in best.items()}
    figures["graph_mb"] = round(graph_mb)
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    figures["nodes"] = len(prepared.graph)
    if args.compare:
        figures["identical"] = page.encode("utf-8") == args.compare.read_bytes()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
