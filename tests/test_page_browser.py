"""The page in a real headless Chromium (Debian's /usr/bin/chromium through Playwright).

These tests fail, never skip, when Chromium is missing: the README's test command installs
it, and a skipped browser test would hide exactly the bugs it exists for.
"""

from __future__ import annotations

import re

import bibtexparser
import pytest
from page_browser import chromium, click_node, open_page
from page_fixtures import bundled_prepared, hostile_library
from synthetic_graphs import synthetic_graph

from refgraph.export import enriched_works, export_bibtex
from refgraph.graph import build_graph
from refgraph.render import render_html

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundled")
    prepared = bundled_prepared(tmp)
    path = tmp / "index.html"
    path.write_text(render_html(prepared.graph, title="refgraph: leaky gut"), encoding="utf-8")
    return prepared.graph, path, prepared.library


@pytest.fixture
def page(browser, bundled):
    watched = open_page(browser, bundled[1])
    yield watched
    watched.page.context.close()


def visible(page) -> set[str]:
    return set(page.evaluate("window.refgraph.visibleIds()"))


def of_kind(graph, kind) -> set[str]:
    return {n for n, d in graph.nodes(data=True) if d["kind"] == kind}


def test_loads_without_console_error_or_request_to_another_host(page, bundled):
    assert page.errors == []
    assert page.requests and all(u.startswith(("file://", "data:")) for u in page.requests)
    assert page.page.title() == "refgraph: leaky gut"
    assert page.page.locator("#legend").is_visible()
    # external works are collapsed by default; everything else is shown
    graph = bundled[0]
    assert visible(page.page) == set(graph.nodes) - of_kind(graph, "external")


def test_search_finds_microbiome_papers_by_a_dutch_synonym(page, bundled):
    graph = bundled[0]
    expected = {
        u
        for u, v, k in graph.edges(keys=True)
        if k == "about" and "darmflora" in graph.nodes[v].get("synonyms", [])
    }
    assert len(expected) >= 3
    page.page.fill("#search", "darmflora")
    page.page.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    results = page.page.locator("#results li button")
    labels = set(results.all_inner_texts())
    assert {graph.nodes[n]["label"] for n in expected} <= labels
    assert set(page.page.evaluate("window.refgraph.network.getSelectedNodes()")) >= expected


def test_each_filter_hides_and_shows_what_it_should(page, bundled):
    graph, p = bundled[0], page.page
    works = of_kind(graph, "work")
    p.select_option("#topic-filter", "topic:zonulin")
    about = {u for u, v, k in graph.edges(keys=True) if k == "about" and v == "topic:zonulin"}
    assert visible(p) & works == about and "topic:zonulin" in visible(p)
    assert not visible(p) & (of_kind(graph, "topic") - {"topic:zonulin"})
    p.click("#reset")
    p.select_option("#claim-filter", "claim:tests-validated")
    p.select_option("#stance-filter", "disputes")
    disputing = {
        u
        for u, v, k, d in graph.edges(keys=True, data=True)
        if k == "stance" and v == "claim:tests-validated" and d["value"] == "disputes"
    }
    assert visible(p) & (works | of_kind(graph, "source")) == disputing
    assert "work:lacy2024" in disputing
    p.click("#reset")
    p.uncheck("#kind-source")
    assert not visible(p) & of_kind(graph, "source") and visible(p) & works == works
    p.click("#reset")
    p.fill("#year-min", "2020")
    p.fill("#year-max", "2022")
    in_range = {n for n in works if 2020 <= graph.nodes[n]["year"] <= 2022}
    assert visible(p) & works == in_range and in_range
    p.click("#reset")
    p.select_option("#source-filter", "source:000")  # 000 cites nothing
    assert not visible(p) & works and visible(p) & of_kind(graph, "source") == {"source:000"}
    p.select_option("#source-filter", "source:001")
    assert visible(p) & works == works  # 001 cites all ten
    p.select_option("#topic-filter", "topic:zonulin")  # filters combine
    assert visible(p) & works == about
    p.click("#reset")
    assert visible(p) == set(graph.nodes) - of_kind(graph, "external")


def test_clicking_a_work_shows_its_record_and_audit(page, bundled):
    graph = bundled[0]
    work = next(n for n in of_kind(graph, "work") if graph.nodes[n]["audit"])
    click_node(page.page, work)
    details = page.page.locator("#details")
    details.locator("h2").wait_for()
    assert details.locator("h2").inner_text() == graph.nodes[work]["title"]
    assert details.locator("table.audit tr").count() == len(graph.nodes[work]["audit"]) + 1
    doi = graph.nodes[work]["doi"]
    assert details.locator(f'a[href="https://doi.org/{doi}"]').count() >= 1


