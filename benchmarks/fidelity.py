"""Does an export print like the library it came from? Real tools judge, entry by entry.

    python -m benchmarks.fidelity [--show N]

For each real corpus (krr.bib; aibasel-literatur.bib with its aibasel-crossref.bib), the
offline export (no Crossref record, so nothing is corrected) is printed by the same tool as
the original and compared entry by entry:

- ``bibtex`` with ``plain.bst``: the BibTeX export against the original .bib files, every
  entry ``\\nocite{*}``-ed; the printed ``\\bibitem`` texts of the .bbl are compared.
- ``biber``: the biblatex export against the original (biber reads BibTeX too), through a
  control file made once by LaTeX with biblatex; the ``\\entry`` data of the .bbl compared.
- ``pandoc --citeproc``: the CSL-JSON export against pandoc reading the original .bib; the
  HTML of each ``csl-entry`` compared.

``printed`` texts are normalised so that only what a reader sees counts: braces, ``~`` and
runs of spaces are dropped or folded. The tests (tests/test_bibtex_fidelity.py) require no
difference; this script prints the share of differing entries and a few examples.
"""

from __future__ import annotations

import argparse
import html
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA: dict[str, tuple[Path, ...]] = {
    "krr": (ROOT / "benchmarks" / "data" / "krr.bib",),
    "aibasel": (
        ROOT / "tests" / "data" / "bib-corpora" / "aibasel-literatur.bib",
        ROOT / "tests" / "data" / "bib-corpora" / "aibasel-crossref.bib",
    ),
}

_BIBITEM = re.compile(r"\\bibitem(?:\[[^\]]*\])?\{([^}]*)\}")
_SPACE = re.compile(r"\s+")


def _run(cmd: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(cmd), cwd=cwd, capture_output=True, text=True, errors="replace", timeout=600
    )


def normalise(text: str) -> str:
    """What a reader sees: no braces, ``~`` and ``\\newblock`` as spaces, spaces folded."""
    text = text.replace("%\n", "").replace("\\newblock", " ").replace("~", " ")
    text = text.replace("{", "").replace("}", "")
    return _SPACE.sub(" ", text).strip()


def as_read(text: str) -> str:
    """``text`` with its LaTeX made Unicode (``\\'a`` -> ``á``) and compatibility forms
    folded (the ligature ``ﬁ`` is ``fi``, as an ASCII export writes it), for comparing a
    Unicode export with an ASCII one: the same letters, whichever way they were typed."""
    from pylatexenc.latex2text import LatexNodes2Text

    text = text.replace("%\n", "").replace("\\newblock", " ")
    decoded = LatexNodes2Text(math_mode="verbatim").latex_to_text(text)
    return normalise(unicodedata.normalize("NFKC", decoded))


def bibtex_printed(texts: Sequence[str], folder: Path, style: str = "plain") -> dict[str, str]:
    """key -> printed entry (the .bbl's text, not normalised), by ``bibtex`` with
    ``style``.bst over ``texts`` (the .bib files' contents, in order); the .bbl's preamble
    is the entry "@preamble"."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, text in enumerate(texts):
        (folder / f"in{i}.bib").write_text(text, encoding="utf-8")
        names.append(f"in{i}")
    aux = f"\\relax\n\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{{','.join(names)}}}\n"
    (folder / "doc.aux").write_text(aux, encoding="utf-8")
    done = _run(["bibtex", "-terse", "doc"], folder)
    bbl = folder / "doc.bbl"
    if not bbl.exists():
        raise RuntimeError(f"bibtex failed: {done.stdout}{done.stderr}")
    text = bbl.read_text(encoding="utf-8", errors="replace")
    text = text.split("\\end{thebibliography}")[0]
    head, *items = _BIBITEM.split(text)
    printed = {"@preamble": head.split("\\begin{thebibliography}")[0]}
    for key, body in zip(items[::2], items[1::2], strict=True):
        printed[key] = body
    return printed


_TOOL_ENTRY = re.compile(r"^@(\w+)\{([^,\n]*),\n(.*?)^\}", re.S | re.M)
_TOOL_STRING = re.compile(r'^@STRING\{(\S+) = "(.*)"\}$', re.M)
_TOOL_MACRO = re.compile(r"= ([A-Za-z][^\s,{}\"#]*),$", re.M)
_TOOL_DOI = re.compile(r"DOI = \{(?:https?://(?:dx\.)?doi\.org/|doi:)", re.I)
_DATAMODEL = re.compile(r"Datamodel: Entry '([^']*)'[^:]*: (.*)")


def biber_printed(text: str, folder: Path) -> tuple[dict[str, str], set[str]]:
    """(key -> the entry as biber reads it, datamodel complaints): biber in tool mode maps
    ``text`` (BibTeX or biblatex) onto biblatex's datamodel (journal -> journaltitle,
    year/month -> date, @phdthesis -> @thesis, names parsed) and writes it out again; each
    entry's text is normalised. The complaints are "key: message" lines of
    ``--validate-datamodel``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "in.bib").write_text(text, encoding="utf-8")
    done = _run(
        ["biber", "--tool", "--validate-datamodel", "--output-file=out.bib", "in.bib"], folder
    )
    out = folder / "out.bib"
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(f"biber failed: {done.stdout}{done.stderr}")
    written = out.read_text(encoding="utf-8")
    # biber writes a value that equals an @string's text as that macro: say the text, so
    # that the same value reads the same whether the file had the @string or not.
    strings = dict(_TOOL_STRING.findall(written))

    def expand(found: re.Match[str]) -> str:
        return "= {" + strings.get(found.group(1), found.group(1)) + "},"

    # A DOI written as a resolver URL is normalised at load, with a note: compare DOIs.
    entries = {
        key: normalise(_TOOL_DOI.sub("DOI = {", _TOOL_MACRO.sub(expand, f"@{kind.lower()} {body}")))
        for kind, key, body in _TOOL_ENTRY.findall(written)
    }
    complaints = {f"{k}: {m}" for k, m in _DATAMODEL.findall(done.stdout + done.stderr)}
    return entries, complaints


