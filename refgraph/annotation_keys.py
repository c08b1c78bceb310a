"""The keys each annotation and seed table may hold, and a problem for every other key.

TOML accepts any key, and the loaders read only the ones they know: a misspelt ``topcs =``
or ``[[work.stanse]]`` would load without a word and the curated topics or stance would be
gone. Every key outside these sets is a Problem naming file, line and the nearest known
key (``difflib``'s ratio of at least 0.6, the usual "did you mean" threshold), and its value
is not used. The format is described in docs/annotations.md; a new key is added here and
there together.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence

from refgraph.model import Problem

# (file or table) -> the keys it may hold. Tables of arrays (``[[topic]]``) are keys too.
TOPICS_FILE_KEYS = ("topic",)
TOPIC_KEYS = ("id", "label", "synonyms", "description")
CLAIMS_FILE_KEYS = ("claim",)
CLAIM_KEYS = ("id", "text")
WORKS_FILE_KEYS = ("work",)
WORK_KEYS = ("key", "topics", "stance")
STANCE_KEYS = ("claim", "value", "note", "evidence")
SEED_KEYS = ("id", "title", "language", "kind", "summary", "url", "file", "cites", "stance")


def unknown_keys(
    table: Mapping[str, object],
    known: Sequence[str],
    path: str,
    line_of: Callable[[str], int | None],
    *,
    where: str = "",
    subject: str = "",
) -> list[Problem]:
    """A Problem for each key of ``table`` not in ``known``.

    ``line_of(key)`` finds the key's line; ``where`` names the table in the message
    (``"[[work]]"``); ``subject`` is the work key, topic or seed id the problem is about.
    """
    problems = []
    for name in table:
        if name in known:
            continue
        near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(known)}"
        place = f" in {where}" if where else ""
        msg = f"unknown key '{name}'{place} ({hint}); its value is not used"
        problems.append(Problem(path, line_of(name), msg, subject))
    return problems
