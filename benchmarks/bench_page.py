"""The page at 100, 1,000 and 5,000 nodes: size, time to write, time until usable in Chromium.

    python benchmarks/bench_page.py [--sizes 100,1000,5000] [--cap 120] [--no-stock]
    python benchmarks/bench_page.py --screenshot docs/screenshot.png
    python benchmarks/bench_page.py --built OUT1,OUT2 [--first-view docs/first-view.png]

For each generated graph (tests/synthetic_graphs.py, ten edges per node) it measures:
- refgraph's page: HTML size; seconds to render and write it; seconds in headless Chromium
  from navigation until vis-network has drawn the graph (``window.refgraphReady``); then a
  search round trip (type, results listed) and a click round trip (a real mouse click on a
  node, its details shown);
- with ``--built``: the graph.json of ``refgraph build`` runs (real libraries, e.g. the 1k /
  10k / 50k benchmark libraries of benchmarks/corpus.py), rendered again and measured the
  same way, the click being a real click on the node drawn at a topic's (or a work's)
  centre on the first view, then one on a work; ``--first-view`` saves the first one's
  first view as a PNG;
- pyvis's stock page on the same graph (node and edge lists filled directly, physics on,
  default template with vis inlined): size, write time, seconds until its stabilisation
  finishes, capped at ``--cap`` seconds and reported as "> cap".
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the generator and the Chromium helper live there

from page_browser import chromium, click_node, open_page  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from pyvis.network import Network  # noqa: E402
from synthetic_graphs import synthetic_graph  # noqa: E402

from refgraph.render import render_html  # noqa: E402

STOCK_READY = """() => {
  const net = window.network;
  if (!net || !net.on) return false;
  if (!window.__hooked) {
    window.__hooked = true;
    net.on('stabilizationIterationsDone', () => { window.__stockReady = true; });
    net.on('stabilized', () => { window.__stockReady = true; });
  }
  return window.__stockReady === true;
}"""


def stock_page(graph) -> str:
    """pyvis's own page, filled without ``from_nx`` (its per-node list search is the slow
    part, see DESIGN.md), so the comparison is about the browser, not about pyvis."""
    net = Network(height="750px", width="100%", directed=True, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        net.nodes.append({"id": node, "label": data.get("label", node), "shape": "dot",
                          "title": str(data.get("title", ""))})  # fmt: skip
        net.node_ids.append(node)
    net.edges = [{"from": u, "to": v, "arrows": "to"} for u, v in graph.edges()]
    return net.generate_html()


def timed_write(path: Path, make) -> tuple[float, int]:
    start = time.perf_counter()
    text = make()
    path.write_text(text, encoding="utf-8")
    return time.perf_counter() - start, len(text.encode("utf-8"))


def measure_ours(browser, path: Path) -> tuple[float, float, float]:
    start = time.perf_counter()
    watched = open_page(browser, path)
    ready = time.perf_counter() - start
    page = watched.page
    start = time.perf_counter()
    page.fill("#search", "zonulin")
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    searched = time.perf_counter() - start
    page.click("#reset")
    start = time.perf_counter()
    click_node(page, "work:w1")
    page.wait_for_function("() => document.querySelector('#details h2') !== null")
    clicked = time.perf_counter() - start
    if watched.errors:
        raise RuntimeError(f"console errors: {watched.errors[:3]}")
    page.context.close()
    return ready, searched, clicked


def measure_stock(browser, path: Path, cap: float) -> float | None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    # The stock page asks a CDN for Bootstrap; refuse at once rather than wait for DNS.
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    start = time.perf_counter()
    try:
        # "commit": at 5,000 nodes its synchronous stabilisation holds back even "load".
        page.goto(path.resolve().as_uri(), timeout=cap * 1000, wait_until="commit")
        left = max(1.0, cap - (time.perf_counter() - start))
        page.wait_for_function(STOCK_READY, timeout=left * 1000, polling=50)
        return time.perf_counter() - start
    except PlaywrightTimeout:
        return None
    finally:
        context.close()


def run(sizes: list[int], cap: float, stock: bool) -> None:
    rows = []
    with chromium() as browser, tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            graph = synthetic_graph(n, 10 * n)
            ours = Path(tmp) / f"ours-{n}.html"
            write, size = timed_write(ours, lambda g=graph: render_html(g))
            ready, searched, clicked = measure_ours(browser, ours)
            row = [f"{n:,}", f"{graph.number_of_edges():,}", f"{size / 1e6:.1f} MB", f"{write:.2f}",
                   f"{ready:.2f}", f"{searched:.2f}", f"{clicked:.2f}"]  # fmt: skip
            if stock:
                path = Path(tmp) / f"stock-{n}.html"
                s_write, s_size = timed_write(path, lambda g=graph: stock_page(g))
                s_ready = measure_stock(browser, path, cap)
                shown = f"{s_ready:.1f}" if s_ready is not None else f"> {cap:.0f}"
                row += [f"{s_size / 1e6:.1f} MB", f"{s_write:.2f}", shown]
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
    head = ["nodes", "edges", "HTML", "write s", "drawn s", "search s", "click s"]
    if stock:
        head += ["pyvis stock HTML", "stock write s", "stock ready s"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


CLICK_AT = """(id) => { const net = window.refgraph.network;
    const at = net.getPositions([id])[id]; const hit = net.getNodeAt(net.canvasToDOM(at));
    const p = net.canvasToDOM(at);
    const r = document.getElementById('network').getBoundingClientRect();
    return [hit, r.left + p.x, r.top + p.y]; }"""


def _click(page, node: str) -> float:
    """Seconds from a real mouse click on ``node``'s centre until the details of the node
    drawn there are shown. A work is brought into view first (not timed)."""
    if node.startswith("work:"):
        page.evaluate(
            "(id) => window.refgraph.network.focus(id, {scale: 1.2, animation: false})", node
        )
    hit, x, y = page.evaluate(CLICK_AT, node)
    start = time.perf_counter()
    page.mouse.click(x, y)
    page.wait_for_function(
        "(id) => document.getElementById('details').dataset.node === id", arg=hit
    )
    return time.perf_counter() - start


def measure_built(browser, folder: Path, tmp: Path, first_view: Path | None) -> list[str]:
    """One row for the library built into ``folder`` (its graph.json)."""
    from networkx.readwrite import json_graph

    data = json.loads((folder / "graph.json").read_text("utf-8"))
    graph = json_graph.node_link_graph(data, multigraph=True, directed=True, edges="edges")
    works = sum(1 for _, k in graph.nodes(data="kind") if k == "work")
    path = tmp / f"built-{works}.html"
    write, size = timed_write(path, lambda: render_html(graph))
    start = time.perf_counter()
    watched = open_page(browser, path)
    ready = time.perf_counter() - start
    page = watched.page
    if first_view:
        page.screenshot(path=str(first_view))
    shown = page.evaluate("window.refgraph.visibleIds()")
    first = next((i for i in shown if i.startswith("topic:")), shown[0])
    clicked = _click(page, first)
    work = next(i for i in page.evaluate("window.refgraph.visibleIds()") if i.startswith("work:"))
    clicked_work = _click(page, work)
    query = str(graph.nodes[work].get("title", "")).split()[0]
    start = time.perf_counter()
    page.fill("#search", query)
    page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    searched = time.perf_counter() - start
    if watched.errors:
        raise RuntimeError(f"console errors: {watched.errors[:3]}")
    page.context.close()
    return [f"{works:,}", f"{graph.number_of_nodes():,}", f"{graph.number_of_edges():,}",
            f"{size / 1e6:.1f} MB", f"{write:.1f}", f"{ready:.2f}", f"{clicked:.2f}",
            f"{clicked_work:.2f}", f"{searched:.2f}"]  # fmt: skip


def run_built(folders: list[Path], first_view: Path | None) -> None:
    rows = []
    with chromium() as browser, tempfile.TemporaryDirectory() as tmp:
        for i, folder in enumerate(folders):
            row = measure_built(browser, folder, Path(tmp), first_view if i == 0 else None)
            rows.append(row)
            print(" | ".join(row), file=sys.stderr, flush=True)
    head = ["works", "nodes", "edges", "HTML", "render s", "drawn s", "first click s",
            "click on a work s", "search s"]  # fmt: skip
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---:" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def screenshot(path: Path) -> None:
    """The bundled library's page at 1280x800 with one work's details open."""
    from page_fixtures import bundled_graph

    with chromium() as browser, tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "index.html"
        graph = bundled_graph(Path(tmp))
        page_path.write_text(render_html(graph, title="refgraph: leaky gut"), encoding="utf-8")
        watched = open_page(browser, page_path)
        click_node(watched.page, "work:fasano2021")
        watched.page.mouse.move(860, 170)  # an empty corner: no hover tooltip in the picture
        watched.page.evaluate("() => document.activeElement.blur()")
        watched.page.wait_for_timeout(600)  # let the focus animation end
        watched.page.screenshot(path=str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--cap", type=float, default=120.0, help="seconds to wait for pyvis")
    parser.add_argument("--no-stock", action="store_true", help="skip pyvis's stock page")
    parser.add_argument("--screenshot", type=Path, help="only write a screenshot to this path")
    parser.add_argument("--built", help="comma-separated folders written by refgraph build")
    parser.add_argument(
        "--first-view", type=Path, help="with --built: PNG of the first's first view"
    )
    args = parser.parse_args()
    if args.built:
        run_built([Path(p) for p in args.built.split(",")], args.first_view)
        return
    if args.screenshot:
        screenshot(args.screenshot)
        return
    run([int(s) for s in args.sizes.split(",")], args.cap, not args.no_stock)


if __name__ == "__main__":
    main()
