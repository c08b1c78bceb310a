"""Crossref: the HTTP client, its cache, record mapping and DOI matching.

The only package that knows Crossref's JSON. ``records.record_from_crossref`` turns a
Crossref work into a ``refgraph.model.Record``; everything outside sees only records.
"""

from __future__ import annotations

from refgraph.crossref.match import Match, assess, bibliographic_query, check_doi, choose
from refgraph.crossref.records import record_from_crossref

__all__ = [
    "Match",
    "assess",
    "bibliographic_query",
    "check_doi",
    "choose",
    "record_from_crossref",
]
