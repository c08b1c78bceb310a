"""Exit codes mean something: one table (refgraph.cli.exits) used by every verb, shown by
--help and written in the README; and `build --help` agrees with what build does."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from crossref_server import running_server
from ten_papers import crossref_messages

from refgraph.cli import build_parser, main
from refgraph.cli.exits import DONE, INTERRUPTED, TABLE, UNUSABLE, USAGE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))


@pytest.fixture
def ws(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(ROOT / "bib", tmp_path / "bib", ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REFGRAPH_MAILTO", "tester@refgraph.test")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:  # argparse's own usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_table_is_in_help_and_readme(capsys) -> None:
    assert (DONE, UNUSABLE, USAGE, INTERRUPTED) == (0, 1, 2, 130)
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--help"])
    assert TABLE in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2", "130"):
        assert re.search(rf"^\|\s*{code}\s*\|", readme, re.M), f"exit {code} not in README"


def test_enrich_exits_1_when_lookups_failed(ws: Path, capsys) -> None:
    (ws / "bib" / "crossref-snapshot.json").unlink()  # nothing to fall back on
    with running_server(SAMPLE | crossref_messages()) as server:
        server.fail("500", times=10_000)
        code, out, err = run(capsys, "enrich", "--refresh", "--crossref-url", server.url)
    assert code == UNUSABLE
    assert "lookups failed" in err and "again to resume" in err
    with running_server(SAMPLE | crossref_messages()) as server:  # the rerun resumes
        code, out, err = run(capsys, "enrich", "--refresh", "--crossref-url", server.url)
    assert code == DONE, err


def test_enrich_exits_1_when_crossref_cannot_be_reached(ws: Path, capsys) -> None:
    (ws / "bib" / "crossref-snapshot.json").unlink()  # nothing to fall back on
    code, _, err = run(capsys, "enrich", "--crossref-url", "http://127.0.0.1:9")
    assert code == UNUSABLE and "lookups failed" in err


def test_enrich_offline_with_nothing_to_ask_is_done(ws: Path, capsys) -> None:
    assert run(capsys, "enrich", "--offline")[0] == DONE


@pytest.mark.parametrize(
    "url",
    ["not a url", "api.crossref.org", "ftp://api.crossref.org", "http://", "http://x:0/",
     "http://x:port/", "https://api crossref.org"],
)  # fmt: skip
def test_an_invalid_crossref_url_is_bad_usage(ws: Path, capsys, monkeypatch, url: str) -> None:
    code, _, err = run(capsys, "enrich", "--crossref-url", url)
    assert code == USAGE and "--crossref-url" in err and "not an http(s) URL" in err
    monkeypatch.setenv("REFGRAPH_CROSSREF_URL", url)
    code, _, err = run(capsys, "build")
    assert code == USAGE and "REFGRAPH_CROSSREF_URL" in err
    monkeypatch.delenv("REFGRAPH_CROSSREF_URL")
    (ws / "refgraph.toml").write_text(f'[crossref]\nurl = "{url}"\n', encoding="utf-8")
    code, _, err = run(capsys, "audit")
    assert code == USAGE and "refgraph.toml [crossref] url" in err


@pytest.mark.parametrize("value", ["-1", "x", "1.5"])
def test_limit_must_be_a_whole_number_of_zero_or_more(ws: Path, capsys, value: str) -> None:
    code, _, err = run(capsys, "find", "gut", "--limit", value)
    assert code == USAGE and "--limit" in err
    assert run(capsys, "find", "gut", "--limit", "0")[0] == DONE


def test_build_strict_exits_1_when_the_inputs_have_problems(ws: Path, capsys) -> None:
    code, out, err = run(capsys, "build", "--offline")
    assert code == DONE and "vancamelbeke2017" in out  # a warning: journal missing
    code, _, err = run(capsys, "build", "--offline", "--strict")
    assert code == UNUSABLE and "--strict" in err and "problems in the inputs" in err
    clean = ws / "clean"
    clean.mkdir()
    (clean / "c.bib").write_text(
        "@article{ok2001, title={Fine}, author={Doe, Jane}, journal={J}, year={2001}}\n"
    )
    (ws / "no-seeds").mkdir()
    code, _, err = run(capsys, "build", "--offline", "--strict", "--library", "clean",
                       "--seeds", "no-seeds", "--out", "out2")  # fmt: skip
    assert code == DONE, err


def test_build_help_and_summary_say_whether_crossref_is_asked(ws: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["build", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Crossref is asked only for what they lack or what has expired" in text
    assert "never with --offline" in text and "--strict" in text
    _, out, err = run(capsys, "build", "--offline")
    assert "Worked offline (--offline)" in out + err
    (ws / "bib" / "crossref-snapshot.json").unlink()  # so that build must ask Crossref
    with running_server(SAMPLE | crossref_messages()) as server:
        code, out, err = run(capsys, "build", "--crossref-url", server.url)
        asked = len(server.log)
    assert code == DONE and asked > 0
    assert re.search(r"Asked Crossref \(\d+ requests", out + err)
