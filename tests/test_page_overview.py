"""The topic overview of a big library, in a real Chromium: the page opens on topics; a
click or a zoom opens a topic's works; search reaches every work and opens its topic.
Fails, never skips, without /usr/bin/chromium."""

from __future__ import annotations

import pytest
from page_browser import chromium, click_node, open_page
from synthetic_graphs import synthetic_graph

from refgraph.render import payload, render_html
from refgraph.render.topicmap import main_topics

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def big(browser, tmp_path_factory):
    graph = synthetic_graph(3000, 9000, seed=5)  # ~1,000 works, 20 topics
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(payload, "OVERVIEW_LIMIT", 500)  # the real limit is a few thousand
        html = render_html(graph)
    path = tmp_path_factory.mktemp("overview") / "index.html"
    path.write_text(html, encoding="utf-8")
    watched = open_page(browser, path)
    yield graph, watched
    watched.page.context.close()


def shown(p) -> set[str]:
    return set(p.evaluate("window.refgraph.visibleIds()"))


def test_opens_on_one_labelled_node_per_topic(big):
    graph, watched = big
    p = watched.page
    topics = set(main_topics(graph).values())
    assert len(topics) == 20  # every topic is some work's main topic here
    assert shown(p) == topics
    p.evaluate("window.refgraph.network.redraw()")
    labelled = {lab["id"] for lab in p.evaluate("window.refgraph.labels()")}
    assert labelled == topics
    sizes = p.evaluate(
        "(ids) => ids.map((id) => window.refgraph.network.body.nodes[id].options.size)",
        sorted(topics),
    )
    assert len(set(sizes)) > 3  # sized by their works
    assert watched.errors == []


def test_a_click_opens_a_topics_works_and_back_closes_them(big):
    graph, watched = big
    p = watched.page
    main = main_topics(graph)
    click_node(p, "topic:t3")
    works = {w for w, t in main.items() if t == "topic:t3"}
    assert works and works <= shown(p)
    assert not {w for w, t in main.items() if t != "topic:t3"} & shown(p)
    assert p.locator("#details h2").inner_text() == graph.nodes["topic:t3"]["title"]
    p.click("#overview-back")
    assert not works & shown(p)
    assert p.locator("#overview-back").is_hidden()


def test_search_reaches_every_work_and_opens_its_topic(big):
    graph, watched = big
    p = watched.page
    main = main_topics(graph)
    # a DOI that is no other DOI's prefix ("synthetic.12" would also find "synthetic.120")
    n_works = sum(1 for k in graph.nodes(data="kind") if k[1] == "work")
    work = next(w for w, t in sorted(main.items()) if t == "topic:t7" and int(w[6:]) * 10 > n_works)
    p.fill("#search", graph.nodes[work]["doi"])
    p.press("#search", "Enter")
    p.wait_for_function("(id) => window.refgraph.visibleIds().includes(id)", arg=work)
    assert p.locator("#details h2").inner_text() == graph.nodes[work]["title"]
    assert p.evaluate("window.refgraph.network.getSelectedNodes()") == [work]
    p.click("#reset")
    assert shown(p) == set(main_topics(graph).values())


def test_zooming_in_on_a_topic_opens_it(big):
    graph, watched = big
    p = watched.page
    p.click("#reset")
    x, y = p.evaluate(
        """() => { const net = window.refgraph.network;
            const c = net.canvasToDOM(net.getPositions(['topic:t5'])['topic:t5']);
            const r = document.getElementById('network').getBoundingClientRect();
            return [r.left + c.x, r.top + c.y]; }"""
    )
    p.mouse.move(x, y)
    for _ in range(12):
        p.mouse.wheel(0, -300)
        p.wait_for_timeout(60)
    p.wait_for_function("() => window.refgraph.overview().zoomed.length > 0", timeout=5000)
    works = {w for w, t in main_topics(graph).items() if t == "topic:t5"}
    assert works <= shown(p)


def test_gzipped_details_are_read_in_the_page(browser, tmp_path):
    """A big library's details block is gzipped (refgraph.render.details_block); the page
    inflates it after the first drawing and shows a work's record and audit."""
    import refgraph.render as render

    graph = synthetic_graph(80, 300, seed=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(render, "GZIP_DETAILS_ABOVE", 0)
        html = render_html(graph)
    assert 'data-encoding="gzip+base64"' in html
    path = tmp_path / "gz.html"
    path.write_text(html, encoding="utf-8")
    watched = open_page(browser, path)
    p = watched.page
    p.evaluate("window.refgraph.select('work:w3')")
    p.locator("#details table.audit").wait_for(timeout=10_000)
    assert p.locator("#details h2").inner_text() == graph.nodes["work:w3"]["title"]
    assert p.locator("#details .pending").count() == 0
    assert watched.errors == [] and all(u.startswith("file:") for u in watched.requests)
    watched.page.context.close()
