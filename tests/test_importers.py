"""The format readers on the shapes real exports have, and round trips through our own
CSL-JSON and RIS exports of the bundled library and of krr.bib."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path

import pytest

from refgraph.bibtex import load_bibtex_files
from refgraph.compare import normalize_pages
from refgraph.errors import InputError
from refgraph.export.works import export_csl_json, export_ris
from refgraph.importers import detect_format, read_reference_file, read_references
from refgraph.model import Author

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "import"


@functools.cache
def _library(path: str):
    return load_bibtex_files([ROOT / path]).works


def _read(name: str):
    result = read_reference_file(DATA / name)
    assert result.problems == ()
    return result.works


def _names(work) -> list[tuple[str, str]]:
    return [(a.family or a.literal, a.given) for a in work.authors]


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("export-style-a.ris", "ris"),
        ("export-style-b.ris", "ris"),
        ("export-style-c.ris", "ris"),
        ("export-style-d.nbib", "medline"),
        ("export-style-e.json", "csl-json"),
        ("export-style-f.txt", "wos"),
        ("reference-list-apa.txt", "text"),
    ],
)
def test_the_format_is_detected_from_the_content(name: str, fmt: str) -> None:
    text = (DATA / name).read_bytes().decode("utf-8")
    assert detect_format(text) == fmt


def test_zotero_style_ris_with_bom_crlf_and_a_multi_line_abstract() -> None:
    article, chapter = _read("export-style-a.ris")
    assert article.title == "Leaky gut – concept or clinical entity?"
    assert _names(article) == [("Quigley", "Eamonn M. M.")]
    assert (article.year, article.volume, article.issue, article.pages) == (
        2016,
        "32",
        "2",
        "74--79",
    )
    assert article.doi == "10.1097/MOG.0000000000000243"
    assert article.abstract.endswith("role of increased intestinal permeability in disease.")
    assert article.keywords == ("intestinal permeability", "microbiota")
    assert article.provenance.detail.endswith("export-style-a.ris:1")
    assert chapter.entry_type == "incollection" and chapter.provenance.detail.endswith(":21")
    assert _names(chapter) == [("Smith", "Anna"), ("van der Berg", "Jan")]
    assert chapter.editors == (Author("Jones", "Kim"),)
    assert dict(chapter.extra) == {"booktitle": "Handbook of examples", "address": "Amsterdam"}


def test_endnote_style_ris_with_header_lines_a1_y1_and_one_space_tags() -> None:
    camilleri, fasano = _read("export-style-b.ris")
    assert _names(camilleri) == [("Camilleri", "M.")] and camilleri.year == 2019
    assert camilleri.journal == "Gut" and camilleri.pages == "1516--1526"
    assert camilleri.provenance.detail.endswith(":5")
    assert fasano.year == 2011 and fasano.pages == "151--175"  # "TY - JOUR" still read


def test_web_of_science_style_ris_with_article_number_and_continuation() -> None:
    (work,) = _read("export-style-c.ris")
    assert [n for n, _ in _names(work)] == ["Chakaroun", "Massier", "Kovacs"]
    assert work.pages == "1082" and work.issue == "4" and work.doi == "10.3390/nu12041082"
    assert "paradigm shift" in work.abstract


def test_pubmed_medline_with_fau_au_lid_and_abbreviated_pages() -> None:
    quigley, camilleri = _read("export-style-d.nbib")
    assert _names(quigley) == [("Quigley", "Eamonn M M")]  # FAU, not AU
    assert quigley.pages == "74--79" and quigley.doi == "10.1097/MOG.0000000000000243"
    assert dict(quigley.extra)["pmid"] == "26760399"
    assert (
        camilleri.title == "Leaky gut: mechanisms, measurement and clinical implications in humans"
    )
    assert camilleri.provenance.detail.endswith("export-style-d.nbib:33")
    assert dict(camilleri.extra)["pmcid"] == "PMC6790068"


def test_csl_json_with_particles_literal_names_and_string_dates() -> None:
    article, chapter = _read("export-style-e.json")
    assert _names(article) == [("de Punder", "Karin"), ("Pruimboom", "Leo")]
    assert article.year == 2015 and article.volume == "6" and article.pages == "223"
    assert article.provenance.detail.endswith("export-style-e.json: item 1")
    assert chapter.authors[0].literal == "World Health Organization"
    assert chapter.entry_type == "incollection" and chapter.year == 2020
    assert dict(chapter.extra)["booktitle"] == "A book"


def test_web_of_science_tagged_export_with_bom_and_continued_authors() -> None:
    camilleri, chakaroun = _read("export-style-f.txt")
    assert _names(camilleri) == [("Camilleri", "Michael")]  # AF, not AU
    assert camilleri.title.endswith("clinical implications in humans")
    assert (camilleri.journal, camilleri.pages, camilleri.year) == ("GUT", "1516--1526", 2019)
    assert camilleri.keywords == ("intestinal permeability", "microbiota", "tight junctions")
    assert [n for n, _ in _names(chakaroun)] == ["Chakaroun", "Massier", "Kovacs"]
    assert chakaroun.pages == "1082" and chakaroun.provenance.detail.endswith(":27")


def test_a_web_of_science_record_without_er_names_its_line() -> None:
    text = "FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nTI A title\nPY 2020\n"
    with pytest.raises(InputError, match="line 3 has no ER line") as caught:
        read_references(text, "saved.txt")
    assert caught.value.line == 3


def test_control_characters_are_removed_and_named() -> None:
    text = "TY  - JOUR\nTI  - A \x1b]0;pwned\x07title\nPY  - 2020\nER  - \n"
    result = read_references(text, "x.ris")
    assert result.works[0].title == "A ]0;pwnedtitle"
    (problem,) = result.problems
    assert problem.line == 2 and "U+001B" in problem.message and problem.severity == "warning"


# Fields a round trip compares; the formats carry all of them (docs/import.md lists what
# they cannot carry).
_EXTRA_CARRIED = ("booktitle", "address", "edition", "series", "isbn", "issn", "note")


def _howpublished_url(extra: dict[str, str], fmt: str) -> str:
    """CSL-JSON carries a howpublished that is a URL as the URL."""
    how = extra.get("howpublished", "")
    return how if fmt == "csl-json" and re.match(r"^(https?|ftp)://\S+$", how) else ""


def _comparable(work, fmt: str) -> dict[str, object]:
    extra = dict(work.extra)
    fields: dict[str, object] = {
        # RIS has no particle of its own: "de Punder, K." is family "de Punder" there
        "authors": tuple(replace(a, particle="") for a in work.authors)
        if fmt == "ris"
        else work.authors,
        # CSL-JSON titles are in sentence case (CSL's convention): the same words
        "title": " ".join(work.title.split()).lower()
        if fmt == "csl-json"
        else " ".join(work.title.split()),
        "year": work.year,
        # a booktitle that only repeats the title (proceedings) is not a container
        "container": work.journal
        or (extra.get("booktitle", "") if extra.get("booktitle") != work.title else ""),
        "volume": work.volume,
        "issue": work.issue,
        "pages": normalize_pages(work.pages),
        "doi": work.doi.removeprefix("https://doi.org/"),
        "url": work.url or _howpublished_url(extra, fmt),
        "abstract": work.abstract,
        "keywords": work.keywords,
        "editor": _editors(extra.get("editor", "")),
        # CSL-JSON and RIS have one publisher: school, institution (and in CSL-JSON
        # organization) are written there.
        "publisher": work.publisher
        or extra.get("school")
        or extra.get("institution")
        or (extra.get("organization", "") if fmt == "csl-json" else "")
        # CSL-JSON: a howpublished that is not a URL is the publisher (as pandoc reads it)
        or (
            extra.get("howpublished", "")
            if fmt == "csl-json" and "://" not in extra.get("howpublished", "")
            else ""
        ),
    }
    fields |= {f: " ".join(extra.get(f, "").split()) for f in _EXTRA_CARRIED if f != "booktitle"}
    if fmt == "csl-json":
        fields["chapter"] = extra.get("chapter", "")
    return fields


def _editors(text: str) -> list[str]:
    """Editor names as family names, whichever way they were written."""
    names = [n.strip() for n in text.replace("{", "").replace("}", "").split(" and ") if n]
    return [n.split(",")[0].strip() if "," in n else n.split()[-1] for n in names]


def _nbsp_free(works):
    """RIS export joins whitespace (no-break spaces too); compare without them."""
    from dataclasses import replace

    from refgraph.model import Author

    def clean(text: str) -> str:
        return text.replace("\xa0", " ")

    return [
        replace(
            w,
            title=clean(w.title),
            authors=tuple(
                Author(clean(a.family), clean(a.given), clean(a.literal)) for a in w.authors
            ),
            extra=tuple((k, clean(v)) for k, v in w.extra),
        )
        for w in works
    ]


@pytest.mark.parametrize("fmt", ["csl-json", "ris"])
@pytest.mark.parametrize("library", ["bib/leaky-gut.bib", "benchmarks/data/krr.bib"])
def test_exports_read_back_as_the_same_works(library: str, fmt: str) -> None:
    works = _library(library)
    exported = export_csl_json(works) if fmt == "csl-json" else export_ris(works)
    back = read_references(exported, "export", fmt)
    assert back.problems == () and len(back.works) == len(works)
    originals = works if fmt == "csl-json" else _nbsp_free(works)
    for original, read in zip(originals, back.works, strict=True):
        assert _comparable(read, fmt) == _comparable(original, fmt), original.key
        assert read.key == original.key  # the export's id / ID comes back as the key
