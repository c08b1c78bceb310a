"""The Crossref REST client: polite, rate-limited, retrying, and honest about failure.

``CrossrefClient`` takes a ``requests.Session`` (and everything that touches time or chance)
from its caller: no globals, so tests drive it against a local server with a fake clock.

- Identification: ``User-Agent: refgraph/<version> (<project url>; mailto:<address>)`` only
  when the user configured an address; never a placeholder. The address is sent in that
  header only, never in a URL, because URLs end up in error messages and logs.
- Limits: see ``limits``; every response's headers update its pool.
- Failures: 404 on ``/works/{doi}`` means "not in Crossref" (``None``); a 200 whose record
  carries another DOI is a failed attempt (retried, never returned); 400 and other 4xx
  are ``BadRequest`` and never retried; 429, 5xx, timeouts, resets, truncated or non-JSON
  bodies are retried with exponential backoff and jitter, at most ``max_tries`` times;
  past ``error_threshold`` failed attempts in a run, ``TooManyErrors`` stops the run.
  If the server could never be reached at all, the run stops after ``unreachable_tries``.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

import requests
from urllib3.exceptions import NewConnectionError

from refgraph.crossref.limits import TICK, Limiter, default_limits, parse_number
from refgraph.doi import doi_key, quote_doi
from refgraph.errors import (
    BadRequest,
    CrossrefError,
    RateLimited,
    ServerError,
    TooManyErrors,
)
from refgraph.version import __version__

DEFAULT_URL = "https://api.crossref.org"
PROJECT_URL = "https://github.com/refgraph/refgraph"
BATCH_SIZE = 40
MAX_REQUEST_LINE = 3500  # Crossref answers 414 somewhere past 4 KB
_MAILTO = re.compile(r"^[^@\s<>()]+@[^@\s<>()]+\.[A-Za-z]{2,}$")
_PLACEHOLDER = re.compile(
    r"@(example\.(com|org|net)|domain\.com|email\.com)$|^(you|user|name)@", re.IGNORECASE
)
_RETRYABLE = (
    requests.Timeout,
    requests.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


def usable_mailto(address: str | None) -> str | None:
    """The address when it looks real; None for empty, malformed or placeholder ones."""
    text = (address or "").strip()
    if not _MAILTO.match(text) or _PLACEHOLDER.search(text):
        return None
    return text


class CrossrefClient:
    def __init__(
        self,
        session: requests.Session,
        *,
        base_url: str = DEFAULT_URL,
        mailto: str | None = None,
        timeout: float | tuple[float, float] = (5.0, 30.0),
        max_tries: int = 5,
        error_threshold: int = 20,
        unreachable_tries: int = 2,
        backoff: float = 0.5,
        backoff_cap: float = 30.0,
        batch_size: int = BATCH_SIZE,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rand: Callable[[], float] = random.random,
    ) -> None:
        self.session, self.base_url = session, base_url.rstrip("/")
        self.mailto = usable_mailto(mailto)
        self.timeout, self.max_tries = timeout, max_tries
        self.error_threshold, self.unreachable_tries = error_threshold, unreachable_tries
        self.backoff, self.backoff_cap, self.batch_size = backoff, backoff_cap, batch_size
        self._sleep, self._rand = sleep, rand
        self.limiter = Limiter(default_limits(bool(self.mailto)), clock=clock, sleep=sleep)
        self.errors = 0  # failed attempts in this run
        self.requests = 0
        self._connected = False
        self._unreachable = 0
        self._stopped = ""
        self._count_lock = threading.Lock()

    @property
    def connected(self) -> bool:
        """True once any response came back from the server."""
        return self._connected

    @property
    def user_agent(self) -> str:
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"refgraph/{__version__} ({PROJECT_URL}{contact})"

    def work(self, doi: str) -> dict[str, Any] | None:
        """The Crossref work for ``doi``, or None when Crossref has no such DOI."""
        url = f"{self.base_url}/works/{quote_doi(doi)}"
        return self._get("single", url, doi=doi)

    def works(self, dois: Sequence[str]) -> dict[str, dict[str, Any]]:
        """One list request for several DOIs: found works by DOI key (absent: not matched)."""
        filters = ",".join("doi:" + quote_doi(d) for d in dois)
        url = f"{self.base_url}/works?filter={filters}&rows={len(dois)}"
        message = self._get("list", url)
        wanted = {doi_key(d) for d in dois}
        found = {}
        for item in _items(message, url):
            key = doi_key(str(item.get("DOI", "")))
            if key in wanted:  # Crossref's DOI case may differ from ours
                found[key] = item
        return found

    def search(self, query: str, rows: int = 5) -> list[dict[str, Any]]:
        """``query.bibliographic`` candidates, in Crossref's order."""
        url = f"{self.base_url}/works?query.bibliographic={quote(query, safe='')}&rows={rows}"
        return _items(self._get("list", url), url)

    def batches(self, dois: Sequence[str]) -> list[list[str]]:
        """DOIs in groups of ``batch_size`` with a bounded request line; a DOI holding a
        comma cannot be in a filter (it splits the list) and goes alone."""
        out: list[list[str]] = []
        current: list[str] = []
        length = 0
        for doi in dois:
            size = len(quote_doi(doi)) + 5
            if "," in doi:
                out.append([doi])
                continue
            if current and (len(current) >= self.batch_size or length + size > MAX_REQUEST_LINE):
                out.append(current)
                current, length = [], 0
            current.append(doi)
            length += size
        return out + ([current] if current else [])

    def _get(self, pool: str, url: str, doi: str = "") -> Any:
        """The checked ``message`` of a GET (None for a 404 on a single work), retried."""
        last: CrossrefError = ServerError("no attempt made", url=url, doi=doi)
        for attempt in range(self.max_tries):
            if self._stopped:  # the run is over: no more requests from any thread
                raise TooManyErrors(self._stopped, url=url, doi=doi)
            try:
                return self._attempt(pool, url, doi)
            except (RateLimited, ServerError) as exc:
                last = exc
                self._count_error(exc, url)
                if attempt + 1 < self.max_tries:
                    self._pause(self._delay(attempt, exc))
        raise last

    def _pause(self, seconds: float) -> None:
        """Back off in short steps, so that a run stopped meanwhile ends promptly."""
        while seconds > 0 and not self._stopped:
            step = min(seconds, TICK)
            self._sleep(step)
            seconds -= step

    def _attempt(self, pool: str, url: str, doi: str) -> Any:
        if not self.limiter.acquire(pool):  # stopped while this thread waited its turn
            raise TooManyErrors(self._stopped, url=url, doi=doi)
        try:
            with self._count_lock:
                self.requests += 1
            response = self.session.get(url, headers=self._headers(), timeout=self.timeout)
            body = response.content  # read fully: a truncated body raises here
        except _RETRYABLE as exc:
            self._note_unreachable(exc)
            raise ServerError(f"request failed ({type(exc).__name__})", url=url, doi=doi) from exc
        except requests.RequestException as exc:
            raise CrossrefError(f"request impossible: {exc}", url=url, doi=doi) from exc
        finally:
            self.limiter.release()
        self._connected = True
        self.limiter.update(pool, response.headers)
        parsed = _parse(response.status_code, response.headers, body, pool, url, doi)
        if parsed is None:
            return None
        message = _message(parsed, url, response.status_code)
        if pool == "list":
            _items(message, url)
        elif doi and doi_key(str(message.get("DOI", ""))) != doi_key(doi):
            # A 200 carrying another work's record must never be cached under the DOI
            # asked for: it is a failed attempt, retried like a server fault.
            raise ServerError(
                f"the record returned is for DOI {str(message.get('DOI', ''))[:100]!r}",
                status=response.status_code, url=url, doi=doi,
            )  # fmt: skip
        return message

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Accept": "application/json"}

    def _delay(self, attempt: int, exc: CrossrefError) -> float:
        """Exponential backoff with jitter, or the server's Retry-After when longer."""
        base = min(self.backoff_cap, self.backoff * 2**attempt)
        delay = base / 2 + self._rand() * base / 2
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            delay = max(delay, min(retry_after, self.backoff_cap))
        if isinstance(exc, RateLimited):
            self.limiter.pause(delay)
        return delay

    def _count_error(self, exc: CrossrefError, url: str) -> None:
        with self._count_lock:
            self.errors += 1
            errors = self.errors
        if not self._connected and self._unreachable >= self.unreachable_tries:
            self._stopped = f"Crossref cannot be reached at {self.base_url}"
        elif errors > self.error_threshold:
            self._stopped = f"stopped after {errors} failed requests"
        if self._stopped:
            self.limiter.cancel()
            raise TooManyErrors(self._stopped, url=url) from exc

    def _note_unreachable(self, exc: Exception) -> None:
        """A refused connection or failed name lookup (no server at all), as opposed to
        a reset or timeout mid-request."""
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        if isinstance(exc, requests.exceptions.ConnectTimeout) or isinstance(
            reason, NewConnectionError
        ):
            with self._count_lock:
                self._unreachable += 1


