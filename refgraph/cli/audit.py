"""`refgraph audit`: the citation audit, work by work and field by field."""

from __future__ import annotations

import argparse
import json

from refgraph.audit import audit_to_data, audit_to_markdown
from refgraph.cli.console import stderr, stdout
from refgraph.cli.exits import exit_code
from refgraph.cli.options import (
    add_crossref_options,
    add_library_options,
    enrich_options,
    library_of,
)
from refgraph.enrich import enrich_offline_or_online
from refgraph.errors import RefgraphError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "audit",
        help="as cited vs record, field by field, with verdicts and sources",
        description="The citation audit: for every work and field, the value as cited, the "
        "record's value, the verdict (filled, confirmed, conflict, online-first, needs "
        "review) and where each value came from. Uses the cache and the bundled snapshot; "
        "asks Crossref only for what they lack (or with --refresh).",
    )
    add_library_options(parser)
    add_crossref_options(parser)
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = stderr()
    try:
        library = library_of(args)
        found, _offline, messages = enrich_offline_or_online(
            library, enrich_options(args), notify=console.print
        )
    except RefgraphError as exc:
        console.print(f"error: {exc}", markup=False, highlight=False)
        return exit_code(exc)
    if args.json:
        stdout().write(
            json.dumps(audit_to_data(library.works, found), ensure_ascii=False, indent=2) + "\n"
        )
    else:
        stdout().write(audit_to_markdown(library.works, found))
    for message in messages:
        console.print(message, markup=False, highlight=False)
    return 0
