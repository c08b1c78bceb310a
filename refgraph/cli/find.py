"""`refgraph find`: search the library by words, topic, claim and stance, years, citing source.

Also home of what the other reading verbs (topics, claims, show, export) share: loading the
prepared library and graph, the filter options, and turning them into ``Filters``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import networkx as nx
from rich.table import Table
from rich.text import Text

from refgraph.cli.console import fit_width, stderr, stdout
from refgraph.cli.exits import exit_code
from refgraph.cli.options import (
    add_library_options,
    library_inputs,
    non_negative,
    offline_options,
    tell_errors,
)
from refgraph.errors import RefgraphError
from refgraph.export import enriched_works, export_bibtex
from refgraph.model import STANCE_VALUES, Library, Work
from refgraph.outputs import check_output_file
from refgraph.pipeline import prepare
from refgraph.search import (
    SEARCH_KINDS,
    Filters,
    Hit,
    SearchIndex,
    check_filters,
    parse_years,
)

DEFAULT_INDEX = Path("build") / "index.sqlite"

FIND_HELP = """\
Search the library. Words are matched in titles, topics (with their English and Dutch
synonyms), keywords, authors, journal, abstracts and stance notes; titles and topics rank
highest. Words are ANDed, "quoted words" form a phrase, OR between words means either;
words of three letters or more also match as prefixes. A word that names a topic finds
every work on it whichever language the name is in: darmflora and microbiome find the same
works. Without words, every work passing the filters is listed (author, year order).
No match says so and exits 0; an unknown filter value names the allowed ones (exit 2).
"""

FILTER_HELP = """\
filter details (all given must hold):
  --topic T          a topic id, label or synonym, in English or Dutch; a name that
                     several topics share finds the works of all of them (said on stderr)
  --claim C          works with a stance on claim C ("not addressed" does not count)
  --stance S         with --claim: only that stance; alone: that stance on any claim
  --year RANGE       2015..2020, 2015.., ..2020 or 2018 (both ends included)
  --cited-by ID      works cited by a source (000, 001) or by a work (its key)
  --kind K           what to list: work (default), source or external (cited, not in bib)
"""


class QueryWords(argparse.Action):
    """The query's words, as many as given, joined into one query: ``find "tight
    junctions" OR zonulin`` is the query ``"tight junctions" OR zonulin`` (a word the
    shell kept whole with its spaces was quoted, so it stays a phrase)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[override]
        words = [values] if isinstance(values, str) else list(values or [])
        setattr(namespace, self.dest, " ".join(_as_phrase(w) for w in words))


def _as_phrase(word: str) -> str:
    return f'"{word}"' if any(c.isspace() for c in word.strip()) and '"' not in word else word


def add_query_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query", nargs="*", default="", action=QueryWords, metavar="WORDS",
        help="words to find (several words are one query)",
    )  # fmt: skip


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters (combine with AND)")
    group.add_argument("--topic", metavar="T", help="topic id, label or synonym (any language)")
    group.add_argument("--claim", metavar="C", help="claim id")
    group.add_argument("--stance", choices=STANCE_VALUES, help="stance on --claim (or on any)")
    group.add_argument("--year", metavar="RANGE", help="2015..2020, 2015.., ..2020 or 2018")
    group.add_argument("--cited-by", metavar="ID", help="a citing source id or work key")
    group.add_argument("--kind", choices=SEARCH_KINDS, default="work", help="default: work")
    parser.add_argument(
        "--index",
        type=Path,
        default=DEFAULT_INDEX,
        metavar="FILE",
        help=f"search index file, rebuilt when the library changes (default: {DEFAULT_INDEX})",
    )


def prepared(args: argparse.Namespace) -> tuple[Library, nx.MultiDiGraph]:
    """The enriched library and its graph, as every reading verb sees them (offline:
    the Crossref cache and the bundled snapshot; reading never touches the network)."""
    # main() resolved --seeds; the verb's process ends after it, so the result is frozen.
    done = prepare(args.library, args.seeds, offline_options(args), freeze=True)
    tell_errors(done.library.problems)
    return done.library, done.graph


