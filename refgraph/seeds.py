"""Source documents: ``seeds/*.toml``, one file per document that cites works.

Each file describes the document (id, title, language, kind, a summary in our own words,
its url if known, the name of the original text file) and lists the work keys it cites and
its own stance on each claim (``[[stance]]``: claim, value, note). No text of the document
itself is kept. Format and an example: docs/annotations.md.

Same rules as the annotation files: a file that cannot be used raises ``AnnotationError``
(``load_seeds`` turns it into an error Problem and reads the others); an unknown cited work
key, an unknown claim, a bad stance value or a key the format does not have (a misspelling)
is a ``Problem`` naming file, line and key.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from refgraph.annotation_keys import SEED_KEYS, STANCE_KEYS
from refgraph.annotations import (
    LineFinder,
    as_problem,
    check_keys,
    parse_toml,
    read_stance,
    read_text,
    tables,
)
from refgraph.errors import AnnotationError
from refgraph.model import Problem, Provenance, Source, Stance

_TEXT_KEYS = ("title", "language", "kind", "summary", "url", "file")


@dataclass(frozen=True)
class SeedsResult:
    sources: tuple[Source, ...] = ()
    stances: tuple[Stance, ...] = ()
    problems: tuple[Problem, ...] = ()


def load_seed(
    text: str,
    path: str = "<seed>",
    *,
    work_keys: Collection[str] | None = None,
    claim_ids: Collection[str] | None = None,
) -> SeedsResult:
    """One seed file. Raises ``AnnotationError`` if it has no usable id or title."""
    problems: list[Problem] = []
    data, finder = parse_toml(text, path, problems), LineFinder(text)
    sid, title = data.get("id"), data.get("title")
    if not isinstance(sid, str) or not sid or not isinstance(title, str) or not title:
        raise AnnotationError("a seed needs a string 'id' and 'title'", path, 1)
    bad = [k for k in _TEXT_KEYS if not isinstance(data.get(k, ""), str)]
    if bad:
        raise AnnotationError(f"'{bad[0]}' must be a string", path, finder.key(None, bad[0]))
    problems += check_keys(data, SEED_KEYS, finder, (path, None), "", sid)
    cites = _cites(data, sid, path, finder, work_keys, problems)
    stances: list[Stance] = []
    for i, table in enumerate(tables(data, "stance", path)):
        where = (path, finder.header("stance", i))
        problems += check_keys(table, STANCE_KEYS, finder, where, "stance", sid)
        result = read_stance(table, sid, claim_ids, where, origin="seed")
        if isinstance(result, Problem):
            problems.append(result)
        else:
            stances.append(result)
    source = Source(
        id=sid,
        title=title,
        language=data.get("language", ""),
        kind=data.get("kind", ""),
        summary=data.get("summary", ""),
        url=data.get("url", ""),
        cites=cites,
        # The model has no slot for the original file's name: provenance carries it.
        provenance=Provenance("seed", _detail(path, data.get("file", ""))),
    )
    return SeedsResult((source,), tuple(stances), tuple(problems))


def _detail(path: str, original: str) -> str:
    return f"{path} (original: {original})" if original else path


def _cites(
    data: dict,
    sid: str,
    path: str,
    finder: LineFinder,
    work_keys: Collection[str] | None,
    problems: list[Problem],
) -> tuple[str, ...]:
    """The cited work keys; an unknown one is reported (at its own line) and dropped."""
    cites = data.get("cites", [])
    if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
        line = finder.key(None, "cites")
        raise AnnotationError("'cites' must be a list of work keys", path, line)
    kept = []
    for key in dict.fromkeys(cites):  # in order, without repeats
        if work_keys is not None and key not in work_keys:
            line = finder.find(finder.key(None, "cites"), f'"{key}"')
            problems.append(Problem(path, line, f"unknown work key '{key}'", key))
        else:
            kept.append(key)
    return tuple(kept)


def load_seeds(
    directory: Path,
    *,
    work_keys: Collection[str] | None = None,
    claim_ids: Collection[str] | None = None,
) -> SeedsResult:
    """Every ``*.toml`` of ``directory`` in name order; a duplicate id keeps the first."""
    sources: list[Source] = []
    stances: list[Stance] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            found = load_seed(read_text(path), str(path), work_keys=work_keys, claim_ids=claim_ids)
        except AnnotationError as exc:
            problems.append(as_problem(exc))
            continue
        problems += found.problems
        if any(s.id == found.sources[0].id for s in sources):
            msg = f"duplicate seed id '{found.sources[0].id}'; this file is skipped"
            problems.append(Problem(str(path), 1, msg, found.sources[0].id))
            continue
        sources += found.sources
        stances += found.stances
    return SeedsResult(tuple(sources), tuple(stances), tuple(problems))
