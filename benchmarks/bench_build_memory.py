"""Peak memory of each process of a ``refgraph build`` (the parent and its forked audit and
page children): each one's VmHWM from /proc, polled every 0.1 s (Linux only).

    python -m benchmarks.bench_build_memory -- refgraph build --library L --out O --offline --quiet

A forked child's peak counts the pages it shares with its parent, so it starts at the
parent's size when forked; ``/usr/bin/time -v`` reports only the largest of them. Prints one
line per process (in the order they started) and the exit code and wall time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(c) for c in handle.read().split()]
    except OSError:  # the process has ended
        pass
    return found


def _peak_mib(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return None


def main() -> None:
    command = sys.argv[1:]
    if command[:1] == ["--"]:
        command = command[1:]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peaks: dict[int, tuple[int, float]] = {}  # pid -> (peak MiB, seconds when first seen)
    while process.poll() is None:
        stack = [process.pid]
        while stack:
            pid = stack.pop()
            stack += _children(pid)
            peak = _peak_mib(pid)
            if peak is not None:
                seen = peaks.get(pid, (0, time.perf_counter() - start))
                peaks[pid] = (max(peak, seen[0]), seen[1])
        time.sleep(0.1)
    print(f"exit {process.returncode}, wall {time.perf_counter() - start:.1f} s")
    for pid, (peak, first) in sorted(peaks.items(), key=lambda item: item[1][1]):
        print(f"process {pid} (seen from {first:.0f} s): peak {peak} MiB")


if __name__ == "__main__":
    main()
