"""`refgraph import`: the seed page's reference list gives the bundled works; what is
written, what is refused, and what a second import adds (nothing)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from refgraph.bibtex import load_bibtex_files
from refgraph.cli import main
from refgraph.importers import read_reference_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "import"
SEED_LIST = DATA / "reference-list-apa.txt"
BUNDLED = load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works


def _fields(work):
    """Everything a citation says, as the seed test compares it."""
    authors = [(a.family, a.given, a.literal) for a in work.authors]
    pages = work.pages.replace("–", "--")
    return (authors, work.year, work.title, work.journal, work.volume, work.issue, pages)


def _import(library: Path, *args: str) -> int:
    library.mkdir(parents=True, exist_ok=True)
    return main(["import", *args, "--library", str(library), "--offline"])


def test_the_seed_reference_list_gives_the_bundled_works(tmp_path: Path) -> None:
    assert _import(tmp_path / "bib", str(SEED_LIST)) == 0
    written = load_bibtex_files([tmp_path / "bib" / "imported.bib"]).works
    assert [_fields(w) for w in written] == [_fields(w) for w in BUNDLED]
    # Accents, en dashes and "&" survive the writer and the reader.
    assert written[0].title == "Leaky gut – concept or clinical entity?"
    assert written[9].journal == "Gastroenterology & Hepatology (New York)"
    assert [w.key for w in written][:3] == [
        "quigley2016leaky",
        "santosaleman2023leaky",
        "fasano2021zonulin",
    ]


def test_each_imported_work_says_where_it_came_from() -> None:
    result = read_reference_file(SEED_LIST)
    assert [w.provenance.detail for w in result.works][:2] == [
        f"{SEED_LIST}:1",
        f"{SEED_LIST}:2",
    ]
    assert all(w.provenance.origin == "import" for w in result.works)
    text = (SEED_LIST).read_text("utf-8")
    assert "Lees meer" in text  # the page's link labels are in the input, not in the works
    assert not any("Lees" in w.title + w.journal for w in result.works)


def _audit_rows(folder: Path) -> list[dict]:
    """The audit without what names the library itself: keys, its folder, cited lines."""
    text = (folder / "out" / "audit.json").read_text("utf-8").replace(str(folder), "LIBRARY")
    data = json.loads(text)
    rows = []
    for row in data["works"]:
        fields = [{k: v for k, v in f.items() if k not in ("cited_from",)} for f in row["fields"]]
        rows.append({k: v for k, v in row.items() if k not in ("key", "fields")} | {"f": fields})
    return rows


def test_build_on_the_imported_library_gives_the_bundled_audit(tmp_path: Path) -> None:
    bundled, imported = tmp_path / "bundled", tmp_path / "imported"
    bundled.mkdir()
    imported.mkdir()
    shutil.copy(ROOT / "bib" / "leaky-gut.bib", bundled)
    for folder in (bundled, imported):
        imported.mkdir(exist_ok=True)
        shutil.copy(ROOT / "bib" / "crossref-snapshot.json", folder)
    assert _import(imported, str(SEED_LIST), "--into", str(imported / "leaky-gut.bib")) == 0
    for folder in (bundled, imported):
        (tmp_path / "no-seeds").mkdir(exist_ok=True)
        args = ["build", "--library", str(folder), "--seeds", str(tmp_path / "no-seeds")]
        assert main([*args, "--out", str(folder / "out"), "--offline"]) == 0
    rows = _audit_rows(imported)
    assert rows == _audit_rows(bundled)
    assert sum(1 for r in rows if r["status"] == "matched") == 9


def test_a_second_import_adds_nothing_and_names_both_places(tmp_path: Path, capsys) -> None:
    library = tmp_path / "bib"
    assert _import(library, str(SEED_LIST)) == 0
    before = (library / "imported.bib").read_bytes()
    capsys.readouterr()
    assert _import(library, str(DATA / "export-style-d.nbib"), str(SEED_LIST)) == 0
    out = capsys.readouterr().out
    assert "Added 0 works" in out and "12 already in the library" in out
    nbib = DATA / "export-style-d.nbib"
    assert f"{nbib}:33 is already in the library as camilleri2019leaky (" in out
    assert f"{SEED_LIST}:4 is already in the library as camilleri2019leaky (" in out
    assert "imported.bib:" in out and "same title, year and first author" in out
    after = (library / "imported.bib").read_bytes()
    assert after.startswith(before)  # existing entries are kept byte for byte


def test_existing_keys_and_entries_are_never_touched(tmp_path: Path) -> None:
    library = tmp_path / "bib"
    library.mkdir()
    mine = (
        "@article{quigley2016leaky, title = {Another paper}, author = {Quigley, A.}, year = 2016}\n"
    )
    (library / "mine.bib").write_text(mine, encoding="utf-8")
    assert _import(library, str(SEED_LIST)) == 0
    assert (library / "mine.bib").read_text("utf-8") == mine
    keys = [w.key for w in load_bibtex_files([library / "imported.bib"]).works]
    assert keys[0] == "quigley2016leakya" and len(set(keys)) == 10


def test_dry_run_writes_nothing(tmp_path: Path, capsys) -> None:
    assert _import(tmp_path / "bib", str(SEED_LIST), "--dry-run") == 0
    assert "Would add 10 works" in capsys.readouterr().out
    assert not list((tmp_path / "bib").iterdir())


def test_a_missing_library_folder_is_named_not_created(tmp_path: Path, capsys) -> None:
    args = ["import", str(SEED_LIST), "--library", str(tmp_path / "nope"), "--offline"]
    assert main(args) == 2
    assert f"{tmp_path / 'nope'}: no such folder" in capsys.readouterr().err
    assert not (tmp_path / "nope").exists()


@pytest.mark.parametrize("name", ["mine.bib", "notes.txt"])
def test_the_users_own_files_are_never_the_target(tmp_path: Path, capsys, name: str) -> None:
    library = tmp_path / "bib"
    library.mkdir()
    mine = library / name
    mine.write_text("@article{a, title={Mine}, year=2020}\n", encoding="utf-8")
    assert _import(library, str(SEED_LIST), "--into", str(mine)) == 2
    assert f"{mine}: " in capsys.readouterr().err
    assert mine.read_text("utf-8") == "@article{a, title={Mine}, year=2020}\n"


def test_the_import_file_is_appended_to(tmp_path: Path) -> None:
    library = tmp_path / "bib"
    lines = SEED_LIST.read_text("utf-8").splitlines()
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("\n".join(lines[:3]), "utf-8")
    second.write_text("\n".join(lines[2:5]), "utf-8")
    assert _import(library, str(first)) == 0
    before = (library / "imported.bib").read_text("utf-8")
    assert before.startswith("% Works added by refgraph import")
    assert _import(library, str(second)) == 0
    after = (library / "imported.bib").read_text("utf-8")
    assert after.startswith(before)
    assert len(load_bibtex_files([library / "imported.bib"]).works) == 5


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        pytest.param(b"", "empty file", 1, id="empty"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file", 3, id="binary"),
        pytest.param(b"TY  - JOUR\nTI  - A\nPY  - 2020\n", "has no ER line", 1, id="ris-no-er"),
        pytest.param(
            b"TY  - JOUR\nTI  - A\nER  - \nTY  - JOUR\nTI  - B\n", "has no ER line", 4, id="ris-2"
        ),
        pytest.param(b'{"items": []}', "must be a list", 1, id="csl-not-a-list"),
        pytest.param(b'[{"title": "x"}, ', "not valid JSON", 1, id="csl-broken"),
        pytest.param(b"a,b,c\n1,2,3\n", "unknown format", 1, id="unknown"),
        pytest.param(b"\xff\xfeT\x00", "", None, id="utf16-garbage"),
    ],
)
def test_bad_input_is_an_error_naming_file_and_line(
    tmp_path: Path, capsys, content: bytes, message: str, line: int | None
) -> None:
    bad = tmp_path / "input.txt"
    bad.write_bytes(content)
    library = tmp_path / "bib"
    library.mkdir()
    before = _digest(tmp_path)
    assert _import(library, str(SEED_LIST), str(bad)) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Nothing was written" in err
    if line is not None:
        assert f"{bad}:{line}: " in err and message in err
    assert _digest(tmp_path) == before


def test_an_unreadable_line_is_a_problem_naming_it(tmp_path: Path, capsys) -> None:
    pasted = tmp_path / "refs.txt"
    lines = SEED_LIST.read_text("utf-8").splitlines()
    pasted.write_text("\n".join(lines[:2] + ["3. See the video on our website."]), "utf-8")
    assert _import(tmp_path / "bib", str(pasted)) == 0
    out = capsys.readouterr().out
    assert "Added 2 works" in out
    assert f"{pasted}:3: not read as a reference" in out


def test_a_wrapped_unnumbered_list_in_four_styles() -> None:
    result = read_reference_file(DATA / "reference-list-wrapped.txt")
    (heading,) = result.problems  # "References" is named, not dropped silently
    assert heading.line == 1 and "References" in heading.message
    got = [(w.provenance.detail.rsplit(":", 1)[1], w.authors[0].family, w.year, w.journal,
            w.volume, w.pages) for w in result.works]  # fmt: skip
    assert got == [
        ("3", "Quigley", 2016, "Current Opinion in Gastroenterology", "32", "74--79"),
        ("5", "Camilleri", 2019, "Gut", "68", "1516--26"),
        ("7", "Fasano", 2011, "Physiological Reviews", "91", "151--75"),
        ("10", "de Punder", 2015, "Frontiers in Immunology", "6", "223"),
    ]
    assert result.works[1].doi == "10.1136/gutjnl-2019-318427"
    assert result.works[2].authors[0].given == "Alessio"
    assert result.works[2].title.endswith("Autoimmunity, and Cancer")


def test_a_vancouver_list_as_a_pubmed_central_page_shows_it() -> None:
    result = read_reference_file(DATA / "reference-list-vancouver.txt")
    assert result.problems == ()
    got = [(w.authors[0].family, w.authors[0].given, w.year, w.journal, w.volume, w.issue,
            w.pages, w.doi) for w in result.works]  # fmt: skip
    assert got == [
        ("Quigley", "E.M.", 2016, "Curr Opin Gastroenterol", "32", "2", "74--79",
         "10.1097/MOG.0000000000000243"),
        ("Camilleri", "M.", 2019, "Gut", "68", "", "1516--1526", ""),
        ("Fasano", "A.", 2011, "Physiol Rev", "91", "1", "151--75", "10.1152/physrev.00003.2008"),
        ("Vancamelbeke", "M.", 2017, "Expert Rev Gastroenterol Hepatol", "11", "9", "821--834",
         ""),
        ("Aleman", "R.S.", 2023, "Molecules", "28", "2", "619", ""),
        ("Smith", "J.", 2001, "N Engl J Med", "344", "", "1--10", ""),
    ]  # fmt: skip
    assert result.works[0].title == "Leaky gut - concept or clinical entity?"
    assert dict(result.works[2].extra)["pmid"] == "21248165"
    assert [a.family for a in result.works[5].authors] == ["Smith", "Jones"]  # "et al." dropped


def test_keys_the_input_gives_are_kept_when_valid_and_free(tmp_path: Path) -> None:
    library = tmp_path / "bib"

    def item(id_: str, title: str) -> dict:
        author = [{"family": "Quigley", "given": "E."}]
        return {"id": id_, "type": "article-journal", "title": title, "author": author,
                "issued": {"raw": "2016"}}  # fmt: skip

    items = [
        item("quigley2016", "Alpha"),
        item("quigley2016", "Beta"),
        item("http://zotero.org/users/1/items/X", "Gamma"),
    ]
    data = tmp_path / "items.json"
    data.write_text(json.dumps(items), "utf-8")
    assert _import(library, str(data)) == 0
    keys = [w.key for w in load_bibtex_files([library / "imported.bib"]).works]
    # The first id is kept; the second is taken by then; a Zotero URI is no citation key.
    assert keys == ["quigley2016", "quigley2016beta", "quigley2016gamma"]
