"""Control characters in untrusted text: which ones, where they are, and making them harmless.

A .bib file, a Crossref record or a command-line argument may carry bytes that are not text:
NUL, ESC (which starts the terminal escape sequences CSI ``ESC [`` and OSC ``ESC ]``), BEL,
backspace, DEL, and the C1 controls U+0080-U+009F (U+009B is a one-character CSI for
terminals that honour 8-bit controls). They change what a terminal shows (a title can
retitle the window, hide text, or plant a hyperlink), make XML unreadable, and mean nothing
in BibTeX or RIS. Two rules, applied at the edges:

- Data (``strip_controls``, ``find_controls``): every C0 control except tab, line feed and
  carriage return (whitespace in BibTeX and TOML), DEL and C1 is removed where text enters
  refgraph; the BibTeX loader reports each line that held one as a Problem.
- Terminal (``escape_for_terminal``): everything printed is shown with the same characters,
  and also CR (it moves the cursor back over the line) and lone surrogates (they cannot be
  encoded), replaced by a visible ``\\uXXXX``. That form is also a JSON escape, so JSON
  printed to standard output stays valid JSON with the same value.

Source for the sets: ECMA-48 (C0, C1 and the CSI/OSC introducers) and the XML 1.0 Char
production, which excludes the same C0 controls.
"""

from __future__ import annotations

import re

# C0 without tab (09), line feed (0A) and carriage return (0D); DEL; C1.
DATA_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# What a terminal must never receive raw: the above, CR, and lone surrogates.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def strip_controls(text: str) -> str:
    """``text`` without data control characters (see the module docstring)."""
    if DATA_CONTROLS.search(text) is None:  # the common case, without a copy
        return text
    return DATA_CONTROLS.sub("", text)


def find_controls(text: str) -> list[tuple[int, str]]:
    """``(line, names)`` for each line of ``text`` holding data control characters: line
    1-based, names such as ``"U+001B, U+0000"`` in order of first appearance."""
    found: dict[int, dict[str, None]] = {}
    if DATA_CONTROLS.search(text) is None:
        return []
    line, counted = 1, 0  # newlines are counted between matches: linear in len(text)
    for m in DATA_CONTROLS.finditer(text):
        line += text.count("\n", counted, m.start())
        counted = m.start()
        found.setdefault(line, {})[f"U+{ord(m.group()):04X}"] = None
    return [(line, ", ".join(names)) for line, names in found.items()]


def escape_for_terminal(text: str) -> str:
    """``text`` with every terminal control shown as ``\\uXXXX`` (tab and newline kept)."""
    if TERMINAL_CONTROLS.search(text) is None:
        return text
    return TERMINAL_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