def _parse(status: int, headers: Any, body: bytes, pool: str, url: str, doi: str) -> Any:
    if status == 404 and pool == "single" and not _is_json(headers, body):
        return None  # "Resource not found." in plain text: no such DOI
    if status == 429:
        exc = RateLimited("rate limited", status=status, url=url, doi=doi)
        exc.retry_after = parse_number(headers.get("retry-after"))  # type: ignore[attr-defined]
        raise exc
    if status >= 500:
        raise ServerError("server error", status=status, url=url, doi=doi)
    if status >= 400:
        raise BadRequest(_failure(body), status=status, url=url, doi=doi)
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ServerError("truncated or non-JSON body", status=status, url=url, doi=doi) from exc


def _is_json(headers: Any, body: bytes) -> bool:
    return "json" in headers.get("content-type", "") or body.lstrip()[:1] in (b"{", b"[")


def _failure(body: bytes) -> str:
    """The first validation message of a 400 JSON body, or a generic text."""
    try:
        messages = json.loads(body).get("message")
        first = messages[0] if isinstance(messages, list) and messages else {}
        return "rejected: " + str(first.get("message") or first.get("type") or "bad request")
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError, TypeError):
        return "rejected"


def _message(body: Any, url: str, status: int) -> dict[str, Any]:
    """The ``message`` of Crossref's envelope; anything else is a server fault (retried)."""
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(body, dict) or body.get("status") != "ok" or not isinstance(message, dict):
        raise ServerError("unexpected response envelope", status=status, url=url)
    return message


def _items(message: dict[str, Any], url: str) -> list[dict[str, Any]]:
    items = message.get("items")
    if not isinstance(items, list):
        raise ServerError("list response without items", url=url)
    return [i for i in items if isinstance(i, dict)]
