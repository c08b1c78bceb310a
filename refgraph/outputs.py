"""Where refgraph may write: every output path is checked before anything is written.

The user's files are sacred. An output path (``build --out``, ``--index``, ``export -o``,
``--cache``) is refused with ``UnsafeOutput`` (exit 2) when it

- is one of the inputs (``inputs_of``): a ``.bib`` file of the library folder, its
  annotations, the bundled snapshot, a file of the seeds folder; compared by identity
  (device and inode), so a symlink or a hard link to an input is refused too;
- exists and is not refgraph's own kind of file: an index that is not our SQLite index,
  a cache that is not our cache, a page that is not a refgraph page, an export that is
  not in the format being written (``-o paper.docx --format bibtex``);
- is an existing export of works that refgraph did not write, unless ``force``: a BibTeX
  or biblatex file without ``EXPORT_MARKER`` as its first line (one typo in ``-o`` would
  otherwise wipe a thesis library), and any existing CSL-JSON or RIS file (neither format
  has comments, so nothing marks a file as refgraph's);
- is a folder where a file is written, or a file where a folder is written.

New works (``refgraph import``/``add``) go to one ``.bib`` that is new or that refgraph
import wrote (``check_import_target``); never to the user's own ``.bib`` files.

A missing folder is an error naming it (``UsageError``, exit 2): refgraph never creates a
mistyped path. The one exception is a folder refgraph names itself or that the user names
as a folder to create: ``build --out DIR`` (and the default ``build/`` of the index) is
created when the folder above it exists.

Content is recognised from the first ``SNIFF_BYTES`` of a file, never the whole of it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from refgraph.errors import OutputError, UnsafeOutput, UsageError
from refgraph.snapshot import FILENAME as SNAPSHOT_FILENAME

SNIFF_BYTES = 1 << 20  # a page's inline CSS comes before its title: read up to 1 MB
_SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Inputs:
    """The identities (device, inode) of every input file of a library and its seeds."""

    ids: frozenset[tuple[int, int]]

    def holds(self, path: Path) -> bool:
        try:
            stat = path.stat()
        except OSError:
            return False
        return (stat.st_dev, stat.st_ino) in self.ids


def inputs_of(library: Path | str | None, seeds: Path | str | None = None) -> Inputs:
    """The files refgraph reads as a library's inputs: its ``.bib`` files, the bundled
    snapshot, every file under ``annotations/``, and every file of the seeds folder. Files
    refgraph itself keeps there (its caches, a ``build --out`` inside the folder) are not
    inputs, so a second run may replace them."""
    paths: list[Path] = []
    if library is not None and Path(library).is_dir():
        folder = Path(library)
        paths += folder.glob("*.bib")
        paths += [folder / SNAPSHOT_FILENAME]
        paths += (folder / "annotations").rglob("*")
    if seeds is not None and Path(seeds).is_dir():
        paths += Path(seeds).rglob("*")
    ids: set[tuple[int, int]] = set()
    for path in paths:
        try:
            if path.is_file():
                stat = path.stat()
                ids.add((stat.st_dev, stat.st_ino))
        except OSError:
            continue
    return Inputs(frozenset(ids))


def check_output_file(
    path: Path | str,
    kind: str,
    inputs: Inputs,
    *,
    create_folder: bool = False,
    force: bool = False,
) -> Path:
    """``path`` when refgraph may write a ``kind`` file there; else ``UnsafeOutput`` or
    ``UsageError``. ``kind`` is one of ``KINDS``. ``create_folder``: the folder holding
    the file may be created (one level) when the folder above it exists. ``force``
    (``export --force``): an existing file of ``kind`` that refgraph did not write may be
    replaced (never an input, never a file of another kind)."""
    path = Path(path)
    _check_file(path, kind, inputs, force=force)
    ensure_folder(path.parent, create=create_folder)
    return path


def check_output_folder(
    folder: Path | str, files: Iterable[tuple[str, str]], inputs: Inputs
) -> Path:
    """``build --out``: the folder (which ``ensure_folder(create=True)`` may create later,
    when the folder above it exists) and each (file name, kind) refgraph writes in it,
    checked as by ``check_output_file``. Nothing is created here: a build that fails
    leaves no folder behind."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UnsafeOutput("is a file, not a folder; --out names the folder to write into",
                           str(folder))  # fmt: skip
    for name, kind in files:
        _check_file(folder / name, kind, inputs)
    if not folder.is_dir():
        ensure_folder(folder.parent, create=False)
    return folder


