"""Atomic file output: a reader (or a crash) never sees a half-written file.

The text goes to a temporary file in the target's folder, is flushed to disk, and then
replaces the target in one rename. Whatever stops the write (a full or read-only disk,
Ctrl-C, a kill) leaves the old file as it was; the temporary file is removed on any
exception. The folder must exist: refgraph never creates a mistyped path
(``refgraph.outputs`` checks and creates output folders).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from refgraph.errors import OutputError

# Text is encoded and written this many characters at a time: a 190 MB graph.json is
# never held a second time as bytes. UTF-8 of the pieces, joined, is UTF-8 of the whole.
_SLICE = 1 << 20


def write_text_atomic(
    path: Path, text: str, *, still_wanted: Callable[[], bool] | None = None
) -> None:
    """Write ``text`` (UTF-8) to ``path`` via a temporary file in the same directory."""
    write_chunks_atomic(path, [text], still_wanted=still_wanted)


def write_bytes_atomic(
    path: Path, data: bytes, *, still_wanted: Callable[[], bool] | None = None
) -> None:
    """Replace ``path`` by ``data`` in one rename (see ``write_chunks_atomic``)."""
    write_chunks_atomic(path, [data], still_wanted=still_wanted)


def write_chunks_atomic(
    path: Path,
    chunks: Iterable[str | bytes],
    *,
    still_wanted: Callable[[], bool] | None = None,
) -> None:
    """Replace ``path`` by the chunks (text as UTF-8), written as they come, in one
    rename. Raises ``OutputError`` (naming the file and the system's reason) when it
    cannot be written; an exception of ``chunks`` leaves the old file too.
    ``still_wanted``, asked just before the rename, may cancel the write (a page
    renderer whose parent died)."""
    path = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write here ({exc.strerror})", str(path)) from exc
    try:
        # mkstemp makes the file private (0600); an output should get the usual mode.
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                if isinstance(chunk, bytes):
                    handle.write(chunk)
                    continue
                for start in range(0, len(chunk), _SLICE):
                    handle.write(chunk[start : start + _SLICE].encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if still_wanted is not None and not still_wanted():
            Path(tmp).unlink(missing_ok=True)
            return
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write the file ({exc.strerror}); it was left as it was",
                          str(path)) from exc  # fmt: skip
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
