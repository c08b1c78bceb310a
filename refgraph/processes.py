"""refgraph's processes among themselves: one enrichment per cache at a time, and a
forked page renderer that dies with its parent, and ``in_child``: a pure job computed in
a forked child while the parent goes on (``Awaiting``: one started before its input).

- ``EnrichmentLock``: an exclusive ``flock`` on ``<cache>.lock``, held while a run may ask
  Crossref. Crossref's limits count every request from one user, so two runs at once
  (two terminals, a cron job) would together exceed them; with the lock the second run
  waits (or, with ``wait=False``, raises ``Busy``). The kernel releases a ``flock`` when
  its holder dies, so a killed run never leaves the cache locked; a run that ends removes
  the lock file (a killed one leaves an unlocked, empty file, which the next run reuses).
- ``die_with_parent``: in a forked child, asks Linux to kill it when its parent dies
  (``prctl(PR_SET_PDEATHSIG, SIGKILL)``, through ctypes), ignores Ctrl-C (the parent
  reports it), and exits at once when the parent is already gone. ``parent_alive`` is
  asked again just before the child's atomic rename, so nothing is written after the
  parent died even where ``prctl`` does not exist.
- ``answer_pickler``: how a child's answer is pickled: the model's frozen slot dataclasses
  as their class and field values (half the time of Python's own way for them).
"""

from __future__ import annotations

import contextlib
import copyreg
import ctypes
import ctypes.util
import dataclasses
import errno
import fcntl
import io
import multiprocessing as mp
import operator
import os
import pickle
import queue
import signal
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, BinaryIO, Generic, TypeVar

import refgraph.model as model
from refgraph.errors import Busy

