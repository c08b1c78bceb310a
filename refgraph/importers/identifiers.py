"""What a pasted reference carries besides its citation: identifiers, and what a web page
or a PDF leaves around them.

Cut out wherever they are: a DOI (bare, ``doi:``, ``DOI``, a doi.org link, after
"Available at:" or "Retrieved from"), a PMID, a PMCID, another URL; "Epub ..." dates,
"[cited ...]"/"Accessed ..." notes, bracketed notes such as "[Internet]" or "[Preprint]",
and the link labels at the end of a line copied from a web page ("Lees meer", "Read more",
"[PubMed]", "Google Scholar", "Crossref").
"""

from __future__ import annotations

import re

_DOI = re.compile(
    r"(?:\b(?:Available (?:from|at)|Retrieved from):?\s*)?(?:https?://(?:dx\.)?doi\.org/|\bdoi:\s*|\bDOI:?\s+)?\b(10\.\d{4,9}/[^\s\"<>]+)",
    re.IGNORECASE,
)
_PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b\.?", re.IGNORECASE)
_PMCID = re.compile(r"\bPMCID:?\s*(PMC\d+)\b\.?", re.IGNORECASE)
_URL = re.compile(r"(?:\b(?:Available (?:from|at)|Retrieved from|URL):?\s*)?\bhttps?://\S+")
_EPUB = re.compile(r"\bEpub(?: ahead of print)?\s*\d{4}[^.]*\.", re.IGNORECASE)
_CITED = re.compile(r"\[(?:cited|accessed)[^\]]*\]|\bAccessed:?\s[^.]*\.", re.IGNORECASE)
# Link labels a web page or a PDF viewer leaves at the end of a pasted reference; anything
# short in brackets at the very end ("[DOI]", "[PMC free article]", "[Abstract]") too.
_LABELS = (
    r"lees meer|read more|weiterlesen|lire la suite|leer m[aá]s|google scholar|pubmed|"
    r"pmc free article|crossref|scopus|web of science|full text|free full text|view article|"
    r"find it@?\s*\w*|open in a separate window"
)
_TRAILING_LABELS = re.compile(
    rf"(?:\s*(?:\[[^\]\d]{{1,25}}\]|\b(?:{_LABELS})\b))+\s*$",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
# Notes a style puts in brackets after a title or container: not part of either.
_BRACKETED_NOTE = re.compile(
    r"\s*\[(?:Internet|Preprint|Online|In press|Data ?set|Computer software|Abstract)\]",
    re.IGNORECASE,
)


def cut_identifiers(text: str) -> tuple[dict[str, str], str]:
    """({"doi", "pmid", "pmcid", "url": value}, the text without them and without the
    notes and link labels around them)."""
    ids: dict[str, str] = {}
    found = _DOI.search(text)
    if found:
        ids["doi"] = trim_doi(found.group(1))
        text = text[: found.start()] + text[found.start() + len(found.group(0)) :]
    for name, pattern in (("pmcid", _PMCID), ("pmid", _PMID)):
        hit = pattern.search(text)
        if hit:
            ids[name] = hit.group(1)
            text = text[: hit.start()] + text[hit.end() :]
    url = _URL.search(text)
    if url:
        link = url.group(0).split()[-1].rstrip(".,;")
        if "doi.org/" not in link:
            ids["url"] = link
        text = text[: url.start()] + text[url.end() :]
    text = _BRACKETED_NOTE.sub("", _CITED.sub("", _EPUB.sub("", text)))
    text = _SPACES.sub(" ", text).strip().rstrip(",;").strip()
    return ids, _TRAILING_LABELS.sub("", text).strip()


def trim_doi(doi: str) -> str:
    """A DOI cut from running text: no trailing punctuation, no unbalanced ")" or "]"."""
    doi = doi.rstrip(".,;:")
    while (
        doi and doi[-1] in ")]" and doi.count(doi[-1]) > doi.count("(" if doi[-1] == ")" else "[")
    ):
        doi = doi[:-1].rstrip(".,;:")
    return doi
