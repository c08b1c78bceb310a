"""Markup in Crossref text fields (JATS, HTML, MathML) turned into plain text.

Crossref titles, abstracts and names are deposited by publishers and may hold ``<i>``,
``<sub>``, ``<jats:p>``, ``<mml:math>`` or entity-encoded tags. Nothing in them is trusted
as HTML: the output is plain text that every consumer (BibTeX, HTML page) escapes itself.
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
# Elements whose content is never text to keep (scripts, styles, MathML annotations).
_DROP = re.compile(
    r"<(script|style|mml:annotation(?:-xml)?)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
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
    plain = _TAG.sub("", _DROP.sub("", text))
    plain = html.unescape(plain)
    plain = _KNOWN_TAG.sub("", _DROP.sub("", plain))
    return " ".join(plain.split())


def jats_to_text(text: str) -> str:
    """An abstract as plain paragraphs separated by blank lines; a leading "Abstract"
    heading is dropped (it is a label, not content)."""
    if not text:
        return ""
    marked = _BLOCK_END.sub("\n\n", _DROP.sub("", text))
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", marked):
        line = strip_markup(chunk)
        if line:
            paragraphs.append(_SPACES.sub(" ", line))
    if paragraphs and _ABSTRACT_HEADING.match(paragraphs[0]):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)