def _check_file(path: Path, kind: str, inputs: Inputs, *, force: bool = False) -> None:
    """Refuse an input, a folder, an existing file that is not of ``kind``, or (unless
    ``force``) one of ``kind`` that refgraph did not write."""
    if inputs.holds(path):
        raise UnsafeOutput(
            f"is an input of the library (refgraph never writes its inputs); "
            f"choose another path for the {KINDS[kind].name}",
            str(path),
        )
    if path.is_dir():
        raise UnsafeOutput(f"is a folder; the {KINDS[kind].name} is a file", str(path))
    if path.exists() and not _is_kind(path, kind):
        raise UnsafeOutput(
            f"exists and is not {KINDS[kind].article}; refgraph will not replace it "
            "(move it away or choose another path)",
            str(path),
        )
    if path.exists() and not force and not _written_by_refgraph(path, kind):
        raise UnsafeOutput(
            f"exists and {KINDS[kind].unmarked}; refgraph will not replace it (your own "
            "entries would be lost): choose another path, or add --force to replace it",
            str(path),
        )


def ensure_folder(folder: Path, *, create: bool) -> None:
    """The folder exists (or is created, one level, when ``create``); else a UsageError
    naming the missing folder."""
    folder = folder if str(folder) else Path(".")
    if folder.is_dir():
        return
    if folder.exists():
        raise UsageError(f"{folder}: is not a folder")
    if create and folder.parent.is_dir():
        try:
            folder.mkdir()
        except FileExistsError:
            return
        except OSError as exc:  # a read-only or full disk: nothing usable, not bad usage
            raise OutputError(f"cannot create the folder ({exc.strerror})", str(folder)) from exc
        return
    missing = folder
    while not missing.parent.is_dir() and missing.parent != missing:
        missing = missing.parent
    raise UsageError(f"{missing}: no such folder (refgraph does not create it; check the path)")


IMPORT_HEADER = "% Works added by refgraph import / refgraph add."

# The first line of every BibTeX/biblatex file `refgraph export -o` writes: what lets a
# later export replace it. Added by the CLI when it writes the file, not by the BibTeX
# writer, so that the page's "Copy BibTeX" text stays the export's text entry by entry.
EXPORT_MARKER = "% Written by refgraph export"


def export_header(fmt: str) -> str:
    """The marker line (and a blank line) a BibTeX/biblatex export file starts with."""
    return f"{EXPORT_MARKER} ({fmt}); the next export to this file replaces it.\n\n"


def check_import_target(path: Path | str) -> Path:
    """``refgraph import``/``add --into``: the one file new works are written to. It may
    be an input of the library (that is the point), but only a ``.bib`` that does not exist
    yet or that refgraph import wrote (it starts with ``IMPORT_HEADER``): the user's own
    .bib files are never rewritten. ``UnsafeOutput`` or ``UsageError`` (exit 2) otherwise."""
    path = Path(path)
    if path.suffix.lower() != ".bib":
        raise UsageError(f"{path}: new works go to a .bib file (the library reads *.bib)")
    if path.is_dir():
        raise UnsafeOutput("is a folder; --into names a .bib file", str(path))
    if path.exists() and not _text_matching(r"\s*" + re.escape(IMPORT_HEADER))(_head(path), path):
        raise UnsafeOutput(
            "exists and was not written by refgraph import; your own .bib files are never "
            "rewritten (name a new file with --into)",
            str(path),
        )
    ensure_folder(path.parent, create=False)
    return path


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


