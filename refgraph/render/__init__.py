"""The page: one self-contained, offline HTML file to browse a refgraph graph.

``render_html(graph)`` returns the page as a string, ``page_chunks(graph)`` the same text
in pieces (the CLI writes them as they come). pyvis supplies only the vis-network 9.1.2
script and stylesheet it bundles (inlined here). Its stock template is not used: it loads
Bootstrap from a CDN, prints the heading twice and writes tooltips
with ``innerHTML`` (see docs/page.md). Our template and stylesheet live next to this module,
the script's modules in ``js/`` (joined by ``script.py``); the graph travels as JSON in a
``<script type="application/json">`` element, and a Content-Security-Policy allows exactly
the inline script and style blocks, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import zlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import networkx as nx

from refgraph.jsontext import compact_json
from refgraph.render.payload import PHYSICS_LIMIT, contradictions, graph_payload
from refgraph.render.script import page_script
from refgraph.render.topicmap import TopicLayout
from refgraph.wording import plural

__all__ = [
    "PHYSICS_LIMIT",
    "contradictions",
    "details_block",
    "embed_json",
    "page_chunks",
    "render_html",
]


def _vis_dir() -> Path:
    """pyvis's copy of vis-network, found without importing pyvis: its import loads
    IPython and jsonpickle (0.17 s that every verb paid) for a folder's path."""
    spec = find_spec("pyvis")
    if spec is None or spec.origin is None:
        raise ImportError("pyvis is not installed: refgraph's page takes vis-network from it")
    return Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2"


_VIS_DIR = _vis_dir()
# Inside <script> only "</script" (and "<!--" which changes how it ends) can end the block
# early; \u escapes for <, >, & and the JS line separators rule out both and are valid JSON.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}  # fmt: skip


def _escape(text: str) -> str:
    # One str.replace per character (a C scan, skipped when the character is absent) is
    # three times faster than one regular expression calling back per match, on the 96 MB
    # of a 50,000-work page's details; the same text, since no escape holds a character
    # that another replaces.
    for char, escape in _JSON_ESCAPES.items():
        if char in text:
            text = text.replace(char, escape)
    return text


def embed_json(value: Any) -> str:
    """JSON text that is safe between ``<script type="application/json">`` tags: compact,
    non-ASCII as it is (``refgraph.jsontext``), then the escapes above."""
    return _escape(compact_json(value))


# Above this many bytes the details block is gzipped (and base64-encoded): at 50,000 works
# it is 90 MB of text, and reading the file alone took the browser 3 s.
GZIP_DETAILS_ABOVE = 4_000_000
# Lines escaped, encoded and compressed at a time: the 90 MB block is never held whole
# (as text, then as bytes, then compressed) on top of the lines.
_DETAILS_BATCH = 200


def details_block(texts: Iterable[str]) -> tuple[str, str]:
    """The details block and its encoding ("" or "gzip+base64"): one node's JSON text per
    line, in node order, escaped like ``embed_json``. JSON text holds no raw line break, so
    the page finds a node's line by its index and parses that line alone: no 100 MB
    ``JSON.parse`` on the first click. A big block is gzipped (mtime 0: the same library
    gives the same page) and base64-encoded; the page inflates it with the browser's
    DecompressionStream while the user looks at the first view."""
    block = DetailsBlock()
    for text in texts:
        block.append(text)
    return block.finish()


