"""refgraph.cli.main, the error boundary: what a verb does not handle becomes one line on
stderr and an exit code, never a traceback."""

from __future__ import annotations

import errno

import pytest

import refgraph.cli.topics
from refgraph.cli import main
from refgraph.errors import CacheError, InputError
from refgraph.search import FilterError


def _raising(exc: BaseException):
    def run(args):
        raise exc

    return run


@pytest.mark.parametrize(
    ("exc", "status", "said"),
    [
        pytest.param(InputError("no usable entry", "lib/a.bib", 3), 1, "lib/a.bib:3", id="input"),
        pytest.param(CacheError("cannot open", "c.sqlite"), 1, "c.sqlite: cannot open", id="cache"),
        pytest.param(FilterError("kind", "x", ("work",)), 2, "kind", id="filter"),
        pytest.param(
            PermissionError(errno.EACCES, "Permission denied", "out/index.html"),
            1,
            "out/index.html: Permission denied",
            id="permission",
        ),
        pytest.param(
            IsADirectoryError(errno.EISDIR, "Is a directory", "out.bib"),
            1,
            "out.bib: Is a directory",
            id="is-a-directory",
        ),
        pytest.param(OSError(errno.ENOSPC, "No space left on device"), 1, "No space", id="full"),
        pytest.param(RuntimeError("boom\x1b]0;x\x07"), 1, "internal error", id="bug"),
        pytest.param(KeyboardInterrupt(), 130, "interrupted", id="ctrl-c"),
    ],
)
def test_errors_become_one_message_and_an_exit_code(monkeypatch, capsys, exc, status, said):
    monkeypatch.setattr(refgraph.cli.topics, "run", _raising(exc))
    assert main(["topics"]) == status
    out, err = capsys.readouterr()
    assert said in err
    assert err.startswith("refgraph: ") and err.count("\n") == 1
    assert "Traceback" not in out + err and "\x1b" not in err


def test_a_bug_is_reraised_with_refgraph_debug(monkeypatch) -> None:
    monkeypatch.setattr(refgraph.cli.topics, "run", _raising(RuntimeError("boom")))
    monkeypatch.setenv("REFGRAPH_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        main(["topics"])


def test_a_closed_pipe_is_not_an_error_message(monkeypatch, capsys) -> None:
    monkeypatch.setattr(refgraph.cli.topics, "run", _raising(BrokenPipeError(errno.EPIPE, "")))
    monkeypatch.setattr("refgraph.cli._silence_stdout", lambda: None)  # keep pytest's stdout
    assert main(["topics"]) == 1
    assert capsys.readouterr().err == ""


def test_a_library_log_warning_is_printed_escaped(monkeypatch, capsys) -> None:
    import logging

    def run(args):
        logging.getLogger("somelibrary").warning("odd title %s", "x\x1b]0;pwned\x07")
        return 0

    monkeypatch.setattr(refgraph.cli.topics, "run", run)
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as outside pytest
    monkeypatch.setattr(logging, "lastResort", logging.lastResort)  # restored afterwards
    assert main(["topics"]) == 0
    err = capsys.readouterr().err
    assert "refgraph: somelibrary: odd title x\\u001b]0;pwned\\u0007" in err
    assert "\x1b" not in err