# --- what each kind of output looks like ----------------------------------------------
@dataclass(frozen=True)
class Kind:
    name: str
    article: str  # "a refgraph page": used in messages
    looks_right: Callable[[bytes, Path], bool]
    # For an export of works: whether refgraph wrote the file (a file of the right kind
    # may be the user's own), and how a refusal says it; None: every file of the kind is
    # refgraph's to replace.
    ours: Callable[[bytes, Path], bool] | None = None
    unmarked: str = ""


def _written_by_refgraph(path: Path, kind: str) -> bool:
    check = KINDS[kind].ours
    if check is None:
        return True
    head = _head(path)
    return not head.strip() or check(head, path)  # an empty file holds nothing to lose


def _is_kind(path: Path, kind: str) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if not head.strip():
        return True  # an empty file holds nothing to lose
    return KINDS[kind].looks_right(head, path)


def _sqlite_with(tables: set[str]) -> Callable[[bytes, Path], bool]:
    def check(head: bytes, path: Path) -> bool:
        if not head.startswith(_SQLITE_HEADER):
            return False
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
                names = {r[0] for r in rows}
            finally:
                conn.close()
        except sqlite3.Error:
            return False
        return tables <= names

    return check


def _text_matching(pattern: str) -> Callable[[bytes, Path], bool]:
    compiled = re.compile(pattern.encode(), re.DOTALL)

    def check(head: bytes, path: Path) -> bool:
        return bool(compiled.match(head.lstrip(b"\xef\xbb\xbf")))

    return check


_XML = r"\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*"
_BIBTEX = _text_matching(r"\s*(%[^\n]*\n\s*)*@")
_MARKED = _text_matching(re.escape(EXPORT_MARKER))
_UNMARKED = f"was not written by refgraph export (its first line is not '{EXPORT_MARKER} ...')"
_NO_MARK = "may be your own (CSL-JSON and RIS carry no mark of the program that wrote them)"


def _unmarkable(head: bytes, path: Path) -> bool:
    return False


KINDS: dict[str, Kind] = {
    "index": Kind("search index", "refgraph's search index", _sqlite_with({"meta", "docs"})),
    "cache": Kind("Crossref cache", "a refgraph Crossref cache", _sqlite_with({"works"})),
    "page": Kind(
        "page",
        "a refgraph page",
        lambda head, _: (
            head.lstrip().lower().startswith(b"<!doctype html")
            and (b'name="generator" content="refgraph' in head or b'id="page-title"' in head)
        ),
    ),
    "graph-json": Kind("graph", "refgraph's graph JSON", _text_matching(r'\s*\{\s*"directed"')),
    "audit-json": Kind("audit", "refgraph's audit JSON", _text_matching(r'\s*\{\s*"summary"')),
    "audit-md": Kind("audit", "refgraph's audit report", _text_matching(r"# Citation audit")),
    "problems-json": Kind("problem list", "refgraph's problems JSON", _text_matching(r"\s*\[")),
    "bibtex": Kind("export", "a BibTeX file", _BIBTEX, _MARKED, _UNMARKED),
    "biblatex": Kind("export", "a BibTeX file", _BIBTEX, _MARKED, _UNMARKED),
    "csl-json": Kind("export", "a CSL-JSON file", _text_matching(r"\s*\["), _unmarkable, _NO_MARK),
    "ris": Kind("export", "a RIS file", _text_matching(r"\s*TY  - "), _unmarkable, _NO_MARK),
    "graphml": Kind("export", "a GraphML file", _text_matching(_XML + r"<graphml")),
    "gexf": Kind("export", "a GEXF file", _text_matching(_XML + r"<gexf")),
    "json": Kind("export", "refgraph's graph JSON", _text_matching(r'\s*\{\s*"directed"')),
}
