"""Markup in Crossref text fields (JATS, HTML, MathML) turned into plain text.

Crossref titles, abstracts and names are deposited by publishers and may hold ``<i>``,
``<sub>``, ``<jats:p>``, ``<mml:math>`` or entity-encoded tags. Nothing in them is trusted
as HTML: the output is plain text that every consumer (BibTeX, HTML page) escapes itself.

Every transform is linear in the length of the text, whatever it holds: patterns are
bounded (no ``.*?`` that an unclosed tag turns into a scan to the end, once per tag), and
dropped elements are cut in one left-to-right pass (``_drop_elements``). A cached abstract
of 16,000 ``<script>`` tags costs milliseconds, not seconds.
"""

from __future__ import annotations

import html
import re

# Any well-formed tag, with or without a namespace prefix and attributes.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")
# After entity decoding a record may show tags that were double-encoded (&lt;i&gt;).
# Only these names are stripped in that second pass, so that plain "p<0.05 and q>1"
# text survives.
_KNOWN_TAG = re.compile(
    r"</?(?:[a-z]+:[\w.-]+|i|b|u|em|strong|sub|sup|sc|scp|italic|bold|p|br|span|div|a|"
    r"title|sec|list|list-item|inline-formula|script|style|font|small|tt)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
# Opening and closing tags of the elements whose content is never text to keep (scripts,
# styles, MathML annotations); cut by _drop_elements in one pass.
_DROP_TAG = re.compile(
    r"<(/?)(script|style|mml:annotation-xml|mml:annotation)\b[^<>]*>", re.IGNORECASE
)
# Block-level JATS/HTML elements that end a paragraph in an abstract.
_BLOCK_END = re.compile(r"</(?:jats:)?(?:p|sec|title|list-item|div)\s*>|<br\s*/?>", re.I)
_ABSTRACT_HEADING = re.compile(r"^\s*(abstract|summary)\s*[:.]?\s*$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def strip_markup(text: str) -> str:
    """One-line plain text: tags removed, entities decoded, whitespace collapsed."""
    if not text:
        return ""
    if "<" not in text and "&" not in text:  # the common case: nothing to strip or decode
        return " ".join(text.split())
    plain = _TAG.sub("", _drop_elements(text))
    plain = html.unescape(plain)
    plain = _KNOWN_TAG.sub("", _drop_elements(plain))
    return " ".join(plain.split())


def jats_to_text(text: str) -> str:
    """An abstract as plain paragraphs separated by blank lines; a leading "Abstract"
    heading is dropped (it is a label, not content)."""
    if not text:
        return ""
    marked = _BLOCK_END.sub("\n\n", _drop_elements(text))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", marked):
        line = strip_markup(chunk)
        if line:
            paragraphs.append(_SPACES.sub(" ", line))
    if paragraphs and _ABSTRACT_HEADING.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _drop_elements(text: str) -> str:
    """``text`` without the script, style and MathML-annotation elements (tags and
    content). One pass over the tags: an element opened and never closed loses only its
    opening tag (its text is kept, as a browser would not run it either)."""
    kept: list[str] = []
    done = 0  # text before this index is decided
    open_at, open_name, open_end = -1, "", 0
    for tag in _DROP_TAG.finditer(text):
        closing, name = tag.group(1), tag.group(2).lower()
        if open_at < 0:
            if not closing:
                open_at, open_name, open_end = tag.start(), name, tag.end()
            continue
        if closing and name == open_name:
            kept.append(text[done:open_at])
            done, open_at = tag.end(), -1
    if open_at >= 0:  # unclosed: drop only its opening tag
        kept.append(text[done:open_at])
        done = open_end
    kept.append(text[done:])
    return "".join(kept)
