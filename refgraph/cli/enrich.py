"""`refgraph enrich`: look every work up (cache, snapshot, Crossref) and summarise."""

from __future__ import annotations

import argparse

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from refgraph.audit import summarize, summary_line
from refgraph.cli.console import fit_width, stderr, stdout
from refgraph.cli.exits import DONE, UNUSABLE, exit_code
from refgraph.cli.options import (
    add_crossref_options,
    add_library_options,
    enrich_options,
    library_of,
)
from refgraph.crossref.client import usable_mailto
from refgraph.enrich import enrich_offline_or_online
from refgraph.errors import RefgraphError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "enrich",
        help="find and check every work's DOI and record (Crossref, cache, snapshot)",
        description="Look every work up: DOIs found with a confidence, fields filled, "
        "confirmed or conflicting, works needing review, retractions. The .bib is never "
        "modified; corrected BibTeX comes out through `refgraph export`. One enrichment "
        "runs at a time per cache: a second one waits (or stops, with --no-wait). Exit 0 "
        "when every lookup was answered, 1 when some failed (rerun to resume), 2 on bad "
        "usage.",
    )
    add_library_options(parser)
    add_crossref_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = stderr()
    options = enrich_options(args)
    try:
        library = library_of(args)
        if not options.offline and not usable_mailto(options.mailto):
            console.print("No usable --mailto/REFGRAPH_MAILTO: using Crossref's public pool.")
        columns = (TextColumn("{task.description}", markup=False), BarColumn())
        with Progress(*columns, MofNCompleteColumn(), console=console) as bar:
            task = bar.add_task("enriching", total=len(library.works))
            found, _offline, messages = enrich_offline_or_online(
                library,
                options,
                progress=lambda done, total, key: bar.update(task, completed=done, description=key),
                notify=console.print,
            )
    except RefgraphError as exc:
        console.print(f"error: {exc}")
        return exit_code(exc)
    out = stdout()
    table = _table(found)
    fit_width(out, table)
    out.print(table, summary_line(summarize(found)))
    for message in messages:
        console.print(message, markup=False, highlight=False)
    # Online, a work left "pending" was not answered (Crossref unreachable): failed too.
    failed = sum(e.status == "error" or (e.status == "pending" and not options.offline)
                 for e in found)  # fmt: skip
    if failed:
        console.print(f"{failed} lookups failed; run `refgraph enrich` again to resume.")
        return UNUSABLE
    return DONE


def _table(found) -> Table:
    table = Table("work", "status", "DOI", "confidence", "note", title="Enrichment")
    for e in found:
        confidence = f"{e.confidence:.2f}" if e.confidence is not None else ""
        table.add_row(e.key, e.status, e.doi, confidence, e.message[:80])
    return table
