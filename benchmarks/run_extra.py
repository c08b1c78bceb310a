"""The run's figures that are not per library size: enrichment throughput through the local
rate-limited Crossref server, and the page in headless Chromium (both reuse the helpers of
bench_enrich.py and bench_page.py)."""

from __future__ import annotations

import pickle
import tempfile
import time
from pathlib import Path

ENRICH_DOIS = 400
SEQUENTIAL_DOIS = 60


def enrich_figures() -> dict:
    from benchmarks import bench_enrich as be

    recs = be.records(ENRICH_DOIS)
    ours, ours_requests, ours_429 = be.bench_refgraph(recs)
    seq, seq_requests, seq_429 = be.bench_sequential(recs, SEQUENTIAL_DOIS)
    ceiling = min(be.LIST, be.CONCURRENT / be.LATENCY) * be.BATCH_SIZE
    return {"ours": ours, "ours_requests": ours_requests, "ours_429": ours_429, "seq": seq,
            "seq_requests": seq_requests, "seq_429": seq_429, "ceiling": ceiling,
            "limits": f"{be.SINGLE}/s single, {be.LIST}/s list, {be.CONCURRENT} at once, "
                      f"{be.LATENCY * 1000:.0f} ms latency"}  # fmt: skip


def browser_figures(biggest: dict, small_pickle: str, cap: float) -> dict:
    from page_browser import chromium, click_node, open_page  # tests/, put on the path above

    from benchmarks.bench_page import measure_stock, stock_page

    out: dict = {}
    with chromium() as browser:
        start = time.perf_counter()
        watched = open_page(browser, Path(biggest["page_path"]))
        out["drawn"] = time.perf_counter() - start
        page = watched.page
        start = time.perf_counter()
        page.fill("#search", "planning")
        page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
        out["search"] = time.perf_counter() - start
        page.click("#reset")
        start = time.perf_counter()
        click_node(page, biggest["first_work"])
        page.wait_for_function("() => document.querySelector('#details h2') !== null")
        out["click"] = time.perf_counter() - start
        out["errors"] = watched.errors[:3]
        page.context.close()
        with open(small_pickle, "rb") as f:
            graph = pickle.load(f).graph
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "stock.html"
            path.write_text(stock_page(graph), encoding="utf-8")
            out["stock_nodes"] = graph.number_of_nodes()
            out["stock_ready"] = measure_stock(browser, path, cap)
    return out


def print_extra(extra: dict, big: str, small: str, cap: float) -> None:
    e = extra["enrich"]
    share = e["ours"] / e["ceiling"] * 100
    print(
        f"| enrichment ({ENRICH_DOIS} known DOIs; limits {e['limits']}) | DOIs/s | requests "
        "| 429s |\n|---|---:|---:|---:|"
    )
    print(
        f"| refgraph (batched, cached) | {e['ours']:.1f} ({share:.0f}% of ceiling) "
        f"| {e['ours_requests']} | {e['ours_429']} |"
    )
    print(
        f"| anchor: one request per DOI, sequential ({SEQUENTIAL_DOIS} DOIs) | {e['seq']:.1f} "
        f"| {e['seq_requests']} | {e['seq_429']} |"
    )
    print(f"| ceiling the limits allow (list queries x 40 DOIs) | {e['ceiling']:.1f} | | |")
    b = extra.get("browser")
    if not b:
        return
    stock = b["stock_ready"]
    stock_text = f"{stock:.1f} s" if stock is not None else f"> {cap:.0f} s"
    print("\n| headless Chromium | seconds |\n|---|---:|")
    print(f"| {big} page: navigation until drawn (refgraphReady) | {b['drawn']:.2f} |")
    print(f"| {big} page: search 'planning', results listed | {b['search']:.2f} |")
    print(f"| {big} page: click a node, details shown | {b['click']:.2f} |")
    print(
        f"| anchor: pyvis stock page, {b['stock_nodes']:,} nodes ({small}), until stable "
        f"| {stock_text} |"
    )
    if b["errors"]:
        print(f"\nConsole errors on the page: {b['errors']}")
