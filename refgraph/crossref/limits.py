"""Crossref's rate limits, read from every response and never exceeded.

Two pools, each with its own request rate: "single" (``/works/{doi}``) and "list"
(``/works?filter=...``, ``/works?query...``); since July 2026 Crossref limits list queries
separately and lower. The concurrency limit is applied across both pools (the stricter of
the two), because Crossref does not say whether it counts them apart.

Headers are parsed defensively: a missing or unreadable header keeps the current value;
a duplicated one (``'50, 50'``, seen live) counts by its smallest value. Before the first
response the documented defaults apply, with one request at a time.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

POOLS = ("single", "list")
# The server counts arrival times, which we cannot see: a request arrives somewhere between
# our send and our receipt of the answer. So request n may start only one window after
# request n - limit (and every request before it) has been ANSWERED: then its arrival is
# provably a full window after theirs, whatever the scheduling jitter. (Counting from send
# times with a 20 ms or 60 ms margin was exceeded on a loaded 2-core machine.) The cost is
# one round trip per window: about 87% of the ceiling at 150 ms latency and a 1 s window.
SAFETY = 0.0
SAFETY_MIN = 0.005
TICK = 0.05  # longest uninterruptible wait, seconds
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$", re.IGNORECASE)
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}


@dataclass(frozen=True)
class Limits:
    limit: int  # requests per interval
    interval: float  # seconds
    concurrency: int


def default_limits(polite: bool) -> dict[str, Limits]:
    """Crossref's published pool limits (README of the shared reference), with one
    request in flight until a response states the real concurrency."""
    if polite:
        return {"single": Limits(10, 1.0, 1), "list": Limits(3, 1.0, 1)}
    return {"single": Limits(5, 1.0, 1), "list": Limits(1, 1.0, 1)}


def parse_number(value: str | None) -> float | None:
    """``"10"``, ``"1s"``, ``"500ms"``, ``"50, 50"`` -> seconds or count; junk -> None."""
    if not value:
        return None
    found = []
    for part in str(value).split(","):
        m = _NUMBER.match(part)
        if m:
            found.append(float(m.group(1)) * _UNIT[m.group(2) and m.group(2).lower()])
    positive = [f for f in found if f > 0]
    return min(positive) if positive else None


def limits_from_headers(headers: Mapping[str, str], current: Limits) -> Limits:
    """``current`` updated by whichever rate-limit headers a response carries."""
    limit = parse_number(headers.get("x-rate-limit-limit"))
    interval = parse_number(headers.get("x-rate-limit-interval"))
    concurrency = parse_number(headers.get("x-concurrency-limit"))
    return replace(
        current,
        limit=max(1, int(limit)) if limit else current.limit,
        interval=interval or current.interval,
        concurrency=max(1, int(concurrency)) if concurrency else current.concurrency,
    )


class Limiter:
    """Blocks ``acquire`` until a request may start under its pool's rate and the
    concurrency limit. Thread-safe; ``sleep`` and ``clock`` are injectable."""

    def __init__(
        self,
        limits: dict[str, Limits],
        *,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self.limits = dict(limits)
        self._clock, self._sleep = clock, sleep
        # Per pool: answer times by request number (None while in flight), and the running
        # maximum of the answer times of requests 0..i for every i whose prefix is answered.
        self._ends: dict[str, list[float | None]] = {p: [] for p in self.limits}
        self._answered_max: dict[str, list[float]] = {p: [] for p in self.limits}
        self._mine = threading.local()
        self._in_flight = 0
        self._paused_until = 0.0
        self._cond = threading.Condition()
        self.cancelled = False

    @property
    def concurrency(self) -> int:
        return min(lim.concurrency for lim in self.limits.values())

    def acquire(self, pool: str) -> bool:
        """True once the request may start; False if the limiter was cancelled."""
        with self._cond:
            while not self.cancelled:
                if self._in_flight >= self.concurrency:
                    self._cond.wait(timeout=TICK)
                    continue
                delay = self._delay(pool)
                if delay <= 0:
                    self._mine.ticket = (pool, len(self._ends[pool]))
                    self._ends[pool].append(None)
                    self._in_flight += 1
                    return True
                # Sleep outside the lock so that other pools and releases go on, in
                # short steps so that a cancelled run does not wait out its turn.
                self._cond.release()
                try:
                    self._sleep(min(delay, TICK))
                finally:
                    self._cond.acquire()
            return False

    def cancel(self) -> None:
        """The run is over: every waiting and future ``acquire`` returns False."""
        with self._cond:
            self.cancelled = True
            self._cond.notify_all()

    def release(self) -> None:
        """The calling thread's request was answered (or failed)."""
        with self._cond:
            pool, number = self._mine.ticket
            ends, answered = self._ends[pool], self._answered_max[pool]
            ends[number] = self._clock()
            while len(answered) < len(ends) and (end := ends[len(answered)]) is not None:
                previous = answered[-1] if answered else 0.0
                answered.append(max(previous, end))
            self._in_flight -= 1
            self._cond.notify_all()

    def update(self, pool: str, headers: Mapping[str, str]) -> None:
        with self._cond:
            self.limits[pool] = limits_from_headers(headers, self.limits[pool])
            self._cond.notify_all()

    def pause(self, seconds: float) -> None:
        """After a 429 nobody starts a request for ``seconds``, in any pool."""
        with self._cond:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def _delay(self, pool: str) -> float:
        now = self._clock()
        lim = self.limits[pool]
        window = lim.interval * (1 + SAFETY) + SAFETY_MIN
        wait = self._paused_until - now
        earlier = len(self._ends[pool]) - lim.limit  # the request this one must follow
        if earlier >= 0:
            answered = self._answered_max[pool]
            if earlier >= len(answered):
                return max(wait, TICK)  # still in flight: wait for its answer
            wait = max(wait, answered[earlier] + window - now)
        return wait
