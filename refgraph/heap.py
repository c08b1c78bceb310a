"""Python's cycle collector paused while a stage makes many objects that hold no cycles.

The collector runs a full pass over every live container object each time their number
has grown by a quarter; making the 50,000 records of a large library's enrichment set off
a dozen passes over the whole loaded library (a third of that stage's time), and finds
nothing: records, works and their tuples reference each other in one direction only.
Reference counting still frees everything that is dropped, so pausing the collector costs
no memory unless the stage makes cycles, which the first pass after it collects.

And the heap left alone at the end: the ``refgraph`` command ends its process with
``os._exit`` once its output is flushed (``refgraph.cli.entry``), and what a verb keeps
with ``keep_until_exit`` is never freed object by object (0.4 s for a 50,000-work library
and its graph, then the interpreter's own teardown), since the operating system takes the
whole process back at once.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the ``with`` block (nested or not: it is switched
    back on only if it was on), so that acyclic work is not slowed by full passes."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# What keep_until_exit keeps, and whether it keeps anything: only in a process that ends
# with exit_now (the refgraph command); a test or a program calling refgraph's functions
# would otherwise keep every library it loads.
_KEPT: list[object] = []
_KEEPING = False


def keep_until_exit(value: object) -> None:
    """Keep ``value`` alive until the process ends, where the process ends with
    ``exit_now`` (the ``refgraph`` command, after ``ending_with_exit_now``): freeing it
    object by object would only cost time. Elsewhere it does nothing."""
    if _KEEPING:
        _KEPT.append(value)


def ending_with_exit_now() -> None:
    """Say that this process ends with ``exit_now``: ``keep_until_exit`` keeps from here on."""
    global _KEEPING
    _KEEPING = True


def exit_now(status: int) -> NoReturn:
    """End the process with ``status`` once stdout and stderr are flushed, skipping the
    interpreter's teardown (``os._exit``): nothing is freed, no ``atexit`` handler runs.
    For the command's end only: every file it writes is closed and renamed by then."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed or broken pipe: nothing to deliver
            stream.flush()
    os._exit(status)
