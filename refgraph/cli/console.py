"""The two consoles every verb prints through.

Markup is off: titles, names and notes come from untrusted files, and a title such as
``[red]x[/red]`` or ``[link=javascript:...]`` must print as the text it is. Soft wrap keeps
``file:line`` paths and DOIs on one line so they can be copied.
"""

from __future__ import annotations

from rich.console import Console


def stdout() -> Console:
    return Console(markup=False, highlight=False, soft_wrap=True)


def stderr() -> Console:
    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)
