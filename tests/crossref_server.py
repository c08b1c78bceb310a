"""A real HTTP server on 127.0.0.1 that speaks Crossref's REST format, for tests.

It serves work records (``/works/{doi}``, ``/works?filter=doi:A,doi:B&rows=N``,
``/works?query.bibliographic=...&rows=N``) in Crossref's envelopes, with the statuses,
bodies and headers observed live (tests/data/crossref-real/README.md): 404 "Resource not
found." as text/plain, 400 validation failures as JSON, 429 with or without rate-limit
headers. Records come from tests/data/crossref-real/works-sample.json (real Crossref
records) and, for the bundled-library tests, from records the tests build out of
tests/data/ten-papers.json facts (``ten_papers.crossref_messages``; not Crossref's own).

It advertises rate limits per pool and ENFORCES them: every request's arrival time is
recorded, and a request beyond the advertised rate or concurrency is answered 429 and
recorded in ``violations``, so a test can assert the client never exceeded them. The
limits and the log are the server's, shared by every client: two processes asking at once
are counted together, as Crossref counts them.

Faults are scripted: ``server.fail(kind, times=1, route=None)``; ``server.fault_rate``
(0..1, with ``fault_seed``) answers that share of requests with a random retryable fault
(429, 500, reset, truncated, wrong DOI), for soak runs. Two faults change what a 200
holds: "wrongdoi" answers ``/works/{doi}`` with another DOI's record, "poisoned" answers
with the asked record plus references Crossref has really been seen to mangle (an author
", J.", numbers and nulls where text belongs).
"""

from __future__ import annotations

import contextlib
import json
import random
import socket
import struct
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from rapidfuzz import fuzz

FAULTS = ("404text", "400json", "429", "429bare", "500", "timeout", "reset", "truncated",
          "truncated-json", "html200", "die", "wrongdoi", "poisoned")  # fmt: skip
RANDOM_FAULTS = ("429", "500", "reset", "truncated", "wrongdoi")
# References as a record may carry them: an author that is only punctuation and initials,
# numbers where text belongs, nulls, a list where a string belongs.
POISONED_REFERENCES = [
    {"key": "ref1", "author": ", J.", "year": "2001", "article-title": "A study"},
    {"key": "ref2", "author": ",", "year": 1999},
    {"key": "ref3", "author": " ", "unstructured": None, "DOI": 12345},
    {"key": "ref4", "author": ["x"], "year": ["2001"], "article-title": {"a": 1}},
    {"key": "ref5", "author": ", J.", "DOI": "10.9999/poisoned.ref"},
]


@dataclass
class Pool:
    limit: int = 10
    interval: float = 1.0
    concurrency: int = 3
    arrivals: deque = field(default_factory=deque)


@dataclass
class Logged:
    at: float
    pool: str
    path: str
    user_agent: str
    status: int = 0


class CrossrefTestServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, records: dict[str, dict], *, latency: float = 0.0, enforce=True):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.records = {k.lower(): v for k, v in records.items()}
        self.latency, self.enforce = latency, enforce
        self.pools = {"single": Pool(10, 1.0, 3), "list": Pool(3, 1.0, 3)}
        self.headers_mode = "normal"  # "normal" | "duplicated" | "missing"
        self.log: list[Logged] = []
        self.violations: list[str] = []
        self._faults: list[list] = []  # [kind, remaining, route]
        self._lock = threading.Lock()
        self._in_flight = 0
        self.timeout_sleep = 1.0
        self.fault_rate = 0.0
        self.injected: list[str] = []  # the random faults answered, by kind
        self._random = random.Random(0)
        self._thread = threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> CrossrefTestServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    def set_limits(self, pool: str, limit: int, interval: float, concurrency: int) -> None:
        self.pools[pool] = Pool(limit, interval, concurrency)

    def fail(self, kind: str, times: int = 1, route: str | None = None) -> None:
        """Answer the next ``times`` requests (of ``route`` "single"/"list", or any)
        with fault ``kind``."""
        assert kind in FAULTS, kind
        with self._lock:
            self._faults.append([kind, times, route])

    def random_faults(self, rate: float, seed: int = 0) -> None:
        """Answer a share ``rate`` of requests with a random retryable fault."""
        with self._lock:
            self.fault_rate, self._random = rate, random.Random(seed)

    def requests_to(self, pool: str) -> list[Logged]:
        return [r for r in self.log if r.pool == pool]

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and left is expected here, not an error

    # --- used by the handler -------------------------------------------------------
    def admit(self, pool: str, path: str, agent: str) -> tuple[str | None, Logged]:
        with self._lock:
            now = time.monotonic()
            entry = Logged(now, pool, path, agent)
            self.log.append(entry)
            self._in_flight += 1
            limits = self.pools[pool]
            while limits.arrivals and now - limits.arrivals[0] >= limits.interval:
                limits.arrivals.popleft()
            limits.arrivals.append(now)
            over = self.enforce and (
                len(limits.arrivals) > limits.limit or self._in_flight > limits.concurrency
            )
            if over:
                self.violations.append(
                    f"{pool}: {len(limits.arrivals)} in {limits.interval}s, "
                    f"{self._in_flight} in flight at {path}"
                )
                return "limit", entry
            for fault in self._faults:
                if fault[1] > 0 and fault[2] in (None, pool):
                    fault[1] -= 1
                    return fault[0], entry
            if self.fault_rate and self._random.random() < self.fault_rate:
                kind = self._random.choice(RANDOM_FAULTS)
                kind = "500" if kind == "wrongdoi" and pool == "list" else kind
                self.injected.append(kind)
                return kind, entry
        return None, entry

    def done(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def limit_headers(self, pool: str) -> dict[str, str]:
        if self.headers_mode == "missing":
            return {}
        p = self.pools[pool]
        values = {
            "x-rate-limit-limit": str(p.limit),
            "x-rate-limit-interval": f"{p.interval:g}s",
            "x-concurrency-limit": str(p.concurrency),
        }
        if self.headers_mode == "duplicated":
            values = {k: f"{v}, {v}" for k, v in values.items()}
        return values | {"x-api-pool": "polite", "x-rate-limit-type": f"polite-{pool}"}

    def search(self, query: str, rows: int) -> list[dict]:
        scored = []
        for message in self.records.values():
            text = " ".join(
                [" ".join(message.get("title", [])), " ".join(message.get("container-title", []))]
                + [a.get("family", "") for a in message.get("author", [])]
            )
            scored.append((fuzz.token_set_ratio(query, text), message))
        scored.sort(key=lambda pair: pair[0], reverse=True)
        return [m | {"score": s} for s, m in scored[:rows]]


class _Handler(BaseHTTPRequestHandler):
    server: CrossrefTestServer

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        parts = urlsplit(self.path)
        pool = "single" if parts.path.startswith("/works/") else "list"
        fault, entry = self.server.admit(pool, self.path, self.headers.get("User-Agent", ""))
        try:
            time.sleep(self.server.latency)
            self._answer(fault, pool, parts, entry)
        finally:
            self.server.done()

    def _answer(self, fault, pool, parts, entry) -> None:
        if fault == "limit":
            return self._send(entry, 429, "text/html", b"<html>Too many requests</html>", {})
        if fault is not None and fault not in ("wrongdoi", "poisoned"):
            return self._fault(fault, pool, entry)
        if pool == "single":
            doi = unquote(parts.path[len("/works/") :]).lower()
            if doi not in self.server.records:
                return self._send(entry, 404, "text/plain", b"Resource not found.", pool)
            record = self.server.records[doi]
            if fault == "wrongdoi":
                record = next(r for k, r in self.server.records.items() if k != doi)
            elif fault == "poisoned":
                record = record | {"reference": POISONED_REFERENCES}
            return self._json(entry, 200, _envelope("work", record), pool)
        query = parse_qs(parts.query)
        rows = int(query.get("rows", ["20"])[0])
        if "filter" in query:
            dois = [f.split(":", 1)[1].lower() for f in query["filter"][0].split(",")]
            items = [self.server.records[d] for d in dois if d in self.server.records]
        elif "query.bibliographic" in query:
            items = self.server.search(query["query.bibliographic"][0], rows)
        else:
            return self._json(entry, 400, _validation_failure("no query"), pool)
        if fault == "poisoned":
            items = [i | {"reference": POISONED_REFERENCES} for i in items]
        return self._json(entry, 200, _list_envelope(items[:rows]), pool)

    def _fault(self, kind, pool, entry) -> None:
        if kind == "404text":
            return self._send(entry, 404, "text/plain", b"Resource not found.", pool)
        if kind == "400json":
            return self._json(entry, 400, _validation_failure("rows"), pool)
        if kind == "429":
            return self._send(entry, 429, "application/json", b"{}", pool)
        if kind == "429bare":
            return self._send(entry, 429, "text/html", b"<html><b>Slow down</b></html>", {})
        if kind == "500":
            return self._send(entry, 500, "text/html", b"<html>Internal error</html>", pool)
        if kind == "html200":
            return self._send(entry, 200, "text/html", b"<html>maintenance</html>", pool)
        if kind == "timeout":
            time.sleep(self.server.timeout_sleep)
            return self._send(entry, 503, "text/plain", b"late", pool)
        if kind in ("truncated", "truncated-json"):
            body = json.dumps(_envelope("work-list", {"items": []})).encode()
            length = len(body) if kind == "truncated-json" else len(body) + 100
            return self._send(entry, 200, "application/json", body[: len(body) // 2], pool, length)
        if kind == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            entry.status = -1
            return None  # the handler returns and the socket closes with an RST
        if kind == "die":
            entry.status = -2
            threading.Thread(target=self.server.stop, daemon=True).start()
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return None

    def _json(self, entry, status, payload, pool) -> None:
        self._send(entry, status, "application/json", json.dumps(payload).encode(), pool)

    def _send(self, entry, status, ctype, body, pool, length=None) -> None:
        entry.status = status
        headers = self.server.limit_headers(pool) if isinstance(pool, str) else pool
        with contextlib.suppress(OSError):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length if length is not None else len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)


def _envelope(kind: str, message: dict) -> dict:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}


def _list_envelope(items: list[dict]) -> dict:
    return _envelope(
        "work-list",
        {"facets": {}, "total-results": len(items), "items": items, "items-per-page": len(items),
         "query": {"start-index": 0, "search-terms": None}},
    )  # fmt: skip


def _validation_failure(parameter: str) -> dict:
    return {
        "status": "failed",
        "message-type": "validation-failure",
        "message": [{"type": "parameter-not-allowed", "value": parameter,
                     "message": f"This route does not support {parameter}"}],
    }  # fmt: skip


@contextlib.contextmanager
def running_server(records: dict[str, dict], **options):
    """Start a server on a random port; stop it (if the test has not) on exit."""
    server = CrossrefTestServer(records, **options).start()
    try:
        yield server
    finally:
        with contextlib.suppress(OSError):
            if server._thread.is_alive():
                server.stop()
