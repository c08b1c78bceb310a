"""BibTeX in: ``load_bibtex`` / ``load_bibtex_files``.

bibtexparser 2 splits the text into blocks (entries, ``@string``, ``@preamble``, failed
blocks with their line); everything after that is here: values are read the way BibTeX
reads them (``macros.evaluate``: braces, quotes, ``#``, ``@string`` and month macros),
names split into their parts (``names.py``), LaTeX decoded for display and search. Each
entry keeps what the file wrote (``Work.bibtex``: raw field texts, the strings and
preambles it needs) so that the writer gives back unchanged fields exactly.

Problems are data, never exceptions: one bad entry never loses the others. Line numbers
are 1-based and per file, even when several files are parsed together (one concatenated
parse, mapped back with ``bisect``). Reported: failed blocks, duplicate keys, undefined
or self-referencing macros, text after a value (a missing comma), ``%`` lines inside an
entry (BibTeX has no comments there), DOIs written as URLs or ``doi:``, missing required
fields.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser import model as bp
from bibtexparser.library import Library
from bibtexparser.middlewares.names import split_multiple_persons_names
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import (
    get_default_latex_context_db as get_default_latex_walker_context_db,
)

from refgraph.bibtex.fields import SLOTS, TWINS, VERBATIM_FIELDS, field_values
from refgraph.bibtex.macros import STYLE_MACROS, Value, evaluate, noop_macros, used_strings
from refgraph.bibtex.names import Person, read_name
from refgraph.controls import find_controls, strip_controls
from refgraph.doi import normalize_doi
from refgraph.heap import collector_paused
from refgraph.model import Author, BibtexSource, Problem, Provenance, Work

# The standard BibTeX styles' required fields; "a|b" means either will do. biblatex's
# names count as their BibTeX twins (date for year, journaltitle for journal, ...).
_REQUIRED = """article: author title journal|journaltitle year|date
book: author|editor title publisher year|date
inbook: author|editor title chapter|pages publisher year|date
incollection: author title booktitle publisher year|date
inproceedings conference: author title booktitle year|date
mastersthesis phdthesis: author title school|institution year|date
techreport: author title institution year|date
proceedings: title year|date
manual booklet: title
unpublished: author title note"""
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    kind: tuple(fields.split())
    for kinds, fields in (line.split(":") for line in _REQUIRED.splitlines())
    for kind in kinds.split()
}
# The same, each requirement as its alternatives: ("year", "date").
_ALTERNATIVES = {kind: tuple(tuple(r.split("|")) for r in f) for kind, f in REQUIRED_FIELDS.items()}

# Only values holding one of these can change under LaTeX decoding (specials, and the
# ligatures -- `` '' !` ?`); skipping the rest keeps pylatexenc off most fields.
_NEEDS_DECODING = re.compile(r"[\\{}$%&~]|--|``|''|[!?]`")
# What pylatexenc reads as more than plain text and braces: commands, math, comments,
# alignment, and its specials (~ and the ligatures; "---" holds "--").
_LATEX_BEYOND_BRACES = re.compile(r"[\\$%&~]|--|``|''|[!?]`")
_BRACE = re.compile(r"[{}]")
_SPACES = re.compile(r"[ \t\r\n]+")
_WHITE_SPACE = re.compile(r"\s")  # what str.isspace() calls white space
_ENTRY_HEAD = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s]+)")
_ISO_YEAR = re.compile(r"([0-9]{4})(?:-[0-9]{2}){0,2}(?:/|$)")
_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_NEXT_FIELD = re.compile(r"^\s*([A-Za-z][\w:.+/-]*)\s*=\s*")


@dataclass(frozen=True)
class LoadResult:
    works: tuple[Work, ...] = ()
    problems: tuple[Problem, ...] = ()


def _argument_text(node: Any, l2tobj: LatexNodes2Text) -> str:
    """The text of a command's arguments (none when the parser did not take any: the
    braced group after it is then text of its own)."""
    args = node.nodeargd.argnlist if node.nodeargd is not None else []
    return "".join(l2tobj.nodelist_to_text([a]) for a in args if a is not None)


class _PylatexencWarnings(logging.Handler):
    """pylatexenc's warnings, kept for the decoder instead of reaching the terminal as
    "pylatexenc.latex2text: WARNING: Error in configuration: macro '\\ensuremath' failed
    its substitution!" with no entry named. The loader turns them into problems."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_PYLATEXENC = _PylatexencWarnings()