def test_copy_bibtex_puts_the_exports_entry_on_the_clipboard(page, bundled):
    graph, library = bundled[0], bundled[2]
    page.page.evaluate("window.refgraph.select('work:lacy2024')")
    page.page.click("#copy-bibtex")
    page.page.wait_for_function(
        "() => document.querySelector('#details .status').textContent !== ''"
    )
    text = page.page.evaluate("navigator.clipboard.readText()")
    # One writer: exactly what `refgraph export --format bibtex` writes for this work.
    assert text == export_bibtex(enriched_works(library, ["lacy2024"]))
    parsed = bibtexparser.parse_string(text)
    assert not parsed.failed_blocks and len(parsed.entries) == 1
    entry = parsed.entries[0]
    assert entry.key == "lacy2024"
    assert entry.fields_dict["title"].value.replace("{", "").replace("}", "") in (
        graph.nodes["work:lacy2024"]["title"],
        (graph.nodes["work:lacy2024"]["record"] or {}).get("title"),
    )


def test_contradictions_view_lists_seed_001_by_short_names_with_counts_in_agreement(page):
    page.page.click("#tab-contradictions")
    cards = page.page.locator("#contradictions .contradiction")
    texts = cards.all_inner_texts()
    # source 001 and the claim by their own words, not "Source 001" or "tests-validated"
    assert any(
        "Increased intestinal permeability" in t and "Zonulin or other permeability tests" in t
        for t in texts
    )
    assert not any("Source 001" in t or "tests-validated" in t for t in texts)
    for t in texts:
        n, noun, verb = re.search(r"but cites (\d+) (works?) that (\w+)", t).groups()
        assert (noun, verb.endswith("s")) == (("work", True) if n == "1" else ("works", False))


def test_stance_matrix_cells_open_the_details(page, bundled):
    page.page.click("#tab-matrix")
    row = page.page.locator("#matrix tbody tr", has=page.page.locator("th", has_text="Lacy 2024"))
    column = (
        page.page.locator("#matrix thead th")
        .all_inner_texts()
        .index("'Leaky gut syndrome' is a valid clinical\u2026")
    )
    cell = row.locator("td").nth(column - 1).locator("button")
    assert "disputes" in cell.get_attribute("aria-label")
    cell.click()
    assert (
        page.page.locator("#details h2").inner_text() == bundled[0].nodes["work:lacy2024"]["title"]
    )


def test_timeline_layout_places_works_by_year(page, bundled):
    page.page.select_option("#layout-select", "timeline")
    pos = page.page.evaluate("window.refgraph.network.getPositions()")
    graph = bundled[0]
    works = of_kind(graph, "work")
    year = {n: graph.nodes[n]["year"] for n in works}
    assert len(set(year.values())) > 3
    for a in works:
        for b in works:
            if year[a] < year[b]:
                assert pos[a]["x"] < pos[b]["x"], (a, b)


def test_phone_width_keeps_everything_reachable(browser, bundled):
    watched = open_page(browser, bundled[1], width=390, height=844)
    try:
        p = watched.page
        assert watched.errors == []
        assert p.evaluate("document.documentElement.scrollWidth") <= 390
        assert p.locator("#search").is_visible()
    finally:
        watched.page.context.close()


def test_hostile_library_executes_nothing_and_shows_the_text(browser, tmp_path):
    graph = build_graph(hostile_library())
    path = tmp_path / "hostile.html"
    path.write_text(render_html(graph), encoding="utf-8")
    watched = open_page(browser, path)
    p = watched.page
    try:
        for node in graph.nodes:
            p.evaluate("(id) => window.refgraph.select(id)", node)
            for link in p.locator("#details a").all():
                assert link.get_attribute("href").startswith(("https://", "http://"))
        p.fill("#search", "darmflora")
        p.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
        p.click("#tab-matrix")
        p.click("#tab-contradictions")
        p.evaluate(
            "window.refgraph.select(window.refgraph.visibleIds().find(i => i.startsWith('work:')))"
        )
        assert "<script>window.__pwned=1</script>" in p.locator("#details").inner_text()
        assert p.evaluate("window.__pwned") is None
        assert watched.dialogs == [] and watched.errors == []
        assert all(u.startswith(("file://", "data:")) for u in watched.requests)
    finally:
        p.context.close()


def test_large_generated_graph_is_interactive_without_physics(browser, tmp_path):
    graph = synthetic_graph(2000, 12000)
    path = tmp_path / "large.html"
    path.write_text(render_html(graph), encoding="utf-8")
    watched = open_page(browser, path)  # waits for the first drawing (120 s cap)
    p = watched.page
    try:
        assert watched.errors == []
        assert p.evaluate("window.refgraph.network.physics.physicsEnabled") is False
        click_node(p, "work:w1")
        # the node drawn on top at that point (nodes may overlap at this density)
        hit = p.evaluate(
            """() => { const net = window.refgraph.network;
                const at = net.getPositions(['work:w1'])['work:w1'];
                return net.getNodeAt(net.canvasToDOM(at)); }"""
        )
        assert p.locator("#details h2").inner_text() == graph.nodes[hit]["title"]
    finally:
        p.context.close()
