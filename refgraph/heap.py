"""Python's cycle collector paused while a stage makes many objects that hold no cycles.

The collector runs a full pass over every live container object each time their number
has grown by a quarter; making the 50,000 records of a large library's enrichment set off
a dozen passes over the whole loaded library (a third of that stage's time), and finds
nothing: records, works and their tuples reference each other in one direction only.
Reference counting still frees everything that is dropped, so pausing the collector costs
no memory unless the stage makes cycles, which the first pass after it collects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