_pylatexenc_logger = logging.getLogger("pylatexenc")
_pylatexenc_logger.addHandler(_PYLATEXENC)
_pylatexenc_logger.propagate = False
_FAILED_MACRO = re.compile(r"macro '(\\[^']*)' failed")


class LatexDecoder:
    """LaTeX to text with pylatexenc, only where it can change the text. Its context also
    knows ``\\textbraceleft``/``right`` (BibTeX counts even ``\\{`` as a brace, so a lone
    literal brace can only be written that way) and drops the preamble's no-op commands
    with their argument (``{\\noopsort{1973a}}1973`` reads 1973).

    A text pylatexenc cannot decode (a command without its argument: ``\\ensuremath``
    alone decoded to "%s") is kept as written, and the commands concerned are collected
    for ``take_failures``."""

    def __init__(self, noops: Sequence[str] = ()) -> None:
        context = get_default_latex_context_db()
        macros = [MacroTextSpec("url", simplify_repl="%s")]  # as bibtexparser's own
        macros += [MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}")]
        # The TeX logos pylatexenc does not know (it would drop "\\TeX" from "{\\TeX}book").
        logos = ("TeX", "LaTeX", "BibTeX", "XeTeX", "LuaTeX", "METAFONT")
        macros += [MacroTextSpec(name, name) for name in logos]
        macros += [MacroTextSpec("LaTeXe", "LaTeX2e"), MacroTextSpec("AmS", "AMS")]
        # Font commands pylatexenc would drop with their argument ("\\texttt{nomore++}").
        fonts = ("texttt", "textsf", "textsc", "textrm", "textup", "textsl", "textmd",
                 "textnormal", "mbox", "hbox")  # fmt: skip
        macros += [MacroTextSpec(name, simplify_repl=_argument_text) for name in fonts]
        context.add_context_category("refgraph-bibtex", prepend=True, macros=macros)
        self._latex = LatexNodes2Text(latex_context=context, math_mode="verbatim")
        names = "|".join(re.escape(n) for n in noops)
        self._noop = re.compile(rf"\\(?:{names})\s*\{{[^{{}}]*\}}") if noops else None
        self._failures: list[str] = []
        # pylatexenc parses each text with a new default context unless given one; the
        # new one is the same every time and parsing does not change it, so one serves all.
        self._pylatexenc = _latex_to_text(self._latex, get_default_latex_walker_context_db())
        next(self._pylatexenc)
        self._memo: dict[str, tuple[str, tuple[str, ...]]] = {}

    def __call__(self, text: str) -> str:
        decoded, failed = self.decode(text)
        self._failures += failed
        return decoded

    def decode(self, text: str) -> tuple[str, tuple[str, ...]]:
        """(the text decoded, the commands that kept it from decoding); records nothing.
        Remembered per text: journals, publishers and name parts recur in a library."""
        if self._noop is not None:
            text = self._noop.sub("", text)
        if _NEEDS_DECODING.search(text) is None:
            return text, ()
        known = self._memo.get(text)
        if known is None:
            known = self._memo[text] = self._decode_new(text)
        return known

    def _decode_new(self, text: str) -> tuple[str, tuple[str, ...]]:
        plain = _without_braces(text)
        if plain is not None:
            return plain, ()
        start = len(_PYLATEXENC.messages)
        decoded = self._pylatexenc.send(text)
        warned = _PYLATEXENC.messages[start:]
        del _PYLATEXENC.messages[start:]
        if warned:
            found = [m.group(1) for w in warned for m in [_FAILED_MACRO.search(w)] if m]
            return text, tuple(found or ["LaTeX"])
        return (text if decoded is None else decoded), ()  # failed: kept as written

    def add_failures(self, commands: Iterable[str]) -> None:
        """Records ``commands`` as failed, as decoding their texts now would."""
        self._failures += commands

    def take_failures(self) -> list[str]:
        """The commands (``\\ensuremath``) whose texts could not be decoded since the
        last call, once each, in order; the list is then emptied."""
        found, self._failures = list(dict.fromkeys(self._failures)), []
        return found


