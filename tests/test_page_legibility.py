"""The page is legible and safe with untrusted text, in a real Chromium (issues 11 and 13).

Search box contrast, legend beside (not over) the network and folding away, labels that
never overlap, curated vs automatic topics shown, a bidi override in an author name
isolated, a 1 MB title without spaces that does not freeze the page. Fails, never skips,
without /usr/bin/chromium.
"""

from __future__ import annotations

import time

import pytest
from page_browser import chromium, click_node, open_page
from synthetic_graphs import synthetic_graph

from refgraph.render import render_html

pytestmark = pytest.mark.browser

RLO = "\u202e"


def _graph():
    graph = synthetic_graph(120, 500, seed=3)
    graph.nodes["work:w0"].update(authors=[f"Evil{RLO}Name", "B. Other"], year=2021)
    graph.nodes["work:w1"]["title"] = "x" * 1_000_000
    graph.add_node("topic:auto", kind="topic", key="auto", label="barrier zonulin",
                   title="barrier zonulin", origin="auto", synonyms=[])  # fmt: skip
    graph.add_edge("work:w2", "topic:auto", key="about", kind="about", origin="auto")
    return graph


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("legible") / "index.html"
    path.write_text(render_html(_graph()), encoding="utf-8")
    with chromium() as browser:
        watched = open_page(browser, path)
        yield watched
        watched.page.context.close()


def test_search_box_shows_what_is_typed_dark_on_light(page):
    p = page.page
    p.fill("#search", "gut")
    color, background = p.evaluate(
        "() => { const s = getComputedStyle(document.getElementById('search'));"
        " return [s.color, s.backgroundColor]; }"
    )
    assert color != background
    assert background == "rgb(255, 255, 255)" and color in ("rgb(29, 35, 48)", "rgb(0, 0, 0)")


def test_legend_never_covers_the_network_and_folds_away(page):
    p = page.page
    net = p.locator("#network").bounding_box()
    legend = p.locator("#legend").bounding_box()
    assert legend["y"] >= net["y"] + net["height"] - 0.5  # below the canvas, not on it
    assert p.locator("#legend-items").is_visible()
    p.click("#legend summary")
    assert not p.locator("#legend-items").is_visible()
    assert p.locator("#network").bounding_box()["height"] > net["height"]
    p.click("#legend summary")


def test_labels_do_not_overlap_and_the_most_important_are_drawn(page):
    p = page.page
    p.click("#reset")  # nothing selected: selected nodes are labelled first
    p.evaluate("window.refgraph.network.redraw()")
    labels = p.evaluate("window.refgraph.labels()")
    assert len(labels) >= 10
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = (a["x"] >= b["x"] + b["w"] or b["x"] >= a["x"] + a["w"]
                     or a["y"] >= b["y"] + b["h"] or b["y"] >= a["y"] + a["h"])  # fmt: skip
            assert apart, (a, b)
    topics = [lab["id"] for lab in labels if lab["id"].startswith("topic:")]
    assert topics and labels[0]["id"].startswith("topic:")


def test_automatic_topics_are_shown_apart_from_curated_ones(page):
    p = page.page
    assert "Topic, automatic" in p.locator("#legend").inner_text()
    p.evaluate("window.refgraph.select('work:w2')")
    chips = p.locator("#details .chip").all_inner_texts()
    assert any("barrier zonulin" in c and "automatic" in c for c in chips)
    assert any("curated" in c for c in chips)
    p.evaluate("window.refgraph.select('topic:auto')")
    assert "automatic topic discovery" in p.locator("#details").inner_text()


def test_a_bidi_override_in_an_author_name_does_not_reverse_the_page_text(page):
    p = page.page
    p.evaluate("window.refgraph.select('work:w0')")
    # the characters of the year the page writes after the authors, left to right on screen
    xs = p.evaluate(
        """() => {
          const line = document.querySelector('#details p.byline');
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let node; while ((node = walker.nextNode()) && node.data !== '2021') {}
          return [0, 1, 2, 3].map((i) => { const r = document.createRange();
            r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().x; });
        }"""
    )
    assert xs == sorted(xs) and xs[0] < xs[3]
    assert p.locator("#details p.byline bdi").count() == 1  # the evil name, isolated


def test_a_one_megabyte_title_without_spaces_keeps_the_page_responsive(page):
    p = page.page
    p.click("#reset")
    start = time.perf_counter()
    click_node(p, "work:w1")
    p.wait_for_function("() => document.querySelector('#details h2') !== null")
    p.evaluate("1 + 1")
    assert time.perf_counter() - start < 3.0
    heading = p.locator("#details h2")
    assert len(heading.inner_text()) < 3100 and "more characters" in heading.inner_text()
    box = heading.bounding_box()
    assert box["width"] <= p.locator("#details").bounding_box()["width"]
    start = time.perf_counter()
    p.fill("#search", "xxxxxxxx")
    p.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
    assert time.perf_counter() - start < 3.0
    assert page.errors == []
