"""`refgraph export`: the library, or what a query and filters find, in another format."""

from __future__ import annotations

import argparse
from pathlib import Path

from refgraph.atomic import write_text_atomic
from refgraph.cli.console import stderr, stdout
from refgraph.cli.exits import exit_code
from refgraph.cli.find import (
    FILTER_HELP,
    add_filter_options,
    add_query_argument,
    fail,
    has_filters,
    prepared,
    search,
)
from refgraph.cli.options import add_library_options, library_inputs
from refgraph.errors import RefgraphError
from refgraph.export import FORMATS, GRAPH_FORMATS, WORK_FORMATS, enriched_works, neighbourhood
from refgraph.outputs import check_output_file, export_header

FORMAT_HELP = """\
formats:
  bibtex     BibTeX with the checked record (DOI, corrected fields), unknown fields kept
  biblatex   the same with biblatex names (journaltitle, date, location, @thesis, @report)
  csl-json   CSL-JSON for Pandoc (--citeproc) and other citeproc processors
  ris        RIS for Zotero, EndNote, Mendeley; TY per entry type (JOUR, BOOK, CHAP, ...)
  graphml    the graph for Gephi, yEd, Cytoscape, networkx; lists as JSON text
  gexf       the graph for Gephi; kinds, stances and provenance as attributes
  json       refgraph's own node-link JSON of the graph

bibtex, biblatex, csl-json and ris hold the works found; graphml, gexf and json hold the
whole graph, or with a query or filters the nodes found and every node linked to them.
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the library, or what find finds, as BibTeX, CSL-JSON, RIS, GraphML, ...",
        description=(
            "Export the library, or the works a query and filters find (the same as\n"
            "`refgraph find`), to a file (replaced atomically) or to standard output. BibTeX\n"
            "carries the checked record (DOI, corrected fields) under the same keys; Unicode\n"
            "by default, LaTeX escapes with --ascii."
        ),
        epilog=FORMAT_HELP + "\n" + FILTER_HELP + "\nexamples:\n"
        "  refgraph export --format bibtex -o refs.bib\n"
        "  refgraph export --format ris --topic zonulin\n"
        "  refgraph export --format gexf --claim lgs-diagnosis -o lgs.gexf",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_query_argument(parser)
    parser.add_argument("--format", "-f", required=True, choices=FORMATS, help="see below")
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    parser.add_argument("--ascii", action="store_true", help="bibtex/biblatex: LaTeX escapes")
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing -o file that refgraph did not write (a .bib without "
        "refgraph's first line, any existing CSL-JSON or RIS file); never an input",
    )
    add_library_options(parser)
    add_filter_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.format in WORK_FORMATS and args.kind != "work":
        return fail(
            f"--format {args.format} holds works; --kind {args.kind} needs a graph "
            f"format: {', '.join(GRAPH_FORMATS)}"
        )
    try:
        if args.output is not None:  # before any work: -o must never be an input
            check_output_file(args.output, args.format, library_inputs(args), force=args.force)
        library, graph = prepared(args)
        selected = bool(args.query) or has_filters(args)
        hits = search(args, graph) if selected or args.format in WORK_FORMATS else []
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    if selected and not hits:
        stderr().print("No match; exporting nothing.")
    if args.format in WORK_FORMATS:
        # Library order, not rank order: an exported file should diff cleanly run to run.
        works = enriched_works(library, (h.key for h in hits if h.kind == "work"))
        options = {"ascii": args.ascii} if args.format in ("bibtex", "biblatex") else {}
        text = WORK_FORMATS[args.format](works, **options)
    else:
        part = neighbourhood(graph, [h.node for h in hits]) if selected else graph
        text = GRAPH_FORMATS[args.format](part)
    if args.output is None:
        stdout().write(text)
        return 0
    if args.format in ("bibtex", "biblatex"):
        text = export_header(args.format) + text  # what lets the next export replace it
    try:
        write_text_atomic(args.output, text)
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    return 0