def _without_braces(text: str) -> str | None:
    """The text without its braces when braces are all the LaTeX it holds and they pair
    up ("{SAT} Solving" -> "SAT Solving"), else None. This is what pylatexenc gives for
    such a text (groups become their contents, every other character is kept as it is,
    spaces between groups too), without parsing it; tests compare the two on every field
    value and name part of the corpora."""
    if _LATEX_BEYOND_BRACES.search(text):
        return None
    depth = 0
    for brace in _BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return None
    return text.replace("{", "").replace("}", "") if depth == 0 else None


def _latex_to_text(latex: LatexNodes2Text, context: Any) -> Generator[str | None, str, None]:
    """pylatexenc's ``latex_to_text`` in a generator: sent a text, it yields the text
    decoded, or None when pylatexenc failed. Every pylatexenc call leaves a reference
    cycle through its frames (an end-of-input exception it keeps), and a frame holds its
    caller's: called from the loader, such a cycle kept the whole parse alive until the
    cycle collector ran, and made its pass after loading take longer than all the
    decoding. A generator's frame is where a chain of callers ends."""
    decoded: str | None = None
    while True:
        text = yield decoded
        try:
            decoded = latex.latex_to_text(text, latex_context=context)
        except Exception:  # pylatexenc's errors have no common root
            decoded = None


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


@dataclass
class _Entry:
    """One entry's fields as read: (name, raw text, evaluated text) and the macros used."""

    block: bp.Entry
    path: str
    line: int | None
    fields: list[tuple[str, str, str]]
    macros: list[str]


@dataclass(frozen=True)
class _NameList:
    """A name field read: its authors, whether it ends with "and others", the LaTeX
    commands that kept a part from decoding, the names that could not be split (name, why)."""

    authors: tuple[Author, ...]
    et_al: bool
    failed: tuple[str, ...]
    unsplit: tuple[tuple[str, str], ...]


