"""The command line: the only part of refgraph that knows argv, stdout and exit codes.

Each verb lives in its own module ``refgraph.cli.<verb>`` with ``register(subparsers)``,
which adds its parser and sets ``func`` to a ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from refgraph.cli.console import stderr
from refgraph.cli.options import seeds_folder
from refgraph.errors import UsageError
from refgraph.version import __version__

# Order is the order of `refgraph --help`.
COMMANDS: tuple[str, ...] = (
    "build",
    "enrich",
    "audit",
    "find",
    "topics",
    "claims",
    "show",
    "export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refgraph",
        description=(
            "Check what a piece of writing cites: load a BibTeX library, check it against "
            "Crossref, and link works, citing documents, topics and claims into one graph."
        ),
    )
    parser.add_argument("--version", action="version", version=f"refgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"refgraph.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # bibtexparser logs each block it cannot parse; refgraph reports those itself as
    # problems with file and line, so its log lines would only say it twice.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    args = build_parser().parse_args(argv)
    if hasattr(args, "seeds"):  # checked once here for every verb that reads seeds
        try:
            args.seeds = seeds_folder(args)
        except UsageError as exc:
            stderr().print(f"refgraph: {exc}", markup=False, highlight=False)
            return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
