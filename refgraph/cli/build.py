"""`refgraph build`: the main job. Reads the library and seeds, writes the page, the graph
and the audit into the output folder, and prints what it built and every input problem."""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from refgraph.atomic import write_bytes_atomic, write_chunks_atomic
from refgraph.audit import (
    audit_rows,
    json_chunks,
    markdown_chunks,
    markdown_section,
    summarize,
    summary_line,
)
from refgraph.checked import CheckedWork
from refgraph.cli.console import SafeConsole, stderr, stdout
from refgraph.cli.exits import UNUSABLE, exit_code
from refgraph.cli.options import (
    add_crossref_options,
    add_library_options,
    enrich_options,
    library_inputs,
)
from refgraph.errors import RefgraphError
from refgraph.graph import KINDS, graph_json_chunks
from refgraph.heap import collector_paused
from refgraph.jsontext import indented_json_bytes
from refgraph.model import Library, Problem
from refgraph.outputs import check_output_folder, ensure_folder
from refgraph.pipeline import Prepared, prepare
from refgraph.problems import group_problems, problems_to_data
from refgraph.processes import InChild, die_with_parent, in_child, parent_alive
from refgraph.render import PHYSICS_LIMIT, page_chunks
from refgraph.render.topicmap import TopicLayout, topic_layout
from refgraph.wording import plural

# What build writes into --out, and the kind each file must already be if it exists.
OUTPUTS = (
    ("index.html", "page"),
    ("graph.json", "graph-json"),
    ("audit.json", "audit-json"),
    ("audit.md", "audit-md"),
    ("problems.json", "problems-json"),
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "build",
        help="build the graph, the page and the audit from a library",
        description=(
            "Load every .bib file and the annotations of the library folder and the seed "
            "documents, check the works against Crossref (the cache and the bundled "
            "snapshot first; Crossref is asked only for what they lack or what has expired, "
            "never with --offline), and write OUT/index.html (the page), OUT/graph.json "
            "(node-link JSON), OUT/audit.md, OUT/audit.json and OUT/problems.json (every "
            "input problem). The summary says whether Crossref was asked. Input problems "
            "are printed grouped by kind (--verbose: all, --quiet: none). Exit 0 when built "
            "(1 with --strict if the inputs have problems), 1 when nothing usable could be "
            "built, 2 on bad usage."
        ),
    )
    add_library_options(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build"),
        metavar="DIR",
        help="folder to write index.html, graph.json and the audit into (default: build)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 when the inputs have problems (errors or warnings), for CI",
    )
    add_crossref_options(parser)
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--verbose", action="store_true", help="print every input problem, not a summary by kind"
    )
    shown.add_argument("--quiet", action="store_true", help="print no input problem")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = stdout()
    err = stderr()
    try:
        # Checked before any work: a wrong --out is reported at once, never after enrichment.
        check_output_folder(args.out, OUTPUTS, library_inputs(args))
        outputs = Outputs(args.out)
        prepared = prepare(args.library, args.seeds, enrich_options(args), notify=err.print,
                           checked_hook=outputs.start_audit, freeze=True)  # fmt: skip
        summary: list[str] = []
        # Counted while the page child works (0.2 s at 50,000 works), printed once it is done.
        outputs.write(prepared, meanwhile=lambda: summary.extend(summary_lines(prepared, args.out)))
    except RefgraphError as exc:
        err.print(f"error: {exc}")
        return exit_code(exc)
    for line in summary:
        console.print(line)
    print_problems(console, prepared.library.problems, args.out, verbose=args.verbose,
                   quiet=args.quiet)  # fmt: skip
    if args.strict and prepared.library.problems:
        err.print(f"--strict: {len(prepared.library.problems)} problems in the inputs")
        return UNUSABLE
    return 0


