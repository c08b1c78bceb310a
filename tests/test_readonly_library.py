"""A library folder nobody may write works for every offline verb, and for enrich (whose
cache then lives in $XDG_CACHE_HOME/refgraph/); nothing in it changes.

The folder is made read-only for real: as root (where permission bits do not stop
writes) through a read-only bind mount in a private mount namespace (``unshare -m``);
otherwise by taking away its write permissions.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from crossref_server import running_server
from ten_papers import crossref_messages

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))
MOUNT_RO = 'mount --bind "$0" "$0" && mount -o remount,ro,bind "$0" && exec "$@"'


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Runs each command line in one interpreter (imports once), printing a JSON line per
# command: its exit code and everything it printed.
_RUNNER = """
import contextlib, io, json, sys
from refgraph.cli import main
for argv in json.loads(sys.argv[1]):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
    print(json.dumps([argv, code, out.getvalue()]), flush=True)
"""


def run_read_only(folder: Path, cwd: Path, env: dict[str, str], *commands: list[str]):
    """Each command line with ``folder`` read-only: [(argv, exit code, output)]."""
    command = [sys.executable, "-c", _RUNNER, json.dumps(commands)]
    if os.geteuid() == 0:
        assert shutil.which("unshare"), "unshare (util-linux) is needed to test as root"
        command = ["unshare", "-m", "sh", "-c", MOUNT_RO, str(folder), *command]
    else:
        for p in [folder, *folder.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
    try:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=300)  # fmt: skip
    finally:
        if os.geteuid() != 0:
            for p in [folder, *folder.rglob("*")]:
                p.chmod(p.stat().st_mode | 0o200)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_every_verb_works_in_a_read_only_library(tmp_path: Path) -> None:
    lib, seeds = tmp_path / "bib", tmp_path / "seeds"
    shutil.copytree(ROOT / "bib", lib, ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(ROOT / "seeds", seeds)
    env = os.environ | {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "REFGRAPH_MAILTO":
                        "tester@refgraph.test"}  # fmt: skip
    # A cache in the library, as an earlier run left it; then the folder goes read-only.
    subprocess.run([sys.executable, "-m", "refgraph", "build", "--offline"], cwd=tmp_path,
                   env=env, check=True, capture_output=True)  # fmt: skip
    assert (lib / "crossref-cache.sqlite").is_file()
    before = digest(lib)
    (tmp_path / "out").mkdir()
    offline_verbs = [
        ["build", "--offline", "--out", "out/site"],
        ["enrich", "--offline"],
        ["audit", "--offline"],
        ["find", "zonulin", "--index", "out/i.sqlite"],
        ["show", "fasano2021"],
        ["topics"],
        ["claims"],
        ["export", "-f", "bibtex", "-o", "out/refs.bib", "--index", "out/i.sqlite"],
        ["export", "-f", "gexf"],
    ]
    # Outputs into the read-only folder cannot be written: one message, exit 1, nothing left.
    unwritable = [
        ["build", "--offline", "--out", "bib"],
        ["build", "--offline", "--out", "bib/site"],
        ["export", "-f", "ris", "-o", "bib/new.ris"],
    ]
    results = run_read_only(lib, tmp_path, env, *offline_verbs, *unwritable)
    for argv, code, text in results[: len(offline_verbs)]:
        assert code == 0, (argv, text)
        assert "Traceback" not in text and "read-only" not in text.lower(), (argv, text)
    for argv, code, text in results[len(offline_verbs) :]:
        assert code == 1, (argv, text)
        assert "Traceback" not in text and "cannot" in text and "bib" in text, (argv, text)
    assert (tmp_path / "out" / "site" / "index.html").is_file()
    assert "fasano2021" in (tmp_path / "out" / "refs.bib").read_text()
    # Online: the cache moves to the user's cache folder, seeded from the library's.
    with running_server(SAMPLE | crossref_messages()) as server:
        enrich = ["enrich", "--refresh", "--crossref-url", server.url]
        (_, code, text), (_, offline, _) = run_read_only(lib, tmp_path, env, enrich,
                                                         ["audit", "--offline"])  # fmt: skip
        assert server.log and server.violations == []
    assert (code, offline) == (0, 0), text
    assert "cannot be written: the Crossref cache is kept in" in " ".join(text.split())
    assert len(list((tmp_path / "xdg" / "refgraph").glob("bib-*.sqlite"))) == 1
    assert digest(lib) == before  # not one byte of the library changed
