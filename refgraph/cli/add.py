"""`refgraph add DOI...`: add works by DOI (or doi.org link), looked up in one batched
Crossref request and written as `refgraph import` writes. Offline it adds nothing."""

from __future__ import annotations

import argparse

import requests

from refgraph.cli.console import stderr
from refgraph.cli.import_ import (
    DEFAULT_TARGET,
    add_target_options,
    add_to_library,
    import_target,
    open_client,
)
from refgraph.cli.options import enrich_options
from refgraph.doi import is_valid_doi, normalize_doi
from refgraph.enrich import cache_location
from refgraph.errors import TooManyErrors
from refgraph.importers.by_doi import works_for_dois
from refgraph.model import Problem
from refgraph.processes import EnrichmentLock


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "add",
        help="add works by DOI, from Crossref",
        description="Look the DOIs up at Crossref (one batched request) and add the works "
        f"that are not in the library yet to one .bib file (default <library>/{DEFAULT_TARGET}).",
    )
    parser.add_argument("dois", nargs="+", metavar="DOI", help="a DOI or a https://doi.org/ link")
    add_target_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    err = stderr()
    bad = [d for d in args.dois if not is_valid_doi(d)]
    if bad:
        err.print(f"error: not a DOI: {bad[0]} (expected 10.<registrant>/<suffix>)")
        return 2
    import_target(args)
    options = enrich_options(args)
    if options.offline:
        err.print("Offline (--offline): works are added by DOI only from Crossref; nothing added.")
        return 1
    dois = list(dict.fromkeys(normalize_doi(d) for d in args.dois))
    # One process at a time asks Crossref with this cache (refgraph.processes).
    lock = EnrichmentLock(cache_location(options).path, wait=options.wait, notify=err.print)
    with lock, requests.Session() as session:
        try:
            looked = works_for_dois(open_client(options, session), dois)
        except TooManyErrors as exc:
            err.print(f"Crossref could not be reached ({exc}); nothing added.")
            return 1
    problems = [Problem(f"doi:{x.doi}", None, x.message) for x in looked if x.work is None]
    works = [x.work for x in looked if x.work is not None]
    return add_to_library(args, works, problems)
