"""The bundled snapshot: records transcribed from public pages, for working offline.

Format ``refgraph-snapshot/1`` (see bib/crossref-snapshot.json): a top-level
``provenance`` note and ``records`` keyed by bib key, each marked
``not_a_crossref_response``. It is our own format, not Crossref JSON, so it has its own
loader; every record is mapped with ``Provenance("snapshot", ...)`` and no reference list
(``references_known`` False: unknown, not empty). An entry with ``"doi": null`` and a
``no_doi`` note records that a work has no DOI at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refgraph.compare import same_family, title_similarity
from refgraph.crossref.match import ACCEPT_TITLE
from refgraph.doi import doi_key
from refgraph.errors import InputError
from refgraph.model import Author, DateParts, Provenance, Record, Work

FORMAT = "refgraph-snapshot/1"
FILENAME = "crossref-snapshot.json"


@dataclass(frozen=True)
class Snapshot:
    """Records by bib key, the same by DOI key, and keys known to have no DOI."""

    records: dict[str, Record] = field(default_factory=dict)
    no_doi: dict[str, str] = field(default_factory=dict)
    written: str = ""
    path: str = ""
    # (title, first author's family) of each entry, for works whose key is not the
    # snapshot's (imported or renamed): see ``key_for``.
    described: dict[str, tuple[str, str]] = field(default_factory=dict)

    def key_for(self, work: Work) -> str:
        """The snapshot key of ``work``: its own key when the snapshot knows it, else the
        one entry with the same first author and a title at least as similar as DOI
        matching accepts (``crossref.match.ACCEPT_TITLE``); else the work's own key. The
        record found is still checked by the usual matching rules."""
        if work.key in self.records or work.key in self.no_doi or not work.authors:
            return work.key
        first = work.authors[0].family or work.authors[0].literal
        found = [
            key
            for key, (title, family) in self.described.items()
            if same_family(first, family) and title_similarity(work.title, title) >= ACCEPT_TITLE
        ]
        return found[0] if len(found) == 1 else work.key

    def for_work(self, key: str, doi: str = "") -> Record | None:
        """The record for a work, by DOI when it has one, else by bib key."""
        if doi:
            wanted = doi_key(doi)
            return next((r for r in self.records.values() if doi_key(r.doi) == wanted), None)
        return self.records.get(key)


def load_snapshot(text: str, path: str = "<snapshot>") -> Snapshot:
    """Parse a snapshot; a malformed file is an ``InputError`` (it is bundled data)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not JSON: {exc.msg}", path, exc.lineno) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(f"not a {FORMAT} file", path)
    written = str(data.get("written", ""))
    records: dict[str, Record] = {}
    no_doi: dict[str, str] = {}
    described: dict[str, tuple[str, str]] = {}
    for key, entry in (data.get("records") or {}).items():
        if not isinstance(entry, dict) or not entry.get("not_a_crossref_response"):
            raise InputError("entry is not marked not_a_crossref_response", path, key=key)
        if entry.get("doi"):
            records[key] = _record(entry, f"{path}#{key}", written)
        else:
            no_doi[key] = str(entry.get("no_doi", "no DOI registered"))
        authors = entry.get("authors") or [{}]
        described[key] = (str(entry.get("title", "")), str(authors[0].get("family", "")))
    return Snapshot(records, no_doi, written, path, described)


def load_snapshot_file(path: str | Path) -> Snapshot | None:
    """The snapshot at ``path``, or None when there is none."""
    p = Path(path)
    if not p.is_file():
        return None
    return load_snapshot(p.read_text("utf-8"), str(p))


def _record(entry: dict[str, Any], detail: str, written: str) -> Record:
    return Record(
        doi=str(entry["doi"]),
        title=str(entry.get("title", "")),
        authors=tuple(
            Author(family=str(a.get("family", "")), given=str(a.get("given", "")))
            for a in entry.get("authors", [])
        ),
        container_title=str(entry.get("journal", "")),
        issn=tuple(str(x) for x in entry.get("issn", [])),
        volume=str(entry.get("volume", "")),
        issue=str(entry.get("issue", "")),
        pages=str(entry.get("pages", "")),
        article_number=str(entry.get("article_number", "")),
        published_print=_date(entry.get("published_print")),
        published_online=_date(entry.get("published_online")),
        issued=_date(entry.get("published_online") or entry.get("published_print")),
        publisher=str(entry.get("publisher", "")),
        type=str(entry.get("type", "")),
        references_known=False,
        provenance=Provenance(
            "snapshot", f"{detail} (transcribed from public records, not Crossref)", written
        ),
    )


def _date(text: object) -> DateParts | None:
    """ "2024-12-06" / "2025-02" / "2011" -> DateParts."""
    if not text:
        return None
    parts = [int(p) for p in str(text).split("-")[:3]]
    return DateParts(*parts)
