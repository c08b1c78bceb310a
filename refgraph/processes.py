"""refgraph's processes among themselves: one enrichment per cache at a time, and a
forked page renderer that dies with its parent.

- ``EnrichmentLock``: an exclusive ``flock`` on ``<cache>.lock``, held while a run may ask
  Crossref. Crossref's limits count every request from one user, so two runs at once
  (two terminals, a cron job) would together exceed them; with the lock the second run
  waits (or, with ``wait=False``, raises ``Busy``). The kernel releases a ``flock`` when
  its holder dies, so a killed run never leaves the cache locked.
- ``die_with_parent``: in a forked child, asks Linux to kill it when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, through ctypes), ignores Ctrl-C (the parent
  reports it), and exits at once when the parent is already gone. ``parent_alive`` is
  asked again just before the child's atomic rename, so nothing is written after the
  parent died even where ``prctl`` does not exist.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import signal
import sys
import time
from collections.abc import Callable
from types import TracebackType

from refgraph.errors import Busy

PR_SET_PDEATHSIG = 1
POLL = 0.2  # seconds between two tries of a busy lock


class EnrichmentLock:
    """``with EnrichmentLock(cache_file, wait=True, notify=print):`` one run at a time.

    ``notify`` is called once with a sentence when the lock is busy and the run waits.
    A cache ``":memory:"`` needs no lock.
    """

    def __init__(
        self,
        cache_file: str,
        *,
        wait: bool = True,
        notify: Callable[[str], object] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = "" if cache_file == ":memory:" else f"{cache_file}.lock"
        self.wait, self.notify, self._sleep = wait, notify, sleep
        self._fd: int | None = None

    def __enter__(self) -> EnrichmentLock:
        if not self.path:
            return self
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise Busy(f"cannot create the enrichment lock ({exc.strerror})", self.path) from exc
        told = False
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
            if not self.wait:
                self._close()
                raise Busy(
                    "another refgraph process is enriching with this cache; try again when "
                    "it is done (or leave out --no-wait to wait for it)",
                    self.path,
                )
            if not told and self.notify is not None:
                self.notify(
                    f"Another refgraph process is enriching with this cache ({self.path}); "
                    "waiting for it to finish (Crossref's limits hold for both together)."
                )
                told = True
            self._sleep(POLL)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None


def die_with_parent(parent: int) -> None:
    """In a forked child of ``parent``: be killed when it dies; exit now if it has."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if not parent_alive(parent):  # died before prctl took effect
        os._exit(1)


def parent_alive(parent: int) -> bool:
    """True while ``parent`` is still this process's parent (an orphan is re-parented)."""
    return os.getppid() == parent
