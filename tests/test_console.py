"""refgraph.cli.console: nothing printed through it reaches a terminal as a raw control."""

from __future__ import annotations

import io

import pytest
from hostile_inputs import SEQUENCES, raw_controls
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from refgraph.cli.console import SafeConsole


def _console(terminal: bool = False) -> tuple[SafeConsole, io.StringIO]:
    buffer = io.StringIO()
    console = SafeConsole(
        file=buffer,
        markup=False,
        highlight=False,
        soft_wrap=True,
        force_terminal=terminal,
        color_system="standard" if terminal else None,
    )
    return console, buffer


@pytest.mark.parametrize("hostile", SEQUENCES)
def test_every_kind_of_renderable_is_escaped(hostile: str) -> None:
    console, buffer = _console()
    table = Table("key", "title")
    table.columns[1].overflow = "fold"
    table.add_row(Text(f"k{hostile}"), f"t{hostile}")
    console.print(f"plain {hostile}")
    console.print(Text(f"text {hostile}", style="bold"))
    console.print(table)
    console.print(Panel(Text(hostile), title=Text(hostile)))
    console.write(f"written {hostile}\n")
    assert raw_controls(buffer.getvalue()) == []


def test_escapes_are_visible_and_nothing_is_cropped() -> None:
    console, buffer = _console()
    table = Table("title")
    table.columns[0].overflow = "fold"
    table.add_row(Text("before\x1b]0;pwned\x07after"))
    console.print(table)
    console.write("nul\x00 and c1\x9b\n")
    out = buffer.getvalue().replace("│", "").replace("\n", "").replace(" ", "")
    assert "before\\u001b]0;pwned" in out  # rich itself drops the BEL inside a Text
    assert "after" in out
    assert "nul\\u0000andc1\\u009b" in out


def test_json_written_through_the_console_stays_json_with_the_same_value() -> None:
    import json

    console, buffer = _console()
    value = {"title": "a\x1b[31m b\x9b c\x00 d\u0085"}
    console.write(json.dumps(value, ensure_ascii=False))
    assert raw_controls(buffer.getvalue()) == []
    assert json.loads(buffer.getvalue()) == value


def test_rich_keeps_its_own_styling_on_a_terminal() -> None:
    console, buffer = _console(terminal=True)
    console.print(Text("bold \x1b]0;pwned\x07", style="bold"))
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # rich's own SGR code is still emitted
    assert "\x1b]" not in out and "\\u001b" in out and "]0;pwned" in out


def test_progress_descriptions_are_escaped() -> None:
    console, buffer = _console(terminal=True)
    with Progress(
        TextColumn("{task.description}", markup=False), BarColumn(), console=console
    ) as bar:
        task = bar.add_task("start", total=2)
        bar.update(task, completed=1, description="key\x1b]0;pwned\x07")
    assert "\x1b]0;" not in buffer.getvalue()
    assert "\x07" not in buffer.getvalue()


def test_nothing_in_refgraph_prints_around_the_console() -> None:
    """Every write to the terminal goes through refgraph.cli.console (the one place that
    escapes control characters): no print(), no sys.stdout/sys.stderr writes elsewhere."""
    import ast
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent / "refgraph"
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.name == "console.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "print":
                found.append(f"{path.name}:{node.lineno} print()")
            is_stream = (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Attribute)
                and getattr(node.value.value, "id", "") == "sys"
                and node.value.attr in ("stdout", "stderr")
            )
            if is_stream and node.attr != "fileno":  # fileno: silencing a closed pipe
                found.append(f"{path.name}:{node.lineno} sys.{node.value.attr}.{node.attr}")
    assert found == []
