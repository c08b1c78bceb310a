"""refgraph.heap's end of the process: exit_now skips the teardown, keep_until_exit keeps
only in a process that ends with it (the refgraph command)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import weakref

from refgraph.heap import keep_until_exit


class _Held:
    pass


def test_keep_until_exit_keeps_nothing_in_a_process_that_goes_on() -> None:
    # Tests and programs calling refgraph's functions must get their memory back.
    held = _Held()
    alive = weakref.ref(held)
    keep_until_exit(held)
    del held
    assert alive() is None


def test_exit_now_delivers_the_output_and_the_status_and_skips_the_teardown() -> None:
    script = textwrap.dedent(
        """
        import atexit, sys, weakref
        from refgraph.heap import ending_with_exit_now, exit_now, keep_until_exit

        class Held:
            def __del__(self):
                sys.stdout.write("freed\\n")

        ending_with_exit_now()
        held = Held()
        alive = weakref.ref(held)
        keep_until_exit(held)
        del held
        atexit.register(lambda: sys.stdout.write("teardown ran\\n"))
        sys.stdout.write("kept\\n" if alive() is not None else "dropped\\n")
        sys.stdout.write("x" * 200_000)  # buffered, no newline: flushed by exit_now
        sys.stderr.write("said on stderr")
        exit_now(3)
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 3
    assert run.stdout == "kept\n" + "x" * 200_000  # nothing freed, no atexit handler
    assert run.stderr == "said on stderr"


def test_the_command_ends_with_its_status_and_its_output(tmp_path) -> None:
    # `python -m refgraph` goes through refgraph.cli.entry, as the installed command does.
    missing = tmp_path / "nowhere"
    run = subprocess.run(
        [sys.executable, "-m", "refgraph", "build", "--library", str(missing), "--offline"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1
    assert "library folder not found" in run.stderr and "Traceback" not in run.stderr
