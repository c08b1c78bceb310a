"""Find latency (median, p95) and export time on a library of 10,000 works.

The works are the real aibasel bibliography in tests/data/bib-corpora (2,679 entries of
many types, parsed with its @string and crossref parents), repeated under new keys until
there are --works of them. Topics and claims are the bundled library's (English and Dutch
synonyms); each work gets up to three topics, some stances and citing sources, drawn with a
fixed seed so that filters have something to select.

    python benchmarks/bench_find_export.py [--works 10000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from refgraph.bibtex import load_bibtex_files
from refgraph.export import GRAPH_FORMATS, WORK_FORMATS
from refgraph.graph import build_graph
from refgraph.library import load_library
from refgraph.model import STANCE_VALUES, Library, Source, Stance, TopicAssignment, Work
from refgraph.search import Filters, SearchIndex, check_filters

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "bib-corpora"
QUERIES = [
    ("planning", Filters()),
    ("heuristic search", Filters()),
    ('"classical planning"', Filters()),
    ("darmflora", Filters()),
    ("microbiome OR zonulin", Filters()),
    ("pattern databases", Filters(year_from=2005, year_to=2015)),
    ("abstraction", Filters(topic="stress")),
    ("", Filters(claim="lgs-diagnosis", stance="disputes")),
    ("", Filters(topic="lekke darm", year_from=2010)),
    ("optimal", Filters(cited_by="s1")),
    ("lekke darm", Filters()),
    ("helm*rt", Filters()),
]


def synthetic_library(n_works: int, seed: int = 1) -> Library:
    bundled = load_library(ROOT / "bib", ROOT / "seeds")
    parsed = load_bibtex_files(sorted(CORPUS.glob("*.bib"))).works
    works: list[Work] = []
    round_ = 0
    while len(works) < n_works:
        suffix = f"-r{round_}" if round_ else ""
        works += [replace(w, key=w.key + suffix) for w in parsed[: n_works - len(works)]]
        round_ += 1
    rng = random.Random(seed)
    keys = [w.key for w in works]
    topics = [t.id for t in bundled.topics]
    assignments = [
        TopicAssignment(k, t) for k in keys for t in rng.sample(topics, rng.randint(0, 3))
    ]
    stances = [
        Stance(k, c.id, rng.choice(STANCE_VALUES), note="benchmark stance note")  # type: ignore[arg-type]
        for k in rng.sample(keys, len(keys) // 3)
        for c in bundled.claims
    ]
    sources = tuple(
        Source(f"s{i}", f"Source {i}", cites=tuple(rng.sample(keys, 300))) for i in range(1, 4)
    )
    return Library(
        name="bench",
        works=tuple(works),
        sources=sources,
        topics=bundled.topics,
        claims=bundled.claims,
        stances=tuple(stances),
        assignments=tuple(assignments),
    )


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20, help="runs of each query")
    args = parser.parse_args()
    out = sys.stdout.write

    library, t_lib = timed(synthetic_library, args.works)
    graph, t_graph = timed(build_graph, library)
    out(f"library: {len(library.works)} works, {graph.number_of_nodes()} nodes, ")
    out(f"{graph.number_of_edges()} edges (made in {t_lib:.2f} s, graph {t_graph:.2f} s)\n")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "index.sqlite"
        index, t_cold = timed(SearchIndex.open, graph, path)
        index.close()
        index, t_warm = timed(SearchIndex.open, graph, path)
        assert not index.rebuilt
        out(f"index: build {t_cold * 1000:.0f} ms, {path.stat().st_size / 1e6:.1f} MB; ")
        out(f"reopen unchanged (hash only) {t_warm * 1000:.0f} ms\n")
        latencies, hits = [], []
        for query, filters in QUERIES:
            checked = check_filters(filters, graph)
            for _ in range(args.repeat):
                found, seconds = timed(index.find, query, checked)
                latencies.append(seconds * 1000)
            hits.append(len(found))
        index.close()
    out(f"find: {len(QUERIES)} queries x {args.repeat}: median {statistics.median(latencies):.1f}")
    out(f" ms, p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms; ")
    out(f"hits per query {hits}\n")

    works = list(library.works)
    for name, exporter in WORK_FORMATS.items():
        text, seconds = timed(exporter, works)
        out(f"export {name:9} {seconds:6.2f} s  {len(text) / 1e6:5.1f} MB\n")
    for name, exporter in GRAPH_FORMATS.items():
        text, seconds = timed(exporter, graph)
        out(f"export {name:9} {seconds:6.2f} s  {len(text) / 1e6:5.1f} MB\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
