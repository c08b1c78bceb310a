"""DOIs: normalise what people paste, validate it, key it, and URL-encode it exactly once.

A DOI is case-insensitive (the DOI Handbook, 2.4), so lookups and cache keys use
``doi_key`` (lower-cased) while ``normalize_doi`` keeps the case that was given, for
display. ``quote_doi`` is the only place a DOI is percent-encoded: callers pass the result
straight into a URL path and never encode it again.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

# Prefixes people paste in front of a DOI; matched case-insensitively, longest first.
_PREFIXES = (
    "https://dx.doi.org/",
    "http://dx.doi.org/",
    "https://doi.org/",
    "http://doi.org/",
    "dx.doi.org/",
    "doi.org/",
    "doi:",
    "doi ",
)
_URL_PREFIXES = _PREFIXES[:6]
# What every prefix starts with: a DOI that starts otherwise has none to strip.
_PREFIX_INITIALS = frozenset(p[0] for p in _PREFIXES)
# Crossref's own recommended pattern covers ~99% of registered DOIs; we only require
# the "10.<registrant>/<suffix>" shape with no whitespace, which covers all of them.
_VALID = re.compile(r"^10\.\d{4,9}(\.\d+)*/\S+$")


def normalize_doi(text: str) -> str:
    """Strip whitespace and resolver or ``doi:`` prefixes; keep the case as given.

    A DOI pasted as a resolver URL may carry percent-encoding (``10.1000%2Fabc``); that is
    decoded once here so that ``quote_doi`` can encode once on the way out.
    """
    doi = (text or "").strip()
    if doi[:1].lower() not in _PREFIX_INITIALS:  # "10.", the common case: nothing to strip
        return doi
    lowered = doi.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            doi = doi[len(prefix) :].strip()
            if prefix in _URL_PREFIXES:
                doi = unquote(doi)
            break
    return doi


def doi_key(text: str) -> str:
    """The DOI as a lookup key: normalised and lower-cased ("" for empty input)."""
    return normalize_doi(text).lower()


def is_valid_doi(text: str) -> bool:
    """True when ``text`` (after normalising) has the shape ``10.<digits>/<suffix>``."""
    return bool(valid_doi(text))


def valid_doi(text: str) -> str:
    """``normalize_doi(text)`` when it is a DOI (``is_valid_doi``), else "": normalised and
    validated in one step, for a value that is kept only when it is a DOI."""
    doi = normalize_doi(text)
    return doi if _VALID.match(doi) else ""


def quote_doi(doi: str) -> str:
    """Percent-encode a normalised DOI for a URL path; ``/`` stays, everything else
    outside the unreserved set (``<``, ``;``, ``#``, ``%``, ``?``, spaces) is encoded."""
    return quote(normalize_doi(doi), safe="/")


def doi_url(doi: str) -> str:
    """The resolver URL of a DOI (for people and exports, not for the API)."""
    return "https://doi.org/" + quote_doi(doi)


def doi_link(doi: str) -> str:
    """The link shown for a DOI (graph nodes, the page, ``show``, ``find``): its resolver
    URL when it is well formed (``is_valid_doi``), else "" (shown as text, not linked)."""
    return doi_url(doi) if is_valid_doi(doi) else ""