class _Reader:
    """Reads the blocks of one parse: strings first, then entries, then works."""

    def __init__(self, library: Library, lines: _LineMap) -> None:
        self.library = library
        self.lines = lines
        self.problems: list[Problem] = []
        # The standard styles' journal macros first: the file's own @string overrides them.
        self.strings: dict[str, str] = dict(STYLE_MACROS)
        self.definitions: dict[str, tuple[str, str, tuple[str, ...]]] = {
            name: (name, "{" + text + "}", ()) for name, text in STYLE_MACROS.items()
        }
        preambles = [b for b in library.blocks if isinstance(b, bp.Preamble)]
        kept = []
        for preamble in preambles:
            # BibTeX: "You're missing a field part"; written back, pybtex refuses the file.
            text = preamble.value.strip()
            why = _unwritable(text, evaluate(text, {}))
            if why:
                self.problem(preamble.start_line, f"@preamble {why}; not kept")
            else:
                kept.append(preamble.value.strip())
        self.preambles = tuple(kept)
        self.decode = LatexDecoder(noop_macros(evaluate(p, {}).text for p in self.preambles))
        self.persons: dict[str, Person] = {}
        self.name_lists: dict[str, _NameList] = {}

    def names(self, text: str) -> _NameList:
        """A name field read, each name by ``names.read_name``; remembered per name and
        per list: a library names the same people, and the same editors of a
        proceedings, again and again."""
        known = self.name_lists.get(text)
        if known is None:
            read = [(name, self._person(name)) for name in split_multiple_persons_names(text)]
            known = self.name_lists[text] = _NameList(
                authors=tuple(p.author for _, p in read if p.author is not None),
                et_al=any(p.author is None for _, p in read),
                failed=tuple(command for _, p in read for command in p.failed),
                unsplit=tuple((name, p.unsplit) for name, p in read if p.unsplit),
            )
        return known

    def _person(self, name: str) -> Person:
        known = self.persons.get(name)
        if known is None:
            known = self.persons[name] = read_name(name, self.decode.decode)
        return known

    def problem(
        self, line0: int | None, message: str, key: str = "", severity: str = "warning"
    ) -> None:
        path, line = self.lines.locate(line0)
        self.problems.append(Problem(path, line, message, key, severity))  # type: ignore[arg-type]

    def read_strings(self) -> None:
        for block in self.library.blocks:
            if not isinstance(block, bp.String):
                continue
            value = evaluate(str(block.value), self.strings)
            name = block.key.lower()
            if name in (m.lower() for m in value.macros) and name not in self.strings:
                msg = f"@string '{block.key}' refers to itself; BibTeX prints nothing for it"
                self.problem(block.start_line, msg, block.key)
            elif value.undefined:
                self._undefined(
                    block.start_line, value.undefined, block.key, f"@string '{block.key}'"
                )
            if value.rest:
                self.problem(
                    block.start_line,
                    f"@string '{block.key}': text after the value not read: {value.rest[:40]!r}",
                    block.key,
                )
            self.strings[name] = value.text
            self.definitions[name] = (block.key, str(block.value).strip(), value.macros)

    def _undefined(self, line0: int | None, names: Sequence[str], key: str, where: str) -> None:
        listed = ", ".join(f"'{n}'" for n in dict.fromkeys(names))
        msg = f"{where} uses undefined macro(s) {listed}; BibTeX prints nothing for them"
        self.problem(line0, msg, key)

    def read_entry(self, entry: bp.Entry) -> _Entry:
        path, line = self.lines.locate(entry.start_line)
        fields: list[tuple[str, str, str]] = []
        macros: list[str] = []
        pending = [(f.key, str(f.value), f.start_line) for f in entry.fields]
        while pending:
            key, raw, line0 = pending.pop(0)
            name = self._field_name(key, line0, entry.key)
            raw = raw.strip()
            value = evaluate(raw, self.strings)
            if value.rest:
                raw = raw[: len(raw) - len(value.rest)].rstrip()
                follows = _NEXT_FIELD.match(value.rest)
                offset = raw.count("\n") + (line0 or 0)
                if follows:
                    msg = (
                        f"no comma after field '{name or key}': "
                        f"'{follows.group(1)}' read as a field of its own"
                    )
                    pending.insert(0, (follows.group(1), value.rest[follows.end() :], offset + 1))
                else:
                    msg = (
                        f"field '{name or key}': text after its value not read: {value.rest[:40]!r}"
                    )
                self.problem(offset, msg, entry.key)
                value = replace(value, rest="")  # raw now holds what was read, nothing more
            if value.undefined:
                self._undefined(line0, value.undefined, entry.key, f"field '{name}'")
            why = _unwritable(raw, value)
            if name and why:
                # 'title = ,': BibTeX reports "You're missing a field part", pybtex refuses.
                self.problem(line0, f"field '{name}' {why}; not kept", entry.key)
            elif name:
                fields.append((name, raw, value.text))
                macros.extend(value.macros)
        return _Entry(entry, path, line, fields, macros)

    def _field_name(self, key: str, line0: int | None, entry_key: str) -> str:
        """The field's name, lower-cased; "" (and a problem) when it is not one: a ``%``
        line inside an entry is no comment in BibTeX and ends up in a field name."""
        name = key.strip()
        if _FIELD_NAME.fullmatch(name):  # one word, no "%": the usual case, said at once
            return name.lower()
        lines = [x.strip() for x in key.strip().splitlines()]
        comments = [x for x in lines if x.startswith("%")]
        rest = " ".join(x for x in lines if x and not x.startswith("%"))
        if comments:
            msg = f"'{comments[0][:40]}': BibTeX has no comments inside an entry"
            if _FIELD_NAME.fullmatch(rest):
                self.problem(line0, msg + f"; read as field '{rest.lower()}'", entry_key)
                return rest.lower()
            self.problem(line0, msg + "; that field is not read", entry_key)
            return ""
        if not _FIELD_NAME.fullmatch(rest):
            msg = f"field name {rest[:40]!r} is not one BibTeX can read; field skipped"
            self.problem(line0, msg, entry_key)
            return ""
        return rest.lower()


def _load(sources: Sequence[tuple[str, str]]) -> LoadResult:
    # Loading makes millions of objects and almost no cycles (pylatexenc's few): the
    # collector's passes over them found nothing and took a third of the time.
    with collector_paused():
        return _read(sources)


