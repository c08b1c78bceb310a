"""`refgraph show KEY`: one work in full: record, audit, topics, stances, citations."""

from __future__ import annotations

import argparse
import json
from typing import Any

import networkx as nx
from rapidfuzz import fuzz, process, utils
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from refgraph.cli.console import stdout
from refgraph.cli.exits import UNUSABLE, exit_code
from refgraph.cli.find import fail, prepared
from refgraph.cli.options import add_library_options
from refgraph.errors import RefgraphError
from refgraph.export import enriched_works, export_bibtex
from refgraph.graph import related_works
from refgraph.model import UNVERIFIED, Library

# Work attributes shown as "as cited" beside the record's value, in this order.
FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "publisher")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "show",
        help="show one work in full",
        description=(
            "Show one work (by its BibTeX key) or citing source (by its id) in full: the "
            "fields as cited beside the checked record, the audit of every field with its "
            "verdict, the work's topics and where they came from, its stances on the claims, "
            "who cites it and whom it cites."
        ),
    )
    parser.add_argument("key", metavar="KEY", help="a work's BibTeX key or a source id")
    add_library_options(parser)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print everything as JSON")
    out.add_argument("--bibtex", action="store_true", help="print the work as BibTeX")
    parser.set_defaults(func=run)


def details(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The node's attributes and its links, by kind of edge."""

    def label(n: str) -> dict[str, str]:
        data = graph.nodes[n]
        return {"key": data.get("key", n), "kind": data["kind"], "label": data.get("label", n)}

    out = list(graph.out_edges(node, keys=True, data=True))
    return {
        "node": dict(graph.nodes[node]),
        "topics": [
            {**label(v), "origin": d.get("origin"), "detail": d.get("detail", "")}
            for _, v, k, d in out
            if k == "about"
        ],
        "stances": [
            {
                "claim": graph.nodes[v]["key"],
                "text": graph.nodes[v].get("title", ""),
                "value": d.get("value"),
                "note": d.get("note", ""),
                "evidence": d.get("evidence", []),
            }
            for _, v, k, d in out
            if k == "stance"
        ],
        "cited_by": [
            {**label(u), "origin": d.get("origin")}
            for u, _, k, d in graph.in_edges(node, keys=True, data=True)
            if k == "cites"
        ],
        "cites": [{**label(v), "origin": d.get("origin")} for _, v, k, d in out if k == "cites"],
        **{
            f"{name}_with": [{**label(n), "count": c} for n, c in counts.most_common()]
            for name, counts in related_works(graph, node).items()
        },
    }


def run(args: argparse.Namespace) -> int:
    try:
        library, graph = prepared(args)
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    found = node_of(library, args.key)
    if found is None or found not in graph:
        close = closest_keys(library, args.key)
        hint = f"did you mean: {', '.join(close)}" if close else "`refgraph find WORDS` finds works"
        # Nothing usable (exit 1), as the exit-code table says: the verb ran as asked.
        return fail(f"no work or source {args.key!r}; {hint}", status=UNUSABLE)
    info = details(graph, found)
    if args.json:
        stdout().write(json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n")
    elif args.bibtex:
        stdout().write(export_bibtex(enriched_works(library, [graph.nodes[found]["key"]])))
    else:
        stdout().print(_render(info))
    return 0


def node_of(library: Library, key: str) -> str | None:
    """The graph node of a work key or a source id, compared ignoring case as BibTeX
    compares keys (``FASANO2021`` is ``fasano2021``); None when there is none."""
    wanted = key.casefold()
    for kind, keys in (("work", (w.key for w in library.works)),
                       ("source", (s.id for s in library.sources))):  # fmt: skip
        for known in keys:
            if known.casefold() == wanted:
                return f"{kind}:{known}"
    return None


# How alike (rapidfuzz ratio, 0-100) a key must be to be suggested, and how many are.
SUGGEST_SCORE = 60
SUGGESTIONS = 5


def closest_keys(library: Library, key: str) -> list[str]:
    """Up to ``SUGGESTIONS`` work keys and source ids most like ``key``, closest first
    (case ignored); none when nothing is alike."""
    keys = [w.key for w in library.works] + [s.id for s in library.sources]
    found = process.extract(key, keys, scorer=fuzz.ratio, processor=utils.default_process,
                            limit=SUGGESTIONS, score_cutoff=SUGGEST_SCORE)  # fmt: skip
    return [match for match, _score, _index in found]


def _render(info: dict[str, Any]) -> Group:
    data = info["node"]
    parts: list[Any] = [
        Panel(Text(data.get("title", "")), title=Text(f"{data.get('key')}: {data['label']}"))
    ]
    if data["kind"] == "work":
        parts += [_record_table(data), _audit_table(data.get("audit", []))]
        if data.get("retracted"):
            parts.append(Text("Retracted (see updates in --json)", style="bold red"))
    else:
        parts.append(Text(data.get("summary", "")))
    parts.append(_list("Topics", [f"{t['label']} ({t['origin']})" for t in info["topics"]]))
    stances = Table(title="Stances", title_justify="left")
    for name in ("claim", "stance", "note"):
        stances.add_column(name, overflow="fold")
    for s in info["stances"]:
        stances.add_row(Text(s["claim"]), s["value"], Text(s["note"]))
    parts.append(stances if info["stances"] else "Stances: none")
    parts.append(_list("Cited by", [c["label"] for c in info["cited_by"]]))
    parts.append(_list("Cites", [c["label"] for c in info["cites"]]))
    for name, title in (("cocited_with", "Co-cited with"), ("coupled_with", "Coupled with")):
        parts.append(_list(title, [f"{c['label']} ({c['count']})" for c in info[name]]))
    return Group(*parts)


def _record_table(data: dict[str, Any]) -> Group:
    """As cited, the record (only when it matched) and the checked work, side by side,
    all three read from the node (``refgraph.graph.WorkNode``)."""
    cited, record = data.get("cited") or {}, data.get("record") or {}
    table = Table(title=f"Record (lookup: {data.get('status', 'pending')})", title_justify="left")
    for name in ("field", "as cited", "record", "checked"):
        table.add_column(name, overflow="fold")
    unverified = {a["field"] for a in data.get("audit", []) if a["verdict"] == UNVERIFIED}
    for field in FIELDS:
        checked = data.get(field)
        if field in unverified:
            checked = f"{cited.get(field)}: {UNVERIFIED}"
        if field == "doi" and data.get("doi_url"):
            checked = data["doi_url"]
        as_cited = cited.get(field)
        if field == "year":  # the year as written ("2020a", "in press"), else the number
            as_cited = cited.get("year_shown") or as_cited
            if data.get("date_from") == "cited":
                checked = f"{data.get('year_shown') or data.get('date')} (cited)"
            elif data.get("date_from"):
                checked = f"{data.get('date')} ({data['date_from']})"
        cells = (as_cited, record.get(field), checked)
        table.add_row(field, *(Text(_text(c)) for c in cells))
    notes = [*data.get("notes", []), *(_notice(u) for u in data.get("updates", []))]
    notes += [f"this record is a {_notice(u)}" for u in data.get("update_to", [])]
    return Group(table, *(Text(n) for n in notes if n))


def _notice(update: dict[str, Any]) -> str:
    """ "retraction 10.x/y (2024): label", "new version 10.x/y (of this work itself)"."""
    kind = str(update.get("kind") or "update").replace("-", " ")
    when = f" ({update['year']})" if update.get("year") else ""
    label = f": {update['label']}" if update.get("label") else ""
    self_note = " (of this work itself: neither a correction nor a retraction)"
    return f"{kind} {update.get('doi', '')}{when}{label}" + (
        self_note if update.get("effect") == "self" else ""
    )


def _audit_table(audit: list[dict[str, Any]]) -> Table | Text:
    if not audit:
        return Text("Audit: not checked against a record yet")
    table = Table(title="Audit", title_justify="left")
    for name in ("field", "cited", "record", "verdict", "note"):
        table.add_column(name, overflow="fold")
    for a in audit:
        cells = (a["cited"], a["record"], a["verdict"], a.get("note", ""))
        table.add_row(a["field"], *(Text(str(c)) for c in cells))
    return table


def _list(title: str, items: list[str]) -> Text:
    return Text(f"{title}: {'; '.join(items) if items else 'none'}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)
