"""refgraph's processes: one enrichment per cache at a time, so Crossref's limits hold
across processes; and a killed build leaves no page renderer writing after it.

Real processes (``python -m refgraph``) against the local Crossref server, which counts
every client's requests together as Crossref does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from crossref_server import running_server

from refgraph.cli import main
from refgraph.processes import EnrichmentLock

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))


def sample_library(folder: Path) -> Path:
    """A .bib of the 120 real sample records, cited by DOI."""
    folder.mkdir()
    entries = [
        f"@article{{w{i},\n  title = {{{m['title'][0] if m.get('title') else 'Untitled'}}},\n"
        f"  doi = {{{doi}}},\n  year = {{2020}}\n}}\n"
        for i, (doi, m) in enumerate(sorted(SAMPLE.items()))
    ]
    (folder / "sample.bib").write_text("\n".join(entries), encoding="utf-8")
    return folder


def refgraph(*argv: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "refgraph", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=(os.environ | {"REFGRAPH_MAILTO": "tester@refgraph.test"} | (env or {})),
    )


def test_two_enrichments_at_once_stay_within_the_limits(tmp_path: Path) -> None:
    library = sample_library(tmp_path / "lib")
    with running_server(SAMPLE, latency=0.05) as server:
        args = ("enrich", "--library", str(library), "--crossref-url", server.url)
        first, second = refgraph(*args), refgraph(*args)
        results = [p.communicate(timeout=240) for p in (first, second)]
        violations = list(server.violations)
        asked = len(server.log)
    assert [first.returncode, second.returncode] == [0, 0], results
    assert violations == []  # polite across processes: none over the advertised limits
    waited = [err for _, err in results if "Another refgraph process is enriching" in err]
    assert len(waited) == 1  # one of them said it waits for the other
    assert "Crossref was not asked" in waited[0] or "Asked Crossref" in waited[0]
    for out, _ in results:
        assert "120 dois known" in out and "0 errors" in out
    assert asked < 2 * 10  # the second one found the first one's answers in the cache


def test_no_wait_refuses_while_another_enrichment_runs(tmp_path: Path, capsys) -> None:
    library = sample_library(tmp_path / "lib")
    with EnrichmentLock(str(library / "crossref-cache.sqlite")):
        code = main(["enrich", "--library", str(library), "--no-wait",
                     "--crossref-url", "http://127.0.0.1:9"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "another refgraph process is enriching" in err and "--no-wait" in err


def test_add_and_import_take_the_same_lock(tmp_path: Path, capsys) -> None:
    library = sample_library(tmp_path / "lib")
    (tmp_path / "refs.txt").write_text("Fasano A. Zonulin and its regulation. 2011.\n")
    with EnrichmentLock(str(library / "crossref-cache.sqlite")):
        for argv in (["add", "10.1152/physrev.00003.2008"],
                     ["import", str(tmp_path / "refs.txt")]):  # fmt: skip
            code = main([*argv, "--library", str(library), "--no-wait",
                         "--crossref-url", "http://127.0.0.1:9"])  # fmt: skip
            err = capsys.readouterr().err
            assert code == 1, (argv, err)
            assert "another refgraph process is enriching" in err


def test_a_waiting_enrichment_says_so_and_goes_on(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite")
    heard: list[str] = []
    holder = EnrichmentLock(path).__enter__()
    threading.Timer(0.5, holder.__exit__, (None, None, None)).start()
    started = time.monotonic()
    with EnrichmentLock(path, notify=heard.append):
        waited = time.monotonic() - started
    assert waited >= 0.4 and len(heard) == 1 and "waiting" in heard[0]
    assert not Path(f"{path}.lock").exists()  # no lock file left in the user's folder


def test_the_lock_excludes_while_its_file_comes_and_goes(tmp_path: Path) -> None:
    path, holders, most = str(tmp_path / "c.sqlite"), [0], [0]
    guard = threading.Lock()

    def worker() -> None:
        for _ in range(30):
            with EnrichmentLock(path, sleep=lambda s: time.sleep(0.001)):
                with guard:
                    holders[0] += 1
                    most[0] = max(most[0], holders[0])
                time.sleep(0.0005)
                with guard:
                    holders[0] -= 1

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == 1  # never two holders, though each release removes the file
    assert not Path(f"{path}.lock").exists()


def test_a_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite")
    code = (
        "import sys, time; from refgraph.processes import EnrichmentLock\n"
        f"lock = EnrichmentLock({path!r}).__enter__(); print('held', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(Exception, match="another refgraph process"):
        EnrichmentLock(path, wait=False).__enter__()
    holder.kill()
    holder.wait()
    holder.stdout.close()
    with EnrichmentLock(path, wait=False):  # the kernel released it with the process
        pass


_SLOW_BUILD = """
import os, sys, time
import refgraph.cli.build as build
build.PARALLEL_PAGE_NODES = 0  # always fork the page renderer
real = build.page_chunks
def slow(graph, **options):
    with open({mark!r}, "w") as fh:
        fh.write(str(os.getpid()))
    time.sleep(2.5)
    return real(graph, **options)