_CSL_ENTRY = re.compile(r'<div id="ref-([^"]*)" class="csl-entry"[^>]*>(.*?)</div>', re.S)


def pandoc_printed(path: Path, folder: Path) -> dict[str, str]:
    """key -> the entry as ``pandoc --citeproc`` prints it (HTML, spaces folded), pandoc
    reading ``path`` (a .bib or a CSL-JSON file, by its extension)."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = folder / "doc.md"
    doc.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    done = _run(["pandoc", "--citeproc", "-t", "html", f"--bibliography={path}", str(doc)], folder)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr}")
    found = _CSL_ENTRY.findall(done.stdout)
    return {html.unescape(k): _visible(v) for k, v in found}


_MATH_SPAN = re.compile(r'<span\s+class="math inline">')
_SPAN = re.compile(r"</?span[^>]*>")


_DOTLESS = re.compile("\u0131([\u0300-\u036f])")


def _visible(entry: str) -> str:
    """A csl-entry's HTML as a reader sees it: spans print nothing (pandoc marks a braced
    word ``<span>`` when it reads a .bib and ``<span class="nocase">`` when it reads
    CSL-JSON), math stays marked as math; pandoc's .bib reader writes ``\\'\\i`` as a
    dotless i with a combining accent, which looks like (and is read as) í."""
    text = _SPAN.sub("", _MATH_SPAN.sub("<math>", entry))
    text = _DOTLESS.sub(lambda m: unicodedata.normalize("NFC", "i" + m.group(1)), text)
    return _SPACE.sub(" ", text).strip()


def differences(original: dict[str, str], exported: dict[str, str]) -> list[tuple[str, str, str]]:
    """(key, original, exported) for each entry of ``original`` printed otherwise."""
    return [
        (k, v, exported.get(k, "<missing>")) for k, v in original.items() if exported.get(k) != v
    ]


def exported(paths: Sequence[Path], fmt: str, **options: bool) -> str:
    """The offline export of the library in ``paths``: loaded, nothing corrected, written."""
    from refgraph.bibtex import load_bibtex_files
    from refgraph.export import WORK_FORMATS

    return WORK_FORMATS[fmt](load_bibtex_files(paths).works, **options)


def _texts(paths: Sequence[Path]) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def compare_bibtex(
    paths: Sequence[Path], folder: Path, *, read: bool = False, **options: bool
) -> tuple[int, list]:
    """(entries, differences) of the BibTeX export printed by ``bibtex`` against the
    original; with ``read`` both are compared as read (LaTeX accents made Unicode)."""
    original = bibtex_printed(_texts(paths), folder / "original")
    export = bibtex_printed([exported(paths, "bibtex", **options)], folder / "export")
    found = differences(
        {k: normalise(v) for k, v in original.items()},
        {k: normalise(v) for k, v in export.items()},
    )
    if read:  # decoding is slow: only where the texts differ
        found = [
            (k, as_read(original[k]), as_read(export.get(k, "<missing>"))) for k, _, _ in found
        ]
        found = [d for d in found if d[1] != d[2]]
    return len(original), found


def compare_biber(paths: Sequence[Path], folder: Path) -> tuple[int, list]:
    """(entries, differences) of the biblatex export as biber reads it against the
    original; a datamodel complaint about the export that the original does not earn is a
    difference too (key "datamodel")."""
    original, complained = biber_printed("\n".join(_texts(paths)), folder / "original")
    export, complaints = biber_printed(exported(paths, "biblatex"), folder / "export")
    extra = [("datamodel", "", c) for c in sorted(complaints - complained)]
    return len(original), differences(original, export) + extra


def compare_pandoc(paths: Sequence[Path], folder: Path) -> tuple[int, list]:
    folder.mkdir(parents=True, exist_ok=True)
    joined = folder / "original.bib"
    joined.write_text("\n".join(_texts(paths)), encoding="utf-8")
    csl = folder / "export.json"
    csl.write_text(exported(paths, "csl-json"), encoding="utf-8")
    original = pandoc_printed(joined, folder / "original")
    return len(original), differences(original, pandoc_printed(csl, folder / "export"))


def pandoc_kinds(paths: Sequence[Path], diffs: list) -> dict[str, int]:
    """The pandoc differences counted by the first kind that explains them (see
    docs/bibtex.md): what the entry holds that pandoc's .bib reader and the CSL-JSON export
    print differently."""
    from refgraph.bibtex import load_bibtex_files
    from refgraph.bibtex.macros import STYLE_MACROS

    loaded = load_bibtex_files(paths)
    undefined = {p.key for p in loaded.problems if "undefined macro" in p.message}
    works = {w.key: w for w in loaded.works}
    kinds: dict[str, int] = {}
    for key, _, _ in diffs:
        work = works.get(key)
        raw = " ".join(r for _, r in work.bibtex.fields) if work and work.bibtex else ""
        words = set(re.findall(r"[A-Za-z]+", raw.lower()))
        if key in undefined:
            kind = "undefined macro (BibTeX prints nothing, pandoc its name)"
        elif words & set(STYLE_MACROS):
            kind = "standard style's journal macro (pandoc prints its name)"
        elif work and (work.authors_et_al or work.editors_et_al):
            kind = "and others (no et-al marker in CSL-JSON)"
        elif "$" in raw:
            kind = "math (pandoc renders it from .bib, not from CSL-JSON)"
        elif "\\texttt" in raw or "\\tt" in raw or "\\url" in raw:
            kind = "code or URL markup"
        elif "doi.org" in raw.lower():
            kind = "DOI written as a URL (pandoc doubles the resolver)"
        else:
            kind = "title casing and other"
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))


JUDGES: dict[str, Callable[[Sequence[Path], Path], tuple[int, list]]] = {
    "bibtex+plain.bst": compare_bibtex,
    "bibtex+plain.bst, as read": lambda p, f: compare_bibtex(p, f, read=True),
    "bibtex+plain.bst, --ascii, as read": lambda p, f: compare_bibtex(p, f, read=True, ascii=True),
    "biber": compare_biber,
    "pandoc --citeproc": compare_pandoc,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=3, help="examples of differences to print")
    parser.add_argument("--judge", action="append", choices=sorted(JUDGES))
    args = parser.parse_args()
    print("| corpus | judge | entries | printed differently |")
    print("|---|---|---:|---:|")
    examples = []
    for corpus, paths in CORPORA.items():
        for judge in args.judge or JUDGES:
            with tempfile.TemporaryDirectory() as tmp:
                total, diffs = JUDGES[judge](paths, Path(tmp))
            share = 100 * len(diffs) / max(total, 1)
            print(f"| {corpus} | {judge} | {total} | {len(diffs)} ({share:.1f}%) |", flush=True)
            if judge.startswith("pandoc"):
                kinds = pandoc_kinds(paths, diffs)
                print("  " + "; ".join(f"{n} {kind}" for kind, n in kinds.items()), flush=True)
            examples += [(corpus, judge, d) for d in diffs[: args.show]]
    for corpus, judge, (key, before, after) in examples:
        print(f"\n{corpus} / {judge} / {key}\n  original: {before}\n  export:   {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