def filters_from(args: argparse.Namespace, graph: nx.MultiDiGraph) -> Filters:
    years = parse_years(args.year) if args.year else (None, None)
    filters = Filters(args.topic, args.claim, args.stance, *years, args.cited_by, args.kind)
    return check_filters(filters, graph)


def has_filters(args: argparse.Namespace) -> bool:
    given = (args.topic, args.claim, args.stance, args.year, args.cited_by)
    return any(v is not None for v in given) or args.kind != "work"


def search(args: argparse.Namespace, graph: nx.MultiDiGraph) -> list[Hit]:
    """Hits for the query and filters in ``args``; raises FilterError on a bad value."""
    filters = filters_from(args, graph)
    if len(filters.topics) > 1:  # said, so that a wider list than expected is explained
        stderr().print(
            f"--topic {args.topic!r} names {len(filters.topics)} topics "
            f"({', '.join(filters.topics)}): works about any of them are listed.",
            highlight=False,
            markup=False,
        )
    index_file = check_output_file(
        args.index, "index", library_inputs(args), create_folder=args.index == DEFAULT_INDEX
    )
    with SearchIndex.open(graph, index_file) as index:
        return index.find(args.query or "", filters)


def works_of(library: Library, hits: list[Hit]) -> list[Work]:
    """The enriched works of ``hits``, in hit (rank) order."""
    by_key = {w.key: w for w in enriched_works(library, (h.key for h in hits))}
    return [by_key[h.key] for h in hits if h.kind == "work" and h.key in by_key]


def fail(message: str, status: int = 2) -> int:
    """Say what went wrong on stderr; 2 is a bad option value, 1 an unusable input."""
    stderr().write(f"refgraph: {message}\n")
    return status


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "find",
        help="find works by words, topic, claim and stance, years or citing source",
        description=FIND_HELP,
        epilog=FILTER_HELP + "\nexamples:\n  refgraph find zonulin\n"
        "  refgraph find --claim lgs-diagnosis --stance disputes\n"
        "  refgraph find darmflora --year 2018.. --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_query_argument(parser)
    add_library_options(parser)
    add_filter_options(parser)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the hits as JSON")
    out.add_argument("--bibtex", action="store_true", help="print the works found as BibTeX")
    parser.add_argument("--ascii", action="store_true", help="with --bibtex: LaTeX escapes")
    parser.add_argument("--limit", type=non_negative, metavar="N", help="show at most N hits")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        library, graph = prepared(args)
        hits = search(args, graph)
    except RefgraphError as exc:
        return fail(str(exc), status=exit_code(exc))
    hits = hits[: args.limit] if args.limit is not None else hits
    if not hits:
        stderr().print("No match.", highlight=False)
    if args.json:
        stdout().write(
            json.dumps([_hit_data(h, graph) for h in hits], indent=2, ensure_ascii=False) + "\n"
        )
    elif args.bibtex:
        stdout().write(export_bibtex(works_of(library, hits), ascii=args.ascii))
    elif hits:
        console, table = stdout(), _table(hits)
        fit_width(console, table)
        console.print(table)
    return 0


def _hit_data(hit: Hit, graph: nx.MultiDiGraph) -> dict[str, object]:
    data = graph.nodes[hit.node]
    return {
        "key": hit.key,
        "kind": hit.kind,
        "label": hit.label,
        "title": hit.title,
        "year": hit.year,
        "doi": data.get("doi", ""),
        "doi_url": data.get("doi_url", ""),
        "status": data.get("status", ""),
        "score": hit.score,
    }


def _table(hits: list[Hit]) -> Table:
    table = Table(show_lines=False)
    for name in ("#", "key", "work", "title"):
        table.add_column(name, overflow="fold")
    for i, hit in enumerate(hits, 1):
        table.add_row(str(i), Text(hit.key), Text(hit.label), Text(hit.title))
    return table
