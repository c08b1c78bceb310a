"""The human-edited annotation files: topics, claims, and per-work topics and stances.

Three TOML files in a library's ``annotations/`` folder (format: docs/annotations.md):
``topics.toml`` (``[[topic]]``: id, label, synonyms), ``claims.toml`` (``[[claim]]``: id,
text), and ``works.toml`` (``[[work]]``: key, topics, with ``[[work.stance]]`` tables: claim,
value, note, evidence). Any other ``*.toml`` there is read as more per-work annotations.

A file that cannot be used at all (TOML syntax error, wrong shape) raises
``AnnotationError`` with file and line. Per-record mistakes (an unknown work key, claim or
topic, a bad stance value) are ``Problem`` values naming file, line and key; the record is
skipped and the rest loads. A key the format does not have (a misspelling such as
``topcs``) is a Problem naming the nearest known key (``refgraph.annotation_keys``), and a
control character is removed with a Problem (``refgraph.controls``). tomllib reports no
line numbers for values, so ``LineFinder`` finds them in the source text: the n-th
``[[work.stance]]`` header, then the key within it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from refgraph.annotation_keys import (
    CLAIM_KEYS,
    CLAIMS_FILE_KEYS,
    STANCE_KEYS,
    TOPIC_KEYS,
    TOPICS_FILE_KEYS,
    WORK_KEYS,
    WORKS_FILE_KEYS,
    unknown_keys,
)
from refgraph.controls import find_controls, strip_controls
from refgraph.errors import AnnotationError
from refgraph.model import STANCE_VALUES, Claim, Problem, Provenance, Stance, Topic, TopicAssignment

_TOML_LINE = re.compile(r"at line (\d+)")
_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_ID = re.compile(r"^[a-z0-9][a-z0-9\-]*$")
TOPICS_FILE, CLAIMS_FILE = "topics.toml", "claims.toml"


@dataclass(frozen=True)
class Annotations:
    topics: tuple[Topic, ...] = ()
    claims: tuple[Claim, ...] = ()
    assignments: tuple[TopicAssignment, ...] = ()
    stances: tuple[Stance, ...] = ()
    problems: tuple[Problem, ...] = ()


class LineFinder:
    """Line numbers (1-based) of tables and keys in a TOML text, found by reading it."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self._headers: dict[str, list[int]] = {}
        self._is_header = [False] * len(self.lines)
        for i, line in enumerate(self.lines):
            m = _HEADER.match(line)
            if m:
                self._headers.setdefault(m.group(1), []).append(i + 1)
                self._is_header[i] = True

    def header(self, name: str, index: int) -> int | None:
        """Line of the ``index``-th (0-based) ``[[name]]`` header."""
        found = self._headers.get(name, [])
        return found[index] if index < len(found) else None

    def find(self, start: int | None, needle: str) -> int | None:
        """First line at or after ``start`` holding ``needle``, within that table."""
        first = (start or 1) - 1
        for i in range(first, len(self.lines)):
            if i > first and self._is_header[i]:
                break
            if needle in self.lines[i]:
                return i + 1
        return start

    def key(self, start: int | None, key: str) -> int | None:
        """Line of ``key = ...`` in the table starting at ``start`` (or the top level)."""
        first = (start or 1) - 1
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for i in range(first, len(self.lines)):
            if i > first and self._is_header[i]:
                break
            if pattern.match(self.lines[i]):
                return i + 1
        return start

    def member(self, start: int | None, table: str, name: str) -> int | None:
        """Line of key ``name`` of the table at ``start`` (``table`` its dotted name; None and
        "" for the top level): ``name = ...`` (or ``name.x = ...``) within it, else the first
        ``[table.name]`` or ``[[table.name]]`` header after it; ``start`` if neither."""
        pattern = re.compile(rf"^\s*[\"']?{re.escape(name)}[\"']?\s*[=.]")
        first = (start or 1) - 1
        for i in range(first, len(self.lines)):
            if self._is_header[i] and (i > first or start is None):
                break
            if pattern.match(self.lines[i]):
                return i + 1
        dotted = f"{table}.{name}" if table else name
        after = [h for h in self._headers.get(dotted, []) if h >= (start or 1)]
        return after[0] if after else start


