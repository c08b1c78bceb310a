"""The exit-code table every verb follows, and the one place errors become exit codes.

  0  done (the command did what was asked; a search that finds nothing is done too)
  1  nothing usable: the inputs cannot be used at all, an output cannot be written,
     `show` of a key the library does not have,
     `enrich` had lookups that failed, `build --strict` found problems in the inputs,
     another enrichment holds the cache (--no-wait)
  2  bad usage: an option value refgraph cannot accept (argparse's own errors too),
     an output path that would damage the user's files, a malformed refgraph.toml
130  interrupted (Ctrl-C); nothing is left half-written
"""

from __future__ import annotations

from refgraph.errors import RefgraphError, UsageError

DONE = 0
UNUSABLE = 1
USAGE = 2
INTERRUPTED = 130

TABLE = """\
exit codes (every verb):
  0    done (no match is done too)
  1    nothing usable: unusable inputs, an output that cannot be written, an unknown
       key (show), failed lookups (enrich), problems in the inputs (build --strict),
       cache busy (--no-wait)
  2    bad usage: a bad option value, an output path that is an input or not
       refgraph's kind of file, a missing output folder, a malformed refgraph.toml
  130  interrupted (Ctrl-C); nothing half-written is left
"""


def exit_code(exc: RefgraphError) -> int:
    """2 for bad usage, 1 for everything else refgraph raises on purpose."""
    return USAGE if isinstance(exc, UsageError) else UNUSABLE