def _read(sources: Sequence[tuple[str, str]]) -> LoadResult:
    sources, problems = _without_controls(sources)
    texts = [t if t.endswith("\n") else t + "\n" for _, t in sources]
    lines = _LineMap([(p, t) for (p, _), t in zip(sources, texts, strict=True)])
    library = bibtexparser.parse_string("".join(texts), parse_stack=[])
    problems += [_failed_block_problem(b, lines) for b in library.failed_blocks]
    problems += _stray_entry_starts(library, lines)
    reader = _Reader(library, lines)
    reader.read_strings()
    entries = []
    first_of: dict[str, tuple[str, str, int | None]] = {}  # folded key -> key, file, line
    for block in library.entries:
        path, line = lines.locate(block.start_line)
        unreadable = _unreadable_head(block) or _case_duplicate(block, first_of, path, line)
        if unreadable:
            problems.append(Problem(path, line, f"entry skipped: {unreadable}", block.key))
            continue
        entries.append(reader.read_entry(block))
    by_key = {e.block.key.lower(): e for e in entries}
    works = [_to_work(e, by_key, reader) for e in entries]
    return LoadResult(tuple(works), tuple(problems + reader.problems))


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
    if not entry.key or _WHITE_SPACE.search(entry.key):
        # BibTeX ends a key at white space (biber and pybtex at any Unicode space, such as
        # a no-break space): such an entry cannot be cited or written back.
        return "its citation key is empty or holds white space"
    return ""


def _unwritable(raw: str, value: Value) -> str:
    """Why a value's text cannot be written back as BibTeX reads it, or "": no value at
    all, or a bare word that is no macro name ('¡', a backslash) where a braced or quoted
    value belongs. ``value`` is ``raw`` evaluated (``macros.evaluate``, with any strings:
    they change its text, not its macros or rest)."""
    if not raw:
        return "has no value"
    if value.rest or raw.endswith("#"):
        return f"is not a BibTeX value: {raw[:40]!r}"
    # A backslash passes pybtex's name rule, but bibtexparser reads '{\}' as an open brace.
    odd = [m for m in value.macros if not _FIELD_NAME.fullmatch(m) or "\\" in m]
    return f"has {odd[0]!r} where a braced or quoted value belongs" if odd else ""


def _case_duplicate(
    entry: bp.Entry, first_of: dict[str, tuple[str, str, int | None]], path: str, line: int | None
) -> str:
    """Why this entry repeats one before it, or "". bibtexparser finds exact duplicates;
    BibTeX (and biber, pybtex) compare keys ignoring case, so 'Smith2020' after
    'smith2020' is a repeated entry that a written file could not hold twice."""
    folded = entry.key.lower()
    if folded not in first_of:
        first_of[folded] = (entry.key, path, line)
        return ""
    key, where, at = first_of[folded]
    return f"key '{entry.key}' repeats '{key}' ({where}:{at}) but for case, which BibTeX ignores"


def _stray_entry_starts(library: Library, lines: _LineMap) -> list[Problem]:
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


def _inherited(entry: _Entry, by_key: dict[str, _Entry], reader: _Reader) -> dict[str, str] | None:
    """The fields the entry takes from its ``crossref`` parent (BibTeX's rule: a field
    the child lacks is taken from the parent under the same name); None when the parent
    it names is not in the library (a problem)."""
    parent_key = next((text for name, _, text in entry.fields if name == "crossref"), "")
    if not parent_key.strip():
        return {}
    parent = by_key.get(parent_key.strip().lower())
    if parent is None:
        msg = f"crossref parent '{parent_key.strip()}' not found"
        kind = "crossref-parent-not-found"
        reader.problems.append(
            Problem(entry.path, entry.line, msg, entry.block.key, "warning", kind)
        )
        return None
    own = {name for name, _, _ in entry.fields}
    return {n: t for n, _, t in parent.fields if n != "crossref" and n not in own}


def _missing_fields(entry: _Entry, fields: dict[str, str]) -> list[Problem]:
    kind = entry.block.entry_type.lower()
    required = _ALTERNATIVES.get(kind, ())
    missing = [either[0] for either in required if not any(fields.get(a) for a in either)]
    if not missing:
        return []
    msg = f"@{kind} lacks required field(s): {', '.join(missing)}"
    return [
        Problem(entry.path, entry.line, msg, entry.block.key, "warning", "lacks-required-fields")
    ]


