"""Enrichment end to end: the bundled library through a local Crossref server, offline from
the snapshot, retractions, and a run killed halfway then resumed."""

import gc
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from crossref_server import running_server
from ten_papers import FACTS, crossref_messages

from refgraph.audit import summarize
from refgraph.bibtex import load_bibtex_files
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.enrich import EnrichOptions, enrich_library, enrich_offline_or_online, enriched_work
from refgraph.heap import collector_paused
from refgraph.model import Library, Work
from refgraph.snapshot import load_snapshot_file

ROOT = Path(__file__).resolve().parent.parent
WORKS = load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works
SNAPSHOT = load_snapshot_file(ROOT / "bib" / "crossref-snapshot.json")
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))
FACT_DOIS = {p["record"]["doi"].lower() for p in FACTS["papers"] if p["record"]["doi"]}


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def client_for(server, session, **options):
    defaults = dict(mailto="tester@refgraph.test", timeout=(1.0, 2.0), backoff=0.01)
    return CrossrefClient(session, base_url=server.url, **(defaults | options))


def check_bundled(found):
    by_key = {e.key: e for e in found}
    matched = {k: e for k, e in by_key.items() if e.status == "matched"}
    assert {e.doi.lower() for e in matched.values()} == FACT_DOIS  # nine DOIs found
    assert by_key["lacy2024"].status == "not found" and not by_key["lacy2024"].doi
    fields = {k: {a.field: a for a in e.audit} for k, e in by_key.items()}
    for name in ("year", "volume", "pages"):
        assert fields["fasano2021"][name].verdict == "conflict", name
    for key in ("escalante2024", "divincenzo2023"):
        assert fields[key]["year"].verdict == "online-first"
    assert fields["vancamelbeke2017"]["journal"].verdict == "filled"
    assert fields["vancamelbeke2017"]["journal"].record.startswith("Expert Review")
    aleman = fields["santosaleman2023"]["authors"]
    assert aleman.verdict == "conflict" and "name form" in aleman.note and "Aleman" in aleman.note
    return by_key


def test_bundled_library_through_the_server(session, tmp_path):
    # Records built from ten-papers.json facts (not Crossref's), among the real sample.
    with running_server(SAMPLE | crossref_messages()) as server:
        server.set_limits("list", 20, 1.0, 3)
        with CrossrefCache(tmp_path / "c.sqlite") as cache:
            found = enrich_library(WORKS, client_for(server, session), cache)
        assert server.violations == []
    by_key = check_bundled(found)
    for e in by_key.values():
        if e.record:
            assert e.record.provenance.origin == "crossref"
            assert e.record.provenance.detail.startswith(server.url)
            assert all(a.record_from == e.record.provenance for a in e.audit)
            assert all(a.cited_from.detail.startswith("bib/leaky-gut.bib:") or
                       a.cited_from.detail.endswith(".bib:" + a.cited_from.detail.split(":")[-1])
                       for a in e.audit)  # fmt: skip


def test_bundled_library_offline_from_the_snapshot(tmp_path):
    with CrossrefCache(tmp_path / "c.sqlite") as cache:
        found = enrich_library(WORKS, None, cache, SNAPSHOT)
    by_key = check_bundled(found)
    assert all(e.record.provenance.origin == "snapshot" for e in by_key.values() if e.record)
    assert all(not e.record.references_known for e in by_key.values() if e.record)
    fasano = enriched_work(next(w for w in WORKS if w.key == "fasano2021"), by_key["fasano2021"])
    assert (fasano.year, fasano.volume, fasano.pages) == (2011, "91", "151--175")
    assert fasano.doi == "10.1152/physrev.00003.2008"
    assert fasano.provenance.origin == "snapshot"
    lacy = next(w for w in WORKS if w.key == "lacy2024")
    assert enriched_work(lacy, by_key["lacy2024"]) == lacy


def test_unreachable_crossref_works_offline(tmp_path):
    with running_server({}) as server:
        url = server.url  # closed on exit: nothing listens there any more
    library = Library(works=WORKS)
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"),
        crossref_url=url,
        cache_path=str(tmp_path / "c.sqlite"),
        refresh=True,  # ask the network first, so that its absence shows
    )
    started = time.monotonic()
    found, offline, messages = enrich_offline_or_online(library, options)
    assert offline and "could not be reached" in messages[0]
    assert time.monotonic() - started < 5
    check_bundled(found)


