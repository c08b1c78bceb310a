"""What build's two page processes cost, measured in one process: the topic map's layout
(build's layout child, ``topic_layout``) and the page made from it (build's page child,
``page_chunks`` with the layout given), the library prepared once (offline, from its cache).

    python -m benchmarks.bench_page_children LIBRARY [--seeds DIR] [--repeat 2] [--compare PAGE]

Prints one JSON line, CPU seconds (user + system, best of ``--repeat``: the steadier figure
on a shared machine): ``import_s`` (scipy's k-d tree, which the layout child imports),
``layout_s``, ``page_s``, and for the layout shared with a forked process
(``share=processes.in_child``) ``shared_self_s`` and ``shared_child_s`` with its
``shared_wall_s``; with ``--compare``, whether the page equals that file byte for byte (an
index.html of ``refgraph build`` on the same library) and the shared layout the plain one.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _given(value: Any) -> Callable[[], Any]:
    return lambda: value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library", type=Path)
    parser.add_argument("--seeds", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    from refgraph.pipeline import prepare
    from refgraph.processes import in_child
    from refgraph.render import page_chunks
    from refgraph.render.topicmap import topic_layout

    prepared = prepare(args.library, args.seeds, freeze=True)
    graph, title = prepared.graph, f"refgraph: {prepared.library.name}"
    cpu = time.process_time()
    import scipy.spatial  # noqa: F401  (what the layout child imports first)

    figures: dict[str, object] = {"import_s": round(time.process_time() - cpu, 2)}
    best: dict[str, float] = {}

    def keep(name: str, value: float) -> None:
        best[name] = min(best.get(name, float("inf")), value)

    layout = shared = None
    page = ""
    for _ in range(args.repeat):
        cpu = time.process_time()
        layout = topic_layout(graph)
        keep("layout_s", time.process_time() - cpu)
        cpu, wall, children = time.process_time(), time.perf_counter(), _children_cpu()
        shared = topic_layout(graph, share=in_child)
        keep("shared_self_s", time.process_time() - cpu)
        keep("shared_child_s", _children_cpu() - children)
        keep("shared_wall_s", time.perf_counter() - wall)
        cpu = time.process_time()
        page = "".join(page_chunks(graph, title=title, layout=_given(layout)))
        keep("page_s", time.process_time() - cpu)
    figures.update({k: round(v, 2) for k, v in best.items()})
    figures["nodes"] = len(graph)
    if args.compare:
        figures["identical"] = page.encode("utf-8") == args.compare.read_bytes()
        figures["shared_equal"] = shared == layout
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