def parse_toml(text: str, path: str, problems: list[Problem] | None = None) -> dict:
    """tomllib, with its syntax error turned into an ``AnnotationError`` naming the line.
    Control characters are removed first, each line that held one a warning in
    ``problems`` (tomllib refuses C0 ones, which would lose the whole file, and keeps C1)."""
    if problems is not None:
        for line, names in find_controls(text):
            msg = f"control character(s) {names} removed (not text)"
            problems.append(Problem(path, line, msg, severity="warning"))
    text = strip_controls(text)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        # tomllib says "at end of document" rather than give the last line's number.
        line = int(m.group(1)) if m else max(1, len(text.splitlines()))
        raise AnnotationError(f"TOML syntax error: {exc}", path, line) from exc


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationError(f"cannot read file: {exc}", str(path)) from exc


def tables(data: dict, name: str, path: str) -> list[dict]:
    """``data[name]`` as a list of tables (``[[name]]``); anything else is unusable."""
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise AnnotationError(f"'{name}' must be an array of tables ([[{name}]])", path)
    return value


def load_topics(text: str, path: str = "topics.toml") -> tuple[tuple[Topic, ...], list[Problem]]:
    finder, topics = LineFinder(text), {}
    problems: list[Problem] = []
    data = parse_toml(text, path, problems)
    problems += check_keys(data, TOPICS_FILE_KEYS, finder, (path, None), "")
    for i, table in enumerate(tables(data, "topic", path)):
        line = finder.header("topic", i)
        tid, label = str(table.get("id", "")), str(table.get("label", ""))
        problems += check_keys(table, TOPIC_KEYS, finder, (path, line), "topic", tid)
        synonyms = table.get("synonyms", [])
        if not _ID.match(tid) or not label or not isinstance(synonyms, list):
            msg = "a topic needs an id (lower-case, digits, '-'), a label and a list of synonyms"
            problems.append(Problem(path, line, msg, tid))
        elif tid in topics:
            problems.append(Problem(path, line, f"duplicate topic id '{tid}'", tid))
        else:
            syn = tuple(str(s) for s in synonyms)
            topics[tid] = Topic(tid, label, syn, str(table.get("description", "")))
    return tuple(topics.values()), problems


def load_claims(text: str, path: str = "claims.toml") -> tuple[tuple[Claim, ...], list[Problem]]:
    finder, claims = LineFinder(text), {}
    problems: list[Problem] = []
    data = parse_toml(text, path, problems)
    problems += check_keys(data, CLAIMS_FILE_KEYS, finder, (path, None), "")
    for i, table in enumerate(tables(data, "claim", path)):
        line = finder.header("claim", i)
        cid, claim_text = str(table.get("id", "")), str(table.get("text", ""))
        problems += check_keys(table, CLAIM_KEYS, finder, (path, line), "claim", cid)
        if not _ID.match(cid) or not claim_text:
            msg = "a claim needs an id (lower-case, digits, '-') and a text"
            problems.append(Problem(path, line, msg, cid))
        elif cid in claims:
            problems.append(Problem(path, line, f"duplicate claim id '{cid}'", cid))
        else:
            claims[cid] = Claim(cid, claim_text)
    return tuple(claims.values()), problems


def read_stance(
    table: dict,
    subject: str,
    claim_ids: Collection[str] | None,
    where: tuple[str, int | None],
    origin: Literal["curation", "seed"] = "curation",
) -> Stance | Problem:
    """One stance table (claim, value, note, evidence) of ``subject``, or what is wrong."""
    path, line = where
    claim, value = str(table.get("claim", "")), table.get("value", "")
    evidence = table.get("evidence", [])
    if claim_ids is not None and claim not in claim_ids:
        return Problem(path, line, f"unknown claim '{claim}'", subject)
    if value not in STANCE_VALUES:
        allowed = ", ".join(STANCE_VALUES)
        return Problem(path, line, f"bad stance value {value!r} (one of: {allowed})", subject)
    if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
        return Problem(path, line, "evidence must be a list of URLs", subject)
    prov = Provenance(origin, f"{path}:{line}" if line else path)
    return Stance(subject, claim, value, str(table.get("note", "")), tuple(evidence), prov)


def check_keys(
    table: dict,
    known: Sequence[str],
    finder: LineFinder,
    where: tuple[str, int | None],
    name: str,
    subject: str = "",
) -> list[Problem]:
    """The unknown keys of the ``[[name]]`` table starting at ``where`` (the top level of
    the file when ``name`` is "")."""
    path, line = where
    label = f"[[{name}]]" if name else ""
    line_of = partial(finder.member, line, name)
    return unknown_keys(table, known, path, line_of, where=label, subject=subject)


