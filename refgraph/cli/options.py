"""Options shared by the verbs: where the library is, and how to reach Crossref.

Precedence for the Crossref settings: command line, then environment
(``REFGRAPH_CROSSREF_URL``, ``REFGRAPH_MAILTO``), then ``refgraph.toml`` in the current
folder (``[crossref] url = ...``, ``mailto = ...``), then the defaults. There is no default
mailto: without one refgraph uses Crossref's public pool and says so.
"""

from __future__ import annotations

import argparse
import os
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from refgraph.cli.console import stderr
from refgraph.crossref.client import DEFAULT_URL
from refgraph.enrich import CACHE_FILENAME, EnrichOptions
from refgraph.errors import UsageError
from refgraph.library import load_library
from refgraph.model import Library, Problem
from refgraph.outputs import Inputs, check_output_file, inputs_of

CONFIG_FILE = "refgraph.toml"
DEFAULT_SEEDS = Path("seeds")


def add_library_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--library",
        type=Path,
        default=Path("bib"),
        metavar="DIR",
        help="folder with the .bib files and annotations/ (default: bib)",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"folder with the seed documents' records (default: {DEFAULT_SEEDS} when it "
        "exists; a folder named here must exist)",
    )
    add_cache_option(parser)


def seeds_folder(args: argparse.Namespace) -> Path | None:
    """The seed folder to read: the one ``--seeds`` names, which must exist (a typo must
    not silently give a library without sources), else ``./seeds`` when there is one.
    Raises UsageError for a named folder that is not there."""
    named: Path | None = getattr(args, "seeds", None)
    if named is None:
        return DEFAULT_SEEDS if DEFAULT_SEEDS.is_dir() else None
    if not named.is_dir():
        raise UsageError(f"--seeds {named}: no such folder")
    return named


def library_of(args: argparse.Namespace, *, match: bool = True) -> Library:
    """The library of ``--library`` and ``--seeds`` as every verb but ``build`` loads it
    (``refgraph.library.load_library``), its errors told on stderr (``tell_errors``)."""
    library = load_library(args.library, args.seeds, match=match)
    tell_errors(library.problems)
    return library


def tell_errors(problems: tuple[Problem, ...]) -> None:
    """One line on stderr when the inputs had errors (an entry or item that could not be
    read, so it is left out): how many, the first one's place, and where the full list is.
    Without it a verb would silently work on part of the library. ``build`` lists every
    problem itself; warnings are for ``build`` alone."""
    errors = [p for p in problems if p.severity == "error"]
    if not errors:
        return
    first = errors[0]
    where = f"{first.file}:{first.line}" if first.line is not None else first.file
    what = "error" if len(errors) == 1 else "errors"
    stderr().write(
        f"refgraph: {len(errors)} {what} in the inputs: entries or items that could not be "
        f"read are left out (first: {where}{f' [{first.key}]' if first.key else ''}); "
        "see `refgraph build` for the full list\n"
    )


def add_crossref_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Crossref")
    group.add_argument(
        "--crossref-url",
        metavar="URL",
        help=f"API base URL (env REFGRAPH_CROSSREF_URL; default {DEFAULT_URL})",
    )
    group.add_argument(
        "--mailto",
        metavar="ADDRESS",
        help="your e-mail address, sent to Crossref in the User-Agent for its polite pool "
        "(env REFGRAPH_MAILTO; never logged)",
    )
    group.add_argument(
        "--offline", action="store_true", help="use only the cache and the bundled snapshot"
    )
    group.add_argument(
        "--refresh", action="store_true", help="ask Crossref again even for cached works"
    )
    group.add_argument(
        "--no-wait",
        action="store_true",
        help="when another refgraph process is enriching with the same cache, stop (exit 1) "
        "instead of waiting for it",
    )


def add_cache_option(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--cache FILE``: every verb that reads the Crossref cache takes it."""
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="PATH",
        help=f"Crossref cache file (default <library>/{CACHE_FILENAME}, or in "
        "$XDG_CACHE_HOME/refgraph/ when the library folder cannot be written)",
    )


def non_negative(text: str) -> int:
    """argparse type: an integer >= 0 (``--limit -1`` is a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative; give 0 or more")
    return value


def library_inputs(args: argparse.Namespace) -> Inputs:
    """The input files of the library and seeds that no output may ever replace."""
    return inputs_of(args.library, getattr(args, "seeds", None))


def checked_cache(args: argparse.Namespace, inputs: Inputs | None = None) -> Path | None:
    """``--cache`` when given and safe to write (not an input, not a foreign file)."""
    cache = getattr(args, "cache", None)
    if cache is None:
        return None
    return check_output_file(cache, "cache", inputs or library_inputs(args))


def read_config(path: str | Path = CONFIG_FILE) -> dict[str, str]:
    """The ``[crossref]`` table of refgraph.toml ({} when there is none). A file that is
    not valid TOML, or whose ``crossref`` is not a table, is a ``UsageError`` naming it."""
    p = Path(path)
    if not p.is_file():
        return {}
    try:
        with p.open("rb") as fh:
            table = tomllib.load(fh).get("crossref", {})
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{p}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{p}: cannot be read: {exc}") from exc
    if not isinstance(table, dict):
        raise UsageError(f"{p}: [crossref] must be a table (url = ..., mailto = ...)")
    return {k: str(v) for k, v in table.items() if isinstance(v, str | int | float)}


def crossref_url(value: str, where: str) -> str:
    """``value`` when it is an http(s) URL with a host; else a UsageError saying where
    the value came from (an option, the environment, refgraph.toml)."""
    try:
        parts = urlsplit(value)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname) and parts.port != 0
    except ValueError:  # a port that is not a number, a bad IPv6 literal
        ok = False
    if not ok or any(c.isspace() for c in value):
        raise UsageError(f"{where}: {value!r} is not an http(s) URL (such as {DEFAULT_URL})")
    return value


def offline_options(args: argparse.Namespace) -> EnrichOptions:
    """What the reading verbs (find, show, export, topics, claims) use: the cache (from
    ``--cache``) and the bundled snapshot, never the network."""
    cache = checked_cache(args)
    return EnrichOptions(
        library_dir=str(args.library), offline=True, cache_path=str(cache) if cache else None
    )


def enrich_options(args: argparse.Namespace) -> EnrichOptions:
    """EnrichOptions from parsed arguments, the environment and refgraph.toml."""
    config = read_config()
    url, where = next(
        (value, where)
        for value, where in (
            (getattr(args, "crossref_url", None), "--crossref-url"),
            (os.environ.get("REFGRAPH_CROSSREF_URL"), "REFGRAPH_CROSSREF_URL"),
            (config.get("url"), f"{CONFIG_FILE} [crossref] url"),
            (DEFAULT_URL, "default"),
        )
        if value
    )
    url = crossref_url(url, where)
    mailto = (
        getattr(args, "mailto", None) or os.environ.get("REFGRAPH_MAILTO") or config.get("mailto")
    )
    cache = checked_cache(args)
    return EnrichOptions(
        library_dir=str(args.library),
        crossref_url=url,
        mailto=mailto or None,
        offline=bool(getattr(args, "offline", False)),
        refresh=bool(getattr(args, "refresh", False)),
        cache_path=str(cache) if cache else None,
        wait=not getattr(args, "no_wait", False),
    )