def test_cache_wins_over_snapshot_and_refresh_asks_again(session, tmp_path):
    with running_server(crossref_messages()) as server, CrossrefCache(tmp_path / "c") as cache:
        server.set_limits("list", 20, 1.0, 3)
        client = client_for(server, session)
        first = enrich_library(WORKS, client, cache, SNAPSHOT, refresh=True)
        assert {e.record.provenance.origin for e in first if e.record} == {"crossref"}
        asked = len(server.log)
        again = enrich_library(WORKS, client, cache, SNAPSHOT)
        assert len(server.log) == asked  # all from the cache, which beats the snapshot
        assert {e.record.provenance.origin for e in again if e.record} == {"crossref"}
        enrich_library(WORKS, client, cache, SNAPSHOT, refresh=True)
        assert len(server.log) > asked


def test_retraction_flagged(session, tmp_path):
    doi = "10.1136/gutjnl-2019-318427"
    message = crossref_messages()[doi] | {
        "updated-by": [{"DOI": "10.1136/notice", "type": "retraction", "label": "Retraction",
                        "updated": {"date-parts": [[2024, 1, 2]]}}]
    }  # fmt: skip
    work = replace(next(w for w in WORKS if w.key == "camilleri2019"), doi=doi.upper())
    with running_server({doi: message}) as server, CrossrefCache(tmp_path / "c") as cache:
        (found,) = enrich_library([work], client_for(server, session), cache)
    assert found.status == "matched" and found.record.retracted
    assert found.message.startswith("RETRACTED")
    updates = next(a for a in found.audit if a.field == "updates")
    assert updates.verdict == "needs review" and "RETRACTED" in updates.note
    assert summarize([found])["retracted"] == 1


def test_wrong_doi_in_bib_is_flagged(session, tmp_path):
    work = replace(next(w for w in WORKS if w.key == "camilleri2019"), doi="10.3390/nu12041082")
    with running_server(crossref_messages()) as server, CrossrefCache(tmp_path / "c") as cache:
        (found,) = enrich_library([work], client_for(server, session), cache)
    assert found.status == "doi mismatch" and found.doi == "" and found.audit == ()
    assert enriched_work(work, found) == replace(work, doi="")  # the wrong DOI is not carried on


def sample_works():
    works = []
    for doi, message in sorted(SAMPLE.items()):
        title = (message.get("title") or [""])[0]
        works.append(Work(key=doi.replace("/", "_"), title=title, doi=doi, entry_type="misc"))
    return works


_CHILD = """
import sys, requests
sys.path.insert(0, {tests!r})
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.enrich import enrich_library
from test_enrich import sample_works
with requests.Session() as s, CrossrefCache({cache!r}) as cache:
    client = CrossrefClient(s, base_url={url!r}, batch_size=5, backoff=0.01)
    enrich_library(sample_works(), client, cache,
                   progress=lambda done, total, key: print(done, flush=True))
"""


def _rerun_completes(session, cache_path, done_before):
    with running_server(SAMPLE) as server, CrossrefCache(cache_path) as cache:
        assert cache.integrity_ok()
        assert cache.count()[0] >= done_before
        found = enrich_library(sample_works(), client_for(server, session, batch_size=5), cache)
        asked = sum(len(r.path.split("doi:")) - 1 for r in server.log)
    assert all(e.status == "matched" for e in found), [e for e in found if e.status != "matched"]
    assert asked <= len(SAMPLE) - done_before  # only what the first run had not stored
    assert server.violations == []


def test_process_killed_halfway_then_rerun_completes(session, tmp_path):
    cache_path = str(tmp_path / "c.sqlite")
    with running_server(SAMPLE, latency=0.02) as server:
        server.set_limits("list", 20, 1.0, 3)
        code = _CHILD.format(tests=str(ROOT / "tests"), cache=cache_path, url=server.url)
        child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        done = 0
        while done < 40:
            line = child.stdout.readline()
            assert line, "the child ended early"
            done = int(line)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
    assert done < len(SAMPLE)
    _rerun_completes(session, cache_path, done)


