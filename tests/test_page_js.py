"""The page script's pure modules under Node's own test runner (``node --test tests/js/``).

Fails, never skips, when ``node`` is missing: the test command installs it.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent


def test_node_unit_tests_pass():
    node = shutil.which("node")
    assert node, "node is missing: apt-get install nodejs"
    tests = sorted(str(p) for p in (HERE / "js").glob("*.test.js"))
    assert tests, "no tests/js/*.test.js"
    done = subprocess.run(
        [node, "--test", *tests], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    # a file whose tests were never run (a syntax error in a module) must not pass silently
    summary = dict(line[2:].split(" ", 1) for line in done.stdout.splitlines()
                   if line.startswith(("# pass ", "# fail ")))  # fmt: skip
    assert int(summary["pass"]) >= len(tests) and summary["fail"] == "0", done.stdout[-2000:]
