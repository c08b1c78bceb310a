"""Failures new users met on first contact with the command line, one test per kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from refgraph.cli import main

# Four entries: two read, one without the comma after its key, one without its closing brace.
BROKEN_BIB = """\
@article{good1,
  title = {A good title},
  author = {Smith, John},
  journal = {J},
  year = {2020}
}

@article{nocomma
  title = {Missing comma},
  author = {Doe, Jane},
  journal = {J},
  year = {2021}
}

@article{good2,
  title = {Another good title},
  author = {Roe, Richard},
  journal = {J},
  year = {2019}
}

@article{nobrace,
  title = {Missing brace},
  author = {Poe, Edgar},
  journal = {J},
  year = {2018}

"""


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    library = tmp_path / "broken"
    library.mkdir()
    (library / "lib.bib").write_text(BROKEN_BIB, encoding="utf-8")
    return library


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "-f", "bibtex", "-o", "x.bib"],
        ["export", "-f", "csl-json"],
        ["find", "good"],
        ["show", "good1"],
        ["topics"],
        ["claims"],
        ["audit", "--offline"],
        ["enrich", "--offline"],
        ["annotate", "claim", "add", "c1", "A claim"],
    ],
    ids=lambda argv: " ".join(argv[:2]),
)
def test_every_verb_says_how_many_entries_it_could_not_read(broken, capsys, argv) -> None:
    code = main([*argv, "--library", str(broken)])
    err = capsys.readouterr().err
    told = [line for line in err.splitlines() if "could not be read" in line]
    assert code == 0, err
    assert len(told) == 1, err
    assert "2 errors" in told[0]
    assert f"{broken.name}/lib.bib:8 [nocomma]" in told[0]
    assert "refgraph build" in told[0]


def test_build_says_none_when_there_are_no_edges(broken, capsys) -> None:
    # Two works without topics, claims or sources: no edge at all ("Edges: " was printed).
    assert main(["build", "--library", str(broken), "--offline", "--out", "site"]) == 0
    out = capsys.readouterr().out
    assert "Edges: none\n" in out


def test_tables_into_a_pipe_never_split_words(capsys) -> None:
    # Through a pipe rich laid tables out in 80 columns and folded inside words
    # ("permeabilit" / "y"); capsys is not a terminal, as a pipe is not.
    root = Path(__file__).resolve().parent.parent
    argv = ["--library", str(root / "bib"), "--seeds", str(root / "seeds")]
    assert main(["topics", "--json", *argv]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert main(["topics", *argv]) == 0
    out = capsys.readouterr().out
    cells = [cell.strip() for line in out.splitlines() for cell in line.split("│")]
    for row in rows:
        assert row["id"] in cells and row["label"] in cells
        words = {w.strip(",") for name in row["synonyms"] for w in name.split()}
        assert all(word in out.split() or f"{word}," in out.split() for word in words), row


def test_a_latex_command_pylatexenc_cannot_decode_is_a_problem_not_a_stray_warning(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pylatexenc logged "macro '\ensuremath' failed its substitution!" to the terminal,
    # naming no entry, and decoded the title to "%s".
    monkeypatch.chdir(tmp_path)
    library = tmp_path / "lib"
    library.mkdir()
    (library / "lib.bib").write_text(
        "@article{fine, title = {ASP(\\ensuremath{\\mathcal{AC}}): Constraints},\n"
        "  author = {Eiter, T.}, journal = {J}, year = 2020}\n"
        "@article{broken, title = {Ends with \\ensuremath},\n"
        "  author = {Kiesel, R.}, journal = {J}, year = 2020}\n",
        encoding="utf-8",
    )
    assert main(["export", "-f", "csl-json", "--library", str(library)]) == 0
    out, err = capsys.readouterr()
    assert "pylatexenc" not in err and "WARNING" not in err
    # Under pytest a log record goes to pytest's handler, not stderr: none may leave.
    # A real process: under pytest a log record goes to pytest's handlers, not stderr.
    run = subprocess.run(
        [sys.executable, "-m", "refgraph", "export", "-f", "csl-json", "--library", "lib"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0 and run.stderr == "", run.stderr
    titles = {item["id"]: item["title"] for item in json.loads(out)}
    assert titles["fine"].startswith("ASP(𝒜𝒞)")
    assert "%s" not in titles["broken"] and "Ends with" in titles["broken"]
    assert main(["build", "--library", str(library), "--offline", "--out", "site"]) == 0
    out, err = capsys.readouterr()
    assert "pylatexenc" not in out + err
    assert "lib.bib:3 [broken]: LaTeX \\ensuremath could not be read" in out
    problems = json.loads((tmp_path / "site" / "problems.json").read_text(encoding="utf-8"))
    assert [p["kind"] for p in problems if p["key"] == "broken"] == ["latex-not-decoded"]
