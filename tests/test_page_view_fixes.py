"""What a new user met on the page (krr.bib, the bundled library), in a real Chromium: the
view after a layout switch, the search status, ... Fails, never skips, without
/usr/bin/chromium."""

from __future__ import annotations

import pytest
from page_browser import chromium, open_page
from page_fixtures import bundled_prepared
from synthetic_graphs import synthetic_graph

from refgraph.render import render_html

pytestmark = pytest.mark.browser


def _graph():
    graph = synthetic_graph(300, 900, seed=11)
    # ten works without a stance (krr.bib: 3,195 works, none with a stance)
    for i in range(10):
        for _, claim, key in list(graph.out_edges(f"work:w{i}", keys=True)):
            if key == "stance":
                graph.remove_edge(f"work:w{i}", claim, key=key)
    return graph


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    path = tmp_path_factory.mktemp("fixes") / "index.html"
    path.write_text(render_html(_graph()), encoding="utf-8")
    watched = open_page(browser, path)
    yield watched
    watched.page.context.close()


def _on_screen(p) -> float:
    """The share of the shown nodes whose centre lies inside the network's canvas."""
    return p.evaluate(
        """() => {
            const net = window.refgraph.network;
            const ids = window.refgraph.visibleIds();
            const pos = net.getPositions(ids);
            const box = document.getElementById('network').getBoundingClientRect();
            const inside = ids.filter((id) => {
                const d = net.canvasToDOM(pos[id]);
                return d.x >= 0 && d.y >= 0 && d.x <= box.width && d.y <= box.height;
            });
            return inside.length / ids.length;
        }"""
    )


def test_switching_layout_after_a_search_fits_the_view_to_what_is_shown(page):
    p = page.page
    p.fill("#search", "synthetic")  # every work's journal
    p.press("#search", "Enter")  # the view zooms to the first result
    p.wait_for_timeout(1500)
    assert _on_screen(p) < 0.5  # zoomed in: most of the map is off screen
    p.select_option("#layout-select", "timeline")
    p.wait_for_timeout(1500)
    p.evaluate("window.refgraph.network.redraw()")  # a later frame must not move the view
    p.wait_for_timeout(300)
    assert _on_screen(p) > 0.98
    p.select_option("#layout-select", "network")
    p.wait_for_timeout(1500)
    p.evaluate("window.refgraph.network.redraw()")
    p.wait_for_timeout(300)
    assert _on_screen(p) > 0.98


def test_the_search_status_is_cleared_by_escape_and_by_emptying_the_box(page):
    p = page.page
    p.fill("#search", "synthetic")
    p.press("#search", "Enter")
    assert "found" in p.locator("#search-status").inner_text()
    p.focus("#search")
    p.keyboard.press("Escape")
    p.wait_for_timeout(400)
    assert p.locator("#search-status").inner_text() == ""
    p.fill("#search", "synthetic")
    p.press("#search", "Enter")
    assert "found" in p.locator("#search-status").inner_text()
    p.fill("#search", "")
    p.wait_for_timeout(400)
    assert p.locator("#search-status").inner_text() == ""


def test_the_matrix_lists_only_who_takes_a_stance_and_marks_empty_cells(page):
    p = page.page
    graph = _graph()
    takers = {a for a, _, k in graph.edges(keys=True) if k == "stance"}
    p.click("#tab-matrix")
    rows = p.locator("#matrix tbody tr")
    assert rows.count() == len(takers)
    assert "10 other works and sources take no stance" in p.locator("#matrix").inner_text()
    marks = p.locator("#matrix .cell.none").all_inner_texts()
    assert marks and set(marks) == {"\u00b7"}  # the legend's "not addressed"


def test_the_works_of_no_topic_have_a_label_on_a_big_map(browser, tmp_path):
    graph = synthetic_graph(1200, 3000, seed=4)  # above PHYSICS_LIMIT: fixed topic map
    for work in [n for n, k in graph.nodes(data="kind") if k == "work"][:40]:
        for _, topic, key in list(graph.out_edges(work, keys=True)):
            if key == "about":
                graph.remove_edge(work, topic, key=key)
    path = tmp_path / "index.html"
    path.write_text(render_html(graph), encoding="utf-8")
    watched = open_page(browser, path)
    labels = {label["id"] for label in watched.page.evaluate("window.refgraph.labels()")}
    assert "topic:~none" in labels
    watched.page.select_option("#topic-filter", index=1)  # its works hidden: no label
    watched.page.wait_for_timeout(300)
    watched.page.evaluate("window.refgraph.network.redraw()")
    labels = {label["id"] for label in watched.page.evaluate("window.refgraph.labels()")}
    assert "topic:~none" not in labels
    assert watched.errors == []
    watched.page.context.close()


def test_topics_are_left_out_of_the_timeline_and_come_back(page):
    p = page.page
    topics = set(p.evaluate("window.refgraph.visibleIds().filter((id) => id.startsWith('topic:'))"))
    assert topics
    p.select_option("#layout-select", "timeline")
    assert not any(i.startswith("topic:") for i in p.evaluate("window.refgraph.visibleIds()"))
    p.select_option("#layout-select", "network")
    assert topics <= set(p.evaluate("window.refgraph.visibleIds()"))


def test_a_selected_node_on_a_zoomed_out_map_is_drawn_large_with_its_label(browser, tmp_path):
    path = tmp_path / "index.html"
    path.write_text(render_html(synthetic_graph(1200, 3000, seed=4)), encoding="utf-8")
    watched = open_page(browser, path)
    p = watched.page
    work = "work:w7"
    select = "(id) => { const n = window.refgraph.network; n.selectNodes([id]); n.redraw(); }"
    p.evaluate(select, work)
    rings = p.evaluate("window.refgraph.rings()")
    assert len(rings) == 1 and rings[0]["r"] >= 13  # a dot of a pixel or two before
    labels = p.evaluate("window.refgraph.labels()")
    assert work in {label["id"] for label in labels}
    ring = rings[0]
    for label in labels:  # no label covers it
        nearest_x = min(max(ring["x"], label["x"]), label["x"] + label["w"])
        nearest_y = min(max(ring["y"], label["y"]), label["y"] + label["h"])
        assert (nearest_x - ring["x"]) ** 2 + (nearest_y - ring["y"]) ** 2 >= (ring["r"] - 1) ** 2
    watched.page.context.close()


def test_the_record_shows_its_three_views_at_the_panels_width(browser, tmp_path):
    prepared = bundled_prepared(tmp_path)
    path = tmp_path / "index.html"
    path.write_text(render_html(prepared.graph), encoding="utf-8")
    watched = open_page(browser, path)
    p = watched.page
    p.evaluate("window.refgraph.select('work:fasano2021')")
    table = p.locator("#details table.views")
    width = table.bounding_box()["width"]
    cells = table.locator("td")
    assert cells.count() > 5
    # each value takes most of the panel: three columns of ~100 px broke words
    assert all(cells.nth(i).bounding_box()["width"] > 0.55 * width for i in range(cells.count()))
    assert "as cited, checked" in table.inner_text()
    watched.page.context.close()