def test_server_dies_halfway_then_rerun_completes(session, tmp_path):
    cache_path = tmp_path / "c.sqlite"
    with running_server(SAMPLE) as server, CrossrefCache(cache_path) as cache:
        server.set_limits("list", 20, 1.0, 3)
        client = client_for(server, session, batch_size=5, error_threshold=4, max_tries=2)

        def progress(done, total, key):
            if done == 30 and server._thread.is_alive():
                server.stop()

        found = enrich_library(sample_works(), client, cache, progress=progress)
    statuses = [e.status for e in found]
    assert statuses.count("matched") >= 30 and "error" in statuses
    assert all("stopped" in e.message or "failed" in e.message
               for e in found if e.status == "error")  # fmt: skip
    _rerun_completes(session, cache_path, statuses.count("matched"))


def test_cycle_collector_paused_only_while_enriching_locally(session, tmp_path):
    seen = []
    with CrossrefCache(tmp_path / "c.sqlite") as cache:
        enrich_library(
            WORKS, None, cache, SNAPSHOT, progress=lambda *_: seen.append(gc.isenabled())
        )
    assert seen and not any(seen)  # paused for the whole offline run ...
    assert gc.isenabled()  # ... and on again after it
    seen.clear()
    server_run = running_server(SAMPLE | crossref_messages())
    with server_run as server, CrossrefCache(tmp_path / "c2.sqlite") as cache:
        client = client_for(server, session)
        enrich_library(WORKS, client, cache, progress=lambda *_: seen.append(gc.isenabled()))
    assert len(seen) == len(WORKS) and all(seen)  # answered live: the collector ran
    with collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer pause alone
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # switched off by the caller: left off
    finally:
        gc.enable()


def test_candidates_compared_without_references_choose_as_if_whole():
    """A query's items are compared without their reference lists and only the chosen one
    is mapped whole: on list answers of five real records, the match (status, DOI,
    candidates, record with its references and problems) is what mapping all of them
    whole gives, whichever position the cited work's record has."""
    from refgraph.crossref.match import choose
    from refgraph.crossref.records import record_from_response
    from refgraph.resolve import _chosen

    messages = [m for _, m in sorted(SAMPLE.items())]
    matched = 0
    for n, work in enumerate(sample_works()):
        work = replace(work, doi="")
        items = [messages[(n + k) % len(messages)] for k in range(-2, 3)]  # its own third
        whole = choose(work, [record_from_response(i, "2026-01-01T00:00:00Z", "x") for i in items])
        assert _chosen(work, items, "2026-01-01T00:00:00Z", "x") == whole
        matched += whole.status == "matched" and bool(whole.record.references)
    assert matched > len(messages) // 2  # chosen records with references, mapped whole


def test_local_pass_shared_with_a_child_gives_the_enrichments_made_in_line(tmp_path, monkeypatch):
    """The benchmark's 1k library (krr.bib's first entries; a cache by DOI and by query):
    the local pass split with a forked child, whose answer comes in pieces, gives the
    enrichments made in line, holding the works' own keys and provenances as those do."""
    import refgraph.processes
    import refgraph.resolve
    from benchmarks.corpus import make_library

    folder = make_library("1k", tmp_path / "lib")
    works = load_bibtex_files(sorted(folder.glob("*.bib"))).works
    cache_file = folder / "crossref-cache.sqlite"
    with CrossrefCache(cache_file) as cache:
        monkeypatch.setattr(refgraph.resolve, "PARALLEL_LOCAL_WORKS", len(works) + 1)
        in_line = enrich_library(works, None, cache, SNAPSHOT)
        monkeypatch.setattr(refgraph.resolve, "PARALLEL_LOCAL_WORKS", 100)
        monkeypatch.setattr(refgraph.processes, "PIECE", 37)
        children = []
        in_child = refgraph.resolve.in_child
        monkeypatch.setattr(
            refgraph.resolve, "in_child", lambda job: children.append(job) or in_child(job)
        )
        shared = enrich_library(works, None, cache, SNAPSHOT)
    assert len(children) == 1 and shared == in_line
    assert sum(e.status == "matched" for e in shared) > len(works) // 2
    from_child = list(zip(works, shared, strict=True))[-len(works) // 3 :]
    for work, enrichment in from_child:
        assert enrichment.key is work.key
        assert all(a.cited_from is work.provenance for a in enrichment.audit)
        assert all(a.cited is work.title for a in enrichment.audit if a.field == "title")
