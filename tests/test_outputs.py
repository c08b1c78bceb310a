"""The user's files are sacred: no output path may be an input or a foreign file, a
missing output folder is an error naming it, and a failed write leaves nothing behind.

Every case runs the real command on a copy of the bundled library and checks both the
exit code (2: bad usage; 1: an output that cannot be written) and that every input file
is byte for byte what it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from refgraph.atomic import write_text_atomic
from refgraph.cli import main
from refgraph.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ws(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the bundled library and seeds; the current folder is the workspace."""
    shutil.copytree(ROOT / "bib", tmp_path / "bib", ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "crossref-cache" not in p.name
    }


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, err


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["find", "gut", "--index", "bib/leaky-gut.bib"], id="find-index-is-bib"),
        pytest.param(["find", "gut", "--index", "seeds/000.toml"], id="find-index-is-seed"),
        pytest.param(["export", "-f", "bibtex", "-o", "bib/leaky-gut.bib"], id="export-bib"),
        pytest.param(["export", "-f", "json", "-o", "bib/crossref-snapshot.json"], id="snap"),
        pytest.param(["export", "-f", "ris", "-o", "bib/annotations/topics.toml"], id="notes"),
        pytest.param(["show", "fasano2021", "--cache", "bib/leaky-gut.bib"], id="show-cache"),
        pytest.param(["build", "--offline", "--cache", "bib/leaky-gut.bib"], id="build-cache"),
        pytest.param(["topics", "--cache", "seeds/001.toml"], id="topics-cache-is-seed"),
    ],
)
def test_an_input_is_never_an_output(ws: Path, capsys, argv: list[str]) -> None:
    before = digest(ws)
    code, err = run(capsys, *argv)
    assert code == 2
    assert "input of the library" in err
    assert digest(ws) == before


def test_a_link_to_an_input_is_refused_too(ws: Path, capsys) -> None:
    (ws / "refs.bib").symlink_to(ws / "bib" / "leaky-gut.bib")
    os.link(ws / "bib" / "leaky-gut.bib", ws / "hard.bib")
    before = digest(ws / "bib")
    for target in ("refs.bib", "hard.bib"):
        code, err = run(capsys, "export", "-f", "bibtex", "-o", target)
        assert code == 2 and "input of the library" in err
    assert digest(ws / "bib") == before


@pytest.mark.parametrize(
    ("argv", "path", "content"),
    [
        pytest.param(["find", "gut", "--index", "notes.sqlite"], "notes.sqlite", "sqlite",
                     id="index-is-another-sqlite"),
        pytest.param(["find", "gut", "--index", "notes.txt"], "notes.txt", b"my notes\n",
                     id="index-is-text"),
        pytest.param(["show", "fasano2021", "--cache", "notes.sqlite"], "notes.sqlite",
                     "sqlite", id="cache-is-another-sqlite"),
        pytest.param(["build", "--offline", "--out", "site"], "site/index.html",
                     b"<!DOCTYPE html><html><body>my home page</body></html>", id="page"),
        pytest.param(["build", "--offline", "--out", "site"], "site/graph.json",
                     b'{"my": "data"}', id="graph-json"),
        pytest.param(["export", "-f", "bibtex", "-o", "paper.docx"], "paper.docx",
                     b"PK\x03\x04 a word document", id="export-over-docx"),
        pytest.param(["export", "-f", "gexf", "-o", "refs.bib"], "refs.bib",
                     b"@article{a, title={Mine}}\n", id="gexf-over-bibtex"),
    ],
)  # fmt: skip
def test_a_foreign_file_is_never_replaced(ws, capsys, argv, path, content) -> None:
    target = ws / path
    target.parent.mkdir(exist_ok=True)
    if content == "sqlite":
        with sqlite3.connect(target) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
            db.execute("INSERT INTO notes VALUES ('precious')")
        db.close()
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    code, err = run(capsys, *argv)
    assert code == 2
    assert str(target.name) in err and "will not replace it" in err
    assert target.read_bytes() == before


def test_refgraphs_own_outputs_are_replaced(ws: Path, capsys) -> None:
    # Running twice is the normal case: our index, page, graph, export and cache.
    for _ in range(2):
        assert run(capsys, "find", "gut", "--index", "i.sqlite")[0] == 0
        assert run(capsys, "build", "--offline", "--out", "site", "--cache", "c.sqlite")[0] == 0
        assert run(capsys, "export", "-f", "bibtex", "-o", "refs.bib")[0] == 0
        assert run(capsys, "export", "-f", "graphml", "-o", "g.graphml")[0] == 0
        # Outputs kept inside the library folder are refgraph's, not inputs.
        assert run(capsys, "build", "--offline", "--out", "bib/site")[0] == 0
        assert run(capsys, "find", "gut", "--index", "bib/index.sqlite")[0] == 0
    for fmt, path in (("csl-json", "refs.json"), ("ris", "refs.ris")):  # new files are fine
        assert run(capsys, "export", "-f", fmt, "-o", path)[0] == 0


