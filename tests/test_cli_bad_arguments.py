"""Every verb with a matrix of bad arguments and paths: nothing prints a traceback (or an
"internal error"), and bad input exits 1 (nothing usable) or 2 (bad usage).

The verbs and their options are read from the CLI's own parser (nested verbs such as
``annotate topic add`` included), so a verb or an option added later is in the matrix
without editing this file. Each case is one verb's baseline arguments with one change:
an unknown option, a missing option value, a value outside an option's choices, a bad
number, a path that is missing, under a missing folder, under a file, of the wrong kind
(a folder where a file is expected and the other way round), with a NUL byte, too long
or full of terminal escapes, and hostile text for every free-text value. Each verb also
runs on library folders with the wrong things in them (a folder named .bib, a dangling or
looping link, binary bytes, a garbage or folder cache, a garbage snapshot, annotation and
seed files that are folders). Unreadable files cannot be made when the tests run as root,
as here; a file that is a folder or a link loop fails the same read.

Runs in-process (``refgraph.cli.main``), in a scratch copy of a small library with the
current folder moved there, Crossref pointed at a closed local port and --offline wherever
a verb has it; a few cases also run as real processes, where the interpreter itself would
print an uncaught exception.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile_inputs import ESCAPES, raw_controls, write_library

from refgraph.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
CLOSED_PORT_URL = "http://127.0.0.1:9"  # discard port: nothing listens, refused at once


def leaf_parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """(verb words, parser) for every runnable verb, nested verbs included."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(path, parser)]
    found, seen = [], set()
    for action in subs:
        for name, sub in action.choices.items():
            if id(sub) not in seen:  # aliases share a parser
                seen.add(id(sub))
                found += leaf_parsers(sub, (*path, name))
    return found


VERBS = leaf_parsers(build_parser())

# A value each required argument of a known verb takes in the scratch library; an unknown
# verb's required arguments get "x" (its cases still run; most then fail early, cleanly).
REQUIRED = {
    "key": "clean2021",
    "subject": "clean2021",
    "topic": "zonulin",
    "claim": "c1",
    "value": "supports",
    "id": "new-topic",
    "text": "A claim",
    "format": "bibtex",
    "files": "extra.bib",
    "dois": "10.1000/xyz",
}
# Free-text values whose garbage is still a usable input (a query that finds nothing, a
# label): only "no traceback" is asserted for them; every other value must be checked.
# (Stance evidence is text too: the format does not require URLs, the page checks links.)
FREE_TEXT = {"query", "mailto", "label", "en", "nl", "description", "note", "text", "id"}
FREE_TEXT |= {"evidence"}
# Options a verb accepts with the shared library options but never reads: a bad value
# there is not an input it uses, so only "no traceback" is asserted.
UNREAD = {("annotate", "--cache")}
HOSTILE_TEXT = {
    "escapes": f"x{ESCAPES}",
    "nul": "x\x00y",
    "long": "x" * 20000,
    "dash": "-",
    "format": "%s%n{0}{}",
    "dotdot": "../../../../etc/passwd",
}


@dataclass(frozen=True)
class Case:
    verb: tuple[str, ...]
    change: str
    argv: tuple[str, ...]
    bad: bool  # bad input: must exit 1 or 2

    @property
    def id(self) -> str:
        return f"{'-'.join(self.verb)}:{self.change}"


def _is_path(action: argparse.Action) -> bool:
    return action.type is Path or getattr(action.type, "__name__", "") == "Path"


def _wants_folder(action: argparse.Action) -> bool:
    return action.metavar == "DIR"


def baseline(verb: tuple[str, ...], parser: argparse.ArgumentParser) -> list[str]:
    argv = list(verb)
    for action in parser._actions:
        if not action.required:
            continue
        value = REQUIRED.get(action.dest, "x")
        if action.choices and value not in action.choices:
            value = next(iter(action.choices))
        argv += [*action.option_strings[:1], value]
    if any("--offline" in a.option_strings for a in parser._actions):
        argv.append("--offline")
    return argv


def path_values(action: argparse.Action) -> dict[str, str]:
    wrong_kind = "a-file.txt" if _wants_folder(action) else "a-folder"
    return {
        "missing-parent": "no-such-folder/x",
        "wrong-kind": wrong_kind,
        "under-a-file": "a-file.txt/x",
        "nul": "x\x00y",
        "too-long": "x" * 5000,
        "escapes": f"no-such{ESCAPES}",
    }


def cases() -> list[Case]:
    found = []
    for verb, parser in VERBS:
        base = baseline(verb, parser)
        found.append(Case(verb, "baseline", tuple(base), bad=False))
        found.append(Case(verb, "unknown-option", (*base, f"--no-such-option{ESCAPES}"), True))
        # find and export take any number of query words: extra words are words there.
        words = any(not a.option_strings and a.nargs == "*" for a in parser._actions)
        found.append(Case(verb, "extra-arguments", (*base, "extra-1", "extra-2"), not words))
        for action in parser._actions:
            if action.nargs == 0 or isinstance(action, argparse._HelpAction):
                continue
            option = action.option_strings[:1]
            name = option[0] if option else action.dest

            def with_value(value: str, action=action, option=option, base=base):
                argv = list(base)
                if option:  # replace a required option's baseline value, else add it
                    if option[0] in argv:
                        i = argv.index(option[0])
                        del argv[i : i + 2]
                    return (*argv, option[0], value)
                i = argv.index(REQUIRED.get(action.dest, "x")) if action.required else len(argv)
                return (*argv[:i], value, *argv[i + 1 :]) if action.required else (*argv, value)

            if option:
                found.append(Case(verb, f"{name}-without-value", (*base, option[0]), True))
            if action.choices:
                found.append(
                    Case(verb, f"{name}-not-a-choice", with_value(f"bogus{ESCAPES}"), True)
                )
            elif _is_path(action):
                read = (verb[0], name) not in UNREAD
                for change, value in path_values(action).items():
                    found.append(Case(verb, f"{name}-{change}", with_value(value), read))
            elif action.type is not None and action.type is not str:
                for change, value in {"not-a-number": "abc", "negative": "-1"}.items():
                    found.append(Case(verb, f"{name}-{change}", with_value(value), True))
            else:
                free = action.dest in FREE_TEXT
                for change, value in HOSTILE_TEXT.items():
                    found.append(Case(verb, f"{name}-{change}", with_value(value), not free))
    return found


