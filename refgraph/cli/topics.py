"""`refgraph topics`: every topic with its names and the number of works about it."""

from __future__ import annotations

import argparse
import json
from typing import Any

import networkx as nx
from rich.table import Table
from rich.text import Text

from refgraph.cli.console import stderr, stdout
from refgraph.cli.find import fail, prepared
from refgraph.cli.options import add_library_options
from refgraph.errors import RefgraphError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "topics",
        help="list topics with their number of works",
        description=(
            "List every topic of the library: its id (what --topic takes, as do its label "
            "and synonyms), its label, its synonyms in English and Dutch, and how many works "
            "are about it (curated or matched), most works first."
        ),
    )
    add_library_options(parser)
    parser.add_argument("--json", action="store_true", help="print the topics as JSON")
    parser.set_defaults(func=run)


def topic_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One dict per topic: id, label, synonyms, works (keys); most works first."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "topic":
            continue
        works = sorted(
            graph.nodes[u]["key"] for u, _, k in graph.in_edges(node, keys=True) if k == "about"
        )
        rows.append(
            {
                "id": data["key"],
                "label": data.get("label", ""),
                "synonyms": list(data.get("synonyms", ())),
                "works": works,
            }
        )
    return sorted(rows, key=lambda r: (-len(r["works"]), r["id"]))


def run(args: argparse.Namespace) -> int:
    try:
        _, graph = prepared(args)
    except RefgraphError as exc:
        return fail(str(exc), status=1)
    rows = topic_rows(graph)
    if args.json:
        stdout().write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        stderr().print("No topics in this library.")
        return 0
    table = Table()
    for name in ("topic", "label", "synonyms", "works"):
        table.add_column(
            name,
            overflow="fold",
            no_wrap=name == "topic",
            justify="right" if name == "works" else "left",
        )
    for row in rows:
        synonyms = ", ".join(row["synonyms"])
        table.add_row(Text(row["id"]), Text(row["label"]), Text(synonyms), str(len(row["works"])))
    stdout().print(table)
    return 0
