"""JSON text for the large outputs: graph.json, audit.json and the page's data (compact),
problems.json (indented).

At 50,000 works these are 190, 115 and 90 MB of JSON, and the standard library's encoder
(C, but one object at a time through Python's protocols) made them at ~100 MB/s: seconds of
every large build. orjson (Rust) makes the same text ten times faster. ``compact_json`` is
``json.dumps(value, ensure_ascii=False, separators=(",", ":"))`` made by orjson; what
orjson refuses (a non-string key, an integer beyond 64 bits, a lone surrogate, which
Crossref's JSON can hold as an escape) goes through ``json`` instead, so the text is always
that of ``json.dumps`` but for two things: a float below 1e-4 is written without an
exponent (``0.00001``, not ``1e-05``: the same number), and NaN or an infinity becomes
``null`` (``json`` writes ``NaN``, which is not JSON).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

_STDLIB = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
# For bytes: every non-ASCII character escaped, so that even a lone surrogate (which has
# no UTF-8) gives a valid file; the same values.
_ASCII = json.JSONEncoder(separators=(",", ":"))


def compact_json_bytes(value: Any) -> bytes:
    """``compact_json(value)`` as UTF-8 bytes, for a file (orjson makes bytes: nothing is
    decoded and encoded again). What orjson refuses comes as ``json.dumps`` with its
    default ASCII escapes: the same values, valid UTF-8 even with a lone surrogate."""
    try:
        return orjson.dumps(value)
    except TypeError:  # orjson's refusals: see the module's docstring
        return _ASCII.encode(value).encode("ascii")


def compact_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, faster (see the
    module's docstring for the two differences)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return _STDLIB.encode(value)


def indented_json_bytes(value: Any) -> bytes:
    """``json.dumps(value, indent=2, ensure_ascii=False)`` as UTF-8 (orjson's one
    indentation; json's own indenting encoder is pure Python: 0.2 s for the 47,000
    problems of a 50,000-work library, orjson 0.01 s). What orjson refuses comes as
    ``json.dumps(value, indent=2)`` with ASCII escapes, as for ``compact_json_bytes``."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except TypeError:
        return json.dumps(value, indent=2).encode("ascii")
