"""Every verb's terminal output, from a hostile library and hostile arguments: no raw
control character (ESC, BEL, OSC, CSI, C1, NUL, CR) reaches stdout or stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hostile_inputs import ESCAPES, SEQUENCES, raw_controls, write_library

from refgraph.cli import main

# Every verb that prints library text, with the arguments that make it print the most.
READING = [
    pytest.param(["build", "--offline"], id="build"),
    pytest.param(["show", "clean2021"], id="show"),
    pytest.param(["show", "clean2021", "--json"], id="show-json"),
    pytest.param(["find", "zonulin"], id="find"),
    pytest.param(["find", "zonulin", "--json"], id="find-json"),
    pytest.param(["find", "zonulin", "--bibtex"], id="find-bibtex"),
    pytest.param(["topics"], id="topics"),
    pytest.param(["claims"], id="claims"),
    pytest.param(["audit", "--offline"], id="audit"),
    pytest.param(["audit", "--offline", "--json"], id="audit-json"),
    pytest.param(["enrich", "--offline"], id="enrich"),
    pytest.param(["export", "-f", "ris"], id="export-ris"),
    pytest.param(["export", "-f", "csl-json"], id="export-csl-json"),
    pytest.param(["export", "-f", "graphml"], id="export-graphml"),
]


def _run(tmp_path: Path, capsys, argv: list[str]) -> tuple[int, str]:
    verb = argv[0]
    (tmp_path / "seeds").mkdir(exist_ok=True)
    extra = ["--library", str(tmp_path / "lib"), "--seeds", str(tmp_path / "seeds")]
    if verb in ("find", "export"):
        extra += ["--index", str(tmp_path / "index.sqlite")]
    if verb == "build":
        extra += ["--out", str(tmp_path / "out")]
    if verb in ("build", "audit", "enrich"):
        extra += ["--cache", str(tmp_path / "cache.sqlite")]
    code = main([*argv, *extra])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("argv", READING)
def test_a_hostile_library_prints_no_raw_control(tmp_path: Path, capsys, argv) -> None:
    write_library(tmp_path / "lib")
    code, output = _run(tmp_path, capsys, argv)
    assert code == 0, output
    assert raw_controls(output) == []


@pytest.mark.parametrize("hostile", SEQUENCES)
def test_show_of_the_hostile_work_prints_no_raw_control(tmp_path: Path, capsys, hostile) -> None:
    write_library(tmp_path / "lib", hostile)
    code, listing = _run(tmp_path, capsys, ["find", "zonulin", "--json"])
    assert code == 0
    key = next(h["key"] for h in json.loads(listing) if h["key"].startswith("evil"))
    code, output = _run(tmp_path, capsys, ["show", key])
    assert code == 0
    assert "Zonulin" in output
    assert raw_controls(output) == []


HOSTILE_ARGUMENTS = [
    pytest.param(["show", f"nokey{ESCAPES}"], 1, id="show-unknown-key"),
    pytest.param(["find", "--topic", f"t{ESCAPES}"], 2, id="find-unknown-topic"),
    pytest.param(["find", "--year", f"y{ESCAPES}"], 2, id="find-bad-year"),
    pytest.param(["find", "--kind", f"k{ESCAPES}"], 2, id="find-bad-choice"),
    pytest.param(["export", "-f", f"f{ESCAPES}"], 2, id="export-bad-format"),
    pytest.param(["find", f"--no-such-option{ESCAPES}"], 2, id="unknown-option"),
    pytest.param([f"verb{ESCAPES}"], 2, id="unknown-verb"),
]


@pytest.mark.parametrize(("argv", "status"), HOSTILE_ARGUMENTS)
def test_hostile_arguments_are_quoted_escaped(tmp_path: Path, capsys, argv, status) -> None:
    write_library(tmp_path / "lib")
    try:
        code, output = _run(tmp_path, capsys, argv)
    except SystemExit as exc:  # argparse's own errors
        code, output = exc.code, "".join(capsys.readouterr())
    assert code == status
    assert "\\u001b" in output or "\\x1b" in output  # quoted, and visibly escaped
    assert raw_controls(output) == []


def test_a_nul_in_an_argument_is_bad_usage(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["show", "key\x00"])
    assert exc.value.code == 2
    assert "NUL" in capsys.readouterr().err


def test_a_hostile_library_path_is_escaped_in_the_error(tmp_path: Path, capsys) -> None:
    code = main(["topics", "--library", str(tmp_path / f"missing{ESCAPES}")])
    err = capsys.readouterr().err
    assert code == 1
    assert "missing" in err and "not found" in err
    assert raw_controls(err) == []


def test_the_annotate_dry_run_diff_prints_no_raw_control(tmp_path: Path, capsys) -> None:
    write_library(tmp_path / "lib")
    (tmp_path / "seeds").mkdir()
    label = f"label {ESCAPES}"
    argv = ["annotate", "topic", "new", "evil", "--label", label, "--dry-run"]
    code = main([*argv, "--library", str(tmp_path / "lib"), "--seeds", str(tmp_path / "seeds")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "+++ b/" in out and "label" in out
    assert raw_controls(out + err) == []


def test_a_failing_page_renderer_reports_escaped(tmp_path: Path, capfd, monkeypatch) -> None:
    import refgraph.cli.build as build

    def broken(graph, **options):
        raise RuntimeError(f"boom {ESCAPES}")

    monkeypatch.setattr(build, "PARALLEL_PAGE_NODES", 0)  # the forked renderer
    monkeypatch.setattr(build, "page_chunks", broken)
    write_library(tmp_path / "lib")
    (tmp_path / "seeds").mkdir()
    code = main(
        [
            "build", "--offline",
            "--library", str(tmp_path / "lib"),
            "--seeds", str(tmp_path / "seeds"),
            "--out", str(tmp_path / "out"),
            "--cache", str(tmp_path / "cache.sqlite"),
        ]
    )  # fmt: skip
    out, err = capfd.readouterr()
    assert code == 1
    assert "boom" in err and "rendering the page failed" in err
    assert raw_controls(out + err) == []
