"""`refgraph topics`: every topic with its names and the number of works about it."""

from __future__ import annotations

import argparse
import json
from typing import Any

import networkx as nx
from rich.table import Table
from rich.text import Text

from refgraph.cli.console import fit_width, stderr, stdout
from refgraph.cli.exits import exit_code
from refgraph.cli.find import fail, prepared
from refgraph.cli.options import add_library_options
from refgraph.errors import RefgraphError
from refgraph.wording import plural


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "topics",
        help="list topics with their number of works",
        description=(
            "List every topic of the library: its id (what --topic takes, as do its label "
            "and synonyms), its label, where it comes from (curated in topics.toml, or "
            "found automatically in the titles, keywords, abstracts and venues), its "
            "synonyms in English and Dutch, how many works have it as their main topic and "
            "how many are about it at all (curated, matched or found), most works first."
        ),
    )
    add_library_options(parser)
    parser.add_argument("--json", action="store_true", help="print the topics as JSON")
    parser.set_defaults(func=run)


def topic_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One dict per topic: id, label, origin ("curation" or "auto"), synonyms, terms,
    works (keys), main (keys of the works whose main topic it is); most works first."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "topic":
            continue
        about = [
            (graph.nodes[u]["key"], bool(d.get("main")))
            for u, _, k, d in graph.in_edges(node, keys=True, data=True)
            if k == "about"
        ]
        rows.append(
            {
                "id": data["key"],
                "label": data.get("label", ""),
                "origin": data.get("origin", "curation"),
                "synonyms": list(data.get("synonyms", ())),
                "terms": list(data.get("terms", ())),
                "works": sorted(key for key, _ in about),
                "main": sorted(key for key, main in about if main),
            }
        )
    return sorted(rows, key=lambda r: (-len(r["works"]), r["id"]))


def run(args: argparse.Namespace) -> int:
    try:
        _, graph = prepared(args)
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    rows = topic_rows(graph)
    if args.json:
        stdout().write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        stderr().print("No topics in this library.")
        return 0
    table = Table()
    for name in ("topic", "label", "from", "synonyms", "main", "works"):
        table.add_column(
            name,
            overflow="fold",
            no_wrap=name == "topic",
            justify="right" if name in ("main", "works") else "left",
        )
    for row in rows:
        auto = row["origin"] == "auto"
        synonyms = "" if auto else ", ".join(row["synonyms"])  # an auto topic's are its label
        table.add_row(
            Text(row["id"]),
            Text(row["label"]),
            "found" if auto else "curated",
            Text(synonyms),
            str(len(row["main"])),
            str(len(row["works"])),
        )
    console = stdout()
    fit_width(console, table)
    console.print(table)
    unsorted = _without_topic(graph)
    if unsorted:
        stdout().print(f"{plural(unsorted, 'work')} without a topic")
    return 0


def _without_topic(graph: nx.MultiDiGraph) -> int:
    """How many works are about no topic at all."""
    return sum(
        1
        for node, kind in graph.nodes(data="kind")
        if kind == "work" and not any(k == "about" for _, _, k in graph.out_edges(node, keys=True))
    )
