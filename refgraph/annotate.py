"""Edits of the annotation files, text in, text out, keeping what a person wrote.

tomlkit keeps comments, the order of tables and keys, and the layout of everything the
edit does not touch, so that a file edited by ``refgraph annotate`` still reads like the
one a person wrote (and a diff shows only the change). Each function takes the file's text
and returns the new text; a function that finds nothing to do returns the same text.
Nothing here reads or writes files, or checks names against the library: the command line
(``refgraph.cli.annotate``) does both; the loaders (``refgraph.annotations``,
``refgraph.seeds``) stay the only readers of what these files mean.

File shapes: docs/annotations.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import tomlkit
from tomlkit.items import AoT, Array, Table
from tomlkit.toml_document import TOMLDocument

from refgraph.errors import RefgraphError


class EditError(RefgraphError):
    """The file cannot be edited as asked: not TOML, or a table in an unexpected shape."""


def _dump(doc: TOMLDocument) -> str:
    """The document's text; a file that was empty does not start with a blank line."""
    return tomlkit.dumps(doc).lstrip("\n")


def _parse(text: str, path: str) -> TOMLDocument:
    try:
        return tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise EditError(f"{path}: TOML syntax error: {exc}") from exc


def _tables(doc: TOMLDocument | Table, name: str, path: str) -> AoT:
    """The array of tables ``[[name]]`` of ``doc``, created (empty) when missing."""
    if name not in doc:
        doc.append(name, tomlkit.aot())
    found = doc[name]
    if not isinstance(found, AoT):
        raise EditError(f"{path}: '{name}' is not an array of [[{name}]] tables")
    return found


def _new_table() -> Table:
    """An empty table that will be written after a blank line, as the files have them."""
    table = tomlkit.table()
    table.trivia.indent = "\n"
    return table


def _work_table(doc: TOMLDocument, key: str, path: str, create: bool) -> Table | None:
    for table in _tables(doc, "work", path):
        if table.get("key") == key:
            return table
    if not create:
        return None
    table = _new_table()
    table.append("key", key)
    _tables(doc, "work", path).append(table)
    return _tables(doc, "work", path)[-1]


def has_work(text: str, key: str, path: str = "works.toml") -> bool:
    """Whether ``text`` has a ``[[work]]`` table for ``key``."""
    doc = _parse(text, path)
    return any(t.get("key") == key for t in doc.get("work", []))


def add_work_topic(text: str, key: str, topic: str, path: str = "works.toml") -> str:
    """``topic`` added to the ``topics`` of work ``key`` (its ``[[work]]`` table created at
    the end when the file has none)."""
    doc = _parse(text, path)
    table = _work_table(doc, key, path, create=True)
    assert table is not None
    topics = table.get("topics")
    if topics is None:
        table.append("topics", tomlkit.array())
        topics = table["topics"]
        _move_before_stances(table, "topics")
    if not isinstance(topics, Array):
        raise EditError(f"{path}: the topics of work '{key}' are not a list")
    if topic in topics:
        return text
    topics.append(topic)
    return _dump(doc)


def _move_before_stances(table: Table, name: str) -> None:
    """A new plain key goes before the ``[[work.stance]]`` sub-tables, where TOML needs it
    (tomlkit writes keys in insertion order)."""
    if "stance" in table:
        stances = table["stance"]
        del table["stance"]
        table.append("stance", stances)


def remove_work_topic(text: str, key: str, topic: str, path: str = "works.toml") -> str:
    """``topic`` taken out of work ``key``'s ``topics`` (the same text when it is not there)."""
    doc = _parse(text, path)
    table = _work_table(doc, key, path, create=False)
    topics = table.get("topics") if table is not None else None
    if not isinstance(topics, Array) or topic not in topics:
        return text
    del topics[list(topics).index(topic)]
    return _dump(doc)


def add_topic(
    text: str,
    ident: str,
    label: str,
    synonyms: Sequence[str] = (),
    description: str = "",
    path: str = "topics.toml",
) -> str:
    """A ``[[topic]]`` table appended (the caller checks that ``ident`` is new)."""
    doc = _parse(text, path)
    table = _new_table()
    table.append("id", ident)
    table.append("label", label)
    table.append("synonyms", list(synonyms))
    if description:
        table.append("description", description)
    _tables(doc, "topic", path).append(table)
    return _dump(doc)


def add_claim(text: str, ident: str, claim: str, path: str = "claims.toml") -> str:
    """A ``[[claim]]`` table appended (the caller checks that ``ident`` is new)."""
    doc = _parse(text, path)
    table = _new_table()
    table.append("id", ident)
    table.append("text", claim)
    _tables(doc, "claim", path).append(table)
    return _dump(doc)


def set_stance(
    text: str,
    claim: str,
    value: str,
    note: str | None = None,
    evidence: Sequence[str] | None = None,
    *,
    work: str | None = None,
    path: str = "works.toml",
) -> str:
    """The stance on ``claim`` set to ``value``: of work ``work`` (a ``[[work.stance]]``
    table in its ``[[work]]``), or, with ``work`` None, of the seed document the text is
    (a top-level ``[[stance]]``). An existing stance on the claim is updated in place
    (``note``/``evidence`` None: kept as they are); otherwise one is appended."""
    doc = _parse(text, path)
    owner: TOMLDocument | Table | None = doc
    if work is not None:
        owner = _work_table(doc, work, path, create=True)
    assert owner is not None
    stances = _tables(owner, "stance", path)
    entry = next((s for s in stances if s.get("claim") == claim), None)
    if entry is None:
        entry = _new_table()
        entry.append("claim", claim)
        stances.append(entry)
        entry = stances[-1]
    _put(entry, "value", value)
    if note is not None:
        _put(entry, "note", note)
    if evidence is not None:
        _put(entry, "evidence", list(evidence))
    return _dump(doc)


def _put(table: Table, name: str, value: object) -> None:
    if name in table:
        table[name] = value
    else:
        table.append(name, value)
