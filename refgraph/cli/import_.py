"""`refgraph import FILE...`: read references from CSL-JSON, RIS, MEDLINE, BibTeX or pasted
text and add the works that are not in the library yet to one .bib file.

``add_to_library`` is shared with `refgraph add`: duplicates left out and reported, keys
given, the target written atomically (or only shown with --dry-run)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import requests
from rich.console import Console

from refgraph.bibtex import load_bibtex_files
from refgraph.cli.console import stderr, stdout
from refgraph.cli.options import add_crossref_options, add_library_options, enrich_options
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.enrich import EnrichOptions, cache_location
from refgraph.errors import InputError, TooManyErrors
from refgraph.importers import FORMATS, ImportResult, read_reference_file
from refgraph.importers.by_doi import find_dois
from refgraph.importers.write import duplicate_message, plan_import, write_plan
from refgraph.model import Problem, Work
from refgraph.outputs import check_import_target
from refgraph.processes import EnrichmentLock

DEFAULT_TARGET = "imported.bib"


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "import",
        help="add works from CSL-JSON, RIS, MEDLINE/.nbib, Web of Science, BibTeX or pasted text",
        description="Read references (format detected from the content) and add the works "
        "that are not in the library yet to one .bib file (default <library>/imported.bib), "
        "with generated citation keys. The target is a new .bib or one refgraph import "
        "wrote; your own .bib files, entries and keys are never changed. Plain "
        "text is parsed offline; when Crossref can be reached each reference is also "
        "looked up and a DOI is added only when it surely matches.",
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--format", choices=FORMATS, help="skip detection: read FILEs as this")
    add_target_options(parser)
    parser.set_defaults(func=run)


def add_target_options(parser: argparse.ArgumentParser) -> None:
    """--into, --dry-run and the library and Crossref options, shared with `refgraph add`."""
    parser.add_argument(
        "--into",
        type=Path,
        metavar="BIB",
        help=f"the .bib file to add to (default <library>/{DEFAULT_TARGET})",
    )
    parser.add_argument("--dry-run", action="store_true", help="show what would be added")
    add_library_options(parser)
    add_crossref_options(parser)


def run(args: argparse.Namespace) -> int:
    err = stderr()
    import_target(args)
    results: list[ImportResult] = []
    try:
        for path in args.files:
            results.append(read_reference_file(path, args.format))
    except InputError as exc:
        err.print(f"error: {exc}")
        err.print("Nothing was written.")
        return 1
    works = [w for r in results for w in r.works]
    problems = [p for r in results for p in r.problems]
    texts = [t for r in results for t in (r.texts or ("",) * len(r.works))]
    options = enrich_options(args)
    if any(texts):
        works = _with_dois(options, works, texts, err)
    return add_to_library(args, works, problems)


def _with_dois(options: EnrichOptions, works: list[Work], texts: list[str], err: Console):
    """Plain-text works with the DOIs Crossref surely matches (unchanged offline)."""
    if options.offline:
        return works
    wanted = [i for i, t in enumerate(texts) if t]
    location = cache_location(options)
    if location.note:
        err.print(location.note)
    cache = CrossrefCache(location.path, readonly=location.readonly)
    # One process at a time asks Crossref with this cache (refgraph.processes).
    lock = EnrichmentLock(location.path, wait=options.wait, notify=err.print)
    with lock, requests.Session() as session, cache:
        client = open_client(options, session)
        try:
            found, notes = find_dois(
                client, [works[i] for i in wanted], [texts[i] for i in wanted], cache
            )
        except TooManyErrors as exc:
            err.print(f"Crossref could not be used ({exc}): references parsed offline only.")
            return works
    out = list(works)
    for i, work in zip(wanted, found, strict=True):
        out[i] = work
    matched = sum(1 for n in notes if n == "matched")
    err.print(f"Crossref: {matched} of {len(wanted)} pasted references matched to a DOI.")
    return out


def open_client(options: EnrichOptions, session: requests.Session) -> CrossrefClient:
    return CrossrefClient(
        session,
        base_url=options.crossref_url,
        mailto=options.mailto,
        timeout=(min(5.0, options.timeout), options.timeout),
    )


def import_target(args: argparse.Namespace) -> Path:
    """The checked --into file (``UsageError``/``UnsafeOutput``: exit 2 at the boundary);
    asked first, so that a bad target stops the verb before it reads or asks anything."""
    target = Path(args.into) if args.into else Path(args.library) / DEFAULT_TARGET
    return check_import_target(target)


def add_to_library(args: argparse.Namespace, works: Sequence[Work], problems: list[Problem]) -> int:
    """Plan, print and (unless --dry-run) write; the exit code of import and add."""
    out, err = stdout(), stderr()
    target = import_target(args)
    try:
        library, existing = _library_works(Path(args.library), target)
        plan = plan_import(works, library, target, existing)
        if not args.dry_run:
            write_plan(plan)
    except InputError as exc:
        err.print(f"error: {exc}")
        return 1
    for work in plan.added:
        out.print(f"  + {work.key}  {work.title[:70]}  [{work.provenance.detail}]")
    for dup in plan.duplicates:
        out.print(f"  = {duplicate_message(dup)}")
    for problem in problems:
        out.print(f"  {problem.severity}: {problem}")
    verb = "Would add" if args.dry_run else "Added"
    out.print(
        f"{verb} {len(plan.added)} work{'s' * (len(plan.added) != 1)} to {target}; "
        f"{len(plan.duplicates)} already in the library; {len(problems)} problem(s)."
    )
    return 0 if works else 1


def _library_works(library: Path, target: Path) -> tuple[list[Work], str]:
    """The works of every .bib in the library and of the target, and the target's text."""
    paths = sorted(library.glob("*.bib")) if library.is_dir() else []
    if target.exists() and target.resolve() not in {p.resolve() for p in paths}:
        paths.append(target)
    existing = ""
    if target.exists():
        try:
            existing = target.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the target .bib: {exc}", str(target)) from exc
    return list(load_bibtex_files(paths).works) if paths else [], existing
