"""One stage of refgraph's job, timed in a process of its own.

    python -m benchmarks.stages STAGE LIBRARY_DIR WORK_DIR

Prints one JSON line: ``seconds`` (wall time of the stage alone, best of ``--repeat``
runs), ``peak_mb`` (the process's peak resident set size, ru_maxrss: Python, imports, the
stage's inputs and the stage) and ``stage_mb`` (how much the stage raised that peak),
plus stage-specific figures. Inputs a stage needs (the prepared library and graph) are
made once by the ``prepare`` stage and read back from a pickle, so they cost no time here.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERIES = [  # (query, filter topic or None): words of these corpora, and topic filters
    ("planning", None),
    ("heuristic search", None),
    ('"answer set programming"', None),
    ("description logic*", None),
    ("belief OR revision", None),
    ("abstraction", "heuristic-search"),
    ("", "argumentation"),
    ("complexity", "planning"),
    ("helm*rt", None),
    ("nebel", None),
]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepared(work: Path) -> Any:
    with open(work / "prepared.pickle", "rb") as f:
        return pickle.load(f)


def stage_prepare(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.pipeline import prepare

    def run() -> dict:
        p = prepare(lib, None)
        with open(work / "prepared.pickle", "wb") as f:
            pickle.dump(p, f, protocol=pickle.HIGHEST_PROTOCOL)
        g = p.graph
        return {"works": len(p.library.works), "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges()}  # fmt: skip

    return run


def stage_parse_anchor(lib: Path, work: Path) -> Callable[[], dict]:
    """bibtexparser 2 alone on the same files (concatenated, as refgraph parses them) with
    its stock middlewares doing the same job: macros, braces, field keys, names, LaTeX."""
    import bibtexparser
    from bibtexparser import middlewares as m

    text = "".join(p.read_text("utf-8") + "\n" for p in sorted(lib.glob("*.bib")))

    def run() -> dict:
        stack = [m.ResolveStringReferencesMiddleware(), m.RemoveEnclosingMiddleware(),
                 m.NormalizeFieldKeys(), m.SeparateCoAuthors(), m.SplitNameParts(),
                 m.LatexDecodingMiddleware()]  # fmt: skip
        parsed = bibtexparser.parse_string(text, parse_stack=stack)
        return {"entries": len(parsed.entries)}

    return run


def stage_load(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.bibtex import load_bibtex_files

    paths = sorted(lib.glob("*.bib"))
    return lambda: {"works": len(load_bibtex_files(paths).works)}


def stage_enrich(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.enrich import EnrichOptions, enrich_offline_or_online
    from refgraph.library import load_library

    library = load_library(lib)
    options = EnrichOptions(library_dir=str(lib), offline=True)
    return lambda: {"enriched": len(enrich_offline_or_online(library, options)[0])}


def stage_topics(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.library import with_abstract_topics

    library = prepared(work).library
    abstracts = {e.key: e.record.abstract for e in library.enrichments if e.record}
    return lambda: {"assignments": len(with_abstract_topics(library, abstracts).assignments)}


def stage_graph(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.graph import build_graph

    library = prepared(work).library
    return lambda: {"edges": build_graph(library).number_of_edges()}


def stage_page(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.render import render_html

    graph = prepared(work).graph

    def run() -> dict:
        text = render_html(graph, title="refgraph benchmark")
        (work / "index.html").write_text(text, encoding="utf-8")
        return {"mb": round(len(text.encode()) / 1e6, 1)}

    return run


def stage_index(lib: Path, work: Path) -> Callable[[], dict]:
    from refgraph.search import SearchIndex

    graph = prepared(work).graph
    path = work / "index.sqlite"

    def run() -> dict:
        path.unlink(missing_ok=True)
        SearchIndex.open(graph, path).close()
        return {"mb": round(path.stat().st_size / 1e6, 1)}

    return run


def stage_find(lib: Path, work: Path, repeat: int = 20) -> Callable[[], dict]:
    from refgraph.search import Filters, SearchIndex, check_filters

    graph = prepared(work).graph
    index = SearchIndex.open(graph, work / "index.sqlite")
    queries = [(q, check_filters(Filters(topic=t), graph)) for q, t in QUERIES]

    def run() -> dict:
        times, hits = [], []
        for query, filters in queries:
            for _ in range(repeat):
                start = time.perf_counter()
                found = index.find(query, filters)
                times.append(time.perf_counter() - start)
            hits.append(len(found))
        times.sort()
        return {"p50_ms": round(times[len(times) // 2] * 1000, 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))] * 1000, 1),
                "max_ms": round(times[-1] * 1000, 1), "hits": hits}  # fmt: skip

    return run


def stage_export(lib: Path, work: Path, fmt: str = "bibtex") -> Callable[[], dict]:
    from refgraph.export import GRAPH_FORMATS, WORK_FORMATS

    p = prepared(work)
    if fmt in WORK_FORMATS:
        works = list(p.library.works)
        return lambda: {"mb": round(len(WORK_FORMATS[fmt](works)) / 1e6, 1)}
    return lambda: {"mb": round(len(GRAPH_FORMATS[fmt](p.graph)) / 1e6, 1)}


def stage_pyvis(lib: Path, work: Path) -> Callable[[], dict]:
    """pyvis's stock route: ``Network.from_nx`` on (a copy of) the graph, then its page."""
    import networkx as nx
    from pyvis.network import Network

    graph = nx.DiGraph()
    for node, data in prepared(work).graph.nodes(data=True):
        graph.add_node(node, label=str(data.get("label", "")), title=str(data.get("title", "")))
    graph.add_edges_from(prepared(work).graph.edges())

    def run() -> dict:
        net = Network(directed=True, cdn_resources="in_line")
        net.from_nx(graph)
        return {"mb": round(len(net.generate_html()) / 1e6, 1)}

    return run


STAGES = {
    "prepare": stage_prepare,
    "parse-anchor": stage_parse_anchor,
    "load": stage_load,
    "enrich": stage_enrich,
    "topics": stage_topics,
    "graph": stage_graph,
    "page": stage_page,
    "index": stage_index,
    "find": stage_find,
    "export-bibtex": lambda lib, work: stage_export(lib, work, "bibtex"),
    "export-graphml": lambda lib, work: stage_export(lib, work, "graphml"),
    "pyvis-anchor": stage_pyvis,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stage", choices=sorted(STAGES))
    parser.add_argument("library", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    run = STAGES[args.stage](args.library, args.work)
    before = peak_mb()
    best, extra = float("inf"), {}
    for _ in range(args.repeat):
        start = time.perf_counter()
        extra = run()
        best = min(best, time.perf_counter() - start)
    after = peak_mb()
    out = {"seconds": best, "peak_mb": after, "stage_mb": max(0.0, after - before)} | extra
    sys.stdout.write(json.dumps(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
