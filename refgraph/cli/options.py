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

from refgraph.crossref.client import DEFAULT_URL
from refgraph.enrich import CACHE_FILENAME, EnrichOptions
from refgraph.errors import UsageError

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
        "--cache",
        type=Path,
        metavar="PATH",
        help=f"Crossref cache file (default <library>/{CACHE_FILENAME}; git-ignored)",
    )


def read_config(path: str | Path = CONFIG_FILE) -> dict[str, str]:
    """The ``[crossref]`` table of refgraph.toml ({} when there is none)."""
    p = Path(path)
    if not p.is_file():
        return {}
    with p.open("rb") as fh:
        table = tomllib.load(fh).get("crossref", {})
    return {k: str(v) for k, v in table.items() if isinstance(v, str | int | float)}


def enrich_options(args: argparse.Namespace) -> EnrichOptions:
    """EnrichOptions from parsed arguments, the environment and refgraph.toml."""
    config = read_config()
    url = (
        getattr(args, "crossref_url", None)
        or os.environ.get("REFGRAPH_CROSSREF_URL")
        or config.get("url")
        or DEFAULT_URL
    )
    mailto = (
        getattr(args, "mailto", None) or os.environ.get("REFGRAPH_MAILTO") or config.get("mailto")
    )
    cache = getattr(args, "cache", None)
    return EnrichOptions(
        library_dir=str(args.library),
        crossref_url=url,
        mailto=mailto or None,
        offline=bool(getattr(args, "offline", False)),
        refresh=bool(getattr(args, "refresh", False)),
        cache_path=str(cache) if cache else None,
    )