class DetailsBlock:
    """``details_block`` fed a line at a time (``append``), ``finish`` giving the block:
    the renderer appends each node's line as it is made, so the 90 MB of lines of a
    50,000-work page are never held (as lines, as text, as bytes) but compressed as they
    come, 200 lines at a time; zlib's output does not depend on how its input is cut, so
    the block equals ``gzip.compress(block, 6, mtime=0)`` (which on Python 3.11 is this
    same zlib stream, header included)."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._held: list[bytes] = []  # the block so far, while it may stay plain
        self._size = 0
        self._started = False
        self._packer: Any = None
        self._packed: list[bytes] = []

    def append(self, text: str, /) -> None:
        self._lines.append(text)
        if len(self._lines) >= _DETAILS_BATCH:
            self._encode()

    def _encode(self) -> None:
        lines = "\n".join(self._lines)
        data = _escape("\n" + lines if self._started else lines).encode("utf-8")
        self._lines, self._started = [], True
        self._size += len(data)
        if self._packer is not None:
            self._packed.append(self._packer.compress(data))
            return
        self._held.append(data)
        if self._size > GZIP_DETAILS_ABOVE:
            self._packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: with a gzip header
            self._packed = [self._packer.compress(chunk) for chunk in self._held]
            self._held = []

    def finish(self) -> tuple[str, str]:
        """(the block, its encoding)."""
        if self._lines:
            self._encode()
        if self._packer is None:
            return b"".join(self._held).decode("utf-8"), ""
        self._packed.append(self._packer.flush())
        # Each form let go as soon as the next exists: at 50k the compressed pieces, their
        # join and the base64 bytes and text held together were the renderer's peak.
        packed = b"".join(self._packed)
        self._packed = []
        encoded = base64.b64encode(packed)
        del packed
        return encoded.decode("ascii"), "gzip+base64"


@cache
def _asset(name: str) -> str:
    if name.startswith("vis-network"):
        text = (_VIS_DIR / name).read_text(encoding="utf-8")
    else:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    closing = {"css": "</style", "js": "</script"}.get(name.rsplit(".", 1)[-1])
    if closing and closing in text.lower():  # would end the inline block early
        raise ValueError(f"{name} contains {closing}")
    return text


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _csp(scripts: list[str], styles: list[str]) -> str:
    """No fetch of any kind; only our own inline blocks run. img-src data: is for the
    data: images vis-network's stylesheet embeds."""
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_sha256(s) for s in scripts),
            "style-src " + " ".join(_sha256(s) for s in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def render_html(
    graph: nx.MultiDiGraph,
    *,
    title: str = "",
    subtitle: str = "",
) -> str:
    """The page for ``graph`` as one HTML string. Pure: the graph is not modified.

    ``title`` defaults to the graph's name ("refgraph: <name>"); ``subtitle`` to a count of
    what the page shows.
    """
    return "".join(page_chunks(graph, title=title, subtitle=subtitle))


def page_chunks(
    graph: nx.MultiDiGraph,
    *,
    title: str = "",
    subtitle: str = "",
    layout: Callable[[], TopicLayout] | None = None,
) -> Iterator[str]:
    """``render_html``'s text in pieces, for writing as they come: at 50,000 works the page
    is 45 MB, and as one string (four bytes a character when one title holds an emoji)
    with its data block as another it was the renderer's peak of memory. ``layout``: see
    ``graph_payload`` (build computes the topic map's layout in another process)."""
    name = str(graph.graph.get("name") or "library")
    title = title or f"refgraph: {name}"
    subtitle = subtitle or _counts(graph)
    scripts = [_asset("vis-network.min.js"), page_script()]
    styles = [_asset("vis-network.css"), _asset("page.css")]
    parts = {
        "csp": html.escape(_csp(scripts, styles), quote=False),  # has no '"': ours
        "title": html.escape(title),
        "subtitle": html.escape(subtitle),
        "vis_css": styles[0],
        "page_css": styles[1],
        "vis_js": scripts[0],
        "page_js": scripts[1],
    }
    details = DetailsBlock()
    payload = graph_payload(graph, title=title, subtitle=subtitle, details=details, layout=layout)
    parts["details"], parts["details_encoding"] = details.finish()
    # One pass over the template only, so no inserted text is ever read as a placeholder:
    # split at the placeholders, the odd pieces are their names.
    for i, piece in enumerate(re.split(r"@@(\w+)@@", _asset("page.html"))):
        if i % 2 == 0:
            yield piece
        elif piece == "data":
            yield from _json_chunks(payload)
        else:
            yield parts[piece]


# Items of the payload's long lists (nodes, edges) encoded at a time.
_JSON_BATCH = 2000


def _json_chunks(payload: dict[str, Any]) -> Iterator[str]:
    """``embed_json(payload)`` in pieces, its long lists a batch of items at a time (json
    joins a dict's items and a list's with "," and a key from its value with ":"; the
    escapes are of single characters, the same in pieces as in the whole)."""
    yield "{"
    for i, (key, value) in enumerate(payload.items()):
        yield ("," if i else "") + embed_json(key) + ":"
        if isinstance(value, list) and len(value) > _JSON_BATCH:
            yield "["
            for start in range(0, len(value), _JSON_BATCH):
                items = embed_json(value[start : start + _JSON_BATCH])[1:-1]
                yield ("," if start else "") + items
            yield "]"
        else:
            yield embed_json(value)
    yield "}"


def _counts(graph: nx.MultiDiGraph) -> str:
    kinds = [d.get("kind") for _, d in graph.nodes(data=True)]
    nouns = {"work": ("work", None), "source": ("source", None), "topic": ("topic", None),
             "claim": ("claim", None), "external": ("cited work outside the library",
                                                    "cited works outside the library")}  # fmt: skip
    shown = [plural(kinds.count(k), *noun) for k, noun in nouns.items() if kinds.count(k)]
    return ", ".join(shown) if shown else "an empty library"
