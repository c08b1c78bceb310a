"""Counts in words, for the terminal and the page's subtitle: "1 claim", "3 claims".

The page script has the same rule in ``render/js/text.js`` (``plural``); a count with its
noun is written through one of these two, never by hand.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun agreeing with it: ``plural(1, "claim")`` -> ``"1 claim"``,
    ``plural(2, "claim")`` -> ``"2 claims"``, ``plural(0, "work")`` -> ``"0 works"``;
    ``many`` for irregular plurals (``plural(2, "match", "matches")``)."""
    return f"{n} {one if n == 1 else many or one + 's'}"
