"""Reading references from where they live: CSL-JSON, RIS, MEDLINE, BibTeX, plain text.

``read_references(text, path, fmt=None)`` detects the format from the content (or takes
``fmt``) and returns an ``ImportResult``: works with the keys their input gave, if any
(checked, or given by ``refgraph.citekeys``, when they are written), with
``Provenance("import", "file:line")`` (or "file: item N" for JSON), and per-record
problems. A file that cannot be used at all
(empty, binary, not the format it claims, a RIS record without ``ER``, a CSL-JSON that is
not a list, nothing readable) raises ``InputError`` naming the file and line.

Modules: ``csl`` (CSL-JSON), ``ris`` (RIS via rispy), ``medline`` (PubMed), ``wos`` (Web of
Science's tagged export), ``plaintext`` (pasted reference lists, with ``names`` and
``identifiers``), ``common`` (the result type), ``write`` (keys, duplicates, the file),
``by_doi`` (works from Crossref records).

Control characters (``refgraph.controls``) are removed where the text comes in, and each
line that held one is a warning, as the BibTeX loader does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from refgraph.bibtex import load_bibtex
from refgraph.controls import find_controls, strip_controls
from refgraph.errors import InputError
from refgraph.importers.common import ImportResult
from refgraph.importers.csl import load_csl_json
from refgraph.importers.medline import load_medline
from refgraph.importers.plaintext import load_plain_text, parse_reference
from refgraph.importers.ris import load_ris
from refgraph.importers.wos import load_wos
from refgraph.model import Problem

FORMATS = ("csl-json", "ris", "medline", "wos", "bibtex", "text")
_RIS = re.compile(r"^TY\s{1,2}-", re.MULTILINE)
_MEDLINE = re.compile(r"^PMID\s*-\s*\d", re.MULTILINE)
_WOS = re.compile(r"^(?:FN (?:Clarivate|Thomson)|PT [A-Z]$)", re.MULTILINE)
_BIBTEX = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)

__all__ = [
    "FORMATS",
    "ImportResult",
    "detect_format",
    "parse_reference",
    "read_reference_file",
    "read_references",
]


def detect_format(text: str) -> str:
    """One of ``FORMATS``, from the content: JSON, a RIS ``TY`` line, a MEDLINE ``PMID``
    line, a Web of Science ``FN``/``PT`` line, a BibTeX ``@type{``, else plain text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head[:1] in "[{":
        return "csl-json"
    if _RIS.search(text[:20000]):
        return "ris"
    if _MEDLINE.search(text[:20000]):
        return "medline"
    if _WOS.search(text[:20000]):
        return "wos"
    if _BIBTEX.search(text[:20000]):
        return "bibtex"
    return "text"


def read_references(text: str, path: str, fmt: str | None = None) -> ImportResult:
    """The works of one input text (see the module docstring for errors)."""
    if not text.strip("\ufeff \t\r\n"):
        raise InputError("empty file: no reference to import", path, 1)
    controls = tuple(
        Problem(path, line, f"control characters removed: {names}", severity="warning")
        for line, names in find_controls(text)
    )
    result = _read(strip_controls(text), path, fmt or detect_format(text))
    return replace(result, problems=controls + result.problems) if controls else result


def _read(text: str, path: str, fmt: str) -> ImportResult:
    if fmt == "csl-json":
        return load_csl_json(text.lstrip("\ufeff"), path)
    if fmt == "ris":
        return load_ris(text, path)
    if fmt == "medline":
        return load_medline(text, path)
    if fmt == "wos":
        return load_wos(text, path)
    if fmt == "bibtex":
        loaded = load_bibtex(text.lstrip("\ufeff"), path)
        if not loaded.works:
            first = loaded.problems[0] if loaded.problems else None
            line = first.line if first else 1
            raise InputError("no BibTeX entry could be read", path, line)
        return ImportResult(loaded.works, loaded.problems)
    if fmt == "text":
        return load_plain_text(text.lstrip("\ufeff"), path)
    raise InputError(f"unknown format '{fmt}' (known: {', '.join(FORMATS)})", path)


def read_reference_file(path: str | Path, fmt: str | None = None) -> ImportResult:
    """``read_references`` on a file; unreadable, binary or non-UTF-8 files raise
    ``InputError`` naming the file (and the line of the first bad byte)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", str(p)) from exc
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a BOM (Windows exports)
        try:
            return read_references(data.decode("utf-16"), str(p), fmt)
        except UnicodeDecodeError as exc:
            raise InputError("not valid UTF-16 text", str(p)) from exc
    if b"\0" in data[:8192]:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise InputError("binary file (NUL bytes), not a reference list", str(p), line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (binary or another encoding)", str(p), line) from exc
    return read_references(text, str(p), fmt)
