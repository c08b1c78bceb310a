"""Hostile text as a .bib, Crossref or the command line may send it: shared by the tests of
terminal output, loading, exports and the CLI's bad-arguments matrix.

The oracle ``RAW_CONTROL`` is written here independently of ``refgraph.controls``: what a
terminal must never receive (C0 except tab and newline, DEL, C1).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# Each one does something to a terminal that prints it raw.
SEQUENCES = [
    pytest.param("\x1b]0;pwned\x07", id="osc-window-title"),
    pytest.param("\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07", id="osc8-hyperlink"),
    pytest.param("\x1b[2J\x1b[H", id="csi-clear-screen"),
    pytest.param("\x1b[8mhidden\x1b[0m", id="csi-conceal"),
    pytest.param("\x9b31mred", id="c1-csi"),
    pytest.param("\x9d0;t\x9c", id="c1-osc"),
    pytest.param("bell\x07", id="bel"),
    pytest.param("nul\x00byte", id="nul"),
    pytest.param("safe\rEVIL", id="carriage-return"),
    pytest.param("abc\x08\x08\x08xyz", id="backspace"),
    pytest.param("del\x7f", id="del"),
]
SAMPLES: list[str] = [p.values[0] for p in SEQUENCES]
ALL = "".join(SAMPLES)
# All of them but the NUL, for command-line arguments: no real command line can hold one
# (refgraph refuses it as bad usage).
ESCAPES = ALL.replace("\x00", "")

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def raw_controls(text: str) -> list[str]:
    """The raw control characters in ``text``, as ``U+XXXX`` names (empty: safe)."""
    return [f"U+{ord(c):04X}" for c in RAW_CONTROL.findall(text)]


def write_library(folder: Path, text: str = ALL) -> Path:
    """A library folder whose one .bib puts ``text`` in a key (without its white space: such
    a key is skipped at load), a title, an author and a note, beside one clean entry;
    returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    key = "".join(text.split())
    bib = (
        f"@article{{evil{key}2020,\n"
        f"  author = {{Doe{text}, Jane}},\n"
        f"  title = {{Zonulin {text} title}},\n"
        "  journal = {Journal},\n"
        "  year = {2020},\n"
        f"  note = {{a note {text}}}\n"
        "}\n\n"
        "@article{clean2021, author = {Roe, Richard}, title = {Zonulin clean},"
        " journal = {Journal}, year = {2021}}\n"
    )
    (folder / "hostile.bib").write_text(bib, encoding="utf-8")
    return folder
