"""`refgraph add DOI...` and the Crossref look-up of pasted references, against the local
test server fed with real Crossref records (and, for the ten papers, records built from
their facts: see tests/ten_papers.py)."""

from __future__ import annotations

import json
from pathlib import Path

from crossref_server import running_server
from ten_papers import crossref_messages

from refgraph.bibtex import load_bibtex_files
from refgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))
SEED_LIST = ROOT / "tests" / "data" / "import" / "reference-list-apa.txt"


def _online(server, library: Path) -> list[str]:
    library.mkdir(exist_ok=True)
    return ["--library", str(library), "--crossref-url", server.url, "--mailto", "t@refgraph.test"]


def test_add_by_doi_and_link_in_one_batched_request(tmp_path: Path, capsys) -> None:
    library = tmp_path / "bib"
    dois = ["https://doi.org/10.7717/peerj.4794", "10.1016/B978-0-08-102696-0.00020-8"]
    with running_server(SAMPLE) as server:
        code = main(["add", *dois, "10.9999/not.there", *_online(server, library)])
        lists = [r.path for r in server.requests_to("list")]
    assert code == 0
    out = capsys.readouterr().out
    assert "Added 2 works" in out and "doi:10.9999/not.there: not in Crossref" in out
    works = load_bibtex_files([library / "imported.bib"]).works
    assert [w.doi.lower() for w in works] == [
        d.removeprefix("https://doi.org/").lower() for d in dois
    ]
    article, chapter = works
    assert article.entry_type == "article" and article.authors[0].family == "Harrison"
    assert article.key.startswith("harrison2018")
    assert chapter.entry_type == "incollection" and dict(chapter.extra).get("booktitle")
    assert len(lists) == 1 and "peerj.4794" in lists[0] and "102696" in lists[0]
    # A second add of the same DOI adds nothing: it is already in the library.
    with running_server(SAMPLE) as server:
        assert main(["add", dois[0], *_online(server, library)]) == 0
    assert "Added 0 works" in capsys.readouterr().out


def test_add_offline_says_so_and_adds_nothing(tmp_path: Path, capsys) -> None:
    assert main(["add", "10.7717/peerj.4794", "--library", str(tmp_path), "--offline"]) == 1
    assert "nothing added" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_add_without_a_server_adds_nothing(tmp_path: Path, capsys) -> None:
    with running_server({}) as server:
        url = server.url
    args = ["add", "10.7717/peerj.4794", "--library", str(tmp_path), "--crossref-url", url]
    assert main(args) == 1
    assert "nothing added" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.bib"))  # (the enrichment lock file may be there)


def test_add_refuses_what_is_not_a_doi(tmp_path: Path, capsys) -> None:
    assert main(["add", "not-a-doi", "--library", str(tmp_path), "--offline"]) == 2
    assert "not a DOI: not-a-doi" in capsys.readouterr().err


def test_pasted_references_get_only_the_dois_that_surely_match(tmp_path: Path, capsys) -> None:
    library = tmp_path / "bib"
    with running_server(crossref_messages()) as server:
        assert main(["import", str(SEED_LIST), *_online(server, library)]) == 0
    err = capsys.readouterr().err
    works = {w.key: w for w in load_bibtex_files([library / "imported.bib"]).works}
    assert works["camilleri2019leaky"].doi == "10.1136/gutjnl-2019-318427"
    assert not works["lacy2024leaky"].doi  # no DOI registered: none invented
    assert "pasted references matched to a DOI" in err
    # The cited fields stay as cited: the check against the record is the audit's job.
    assert works["fasano2021zonulin"].year == 2021


def test_answers_are_cached_so_a_rerun_needs_no_crossref(tmp_path: Path, capsys) -> None:
    library, cache = tmp_path / "bib", tmp_path / "cache.sqlite"
    with running_server(crossref_messages()) as server:
        args = ["import", str(SEED_LIST), *_online(server, library), "--cache", str(cache)]
        assert main([*args, "--dry-run"]) == 0
        asked = len(server.requests_to("list"))
        url = server.url
    assert asked == 10  # one query.bibliographic per pasted reference
    # The server is gone: the same import now comes from the cache alone.
    rerun = ["import", str(SEED_LIST), "--library", str(library), "--crossref-url", url]
    assert main([*rerun, "--cache", str(cache)]) == 0
    err = capsys.readouterr().err
    assert "could not be used" not in err
    works = {w.key: w for w in load_bibtex_files([library / "imported.bib"]).works}
    assert works["camilleri2019leaky"].doi == "10.1136/gutjnl-2019-318427"
