"""The two consoles every verb prints through, and the one place output is made safe.

Everything refgraph prints can hold untrusted text: titles, names and keys from a .bib,
Crossref records, problems quoting them, the user's own arguments. Two guards:

- Markup is off: a title such as ``[red]x[/red]`` or ``[link=javascript:...]`` prints as the
  text it is.
- Control characters are shown escaped (``refgraph.controls.escape_for_terminal``): an ESC,
  BEL, OSC or CSI sequence, a C1 control or a carriage return in a title prints as
  ``\\u001b``..., never reaches the terminal raw. ``SafeConsole`` escapes every string and
  ``Text`` before rich lays it out (so a table cell wraps the escaped text rather than
  cropping it), then checks every text segment it renders (tables, panels, progress bars)
  once more; ``SafeConsole.write`` does the same for plain text (JSON, BibTeX, Markdown,
  problem lines), and ``LogHandler`` for a library's log records. Rich's own styling
  and cursor codes are control segments and pass as they are. (Rich itself silently
  drops BEL, backspace, VT, FF and CR from ``Text``.)

Soft wrap keeps ``file:line`` paths and DOIs on one line so they can be copied.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from refgraph.controls import TERMINAL_CONTROLS, escape_for_terminal


class SafeConsole(Console):
    """A rich Console that never emits a control character it did not make itself."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        if isinstance(renderable, Text):
            renderable = _escaped(renderable)
        for segment in super().render(renderable, options):
            text, style, control = segment
            if control is None and text:
                safe = escape_for_terminal(text)
                if safe is not text:
                    segment = Segment(safe, style)
            yield segment

    def render_str(self, text: str, **kwargs) -> Text:  # type: ignore[override]
        return super().render_str(escape_for_terminal(text), **kwargs)

    def write(self, text: str) -> None:
        """Plain ``text`` as it is, control characters escaped: no markup, no wrapping,
        no rich rendering (fast for the thousands of lines a big library's problems take)."""
        self.file.write(escape_for_terminal(text))
        self.file.flush()


def _escaped(text: Text) -> Text:
    """``text`` with its control characters escaped, styles kept (an escape takes the
    style of the character it replaces)."""
    found = list(TERMINAL_CONTROLS.finditer(text.plain))
    if not found:
        return text
    cuts = sorted({i for m in found for i in (m.start(), m.end())})
    pieces = text.divide(cuts)
    out = text.blank_copy()
    for piece in pieces:
        if TERMINAL_CONTROLS.fullmatch(piece.plain) is None:
            out.append_text(piece)
            continue
        escape = escape_for_terminal(piece.plain)
        replacement = Text(escape, style=piece.style)
        for span in piece.spans:
            replacement.stylize(span.style, 0, len(escape))
        out.append_text(replacement)
    return out


class LogHandler(logging.Handler):
    """Log records that reach no other handler (a library's warning), printed like the rest:
    one escaped line on stderr. Installed as ``logging.lastResort`` by ``cli.main``, where
    Python's own would write the message raw."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            stderr().write(f"refgraph: {record.name}: {record.getMessage()}\n")
        except Exception:  # noqa: BLE001 - logging's rule: a handler never raises
            self.handleError(record)


# The widest a table printed into a pipe or a file grows to (columns): wide enough for any
# real row, bounded for a hostile title of a megabyte without a space.
PIPE_WIDTH_LIMIT = 1000


def fit_width(console: Console, renderable: RenderableType) -> None:
    """Into a pipe or a file (not a terminal), widen ``console`` to the natural width of
    ``renderable`` (up to ``PIPE_WIDTH_LIMIT``): rich's default of 80 columns there folded
    table cells inside words ("permeabilit / y"). A terminal keeps its own width."""
    if console.is_terminal:
        return
    options = console.options.update_width(PIPE_WIDTH_LIMIT)
    natural = Measurement.get(console, options, renderable).maximum
    console.width = max(console.width, min(natural, PIPE_WIDTH_LIMIT))


def stdout() -> SafeConsole:
    return SafeConsole(markup=False, highlight=False, soft_wrap=True)


def stderr() -> SafeConsole:
    return SafeConsole(stderr=True, markup=False, highlight=False, soft_wrap=True)
