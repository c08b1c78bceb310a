"""`refgraph build` end to end on the bundled library (offline), and its failure modes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from refgraph.cli import build_parser, main
from refgraph.graph import graph_from_data

REPO = Path(__file__).resolve().parent.parent


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "crossref-cache" not in p.name
    }


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the bundled library and seeds, so the build's cache stays out of the repo."""
    shutil.copytree(REPO / "bib", tmp_path / "bib", ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    return tmp_path


def _build(workspace: Path, *extra: str) -> int:
    return main(
        [
            "build",
            "--library", str(workspace / "bib"),
            "--seeds", str(workspace / "seeds"),
            "--out", str(workspace / "build"),
            "--offline",
            *extra,
        ]
    )  # fmt: skip


def test_build_writes_the_page_graph_and_audit(workspace: Path, capsys) -> None:
    before = _digest(workspace / "bib")
    assert _build(workspace) == 0
    out = capsys.readouterr().out
    assert "10 works, 2 sources" in out
    assert "vancamelbeke2017" in out  # the missing journal is reported with file and line
    assert "leaky-gut.bib:" in out
    for name in ("index.html", "graph.json", "audit.md", "audit.json"):
        assert (workspace / "build" / name).stat().st_size > 0
    assert _digest(workspace / "bib") == before  # the user's inputs are never modified


def test_build_graph_holds_the_real_facts(workspace: Path) -> None:
    assert _build(workspace) == 0
    graph = graph_from_data(json.loads((workspace / "build" / "graph.json").read_text()))
    cited = [v for _, v, k in graph.out_edges("source:001", keys=True) if k == "cites"]
    assert len(cited) == 10 and all(graph.nodes[v]["kind"] == "work" for v in cited)
    assert not [v for _, v, k in graph.out_edges("source:000", keys=True) if k == "cites"]
    stance = graph.edges["work:lacy2024", "claim:lgs-diagnosis", "stance"]
    assert stance["value"] == "disputes" and stance["note"]
    assert graph.has_edge("work:fasano2021", "topic:zonulin", key="about")
    fasano = graph.nodes["work:fasano2021"]
    assert fasano["doi"].lower() == "10.1152/physrev.00003.2008"
    assert {a["field"] for a in fasano["audit"] if a["verdict"] == "conflict"} >= {"year"}
    # Without Crossref reference lists there is no work -> work citation: none is invented.
    assert not [(u, v) for u, v, k in graph.edges(keys=True) if k == "cites" and u[:5] == "work:"]


def test_a_dutch_synonym_maps_to_its_topic(workspace: Path) -> None:
    extra = "@article{dutch2020, author={Jansen, A.}, title={Darmflora en voeding bij ontsteking},"
    extra += " journal={Tijdschrift}, year={2020}}\n"
    (workspace / "bib" / "extra.bib").write_text(extra, encoding="utf-8")
    assert _build(workspace) == 0
    graph = graph_from_data(json.loads((workspace / "build" / "graph.json").read_text()))
    topics = {v for _, v, k in graph.out_edges("work:dutch2020", keys=True) if k == "about"}
    assert {"topic:microbiome", "topic:diet", "topic:inflammation"} <= topics
    edge = graph.edges["work:dutch2020", "topic:microbiome", "about"]
    assert edge["origin"] == "match" and "darmflora" in edge["detail"].lower()


def test_a_broken_entry_is_reported_and_the_rest_builds(workspace: Path, capsys) -> None:
    (workspace / "bib" / "broken.bib").write_text(
        "@article{ok2001, title={Fine}, author={A, B}, journal={J}, year={2001}}\n\n"
        "@article{broken2002, title={Unclosed, year={2002}\n",
        encoding="utf-8",
    )
    assert _build(workspace) == 0
    out = capsys.readouterr().out
    assert "11 works" in out
    assert "broken.bib:3" in out


def test_nothing_usable_exits_non_zero(tmp_path: Path, capsys) -> None:
    (tmp_path / "empty").mkdir()
    code = main(["build", "--library", str(tmp_path / "empty"), "--out", str(tmp_path / "o")])
    assert code != 0
    assert "no .bib file" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_help_explains_every_option(capsys) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["build", "--help"])
    text = capsys.readouterr().out
    for option in ("--library", "--seeds", "--out", "--crossref-url", "--mailto", "--offline"):
        assert option in text