PR_SET_PDEATHSIG = 1
T = TypeVar("T")
A = TypeVar("A")
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
        told = False
        while True:
            if self._try_lock():
                return self
            if not self.wait:
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

    def _try_lock(self) -> bool:
        """Lock the file now at ``path``. The holder removes the file when it is done;
        a lock won on a file that was removed meanwhile is worthless, so it is checked
        against the path and tried again."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise Busy(f"cannot create the enrichment lock ({exc.strerror})", self.path) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise Busy(f"cannot lock ({exc.strerror})", self.path) from exc
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(self.path))
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            return self._try_lock()
        self._fd = fd
        return True

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            # Removed while still held, so that no lock file is left in the user's folder;
            # a waiter that opened it meanwhile sees it is gone and tries again.
            with contextlib.suppress(OSError):
                os.unlink(self.path)
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


class InChild(Generic[T]):
    """``job()`` started in a forked child (killed with this process) whose answer,
    pickled through a pipe, is read by ``answer()``: meanwhile this process goes on, on
    the machine's other core. For a pure job whose answer is small next to its inputs
    (fork shares those copy-on-write). A child that fails or dies gives no answer: the
    job is then run where the answer is asked for, so the answer (or the error) is the
    same as in line. ``answer()`` may also be asked in a process forked after this one
    (build's page child reads the layout child's answer); a process that will not ask
    calls ``forget()``, so that the asker sees the pipe end if the child dies.
    ``may_fork``: the child may start children of its own (``in_child`` within the job);
    multiprocessing forbids that to a daemonic child, so this one is not daemonic (it
    still dies with this process, see ``die_with_parent``)."""

    def __init__(self, job: Callable[[], T], *, may_fork: bool = False) -> None:
        self._job, self._starter = job, os.getpid()
        context = mp.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self.child = context.Process(
            target=_answer, args=(job, send, os.getpid()), daemon=not may_fork
        )
        self.child.start()
        send.close()  # the child's copy is the only one left: its death ends the pipe

    def answer(self) -> T:
        try:
            # Unpickled as it arrives: the child pickles into the pipe (``_answer``), so
            # the two overlap, and no copy of the whole pickle is ever held here.
            with open(self._receive.fileno(), "rb", closefd=False) as pipe:
                value: T = _read_answer(pipe)
        except (EOFError, OSError, pickle.UnpicklingError):  # the child died, or failed
            value = self._job()
        finally:
            self._receive.close()
            self.join()
        return value

    def forget(self) -> None:
        self._receive.close()

    def join(self) -> None:
        """Wait for the child (only its starter can)."""
        if os.getpid() == self._starter:
            self.child.join()


class Awaiting(Generic[A, T]):
    """A forked child started before its input exists. It runs ``warm()`` at once (an
    import, say, on the machine's other core while this process is busy), waits for the
    input that ``give(value)`` sends it (pickled: plain data), and sends back
    ``job(value)``, which ``answer()`` reads. As with ``InChild``, a child that fails or
    dies gives no answer and the job then runs where the answer is asked, so the answer
    (or the error) is the same as in line. ``cancel()``: the input will never come (the
    child exits). For a job whose input is small next to what this process holds: the
    child shares nothing of it, having been forked before it existed."""

    def __init__(self, warm: Callable[[], object], job: Callable[[A], T]) -> None:
        self._job = job
        context = mp.get_context("fork")
        inbox, self._send = context.Pipe(duplex=False)
        self._receive, outbox = context.Pipe(duplex=False)
        ends = (inbox, outbox, self._send, self._receive)
        self.child = context.Process(
            target=_await, args=(warm, job, ends, os.getpid()), daemon=True
        )
        self.child.start()
        inbox.close()  # the child's copies are the only ones left: its death ends both pipes
        outbox.close()

    def give(self, value: A) -> Callable[[], T]:
        """Send ``value`` to the child; returns ``answer`` bound to it."""
        with contextlib.suppress(OSError):  # a dead child: answer() runs the job here
            self._send.send(value)
        self._send.close()
        return lambda: self.answer(value)

    def answer(self, value: A) -> T:
        """``job(value)``, from the child (``value`` is what ``give`` sent it)."""
        try:
            found: T = self._receive.recv()
        except (EOFError, OSError):
            found = self._job(value)
        finally:
            self.cancel()
        return found

    def cancel(self) -> None:
        """Close both pipes (a child still waiting sees the end and exits) and wait for it."""
        self._send.close()
        self._receive.close()
        self.child.join()


def _await(
    warm: Callable[[], object],
    job: Callable[[object], object],
    ends: tuple[Connection, Connection, Connection, Connection],
    parent: int,
) -> None:
    die_with_parent(parent)
    inbox, outbox, parents_send, parents_receive = ends
    # The parent's ends, copied by fork: closed, else the inbox never ends while this
    # child holds its other end itself.
    parents_send.close()
    parents_receive.close()
    try:
        warm()
        value = inbox.recv()  # EOFError when cancelled
        found = job(value)
    except BaseException:  # the asker runs the job again and reports what it raises
        os._exit(1)
    with contextlib.suppress(BrokenPipeError):  # nobody waits any more
        outbox.send(found)


def in_child(job: Callable[[], T]) -> Callable[[], T]:
    """``InChild(job).answer``, or ``job`` itself (run when its answer is asked for)
    where fork does not exist or this process may not start one (a daemonic child)."""
    if "fork" not in mp.get_all_start_methods() or mp.current_process().daemon:
        return job
    return InChild(job).answer


def _answer(job: Callable[[], object], send: Connection, parent: int) -> None:
    die_with_parent(parent)
    try:
        value = job()
    except BaseException:  # the asker runs the job again and reports what it raises
        os._exit(1)
    with contextlib.suppress(BrokenPipeError), open(send.fileno(), "wb", closefd=False) as pipe:
        _write_answer(value, pipe)  # nobody waits any more: BrokenPipeError


PIECE = 1000  # items of a list answer per pickle


def _write_answer(value: object, pipe: BinaryIO) -> None:
    """``value`` pickled into ``pipe``: a list in pieces of ``PIECE`` items, each pickled
    on its own, anything else whole. An unpickler keeps every object it made, and the
    arguments it made each from, until its pickle ends; pieces free them piece by piece
    (25,000 enrichments in one pickle left the parent's heap 40 MB larger: the freed
    arguments lay scattered among the objects that stay)."""
    pieces = None
    if type(value) is list:
        pieces = [value[n : n + PIECE] for n in range(0, len(value), PIECE)]
    # Pickled here while a thread writes what is pickled: a pipe holds 64 KB, and an
    # answer made long before it is asked for (the vocabulary matches, 37,000 at 50k)
    # would otherwise be pickled only as the asker reads, on its time.
    ready: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_pieces, args=(ready, pipe))
    writer.start()
    for piece in [
        None if pieces is None else len(pieces),
        *([value] if pieces is None else pieces),
    ]:
        buffer = io.BytesIO()
        answer_pickler(buffer).dump(piece)
        ready.put(buffer.getvalue())
    ready.put(None)
    writer.join()


def _write_pieces(ready: queue.SimpleQueue[bytes | None], pipe: BinaryIO) -> None:
    """Write each piece ``ready`` gives into ``pipe`` until None; a reader gone: stop."""
    broken = False
    while (piece := ready.get()) is not None:
        if not broken:
            try:
                pipe.write(piece)
                pipe.flush()
            except BrokenPipeError:  # nobody waits any more: the pieces are dropped
                broken = True


def _read_answer(pipe: BinaryIO) -> Any:
    """What ``_write_answer`` wrote."""
    pieces = pickle.load(pipe)
    if pieces is None:
        return pickle.load(pipe)
    value: list[Any] = []
    for _ in range(pieces):
        value += pickle.load(pipe)
    return value


def _as_class_and_values(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]]:
    """Pickles an instance of ``cls`` as ``cls(*values)``. Python 3.11 pickles a slot
    dataclass through ``__getstate__``/``__setstate__``, which look its fields up
    (``dataclasses.fields``) for every object; for these classes, whose ``__init__``
    only stores its arguments (no ``__post_init__``, every field in ``__init__``),
    calling the class with the field values in order makes the same object."""
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    if len(dataclasses.fields(cls)) == 1:
        return lambda obj: (cls, (values(obj),))
    return lambda obj: (cls, values(obj))


# Every frozen dataclass of the model: Enrichments and Works (records, references, field
# audits, authors) are most of what children hand back.
_REDUCERS = copyreg.dispatch_table | {
    cls: _as_class_and_values(cls)
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}


def answer_pickler(file: BinaryIO) -> pickle.Pickler:
    """The pickler of a child's answer (``pickle.load`` reads it): 25,000 enrichments
    with their records take 0.9 s instead of 1.7 to pickle, and 0.65 s instead of 1.2 to
    load."""
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    return pickler
