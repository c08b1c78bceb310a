"""The command line: the only part of refgraph that knows argv, stdout and exit codes.

Each verb lives in its own module ``refgraph.cli.<verb>`` with ``register(subparsers)``,
which adds its parser and sets ``func`` to a ``run(args) -> int``.

``main`` is the error boundary: whatever a verb does not handle itself ends here as one
line on stderr and an exit code, never a traceback. Exit codes (the table is
``refgraph.cli.exits``, printed by ``refgraph --help``): 0 done; 1 nothing usable
(a ``RefgraphError``, a file that cannot be read or written); 2 bad usage (argparse's
errors, a ``UsageError`` such as ``FilterError``); 130 interrupted (Ctrl-C). A bug (any other
exception) prints "internal error" with the exception and exits 1; ``REFGRAPH_DEBUG=1``
re-raises it with its traceback instead.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sqlite3
import sys
from typing import NoReturn

from refgraph.cli.console import LogHandler, stderr
from refgraph.cli.exits import INTERRUPTED, TABLE, exit_code
from refgraph.cli.options import seeds_folder
from refgraph.controls import escape_for_terminal
from refgraph.errors import RefgraphError
from refgraph.heap import ending_with_exit_now, exit_now
from refgraph.version import __version__

# Order is the order of `refgraph --help`.
COMMANDS: tuple[str, ...] = (
    "build",
    "enrich",
    "audit",
    "find",
    "topics",
    "claims",
    "annotate",
    "show",
    "export",
    "import",
    "add",
)


class Parser(argparse.ArgumentParser):
    """argparse, with the user's own arguments escaped when an error message quotes them
    (``invalid choice: '...'``); subparsers are made with the same class."""

    def error(self, message: str):  # type: ignore[override]
        super().error(escape_for_terminal(message))


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="refgraph",
        description=(
            "Check what a piece of writing cites: load a BibTeX library, check it against "
            "Crossref, and link works, citing documents, topics and claims into one graph."
        ),
        epilog=TABLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"refgraph {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        # "import" is a Python keyword: its module is refgraph.cli.import_
        module = "import_" if name == "import" else name
        importlib.import_module(f"refgraph.cli.{module}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # bibtexparser logs each block it cannot parse; refgraph reports those itself as
    # problems with file and line, so its log lines would only say it twice.
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    logging.lastResort = LogHandler(logging.WARNING)  # escaped, like every other output
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if any("\0" in arg for arg in argv):
        # No shell can pass one; a caller's NUL would fail deep inside a file name.
        parser.error("an argument holds a NUL byte")
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "seeds"):  # checked once here for every verb that reads seeds
            args.seeds = seeds_folder(args)
        return int(args.func(args) or 0)
    except Exception as exc:  # noqa: BLE001 - the boundary: one message, no traceback
        if os.environ.get("REFGRAPH_DEBUG") and not isinstance(exc, RefgraphError):
            raise
        return _report(exc)
    except KeyboardInterrupt:
        stderr().write("refgraph: interrupted; nothing half-written was left\n")
        return INTERRUPTED


def entry() -> NoReturn:
    """The ``refgraph`` command (pyproject's script): ``main``, then the process ends at
    once with its status (``refgraph.heap.exit_now``): a 50,000-work build spent 0.5 s
    freeing what it had made. Usage errors, ``--help`` and ``--version`` end through
    argparse's ``SystemExit`` as before."""
    ending_with_exit_now()
    exit_now(main())


def _report(exc: Exception) -> int:
    """Say what went wrong in one line on stderr; return the exit code."""
    if isinstance(exc, RefgraphError):
        message, status = str(exc), exit_code(exc)
    elif isinstance(exc, BrokenPipeError):
        # The reader went away (`refgraph find | head`): nothing to say to anyone.
        _silence_stdout()
        return 1
    elif isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        message, status = f"{where}{exc.strerror or exc}", 1
    elif isinstance(exc, sqlite3.Error):
        message, status = f"database error: {exc}", 1
    else:
        message = f"internal error (a bug in refgraph, please report it): {exc!r}"
        status = 1
    stderr().write(f"refgraph: {message}\n")
    return status


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    entry()