# Above this many works or nodes, build uses the machine's second core: a forked child
# writes the audit while this process builds the graph, and another renders the page (the
# slowest output: layout and payload) while this process writes graph.json and
# problems.json. Fork shares the library and the graph copy-on-write, so nothing is
# pickled; small libraries skip it.
PARALLEL_AUDIT_WORKS = 2000
PARALLEL_PAGE_NODES = 2000


def write_outputs(prepared: Prepared, out: Path) -> None:
    """Write the page, graph.json, the audit and problems.json into ``out``."""
    Outputs(out).write(prepared)


class Outputs:
    """The files build writes into ``out``, each started as soon as its data exists:
    ``start_audit`` once the works are checked, ``write`` the rest once the graph is
    built; ``write`` returns when every file is written (a child that failed: a
    ``RefgraphError`` naming its file)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._audit_child: BaseProcess | None = None
        self._audit_written = False

    def start_audit(self, library: Library, checked: tuple[CheckedWork, ...]) -> None:
        """Write audit.json and audit.md, in a forked child when the library is large."""
        ensure_folder(self.out, create=True)
        with collector_paused():  # the audit's rows are many small acyclic objects
            if len(checked) > PARALLEL_AUDIT_WORKS and _can_fork():
                self._audit_child = _forked(
                    lambda wanted: _write_audit(library, checked, self.out, wanted),
                    self.out / "audit.json",
                )
            else:
                _write_audit(library, checked, self.out)
        self._audit_written = True

    def write(self, prepared: Prepared, meanwhile: Callable[[], object] | None = None) -> None:
        """The files not yet started; ``meanwhile`` is called once this process has written
        its own, before it waits for the children (whose failure then still raises)."""
        if not self._audit_written:
            self.start_audit(prepared.library, prepared.checked)
        with collector_paused():  # graph.json's data: see refgraph.heap
            self._write_rest(prepared, meanwhile)

    def _write_rest(self, prepared: Prepared, meanwhile: Callable[[], object] | None) -> None:
        out = self.out
        page, title = out / "index.html", f"refgraph: {prepared.library.name}"
        ensure_folder(out, create=True)
        page_child = layout = None
        if len(prepared.graph) > PARALLEL_PAGE_NODES and _can_fork():
            if len(prepared.graph) > PHYSICS_LIMIT:  # the page has a topic map
                # The topic map's layout (half of a large page's time) is made by a child
                # of its own while the page child makes the nodes' data; the page child
                # reads it (or makes it itself if that child failed: the same page).
                # It shares the layout's topics with a child of its own (render.topicmap).
                graph = prepared.graph
                layout = InChild(lambda: topic_layout(graph, share=in_child), may_fork=True)
            page_child = _forked(
                lambda wanted: _write_page(prepared, page, title, wanted, layout), page
            )
            if layout is not None:
                layout.forget()  # the page child asks
        else:
            _write_page(prepared, page, title)
        # Streamed: the 190 MB text (at 50,000 works) is never held whole.
        write_chunks_atomic(out / "graph.json", graph_json_chunks(prepared.graph))
        problems = problems_to_data(prepared.library.problems)
        write_bytes_atomic(out / "problems.json", indented_json_bytes(problems))
        if meanwhile is not None:
            meanwhile()
        if self._audit_child is not None:
            _finished(self._audit_child, out / "audit.json", "writing the audit")
        if page_child is not None:
            _finished(page_child, page, "rendering the page")
        if layout is not None:
            layout.join()  # its failure is the page child's to recover from


def _write_page(
    prepared: Prepared,
    path: Path,
    title: str,
    still_wanted: Callable[[], bool] | None = None,
    layout: InChild[TopicLayout] | None = None,
) -> None:
    chunks = page_chunks(  # written as made: never one string
        prepared.graph, title=title, layout=layout.answer if layout else None
    )
    write_chunks_atomic(path, chunks, still_wanted=still_wanted)


def _write_audit(
    library: Library,
    checked: tuple[CheckedWork, ...],
    out: Path,
    still_wanted: Callable[[], bool] | None = None,
) -> None:
    # Row by row: each row is written to audit.json as it is made and kept only as its
    # Markdown section, never the whole audit as data (hundreds of MB at 50k works).
    by_key = {e.key: e for e in library.enrichments}
    summary = summarize(by_key.values())
    sections: list[str] = []

    def rows() -> Iterator[dict[str, Any]]:
        for row in audit_rows(checked, by_key):
            sections.append(markdown_section(row))
            yield row

    write_chunks_atomic(out / "audit.json", json_chunks(summary, rows()), still_wanted=still_wanted)
    write_chunks_atomic(
        out / "audit.md", markdown_chunks(summary, sections), still_wanted=still_wanted
    )


def _can_fork() -> bool:
    return "fork" in mp.get_all_start_methods()


def _forked(job: Callable[[Callable[[], bool]], None], path: Path) -> BaseProcess:
    """``job(still_wanted)`` run in a forked child that is killed with this process and
    never writes after it died (``still_wanted`` is asked before each rename)."""
    # daemon: a parent that stops (an error, Ctrl-C) ends the child at exit too.
    child = mp.get_context("fork").Process(
        target=_run_in_child, args=(job, path, os.getpid()), daemon=True
    )
    child.start()
    return child


def _run_in_child(job: Callable[[Callable[[], bool]], None], path: Path, parent: int) -> None:
    die_with_parent(parent)
    try:
        job(lambda: parent_alive(parent))
    except Exception as exc:  # the parent reports the failure; no traceback for the user
        stderr().write(f"refgraph: {path}: {type(exc).__name__}: {exc}\n")
        os._exit(1)


def _finished(child: BaseProcess, path: Path, what: str) -> None:
    child.join()
    if child.exitcode != 0:
        raise RefgraphError(f"{path}: {what} failed (exit code {child.exitcode})")


def summary_lines(prepared: Prepared, out: Path) -> list[str]:
    """What build prints when done: the nodes and edges by kind, the run's messages (was
    Crossref asked), the enrichment's counts by status and the files written."""
    graph = prepared.graph
    nodes: Counter[str] = Counter(str(kind) for _, kind in graph.nodes(data="kind"))
    edges = Counter(k for _, _, k in graph.edges(keys=True))
    return [
        "Built " + ", ".join(plural(nodes.get(k, 0), k) for k in KINDS),
        "Edges: " + (", ".join(f"{n} {k}" for k, n in sorted(edges.items())) or "none"),
        *prepared.messages,
        "Enrichment: " + summary_line(summarize(prepared.library.enrichments), skip_zero=True),
        f"Wrote {out}/index.html, graph.json, audit.md, audit.json and problems.json",
    ]