build.page_chunks = slow
from refgraph.cli import main
sys.exit(main(["build", "--offline", "--library", {lib!r}, "--seeds", {seeds!r},
               "--out", {out!r}]))
"""


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in state  # a zombie has stopped running


def test_killing_build_kills_its_page_renderer(tmp_path: Path) -> None:
    mark, out = tmp_path / "renderer.pid", tmp_path / "out"
    code = _SLOW_BUILD.format(
        mark=str(mark), lib=str(ROOT / "bib"), seeds=str(ROOT / "seeds"), out=str(out)
    )
    build = subprocess.Popen([sys.executable, "-c", code], env=os.environ | {"XDG_CACHE_HOME":
                             str(tmp_path / "xdg")})  # fmt: skip
    deadline = time.monotonic() + 60
    while not mark.exists() or not mark.read_text():
        assert time.monotonic() < deadline and build.poll() is None
        time.sleep(0.05)
    renderer = int(mark.read_text())
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    time.sleep(4)  # past the renderer's 2.5 s of work: it would have written by now
    assert not _running(renderer)
    assert not (out / "index.html").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".index.html")]


def test_ctrl_c_on_build_ends_the_renderer_too(tmp_path: Path) -> None:
    mark, out = tmp_path / "renderer.pid", tmp_path / "out"
    code = _SLOW_BUILD.format(
        mark=str(mark), lib=str(ROOT / "bib"), seeds=str(ROOT / "seeds"), out=str(out)
    )
    build = subprocess.Popen(
        [sys.executable, "-c", code], stderr=subprocess.PIPE, text=True,
        env=os.environ | {"XDG_CACHE_HOME": str(tmp_path / "xdg")},
    )  # fmt: skip
    while not mark.exists() or not mark.read_text():
        assert build.poll() is None
        time.sleep(0.05)
    renderer = int(mark.read_text())
    os.kill(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=30)
    time.sleep(3.5)
    assert build.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
    assert not _running(renderer)
    assert not (out / "index.html").exists()


def test_ctrl_c_on_enrich_is_one_message_and_leaves_no_lock(tmp_path: Path) -> None:
    library = sample_library(tmp_path / "lib")
    with running_server(SAMPLE, latency=1.0) as server:
        enrich = refgraph("enrich", "--library", str(library), "--crossref-url", server.url)
        deadline = time.monotonic() + 60
        while not server.log:  # interrupted while its first requests are in flight
            assert time.monotonic() < deadline and enrich.poll() is None
            time.sleep(0.05)
        enrich.send_signal(signal.SIGINT)
        _, err = enrich.communicate(timeout=60)
    assert enrich.returncode == 130
    assert "Traceback" not in err and "interrupted" in err
    assert not (library / "crossref-cache.sqlite.lock").exists()


def test_in_child_answers_from_a_forked_child() -> None:
    from refgraph.processes import in_child

    parent = os.getpid()
    answer = in_child(lambda: (os.getpid(), sum(range(1000))))
    pid, total = answer()
    assert pid != parent and total == 499500  # computed there, not here


def test_in_child_runs_the_job_here_when_the_child_dies() -> None:
    from refgraph.processes import in_child

    parent = os.getpid()
    answer = in_child(lambda: os._exit(3) if os.getpid() != parent else "made here")
    assert answer() == "made here"


def test_in_child_raises_the_jobs_own_error_here() -> None:
    from refgraph.processes import in_child

    def job() -> None:
        raise ValueError("bad input")

    answer = in_child(job)
    with pytest.raises(ValueError, match="bad input"):
        answer()


def test_a_child_that_may_fork_gets_answers_from_a_child_of_its_own() -> None:
    from refgraph.processes import InChild, in_child

    def job() -> tuple[int, int]:
        return os.getpid(), in_child(os.getpid)()

    parent = os.getpid()
    child, grandchild = InChild(job, may_fork=True).answer()
    assert len({parent, child, grandchild}) == 3


def test_in_child_runs_the_job_in_line_in_a_child_that_may_not_fork() -> None:
    # multiprocessing refuses children to a daemonic process: the job is run there, in
    # line, instead of failing (and being run again by the asker).
    from refgraph.processes import InChild, in_child

    def job() -> tuple[int, int]:
        return os.getpid(), in_child(os.getpid)()

    waiting = InChild(job)
    child, inner = waiting.answer()
    assert child == inner != os.getpid() and waiting.child.exitcode == 0


_WARMED: list[int] = []


def test_awaiting_warms_up_at_once_then_answers_for_the_input_given_later() -> None:
    from refgraph.processes import Awaiting

    parent = os.getpid()
    waiting = Awaiting(lambda: _WARMED.append(os.getpid()), lambda n: (os.getpid(), _WARMED, n * 2))
    answer = waiting.give(21)  # input made after the child started, as the texts are
    pid, warmed, doubled = answer()
    assert pid != parent and warmed == [pid] and doubled == 42  # warmed and computed there
    assert _WARMED == [] and not waiting.child.is_alive()


def test_awaiting_runs_the_job_here_when_the_child_dies() -> None:
    from refgraph.processes import Awaiting

    parent = os.getpid()
    waiting = Awaiting(lambda: None, lambda n: os._exit(3) if os.getpid() != parent else n + 1)
    assert waiting.give(1)() == 2


def test_awaiting_raises_the_jobs_own_error_here() -> None:
    from refgraph.processes import Awaiting

    def job(text: str) -> None:
        raise ValueError(text)

    answer = Awaiting(lambda: None, job).give("bad input")
    with pytest.raises(ValueError, match="bad input"):
        answer()


def test_a_cancelled_awaiting_child_ends_without_its_input() -> None:
    from refgraph.processes import Awaiting

    waiting = Awaiting(lambda: None, lambda n: n)
    waiting.cancel()  # returns: the child saw its inbox end
    assert waiting.child.exitcode is not None and not waiting.child.is_alive()


def test_topics_found_in_a_child_are_the_topics_found_in_line(tmp_path, monkeypatch) -> None:
    import refgraph.pipeline as pipeline
    from refgraph.enrich import EnrichOptions
    from refgraph.graph import build_graph, graphs_equal

    library = ROOT / "benchmarks" / "data"  # krr.bib: 3,195 works, no annotations
    runs, graphs = [], []
    # In line; in a child forked after enrichment; in one started before loading; in line
    # again, the child started before loading then cancelled.
    for parallel, early in ((10**9, 10**12), (0, 10**12), (0, 0), (10**9, 0)):
        monkeypatch.setattr(pipeline, "PARALLEL_DISCOVERY_WORKS", parallel)
        monkeypatch.setattr(pipeline, "EARLY_DISCOVERY_BYTES", early)
        options = EnrichOptions(
            library_dir=str(library),
            offline=True,
            cache_path=str(tmp_path / f"{parallel}-{early}.sqlite"),
        )
        prepared = pipeline.prepare(library, None, options)
        runs.append((prepared.library.topics, prepared.library.assignments))
        graphs.append(prepared.graph)
        # The work nodes were made before the topics were known (while the child ran):
        # the graph is still the one build_graph makes of the finished library, in order.
        whole = build_graph(prepared.library)
        assert graphs_equal(prepared.graph, whole)
        assert list(prepared.graph.edges(keys=True)) == list(whole.edges(keys=True))
    assert runs[0] == runs[1]
    assert sum(1 for t in runs[0][0] if t.origin == "auto") >= 10
    assert runs[0] == runs[2] == runs[3]
    for other in graphs[1:]:
        assert list(graphs[0].nodes) == list(other.nodes) and graphs_equal(graphs[0], other)


def test_a_library_that_fails_to_load_leaves_no_early_discovery_process(
    tmp_path, monkeypatch
) -> None:
    import multiprocessing

    import refgraph.pipeline as pipeline
    from refgraph.errors import InputError

    monkeypatch.setattr(pipeline, "EARLY_DISCOVERY_BYTES", 0)  # started for any library
    (tmp_path / "broken.bib").write_text("@article{ no entry here\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable BibTeX entry"):
        pipeline.prepare(tmp_path)
    assert multiprocessing.active_children() == []


def test_vocabulary_matches_made_in_a_child_are_the_matches_made_in_line(
    tmp_path, monkeypatch
) -> None:
    # The bundled library's curated vocabulary (English and Dutch synonyms) matched in
    # its works and Crossref's abstracts: by a forked child for a large library.
    import refgraph.pipeline as pipeline
    from refgraph.enrich import EnrichOptions

    runs = []
    for parallel in (10**9, 0):
        monkeypatch.setattr(pipeline, "PARALLEL_DISCOVERY_WORKS", parallel)
        options = EnrichOptions(
            library_dir=str(ROOT / "bib"),
            offline=True,
            cache_path=str(tmp_path / f"{parallel}.sqlite"),
        )
        prepared = pipeline.prepare(ROOT / "bib", ROOT / "seeds", options)
        runs.append(prepared.library.assignments)
    matched = [a for a in runs[0] if a.provenance.origin == "match"]
    assert len(matched) >= 3 and runs[0] == runs[1]


class _Stamped:
    """Pickling one writes the time into ``path``: when a child pickled its answer."""

    path = ""

    def __reduce__(self):
        Path(self.path).write_text(str(time.monotonic()))
        return (_Stamped, ())


def test_an_answer_is_pickled_when_made_not_when_asked_for(tmp_path) -> None:
    # A pipe holds 64 KB: the vocabulary matches (37,000 at 50k), made long before the
    # build asks for them, were pickled only as it read them.
    from refgraph.processes import InChild

    _Stamped.path = str(tmp_path / "pickled-at.txt")
    waiting = InChild(lambda: [*(f"{i:0100d}" for i in range(5000)), _Stamped()])  # 500 KB
    time.sleep(1.0)  # the child made it at once; this process is busy elsewhere
    asked = time.monotonic()
    answer = waiting.answer()
    assert len(answer) == 5001 and isinstance(answer[-1], _Stamped)
    assert float(Path(_Stamped.path).read_text()) < asked - 0.5
