"""What a rebuild pays before the graph: offline enrichment from the Crossref cache, then
topic discovery with no topics cache, in CPU seconds (user + sys of this process).

    python -m benchmarks.bench_rebuild LIBRARY [--seeds FOLDER]

LIBRARY is a library folder with a filled cache, such as one made by
``benchmarks.corpus.make_library('3k', folder)`` (krr.bib alone). The library is loaded
first (not timed); enrichment runs as ``refgraph build --offline`` runs it
(``enrich_offline_or_online``), topic discovery without reading or writing a cache, so
scikit-learn's import (about 1 s) is in its figure as it is in a cold build's. CPU time is
printed beside wall time: on a shared machine the wall time says more about the neighbours.
"""

from __future__ import annotations

import argparse
import resource
import time
from dataclasses import replace
from pathlib import Path

from refgraph.discovery import with_discovered_topics
from refgraph.enrich import EnrichOptions, enrich_offline_or_online
from refgraph.library import load_library, with_abstract_topics


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args()
    library = load_library(args.library, args.seeds, match=False)
    options = EnrichOptions(library_dir=str(args.library), offline=True)

    cpu, wall = _cpu(), time.perf_counter()
    enrichments = enrich_offline_or_online(library, options)[0]
    print(f"enrich: {_cpu() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s wall, "
          f"{len(enrichments)} works")  # fmt: skip

    found = {e.key: e.record.abstract for e in enrichments if e.record and e.record.abstract}
    library = with_abstract_topics(replace(library, enrichments=enrichments), found)
    cpu, wall = _cpu(), time.perf_counter()
    library = with_discovered_topics(library, found, None)
    topics = sum(1 for t in library.topics if t.origin == "auto")
    print(f"topics (cold): {_cpu() - cpu:.2f} s CPU, {time.perf_counter() - wall:.2f} s wall, "
          f"{topics} found")  # fmt: skip


if __name__ == "__main__":
    main()
