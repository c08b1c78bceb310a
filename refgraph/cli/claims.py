"""`refgraph claims`: every claim with the works and sources that support, dispute or mix."""

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
from refgraph.model import STANCE_VALUES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "claims",
        help="list claims with their supporters, disputers and mixed",
        description=(
            "List every claim of the library with who takes which stance on it: the works "
            "(as 'Author year') and the citing sources ('Source 001') that support it, "
            "dispute it, or are mixed, and how many do not address it. Use `refgraph find "
            "--claim ID --stance VALUE` to list those works in full."
        ),
    )
    add_library_options(parser)
    parser.add_argument("--json", action="store_true", help="print the claims as JSON (keys)")
    parser.set_defaults(func=run)


def claim_rows(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One dict per claim: id, text, and per stance value the subject nodes taking it."""
    rows = []
    for node, data in sorted(graph.nodes(data=True)):
        if data.get("kind") != "claim":
            continue
        row: dict[str, Any] = {"id": data["key"], "text": data.get("title", "")}
        stances: dict[str, list[str]] = {value: [] for value in STANCE_VALUES}
        for u, _, k, d in graph.in_edges(node, keys=True, data=True):
            if k == "stance" and d.get("value") in stances:
                stances[d["value"]].append(u)
        row.update({value: sorted(nodes) for value, nodes in stances.items()})
        rows.append(row)
    return rows


def run(args: argparse.Namespace) -> int:
    try:
        _, graph = prepared(args)
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    rows = claim_rows(graph)
    if args.json:
        keyed = [
            {
                k: [graph.nodes[n]["key"] for n in v] if isinstance(v, list) else v
                for k, v in row.items()
            }
            for row in rows
        ]
        stdout().write(json.dumps(keyed, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        stderr().print("No claims in this library.")
        return 0
    table = Table(show_lines=True)
    for name in ("claim", "supports", "disputes", "mixed", "not addressed"):
        table.add_column(name, overflow="fold")
    for row in rows:
        cells = [", ".join(graph.nodes[n]["label"] for n in row[v]) for v in STANCE_VALUES[:3]]
        # A count, not names; blank when there are none, as the other columns are.
        unaddressed = len(row["not addressed"])
        cells.append(str(unaddressed) if unaddressed else "")
        table.add_row(Text(f"{row['id']}\n{row['text']}"), *map(Text, cells))
    console = stdout()
    fit_width(console, table)
    console.print(table)
    return 0