def print_problems(
    console: SafeConsole, problems: tuple[Problem, ...], out: Path, verbose: bool, quiet: bool
) -> None:
    """The input problems: grouped by kind with counts and a few examples (default), every
    one (``verbose``), or none (``quiet``); the full list is in ``out``/problems.json."""
    if quiet or not problems:
        return
    errors = sum(p.severity == "error" for p in problems)
    counts = f"{plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"
    # Plain writes: rich renders each line on its own, which costs seconds for the
    # thousands of warnings a large real library has.
    if verbose:
        console.print(f"Problems in the inputs: {len(problems)} ({counts})")
        console.write("".join(f"  {p.severity}: {p}\n" for p in problems))
        return
    groups = group_problems(problems, examples=EXAMPLES)
    console.print(
        f"Problems in the inputs: {len(problems)} ({counts}) of {plural(len(groups), 'kind')};"
        f" all in {out}/problems.json, or --verbose"
    )
    lines = []
    for group in groups:
        lines.append(f"  {plural(group.count, group.severity)}: {group.label}\n")
        lines += [f"      {p}\n" for p in group.examples]
        if group.count > len(group.examples):
            lines.append(f"      ... {group.count - len(group.examples)} more\n")
    console.write("".join(lines))


# How many problems of each kind the grouped summary shows.
EXAMPLES = 3
