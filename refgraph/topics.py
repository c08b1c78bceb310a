"""Automatic topic matching: a work is about a topic when its title, a keyword or its
abstract names the topic's label or a synonym.

Matching is on whole words or phrases, case- and accent-insensitive ("Zonuline" matches
"zonuline"; "darmdoorlaatbaarheid" with or without accents), with a simple English plural
(an optional "s" or "es"; other plurals are listed as synonyms). A synonym written in
capitals only ("IBS", "LPS") is an acronym and is matched with its case, so "Ibs" in a
name does not count. Spaces and hyphens inside a phrase are interchangeable.

One compiled regex per topic, and it only runs on a field that holds one of the topic's
first words (a set lookup on the field's words): no scanning of every (work, topic) pair.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from refgraph.model import Provenance, Topic, TopicAssignment, Work


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letter, one character for one, so
    that a match's position in the folded text is its position in the original."""
    table = {}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_ACCENTS = _accent_table()
_WORD = re.compile(r"\w+")


def fold_accents(text: str) -> str:
    return text if text.isascii() else text.translate(_ACCENTS)


def _term_pattern(term: str) -> str:
    words = fold_accents(term).split()
    body = r"[\s\-]+".join(re.escape(w) for w in words)
    if len(term) > 1 and term.isupper():  # an acronym: exact case, plural "s" only
        return body + "s?"
    return f"(?i:{body}(?:e?s)?)"


def compile_topic(topic: Topic) -> re.Pattern[str] | None:
    """One regex for a topic's label and synonyms; longer terms first so that the
    reported match is the most specific one."""
    terms = sorted({t.strip() for t in (topic.label, *topic.synonyms) if t.strip()}, key=len)
    if not terms:
        return None
    alternatives = "|".join(_term_pattern(t) for t in reversed(terms))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _first_words(topic: Topic) -> frozenset[str]:
    """The lower-cased first word of each of the topic's terms."""
    firsts = (_WORD.findall(fold_accents(t).lower()) for t in (topic.label, *topic.synonyms))
    return frozenset(words[0] for words in firsts if words)


def _words(folded: str) -> set[str]:
    """The field's words, lower-cased, also without a plural "s"/"es" (the patterns allow
    one), so that a topic's first word is found in "probiotics" too."""
    words = set(_WORD.findall(folded.lower()))
    words.update(
        [w[:-1] for w in words if w.endswith("s")] + [w[:-2] for w in words if w.endswith("es")]
    )
    return words


def _fields(work: Work, abstract: str) -> Iterable[tuple[str, str]]:
    if work.title:
        yield "title", work.title
    for keyword in work.keywords:
        yield "keywords", keyword
    if abstract:
        yield "abstract", abstract


def match_topics(
    works: Sequence[Work],
    topics: Sequence[Topic],
    abstracts: Mapping[str, str] | None = None,
) -> tuple[TopicAssignment, ...]:
    """One assignment per (work, topic) found, from the first field that names it (title,
    then keywords, then abstract: ``abstracts[key]`` if given, else the work's own)."""
    abstracts = abstracts or {}
    compiled = [(t.id, p, _first_words(t)) for t in topics if (p := compile_topic(t))]
    found: list[TopicAssignment] = []
    for work in works:
        fields = []
        for name, text in _fields(work, abstracts.get(work.key) or work.abstract):
            folded = fold_accents(text)
            fields.append((name, text, folded, _words(folded)))
        for topic_id, pattern, firsts in compiled:
            for name, text, folded, words in fields:
                if firsts.isdisjoint(words):
                    continue
                m = pattern.search(folded)
                if m:
                    detail = f"{name}: '{text[m.start() : m.end()]}'"
                    found.append(TopicAssignment(work.key, topic_id, Provenance("match", detail)))
                    break
    return tuple(found)