@pytest.mark.parametrize(
    ("fmt", "name", "theirs"),
    [
        pytest.param("bibtex", "thesis.bib", "% my own list\n@book{x, title={X}}\n", id="bibtex"),
        pytest.param("biblatex", "thesis.bib", "@book{x, title={X}}\n", id="biblatex"),
        pytest.param("csl-json", "refs.json", '[{"id": "x", "title": "X"}]\n', id="csl-json"),
        pytest.param("ris", "refs.ris", "TY  - BOOK\nTI  - X\nER  - \n", id="ris"),
    ],
)
def test_a_users_own_export_format_file_is_replaced_only_with_force(
    ws: Path, capsys, fmt: str, name: str, theirs: str
) -> None:
    # One typo in -o used to wipe a .bib of the user's outside the library.
    (ws / name).write_text(theirs, encoding="utf-8")
    code, err = run(capsys, "export", "-f", fmt, "-o", name)
    assert code == 2
    assert name in err and "--force" in err and "will not replace it" in err
    assert (ws / name).read_text(encoding="utf-8") == theirs
    assert run(capsys, "export", "-f", fmt, "-o", name, "--force")[0] == 0
    assert (ws / name).read_text(encoding="utf-8") != theirs


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_a_bibtex_export_file_is_marked_and_replaced_next_time(ws: Path, capsys, fmt) -> None:
    assert run(capsys, "export", "-f", fmt, "-o", "refs.bib")[0] == 0
    written = (ws / "refs.bib").read_text(encoding="utf-8")
    assert written.startswith(f"% Written by refgraph export ({fmt})")
    assert run(capsys, "export", "-f", fmt, "-o", "refs.bib")[0] == 0  # no --force needed
    # The marker is the file's alone: standard output (and the page's Copy BibTeX) has none.
    code = main(["export", "-f", fmt])
    out = capsys.readouterr().out
    assert code == 0 and "Written by refgraph" not in out
    assert written.split("\n", 2)[2] == out


@pytest.mark.parametrize(
    ("argv", "missing"),
    [
        pytest.param(["export", "-f", "ris", "-o", "reprots/refs.ris"], "reprots", id="export"),
        pytest.param(["find", "gut", "--index", "idx/sub/i.sqlite"], "idx", id="index"),
        pytest.param(["build", "--offline", "--out", "sitte/www"], "sitte", id="build"),
        pytest.param(["build", "--offline", "--cache", "cahce/c.sqlite"], "cahce", id="cache"),
    ],
)
def test_a_missing_output_folder_is_named_and_never_created(ws, capsys, argv, missing) -> None:
    code, err = run(capsys, *argv)
    assert code == 2
    assert f"{missing}: no such folder" in err
    assert not (ws / missing).exists()


def test_build_creates_its_own_out_folder_one_level(ws: Path, capsys) -> None:
    assert run(capsys, "build", "--offline", "--out", "site")[0] == 0
    assert (ws / "site" / "index.html").is_file()
    assert run(capsys, "find", "gut")[0] == 0  # the default index folder (build/) is ours
    assert (ws / "build" / "index.sqlite").is_file()


def test_out_that_is_a_file_is_bad_usage(ws: Path, capsys) -> None:
    (ws / "site").write_text("not a folder")
    code, err = run(capsys, "build", "--offline", "--out", "site")
    assert code == 2 and "is a file, not a folder" in err
    assert (ws / "site").read_text() == "not a folder"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text_atomic(target, "new\n" * 1000)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_a_full_disk_is_one_message_and_exit_1(ws: Path, capsys, monkeypatch) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    code, err = run(capsys, "export", "-f", "json", "-o", "refs.json")  # no index needed
    assert code == 1
    assert "refs.json" in err and "No space left on device" in err
    assert not list(ws.glob(".refs.json*"))
    code, err = run(capsys, "find", "gut")  # the index cannot be written either
    assert code == 1 and "index.sqlite" in err


def test_a_malformed_config_is_named_with_its_line(ws: Path, capsys) -> None:
    (ws / "refgraph.toml").write_text('[crossref]\nmailto = "me@uni.nl\n', encoding="utf-8")
    for argv in (["build", "--offline"], ["enrich", "--offline"], ["audit", "--offline"]):
        code, err = run(capsys, *argv)
        assert code == 2
        assert "refgraph.toml: not valid TOML" in err and "line 2" in err
    (ws / "refgraph.toml").write_text('crossref = "not a table"\n', encoding="utf-8")
    code, err = run(capsys, "build", "--offline")
    assert code == 2 and "[crossref] must be a table" in err


def test_ctrl_c_is_one_message_exit_130_and_nothing_half_written(ws, capsys, monkeypatch):
    import refgraph.cli.build as build

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "page_chunks", interrupted)
    code, err = run(capsys, "build", "--offline", "--out", "site")
    assert code == 130
    assert "interrupted" in err
    assert not [p for p in (ws / "site").iterdir() if p.name.endswith(".tmp")]
    assert not (ws / "site" / "index.html").exists()
