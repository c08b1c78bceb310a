"""The topic map (refgraph.render.topicmap): main topics, topic links, grouped layout."""

from __future__ import annotations

import math

import networkx as nx
from synthetic_graphs import synthetic_graph

from refgraph.render.topicmap import (
    NO_TOPIC,
    grouped_layout,
    main_topics,
    strongest_links,
    topic_links,
)


def _about(graph, work, topic, **attrs):
    graph.add_edge(work, topic, key="about", kind="about", **attrs)


def test_main_topic_is_the_marked_one_else_curated_first():
    graph = nx.MultiDiGraph()
    for n in ("work:a", "work:b", "work:c"):
        graph.add_node(n, kind="work")
    for t in ("topic:x", "topic:y"):
        graph.add_node(t, kind="topic")
    _about(graph, "work:a", "topic:x", origin="curation", main=False)
    _about(graph, "work:a", "topic:y", origin="auto", main=True)
    _about(graph, "work:b", "topic:y", origin="auto")
    _about(graph, "work:b", "topic:x", origin="curation")
    assert main_topics(graph) == {"work:a": "topic:y", "work:b": "topic:x"}


def test_topics_are_linked_by_citations_and_shared_authors():
    graph = nx.MultiDiGraph()
    graph.add_node("work:a", kind="work", authors=["A. Smith"])
    graph.add_node("work:b", kind="work", authors=["a.  smith"])
    graph.add_node("work:c", kind="work", authors=["C. Jones"])
    graph.add_edge("work:c", "work:a", key="cites", kind="cites")
    main = {"work:a": "topic:x", "work:b": "topic:y"}
    links = topic_links(graph, main)
    assert links == {("topic:x", "topic:y"): 1, ("topic:x", NO_TOPIC): 1}
    assert strongest_links({("a", "b"): 5, ("a", "c"): 1, ("b", "c"): 2}, per_topic=1) == [
        ("a", "b", 5),
        ("b", "c", 2),
    ]


def test_each_topics_works_gather_around_it_and_discs_do_not_overlap():
    graph = synthetic_graph(1500, 6000, seed=2)
    main = main_topics(graph)
    positions, groups = grouped_layout(graph, main, strongest_links(topic_links(graph, main)))
    assert set(graph.nodes) <= set(positions)
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            assert math.dist((a.x, a.y), (b.x, b.y)) >= a.radius + b.radius - 1
    disc = {g.topic: g for g in groups}
    for work, topic in main.items():  # inside its main topic's disc, so inside no other
        assert math.dist(positions[work], positions[topic]) <= disc[topic].radius
    assert grouped_layout(graph, main, [])[0] == grouped_layout(graph, main, [])[0]


def test_the_works_of_no_topic_stand_apart_right_of_the_topics():
    """krr.bib: 339 works of no topic were an unlabelled blob in the middle of the map."""
    graph = synthetic_graph(1500, 6000, seed=2)
    for work in [n for n, k in graph.nodes(data="kind") if k == "work"][:60]:
        for _, topic, key in list(graph.out_edges(work, keys=True)):
            if key == "about":
                graph.remove_edge(work, topic, key=key)
    main = main_topics(graph)
    _, groups = grouped_layout(graph, main, strongest_links(topic_links(graph, main)))
    none = next(g for g in groups if g.topic == NO_TOPIC)
    assert none.works == 60
    right = max(g.x + g.radius for g in groups if g.topic != NO_TOPIC)
    assert none.x - none.radius > right


def test_topics_laid_out_in_two_processes_have_the_same_positions(monkeypatch):
    """share=in_child: about half the topics' layouts made by a forked child give the
    positions of one process, in the same order (the page's bytes depend on both)."""
    from refgraph.processes import in_child
    from refgraph.render import topicmap

    graph = synthetic_graph(1500, 6000, seed=2)
    alone = topicmap.topic_layout(graph)
    asked = []

    def share(job):
        asked.append(job)
        return in_child(job)

    monkeypatch.setattr(topicmap, "SHARE_ABOVE_WORKS", 100)
    shared = topicmap.topic_layout(graph, share=share)
    assert len(asked) == 1
    assert shared == alone
    assert list(shared[2]) == list(alone[2])  # positions in the same order
    topics = sorted(set(alone[0].values()))
    mine, theirs = topicmap._halves(topics, dict.fromkeys(topics, 1.0), 0.5)
    assert sorted(mine + theirs) == topics and abs(len(mine) - len(theirs)) <= 1
