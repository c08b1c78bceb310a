"""The graph and the files `refgraph build` writes, timed apart on one library.

    python -m benchmarks.bench_build_outputs LIBRARY_DIR [--seeds DIR] [--out DIR]

Loads, enriches (offline, from the library's cache) and finds topics as ``prepare`` does
(not timed), then times as ``refgraph build`` runs them: checking the works and building
the graph (with the audit written by a forked child meanwhile, above 2,000 works), then
the rest of the outputs (the page in a forked child, graph.json and problems.json here).
Prints wall and CPU seconds of this process and of its children (user + system), and the
peak resident set size (ru_maxrss) of this process and of its largest child.
"""

from __future__ import annotations

import argparse
import gc
import resource
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from refgraph.checked import check_library
from refgraph.cli.build import Outputs
from refgraph.discovery import with_discovered_topics
from refgraph.enrich import EnrichOptions, enrich_offline_or_online
from refgraph.graph import build_graph
from refgraph.heap import collector_paused
from refgraph.library import load_library, with_abstract_topics
from refgraph.pipeline import Prepared, topic_cache_file


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--seeds", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="default: a temporary folder")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="refgraph-outputs-"))
    library = load_library(args.library, args.seeds, match=False)
    options = EnrichOptions(library_dir=str(args.library), offline=True)
    enrichments, offline, messages = enrich_offline_or_online(library, options, None)
    library = replace(library, enrichments=enrichments)
    abstracts = {e.key: e.record.abstract for e in enrichments if e.record and e.record.abstract}
    library = with_abstract_topics(library, abstracts)
    library = with_discovered_topics(library, abstracts, topic_cache_file(options))

    wall, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    outputs = Outputs(out)
    with collector_paused():  # as pipeline.prepare runs them
        checked = check_library(library)
        outputs.start_audit(library, checked)
        graph = build_graph(library, checked)
        gc.freeze()
    graph_wall, graph_cpu = time.perf_counter() - wall, _cpu(resource.RUSAGE_SELF) - cpu
    wall, cpu = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
    outputs.write(Prepared(library, graph, offline, list(messages), checked=checked))
    rest_wall, rest_cpu = time.perf_counter() - wall, _cpu(resource.RUSAGE_SELF) - cpu
    print(f"{len(library.works)} works, {len(graph)} nodes, {graph.number_of_edges()} edges")
    print(f"check + graph: {graph_wall:.2f} s wall, {graph_cpu:.2f} s CPU")
    print(f"outputs after the graph: {rest_wall:.2f} s wall, {rest_cpu:.2f} s CPU here")
    print(f"children (audit, page): {_cpu(resource.RUSAGE_CHILDREN):.2f} s CPU")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: {self_mb:.0f} MB here, {child_mb:.0f} MB the largest child; written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