def test_terminal_output_prints_hostile_markup_as_text(tmp_path: Path, capsys) -> None:
    lib = tmp_path / "lib"
    lib.mkdir()
    title = "[red]Zonulin[/red] [link=javascript:alert(1)]x[/link]"
    (lib / "h.bib").write_text(
        f"@article{{h2020, author={{Evil, E.}}, title={{{title}}},"
        " journal={J}, year={2020}}\n",
        encoding="utf-8",
    )
    assert main(["show", "h2020", "--library", str(lib)]) == 0
    assert "[red]Zonulin[/red]" in capsys.readouterr().out
    code = main(
        ["find", "zonulin", "--library", str(lib), "--index", str(tmp_path / "index.sqlite")]
    )
    assert code == 0
    assert "[link=javascript:alert(1)]" in capsys.readouterr().out.replace("\n", "")


def test_large_graphs_render_the_page_in_a_forked_child(workspace: Path, monkeypatch) -> None:
    import refgraph.cli.build as build

    monkeypatch.setattr(build, "PARALLEL_PAGE_NODES", 0)  # take the parallel path here
    assert _build(workspace) == 0
    page = workspace / "build" / "index.html"
    assert "Fasano" in page.read_text(encoding="utf-8")
    assert page.stat().st_mode & 0o044  # readable by others, like any output (not 0600)


def test_a_failing_page_render_is_an_error(workspace: Path, monkeypatch, capsys) -> None:
    import refgraph.cli.build as build

    def broken(graph, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "PARALLEL_PAGE_NODES", 0)
    monkeypatch.setattr(build, "page_chunks", broken)
    assert _build(workspace) == 1
    assert "rendering the page failed" in capsys.readouterr().err
    assert not (workspace / "build" / "index.html").exists()


def _many_problems(workspace: Path, n: int) -> None:
    """``n`` entries that each lack their journal: ``n`` warnings of one kind."""
    entries = "".join(
        f"@article{{nojournal{i}, author={{A, B}}, title={{Work {i}}}, year={{2001}}}}\n"
        for i in range(n)
    )
    (workspace / "bib" / "many.bib").write_text(entries, encoding="utf-8")


def test_problems_are_grouped_by_kind_with_a_few_examples(workspace: Path, capsys) -> None:
    _many_problems(workspace, 8)
    assert _build(workspace) == 0
    out = capsys.readouterr().out
    assert "9 warnings: lacks required fields\n" in out  # 8 here + vancamelbeke2017
    assert "vancamelbeke2017" in out  # the first of its kind is an example
    assert "... 6 more" in out
    assert "nojournal7" not in out
    data = json.loads((workspace / "build" / "problems.json").read_text(encoding="utf-8"))
    keys = {p["key"] for p in data if p["kind"] == "lacks-required-fields"}
    assert keys == {f"nojournal{i}" for i in range(8)} | {"vancamelbeke2017"}
    assert all(p["file"] and p["line"] for p in data)


def test_verbose_prints_every_problem_and_quiet_none(workspace: Path, capsys) -> None:
    _many_problems(workspace, 8)
    assert _build(workspace, "--verbose") == 0
    out = capsys.readouterr().out
    assert all(f"[nojournal{i}]" in out for i in range(8))
    assert _build(workspace, "--quiet") == 0
    out = capsys.readouterr().out
    assert "nojournal" not in out and "Problems in the inputs" not in out
    assert "Built 18 works" in out