CASES = cases()


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch) -> Path:
    """A small library with annotations and a seed, the paths the cases name, and the
    current folder and caches moved into the scratch folder."""
    write_library(tmp_path / "bib")
    notes = tmp_path / "bib" / "annotations"
    notes.mkdir()
    (notes / "topics.toml").write_text(
        '[[topic]]\nid = "zonulin"\nlabel = "zonulin"\nsynonyms = []\n', encoding="utf-8"
    )
    (notes / "claims.toml").write_text('[[claim]]\nid = "c1"\ntext = "C"\n', encoding="utf-8")
    (tmp_path / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / "000.toml", tmp_path / "seeds")
    (tmp_path / "a-file.txt").write_text("not refgraph's\n", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "extra.bib").write_text(
        "@article{extra2022, author={Poe, E.}, title={Extra}, journal={J}, year={2022}}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("REFGRAPH_CROSSREF_URL", CLOSED_PORT_URL)
    monkeypatch.delenv("REFGRAPH_DEBUG", raising=False)
    return tmp_path


def _check(case: Case, code: int, output: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]
    assert raw_controls(output.replace("\r", "")) == [], "raw control characters printed"
    if case.bad:
        assert code in (1, 2), f"exit {code} for bad input; output: {output[-1500:]}"
    else:
        assert code in (0, 1, 2), f"exit {code}; output: {output[-1500:]}"


def test_the_matrix_covers_every_verb_of_the_parser() -> None:
    verbs = {case.verb for case in CASES}
    assert verbs == {verb for verb, _ in VERBS}
    assert {"build", "find", "show", "export"} <= {v[0] for v in verbs}
    assert len(CASES) > 20 * len(verbs)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_arguments_never_print_a_traceback(case: Case, scratch: Path, capsys) -> None:
    from refgraph.cli import main

    try:
        code = main(list(case.argv))
    except SystemExit as exc:  # argparse exits itself on bad usage
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    _check(case, code, out + err)


# Library folders with the wrong things in them: every verb (one per top-level word) runs
# its baseline on each and must end cleanly (files it cannot read are problems or errors).
def _shape(name: str, root: Path) -> None:
    lib = root / "bib"
    if name == "bib-is-a-folder":
        (lib / "folder.bib").mkdir()
    elif name == "annotation-is-a-folder":
        (lib / "annotations" / "claims.toml").unlink()
        (lib / "annotations" / "claims.toml").mkdir()
    elif name == "annotations-is-a-file":
        shutil.rmtree(lib / "annotations")
        (lib / "annotations").write_text("not a folder\n", encoding="utf-8")
    elif name == "seed-is-a-folder":
        (root / "seeds" / "009.toml").mkdir()
    elif name == "dangling-bib-link":
        (lib / "gone.bib").symlink_to(root / "nowhere.bib")
    elif name == "bib-link-loop":
        (lib / "loop.bib").symlink_to(lib / "loop.bib")
    elif name == "binary-bib":
        (lib / "binary.bib").write_bytes(bytes(range(256)) * 8)
    elif name == "cache-is-garbage":
        (lib / "crossref-cache.sqlite").write_bytes(b"not sqlite\x00" * 100)
    elif name == "cache-is-a-folder":
        (lib / "crossref-cache.sqlite").mkdir()
    elif name == "snapshot-is-garbage":
        (lib / "crossref-snapshot.json").write_text("{not json", encoding="utf-8")


SHAPES = ["bib-is-a-folder", "annotation-is-a-folder", "annotations-is-a-file"]
SHAPES += ["seed-is-a-folder", "dangling-bib-link", "bib-link-loop", "binary-bib"]
SHAPES += ["cache-is-garbage", "cache-is-a-folder", "snapshot-is-garbage"]
FIRST_OF_EACH = [c for c in CASES if c.change == "baseline"]
FIRST_OF_EACH = [c for i, c in enumerate(FIRST_OF_EACH) if c.verb[0] not in
                 {d.verb[0] for d in FIRST_OF_EACH[:i]}]  # fmt: skip


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("case", FIRST_OF_EACH, ids=lambda c: c.verb[0])
def test_a_library_with_the_wrong_things_in_it_ends_cleanly(case, shape, scratch, capsys):
    from refgraph.cli import main

    _shape(shape, scratch)
    try:
        code = main(list(case.argv))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    _check(case, code, out + err)


# A few of the same as real processes: the interpreter prints what escapes main, and
# multiprocessing children too. Few, because each start imports scikit-learn (seconds).
PROCESS_CASES = [
    c
    for c in CASES
    if c.change in ("--library-missing-parent", "--library-escapes")
    and c.verb in (("build",), ("export",))
]


@pytest.mark.parametrize("case", PROCESS_CASES, ids=lambda c: c.id)
def test_as_a_process_bad_arguments_never_print_a_traceback(case: Case, scratch: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "refgraph", *case.argv],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=120,
        env=env,
        check=False,
    )
    _check(case, run.returncode, run.stdout + run.stderr)
