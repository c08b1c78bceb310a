"""refgraph's exceptions: one root, each carrying the fields a message needs.

    RefgraphError
    ├── UsageError                         bad usage (exit 2): a value that names nothing
    │   │                                  usable (a missing --seeds folder), a malformed
    │   │                                  refgraph.toml, a missing output folder
    │   └── UnsafeOutput(path)             an output path that would damage the user's
    │                                      files: an input, a foreign file (refgraph.outputs)
    ├── OutputError(path)                  an output cannot be written (read-only or full
    │                                      disk); nothing half-written is left (refgraph.atomic)
    ├── Busy(path)                         another process holds the enrichment lock
    ├── InputError(path, line, key)        an input file cannot be used at all
    │   └── AnnotationError                an annotation or seed file is invalid
    ├── FilterError(name, value, allowed)  a find/export filter value is not allowed
    │                                      (refgraph.search.filters)
    ├── CrossrefError(status, doi, url)    the Crossref API failed for a request
    │   ├── NotInCrossref                  404 with a plain-text body: no such DOI
    │   ├── RateLimited                    429 after every retry
    │   ├── ServerError                    5xx, timeout, reset, truncated or non-JSON body
    │   ├── BadRequest                     400 (a validation failure: our bug, never retried)
    │   └── TooManyErrors                  the run stopped after its error threshold
    └── CacheError(path)                   the on-disk cache cannot be opened or written

Per-record problems in an otherwise usable input are not exceptions: they are
``refgraph.model.Problem`` values returned beside the data.
"""

from __future__ import annotations


class RefgraphError(Exception):
    """Root of every error refgraph raises on purpose."""


class UsageError(RefgraphError):
    """A command-line or configuration value refgraph cannot use, e.g. a ``--seeds``
    folder that does not exist; the command line exits 2 (bad usage) on it."""


class UnsafeOutput(UsageError):
    def __init__(self, message: str, path: str = ""):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class OutputError(RefgraphError):
    def __init__(self, message: str, path: str = ""):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class Busy(RefgraphError):
    def __init__(self, message: str, path: str = ""):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class InputError(RefgraphError):
    def __init__(self, message: str, path: str = "", line: int | None = None, key: str = ""):
        self.path, self.line, self.key = path, line, key
        where = f"{path}:{line}" if line is not None else path
        prefix = f"{where}: " if where else ""
        suffix = f" [{key}]" if key else ""
        super().__init__(f"{prefix}{message}{suffix}")


class AnnotationError(InputError):
    pass


class CrossrefError(RefgraphError):
    def __init__(self, message: str, status: int | None = None, doi: str = "", url: str = ""):
        self.status, self.doi, self.url = status, doi, url
        parts = [message]
        if status is not None:
            parts.append(f"HTTP {status}")
        if doi:
            parts.append(f"DOI {doi}")
        super().__init__("; ".join(parts))


class NotInCrossref(CrossrefError):
    pass


class RateLimited(CrossrefError):
    pass


class ServerError(CrossrefError):
    pass


class BadRequest(CrossrefError):
    pass


class TooManyErrors(CrossrefError):
    pass


class CacheError(RefgraphError):
    def __init__(self, message: str, path: str = ""):
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)
