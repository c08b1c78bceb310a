"""Benchmark libraries of about 1,000, 3,000 and 10,000 works from real BibTeX files.

- ``1k``: the first 1,000 entries of krr.bib (with its ``@string`` macros, and the
  ``crossref`` parents those entries name where the file has them);
- ``3k``: krr.bib whole;
- ``10k``: krr.bib, aibasel-literatur.bib and aibasel-crossref.bib (parsed together), then
  the same files again with every key (and every ``crossref`` reference to it) given a
  ``-c2`` suffix, cut at 10,000 works. The repeated part is marked as such in the table.
- ``50k``: the same, with copies ``-c2``, ``-c3``, ... until 50,000 works (mostly repeats).

Each library folder gets the benchmark topic vocabulary (benchmarks/data/annotations) and a
Crossref cache filled as a previous online run would have left it, so that ``refgraph
build --offline`` works from the cache: one record per work (its own fields, a synthetic
DOI where the entry has none, found by its bibliographic query), a short abstract for a
third of them, and a reference list for 70% (five works of the library and five of a pool
of outside works), giving work -> work and work -> external citation edges.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from refgraph.bibtex import load_bibtex_files
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.match import bibliographic_query
from refgraph.model import Work

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KRR = HERE / "data" / "krr.bib"
AIBASEL = ROOT / "tests" / "data" / "bib-corpora"
ANNOTATIONS = HERE / "data" / "annotations"
SIZES = {"1k": 1_000, "3k": None, "10k": 10_000, "50k": 50_000}
SUFFIX = "-c2"

_HEAD = re.compile(r"@(\w+)\s*([{(])\s*([^,\s]+)\s*,")
_CROSSREF = re.compile(r"(crossref\s*=\s*[{\"])([^}\"]+)", re.IGNORECASE)
_NOT_ENTRY = {"string", "comment", "preamble"}


def chunks(text: str) -> list[str]:
    """The file cut before every line that starts with '@' (one block per chunk)."""
    return re.split(r"(?m)^(?=@)", text)


def is_entry(chunk: str) -> bool:
    m = _HEAD.match(chunk)
    return bool(m) and m.group(1).lower() not in _NOT_ENTRY


def renamed(chunk: str, suffix: str) -> str:
    """An entry chunk with its key and its crossref parent's key suffixed."""
    chunk = _HEAD.sub(lambda m: f"@{m.group(1)}{m.group(2)}{m.group(3)}{suffix},", chunk, 1)
    return _CROSSREF.sub(lambda m: m.group(1) + m.group(2).strip() + suffix, chunk)


def first_entries(text: str, n: int) -> str:
    """Non-entry blocks, the first ``n`` entries, and the crossref parents they name."""
    parts = chunks(text)
    keys = {_HEAD.match(c).group(3).lower(): c for c in parts if is_entry(c)}  # type: ignore[union-attr]
    kept, parents, taken = [], set(), 0
    for chunk in parts:
        if is_entry(chunk):
            if taken >= n:
                continue
            taken += 1
            parents.update(m.group(2).strip().lower() for m in _CROSSREF.finditer(chunk))
        kept.append(chunk)
    chosen = {_HEAD.match(c).group(3).lower() for c in kept if is_entry(c)}  # type: ignore[union-attr]
    kept += [keys[p] for p in sorted(parents - chosen) if p in keys]
    return "".join(kept)


def bib_files(size: str) -> dict[str, str]:
    """File name -> BibTeX text for one benchmark library."""
    krr = KRR.read_text("utf-8")
    if size == "1k":
        return {"krr-first-1000.bib": first_entries(krr, 1_000)}
    if size == "3k":
        return {"krr.bib": krr}
    files = {"krr.bib": krr}
    for name in ("aibasel-literatur.bib", "aibasel-crossref.bib"):
        files[name] = (AIBASEL / name).read_text("utf-8")
    have = sum(is_entry(c) for t in files.values() for c in chunks(t))
    left = SIZES[size] - have
    originals = dict(files)
    copy_number = 2
    while left > 0:  # renamed copies (-c2, -c3, ...) until the size is reached
        suffix = SUFFIX if copy_number == 2 else f"-c{copy_number}"
        for name in ("aibasel-crossref.bib", "krr.bib", "aibasel-literatur.bib"):  # parents first
            entries = [c for c in chunks(originals[name]) if is_entry(c)][: max(left, 0)]
            copy = [renamed(c, suffix) for c in entries]
            left -= len(copy)
            files[name.replace(".bib", suffix + ".bib")] = "".join(copy)
        copy_number += 1
    return files


def make_library(size: str, folder: Path, seed: int = 6) -> Path:
    """Write the ``size`` library (.bib files, annotations, filled cache) into ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in bib_files(size).items():
        (folder / name).write_text(text, encoding="utf-8")
    shutil.copytree(ANNOTATIONS, folder / "annotations")
    works = load_bibtex_files(sorted(folder.glob("*.bib"))).works
    fill_cache(works, folder / "crossref-cache.sqlite", seed)
    return folder


def doi_of(index: int, work: Work) -> str:
    return work.doi or f"10.5555/rgbench.{index:05d}"


def fill_cache(works: tuple[Work, ...], path: Path, seed: int) -> None:
    rng = random.Random(seed)
    dois = [doi_of(i, w) for i, w in enumerate(works)]
    outside = max(50, len(works) // 2)
    with CrossrefCache(str(path)) as cache:
        for i, work in enumerate(works):
            message = record_for(work, dois[i])
            if i % 3 == 0 and work.title:
                message["abstract"] = f"<jats:p>This work studies {work.title.lower()}.</jats:p>"
            if i % 10 < 7:
                cited = rng.sample(dois, min(5, len(dois)))
                cited += [f"10.5555/rgbench-ext.{rng.randrange(outside)}" for _ in range(5)]
                message["reference"] = [{"key": f"r{j}", "DOI": d} for j, d in enumerate(cited)]
            cache.put_work(dois[i], message, "benchmark")
            if not work.doi:
                cache.put_query(bibliographic_query(work), [message], "benchmark")


def record_for(work: Work, doi: str) -> dict:
    """A Crossref work message agreeing with the entry (what a good match looks like)."""
    message: dict = {"DOI": doi, "type": "journal-article" if work.journal else "book-chapter"}
    if work.title:
        message["title"] = [work.title]
    authors = [
        {"family": a.family, "given": a.given} if a.family else {"name": a.literal}
        for a in work.authors
    ]
    if authors:
        message["author"] = authors
    if work.year:
        message["issued"] = {"date-parts": [[work.year]]}
    if work.journal:
        message["container-title"] = [work.journal]
    return message