def _clean(text: str) -> str:
    if "\n" in text or "\t" in text or "  " in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _names(
    text: str, where: str, reader: _Reader, entry: _Entry
) -> tuple[tuple[Author, ...], bool]:
    """The names of a name field and whether the list ends with "and others"."""
    names = reader.names(text)
    for name, why in names.unsplit:
        msg = f"{where}: name {name!r} cannot be split ({why}); kept whole"
        reader.problems.append(Problem(entry.path, entry.line, msg, entry.block.key, "warning"))
    reader.decode.add_failures(names.failed)
    return names.authors, names.et_al


def _year(text: str) -> tuple[int | None, str]:
    """(the number, the year as written when it is more than the number)."""
    if text.isascii() and text.isdigit():
        return int(text), ""
    found = _YEAR.search(text)
    return (int(found.group(1)) if found else None), text


def _to_work(entry: _Entry, by_key: dict[str, _Entry], reader: _Reader) -> Work:
    inherited = _inherited(entry, by_key, reader)
    texts = {name: text for name, _, text in entry.fields} | (inherited or {})
    if inherited is not None:  # one cause, one warning: a missing parent explains the rest
        reader.problems.extend(_missing_fields(entry, texts))
    for twin, name in TWINS.items():
        if twin in texts and name not in texts:
            texts = {(name if k == twin else k): v for k, v in texts.items()}
    if "date" in texts and "year" not in texts:
        year = _ISO_YEAR.match(texts["date"].strip())
        if year:  # biblatex's date: the year is its first part, the rest stays in "date"
            texts["year"] = year.group(1)
    decode = reader.decode
    decode.take_failures()  # this entry's own
    written: dict[str, str] = {}
    arguments: dict[str, object] = {}
    extra: list[tuple[str, str]] = []
    for key, raw_text in texts.items():
        if key in ("author", "editor"):
            names, et_al = _names(raw_text, key, reader, entry)
            arguments[key + "s"], arguments[key + "s_et_al"] = names, et_al
            continue
        value = raw_text if key in VERBATIM_FIELDS else decode(raw_text)
        value = _clean(value)
        if key == "doi":
            written["doi"], value = value, _doi(value, entry, reader)
        if key in SLOTS:
            arguments[SLOTS[key]] = value
        elif key == "keywords":
            parts = value.replace(";", ",").split(",")
            arguments["keywords"] = tuple(k.strip() for k in parts if k.strip())
        elif key == "year":
            arguments["year"], arguments["year_text"] = _year(value)
        else:
            extra.append((key, value))
    failed = decode.take_failures()
    if failed:  # pylatexenc's warning, said with the entry's place
        msg = f"LaTeX {', '.join(failed)} could not be read (an argument missing?); kept as written"
        kind = "latex-not-decoded"
        reader.problems.append(
            Problem(entry.path, entry.line, msg, entry.block.key, "warning", kind)
        )
    arguments.update(
        key=entry.block.key,
        entry_type=entry.block.entry_type.lower(),
        extra=tuple(extra),
        provenance=Provenance("bibtex", f"{entry.path}:{entry.line}"),
    )
    work = Work(**arguments)  # type: ignore[arg-type]
    source = BibtexSource(
        fields=tuple((name, raw) for name, raw, _ in entry.fields),
        # A DOI normalised at load counts as changed, so the writer writes the bare DOI.
        loaded=tuple((field_values(work) | written).items()),
        strings=tuple(used_strings(entry.macros, reader.definitions)),
        preambles=reader.preambles,
    )
    return Work(**arguments, bibtex=source)  # type: ignore[arg-type]


def _doi(value: str, entry: _Entry, reader: _Reader) -> str:
    """The DOI normalised once, here (``doi.normalize_doi``), with a note when that
    changed it: a resolver URL, ``doi:`` or percent-encoding in the .bib."""
    doi = normalize_doi(value)
    if doi != value:
        msg = f"DOI written as {value!r}; read as {doi!r}"
        reader.problems.append(Problem(entry.path, entry.line, msg, entry.block.key, "warning"))
    return doi