def test_a_missing_seeds_folder_named_on_the_command_line_is_an_error(
    workspace: Path, capsys
) -> None:
    lib, out = str(workspace / "bib"), str(workspace / "build")
    code = main(["build", "--library", lib, "--seeds", str(workspace / "sedes"), "--out", out])
    assert code == 2
    assert "sedes: no such folder" in capsys.readouterr().err
    assert not (workspace / "build").exists()


def test_large_libraries_write_the_audit_in_a_forked_child(workspace: Path, monkeypatch) -> None:
    import refgraph.cli.build as build

    parent, writers = os.getpid(), []
    real = build._write_audit

    def noting(*args, **kwargs):
        writers.append(os.getpid())
        Path(workspace / "writer.pid").write_text(str(os.getpid()))
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "PARALLEL_AUDIT_WORKS", 0)  # take the parallel path here
    monkeypatch.setattr(build, "_write_audit", noting)
    assert _build(workspace) == 0
    assert writers == []  # not written by this process ...
    assert int((workspace / "writer.pid").read_text()) != parent  # ... but by a child
    audit = json.loads((workspace / "build" / "audit.json").read_text(encoding="utf-8"))
    assert len(audit["works"]) == 10
    assert (workspace / "build" / "audit.md").read_text(encoding="utf-8").startswith("# Citation")


def test_a_failing_audit_child_is_an_error(workspace: Path, monkeypatch, capsys) -> None:
    import refgraph.cli.build as build

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "PARALLEL_AUDIT_WORKS", 0)
    monkeypatch.setattr(build, "_write_audit", broken)
    assert _build(workspace) == 1
    assert "writing the audit failed" in capsys.readouterr().err
    assert not (workspace / "build" / "audit.json").exists()


def _large_page_inputs(tmp_path: Path):
    from types import SimpleNamespace

    from synthetic_graphs import synthetic_graph

    from refgraph.render import PHYSICS_LIMIT, render_html

    graph = synthetic_graph(PHYSICS_LIMIT + 100, 3 * PHYSICS_LIMIT, seed=3)  # a topic map
    return SimpleNamespace(graph=graph), tmp_path / "index.html", render_html(graph, title="t")


def test_the_topic_map_layout_made_in_its_own_child_gives_the_same_page(
    tmp_path, monkeypatch
) -> None:
    import refgraph.cli.build as build
    import refgraph.render.topicmap as topicmap
    from refgraph.processes import InChild, in_child

    prepared, page, expected = _large_page_inputs(tmp_path)
    monkeypatch.setattr(topicmap, "SHARE_ABOVE_WORKS", 0)  # shared with a grandchild
    said = tmp_path / "shared-by.txt"

    def share(job):
        answer = in_child(job)
        said.write_text(f"{os.getpid()} {answer is not job}")  # forked, not run in line
        return answer

    # As build starts it (with share=in_child): a child that may fork one of its own.
    layout = InChild(lambda: build.topic_layout(prepared.graph, share=share), may_fork=True)
    build._write_page(prepared, page, "t", None, layout)  # here: the page child's part
    layout.join()
    assert layout.child.exitcode == 0
    assert said.read_text() == f"{layout.child.pid} True"  # the layout child forked
    assert page.read_text(encoding="utf-8") == expected


def test_a_failed_layout_child_leaves_the_page_child_to_make_the_layout(tmp_path) -> None:
    import os

    import refgraph.cli.build as build
    from refgraph.processes import InChild

    prepared, page, expected = _large_page_inputs(tmp_path)
    here = os.getpid()

    def layout_or_fail():
        if os.getpid() != here:  # the layout child
            raise MemoryError("no room for the layout")
        return build.topic_layout(prepared.graph)

    layout = InChild(layout_or_fail)
    layout.join()
    assert layout.child.exitcode == 1
    build._write_page(prepared, page, "t", None, layout)
    assert page.read_text(encoding="utf-8") == expected
