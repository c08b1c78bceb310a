"""BibTeX in and out: ``load_bibtex`` / ``load_bibtex_files`` and ``dump_bibtex``.

Parsing is bibtexparser 2 with its own middlewares (string macros, field-key case, co-author
splitting, name parts, LaTeX decoding); this module only maps its entries onto
``refgraph.model.Work`` and turns its failed blocks into ``Problem`` values, so that one bad
entry never loses the others. Line numbers in problems are 1-based and per file, even when
several files are parsed together (one concatenated parse, mapped back with ``bisect``).

Writing is our own: a fixed field order, Unicode by default (only LaTeX's special characters
escaped) or pure ASCII with LaTeX accents; the output re-parses to the same works.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import bibtexparser
from bibtexparser import model as bp
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    ResolveStringReferencesMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.names import NameParts
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from refgraph.controls import find_controls, strip_controls
from refgraph.model import Author, Problem, Provenance, Work

# Fields whose value is not LaTeX text: decoding would eat a URL's "%7E" as a comment or
# turn "74--79" into an en dash. They are kept and written exactly as they are.
VERBATIM_FIELDS = frozenset({"url", "doi", "pages", "eprint", "file", "pdf", "crossref"})

# BibTeX field -> Work attribute, for the plain string slots.
_SLOTS = {f: f for f in ("title", "journal", "volume", "pages", "doi", "publisher", "abstract")}
_SLOTS.update(number="issue", url="url")

# The standard BibTeX styles' required fields; "a|b" means either will do.
_REQUIRED = """article: author title journal year
book: author|editor title publisher year
inbook: author|editor title chapter|pages publisher year
incollection: author title booktitle publisher year
inproceedings conference: author title booktitle year
mastersthesis phdthesis: author title school year
techreport: author title institution year
proceedings: title year
manual booklet: title
unpublished: author title note"""
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(fields.split())
    for kinds, fields in (line.split(":") for line in _REQUIRED.splitlines())
    for kind in kinds.split()
}

# Only values holding one of these can change under LaTeX decoding (specials, and the
# ligatures -- `` '' !` ?`); skipping the rest keeps pylatexenc off most fields.
_NEEDS_DECODING = re.compile(r"[\\{}$%&~]|--|``|''|[!?]`")
_SPACES = re.compile(r"[ \t\r\n]+")
_ENTRY_HEAD = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")


@dataclass(frozen=True)
class LoadResult:
    works: tuple[Work, ...] = ()
    problems: tuple[Problem, ...] = ()


class _LatexDecoding(LatexDecodingMiddleware):
    """bibtexparser's decoder, also applied inside split names (the stock middleware skips
    lists of ``NameParts``), never to verbatim fields, and only where it can change text.
    Its LaTeX context also knows ``\\textbraceleft``/``right``: BibTeX counts even ``\\{``
    as a brace, so a lone literal brace can only be written that way."""

    def __init__(self) -> None:
        context = get_default_latex_context_db()
        macros = [MacroTextSpec("url", simplify_repl="%s")]  # as bibtexparser's own
        macros += [MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
        context.add_context_category("refgraph-bibtex", prepend=True, macros=macros)
        super().__init__(decoder=LatexNodes2Text(latex_context=context, math_mode="verbatim"))

    def transform_entry(self, entry: bp.Entry, library: object) -> bp.Block:
        for field in entry.fields:
            if field.key in VERBATIM_FIELDS:
                continue
            if isinstance(field.value, str):
                field.value = self._decode(field.value)
            elif isinstance(field.value, list):
                for name in field.value:
                    if isinstance(name, NameParts):
                        name.first = [self._decode(p) for p in name.first]
                        name.von = [self._decode(p) for p in name.von]
                        name.last = [self._decode(p) for p in name.last]
                        name.jr = [self._decode(p) for p in name.jr]
        return entry

    def _decode(self, text: str) -> str:
        if _NEEDS_DECODING.search(text) is None:
            return text
        return self._transform_python_value_string(text)[0]


def _parse_stack() -> list:
    return [
        ResolveStringReferencesMiddleware(),
        RemoveEnclosingMiddleware(),
        NormalizeFieldKeys(),
        SeparateCoAuthors(name_fields=("author",)),
        SplitNameParts(name_fields=("author",)),
        _LatexDecoding(),
    ]


class _LineMap:
    """Maps a 0-based line of the concatenated text back to (file, 1-based line)."""

    def __init__(self, sources: Sequence[tuple[str, str]]):
        self.starts: list[int] = []
        self.paths: list[str] = []
        line = 0
        for path, text in sources:
            self.starts.append(line)
            self.paths.append(path)
            line += text.count("\n")

    def locate(self, line0: int | None) -> tuple[str, int | None]:
        if line0 is None:
            return self.paths[0], None
        i = bisect.bisect_right(self.starts, line0) - 1
        return self.paths[i], line0 - self.starts[i] + 1


def load_bibtex(text: str, path: str = "<string>") -> LoadResult:
    """Parse one BibTeX text; ``path`` only names it in provenance and problems."""
    return _load([(path, text)])


def load_bibtex_files(paths: Iterable[str | Path]) -> LoadResult:
    """Parse several files together, so that ``@string`` macros and ``crossref`` parents
    defined in one serve entries in another. An unreadable file is an error Problem."""
    sources: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for p in paths:
        try:
            raw = Path(p).read_bytes()
        except OSError as exc:
            problems.append(Problem(str(p), None, f"cannot read file: {exc.strerror or exc}"))
            continue
        try:
            sources.append((str(p), raw.decode("utf-8")))
        except UnicodeDecodeError as exc:
            # Old .bib files are often Latin-1; every byte decodes, so keep going but say so.
            line = raw[: exc.start].count(b"\n") + 1
            msg = "not valid UTF-8; read as Latin-1"
            problems.append(Problem(str(p), line, msg, severity="warning"))
            sources.append((str(p), raw.decode("latin-1").replace("\r\n", "\n")))
    if not sources:
        return LoadResult((), tuple(problems))
    result = _load(sources)
    return LoadResult(result.works, tuple(problems) + result.problems)


def _load(sources: Sequence[tuple[str, str]]) -> LoadResult:
    sources, problems = _without_controls(sources)
    texts = [t if t.endswith("\n") else t + "\n" for _, t in sources]
    lines = _LineMap([(p, t) for (p, _), t in zip(sources, texts, strict=True)])
    library = bibtexparser.parse_string("".join(texts), parse_stack=_parse_stack())
    problems += [_failed_block_problem(b, lines) for b in library.failed_blocks]
    problems += _stray_entry_starts(library, lines)
    by_key = {e.key.lower(): e for e in library.entries}
    works = []
    for entry in library.entries:
        path, line = lines.locate(entry.start_line)
        unreadable = _unreadable_head(entry)
        if unreadable:
            problems.append(Problem(path, line, f"entry skipped: {unreadable}", entry.key))
            continue
        fields = _fields_with_parent(entry, by_key, path, line, problems)
        fields = _writable_fields(fields, entry.key, path, line, problems)
        problems.extend(_missing_fields(entry, fields, path, line))
        works.append(_to_work(entry, fields, Provenance("bibtex", f"{path}:{line}")))
    return LoadResult(tuple(works), tuple(problems))


def _without_controls(
    sources: Sequence[tuple[str, str]],
) -> tuple[list[tuple[str, str]], list[Problem]]:
    """The texts without control characters (NUL, ESC, C1, ...: ``refgraph.controls``),
    and a warning for each line that held one. They are not text in any field or key, and
    kept they would reach terminals raw and make the GraphML/GEXF exports invalid XML.
    Removing them before parsing keeps every line number where it was."""
    clean, problems = [], []
    for path, text in sources:
        for line, names in find_controls(text):
            msg = f"control character(s) {names} removed (not text)"
            problems.append(Problem(path, line, msg, severity="warning"))
        clean.append((path, strip_controls(text)))
    return clean, problems


# A field name BibTeX (and pybtex) can read: a letter or one of these marks, then also
# digits. bibtexparser accepts more (an empty name, spaces, "1x"), which no writer could
# put back into a file that BibTeX reads.
_NAME_MARKS = r"@!$&*+\-./:;<>?\[\\\]^_`|~"
_FIELD_NAME = re.compile(rf"[A-Za-z{_NAME_MARKS}][\w{_NAME_MARKS}]*", re.ASCII)


def _unreadable_head(entry: bp.Entry) -> str:
    """Why BibTeX could not read this entry back once written, or ""."""
    if not _FIELD_NAME.fullmatch(entry.entry_type):
        return f"entry type {entry.entry_type!r} is not one BibTeX can read"
    if not entry.key or any(c.isspace() for c in entry.key):
        # BibTeX ends a key at white space (biber and pybtex at any Unicode space, such as
        # a no-break space): such an entry cannot be cited or written back.
        return "its citation key is empty or holds white space"
    return ""


def _writable_fields(
    fields: dict[str, object], key: str, path: str, line: int | None, problems: list[Problem]
) -> dict[str, object]:
    bad = [name for name in fields if not _FIELD_NAME.fullmatch(name)]
    for name in bad:
        msg = f"field name {name!r} is not one BibTeX can read; field skipped"
        problems.append(Problem(path, line, msg, key, "warning"))
    return {k: v for k, v in fields.items() if k not in bad} if bad else fields


def _fields_with_parent(
    entry: bp.Entry, by_key: dict, path: str, line: int | None, problems: list[Problem]
) -> dict[str, object]:
    """The entry's fields, plus those it inherits from its ``crossref`` parent (BibTeX's
    rule: a field the child lacks is taken from the parent under the same name)."""
    fields = {f.key: f.value for f in entry.fields}
    parent_key = fields.get("crossref")
    if not isinstance(parent_key, str) or not parent_key.strip():
        return fields
    parent = by_key.get(parent_key.strip().lower())
    if parent is None:
        msg = f"crossref parent '{parent_key.strip()}' not found"
        problems.append(Problem(path, line, msg, entry.key, "warning"))
        return fields
    for f in parent.fields:
        if f.key != "crossref":
            fields.setdefault(f.key, f.value)
    return fields


def _stray_entry_starts(library: bibtexparser.Library, lines: _LineMap) -> list[Problem]:
    """A warning for each '@' in text between entries. BibTeX starts an entry at every '@'
    there (``@a b{x, ...}``, an address in a comment line) and reports the broken one;
    bibtexparser takes the text for a comment and says nothing, so it would vanish."""
    problems = []
    for block in library.comments:
        raw, start = block.raw or "", block.start_line or 0
        if not isinstance(block, bp.ImplicitComment) or "@" not in raw:
            continue
        path, line = lines.locate(start + raw.count("\n", 0, raw.index("@")))
        msg = "'@' outside an entry: BibTeX reads an entry there, and none can be read; skipped"
        problems.append(Problem(path, line, msg, severity="warning"))
    return problems


def _failed_block_problem(block: bp.ParsingFailedBlock, lines: _LineMap) -> Problem:
    path, line = lines.locate(block.start_line)
    if isinstance(block, bp.DuplicateBlockKeyBlock):
        _, first = lines.locate(block.previous_block.start_line)
        kind = "string" if isinstance(block.previous_block, bp.String) else "key"
        msg = f"duplicate {kind} '{block.key}' (first at line {first}); this one is skipped"
        return Problem(path, line, msg, block.key, "warning" if kind == "string" else "error")
    found = _ENTRY_HEAD.match(block.raw or "")
    key = found.group(1) if found else ""
    # Not str(error): bibtexparser's log message counts lines in the concatenated text.
    reason = getattr(block.error, "abort_reason", "") or str(block.error)
    reason = reason.split(". Note:")[0].strip() or "BibTeX syntax error"
    return Problem(path, line, f"entry skipped, cannot be read: {reason}", key)


def _missing_fields(entry: bp.Entry, fields: dict, path: str, line: int | None) -> list[Problem]:
    required = REQUIRED_FIELDS.get(entry.entry_type.lower(), ())
    missing = [r for r in required if not any(fields.get(a) for a in r.split("|"))]
    if not missing:
        return []
    msg = f"@{entry.entry_type.lower()} lacks required field(s): {', '.join(missing)}"
    return [Problem(path, line, msg, entry.key, "warning")]


def _clean(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if "\n" in text or "\t" in text or "  " in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _author(name: NameParts) -> Author:
    family = _clean(" ".join(name.von + name.last))
    if name.jr:
        family = f"{family}, {_clean(' '.join(name.jr))}"
    given = _clean(" ".join(name.first))
    # A single braced token with spaces ("{World Health Organization}") is a literal name.
    if not given and not name.von and not name.jr and len(name.last) == 1 and " " in family:
        return Author(literal=family)
    return Author(family=family, given=given)


def _to_work(entry: bp.Entry, fields: dict[str, object], provenance: Provenance) -> Work:
    slots: dict[str, object] = {}
    extra: list[tuple[str, str]] = []
    for key, value in fields.items():
        if key == "author" and isinstance(value, list):
            slots["authors"] = tuple(_author(n) for n in value if isinstance(n, NameParts))
        elif key in _SLOTS:
            slots[_SLOTS[key]] = _clean(value)
        elif key == "keywords":
            parts = _clean(value).replace(";", ",").split(",")
            slots["keywords"] = tuple(k.strip() for k in parts if k.strip())
        elif key == "year" and _clean(value).isascii() and _clean(value).isdigit():
            slots["year"] = int(_clean(value))
        else:
            extra.append((key, _clean(value)))
    return Work(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        extra=tuple(extra),
        provenance=provenance,
        **slots,  # type: ignore[arg-type]
    )


# ---- writing ---------------------------------------------------------------------------