def load_work_annotations(
    text: str,
    path: str = "works.toml",
    *,
    work_keys: Collection[str] | None = None,
    topic_ids: Collection[str] | None = None,
    claim_ids: Collection[str] | None = None,
) -> Annotations:
    """``[[work]]`` tables: curated topics and ``[[work.stance]]`` stances per work key.
    A ``None`` collection means "do not check names against it"."""
    finder = LineFinder(text)
    assignments: list[TopicAssignment] = []
    stances: list[Stance] = []
    problems: list[Problem] = []
    n_stance = 0
    data = parse_toml(text, path, problems)
    problems += check_keys(data, WORKS_FILE_KEYS, finder, (path, None), "")
    for i, table in enumerate(tables(data, "work", path)):
        line = finder.header("work", i)
        key = str(table.get("key", ""))
        problems += check_keys(table, WORK_KEYS, finder, (path, line), "work", key)
        entries = tables(table, "stance", path)
        first_stance, n_stance = n_stance, n_stance + len(entries)
        if work_keys is not None and key not in work_keys:
            where = finder.find(finder.key(line, "key"), key) if key else line
            problems.append(Problem(path, where, f"unknown work key '{key}'", key))
            continue
        topics = table.get("topics", [])
        for tid in topics if isinstance(topics, list) else [topics]:
            tline = finder.find(finder.key(line, "topics"), f'"{tid}"')
            if topic_ids is not None and tid not in topic_ids:
                problems.append(Problem(path, tline, f"unknown topic '{tid}'", key))
            else:
                prov = Provenance("curation", f"{path}:{tline}")
                assignments.append(TopicAssignment(key, str(tid), prov))
        for j, entry in enumerate(entries):
            sline = finder.header("work.stance", first_stance + j)
            problems += check_keys(entry, STANCE_KEYS, finder, (path, sline), "work.stance", key)
            result = read_stance(entry, key, claim_ids, (path, sline))
            if isinstance(result, Problem):
                problems.append(result)
            else:
                stances.append(result)
    return Annotations((), (), tuple(assignments), tuple(stances), tuple(problems))


def load_annotations(directory: Path, work_keys: Collection[str] | None = None) -> Annotations:
    """All annotation files of ``directory``; a file that cannot be used becomes an error
    Problem and the others still load. A missing directory means no annotations."""
    problems: list[Problem] = []
    topics: tuple[Topic, ...] = ()
    claims: tuple[Claim, ...] = ()
    if not directory.is_dir():
        return Annotations()
    try:
        if (directory / TOPICS_FILE).exists():
            path = directory / TOPICS_FILE
            topics, found = load_topics(read_text(path), str(path))
            problems += found
    except AnnotationError as exc:
        problems.append(as_problem(exc))
    try:
        if (directory / CLAIMS_FILE).exists():
            path = directory / CLAIMS_FILE
            claims, found = load_claims(read_text(path), str(path))
            problems += found
    except AnnotationError as exc:
        problems.append(as_problem(exc))
    per_work = _load_per_work(directory, work_keys, topics, claims, problems)
    return Annotations(topics, claims, per_work[0], per_work[1], tuple(problems))


def _load_per_work(
    directory: Path,
    work_keys: Collection[str] | None,
    topics: tuple[Topic, ...],
    claims: tuple[Claim, ...],
    problems: list[Problem],
) -> tuple[tuple[TopicAssignment, ...], tuple[Stance, ...]]:
    assignments: list[TopicAssignment] = []
    stances: list[Stance] = []
    topic_ids, claim_ids = {t.id for t in topics}, {c.id for c in claims}
    for path in sorted(directory.glob("*.toml")):
        if path.name in (TOPICS_FILE, CLAIMS_FILE):
            continue
        try:
            found = load_work_annotations(
                read_text(path),
                str(path),
                work_keys=work_keys,
                topic_ids=topic_ids,
                claim_ids=claim_ids,
            )
        except AnnotationError as exc:
            problems.append(as_problem(exc))
            continue
        assignments += found.assignments
        stances += found.stances
        problems += found.problems
    return tuple(assignments), tuple(stances)


def as_problem(exc: AnnotationError) -> Problem:
    """The exception as a Problem (its message without the ``file:line:`` prefix)."""
    message = str(exc)
    prefix = f"{exc.path}:{exc.line}: " if exc.line is not None else f"{exc.path}: "
    return Problem(exc.path, exc.line, message.removeprefix(prefix), exc.key)
