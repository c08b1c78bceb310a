"""What Crossref sends can never poison the cache: through the local Crossref server.

- a record whose references carry an author ", J." (and other junk) is cached and every
  verb still works on it;
- mapping a record is total: any JSON a record may hold maps, and builds a graph;
- a cached row that cannot be read (wrong types, garbage, another DOI) is a miss and is
  fetched again;
- a 200 on /works/{doi} with another DOI's record is a failed attempt, never returned;
- markup stripping is linear (16,000 <script> tags took 16 s);
- one expiry rule: an expired row is used, labelled with its age, when Crossref cannot be
  asked (offline too), and refreshed when it can.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import requests
from crossref_server import running_server
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ten_papers import crossref_messages

from refgraph.cli import main
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.crossref.markup import jats_to_text, strip_markup
from refgraph.crossref.records import record_from_crossref
from refgraph.enrich import EnrichOptions, enrich_library, enrich_offline_or_online
from refgraph.errors import ServerError
from refgraph.graph import build_graph
from refgraph.model import Enrichment, Library, Work

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))
DAY = 86400.0


@pytest.fixture
def ws(tmp_path: Path, monkeypatch) -> Path:
    shutil.copytree(ROOT / "bib", tmp_path / "bib", ignore=shutil.ignore_patterns("*.sqlite*"))
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REFGRAPH_MAILTO", "tester@refgraph.test")
    return tmp_path


def cli(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err, err
    return code, out + err


def client_for(server, session, **options) -> CrossrefClient:
    defaults = dict(mailto="tester@refgraph.test", timeout=(1.0, 2.0), backoff=0.01)
    return CrossrefClient(session, base_url=server.url, **(defaults | options))


def test_a_poisoned_reference_list_never_breaks_a_verb(ws: Path, capsys) -> None:
    with running_server(SAMPLE | crossref_messages()) as server:
        server.fail("poisoned", times=1000)  # every record carries the mangled references
        code, _ = cli(capsys, "enrich", "--refresh", "--crossref-url", server.url)
        assert code == 0
        assert server.violations == []
    with CrossrefCache(ws / "bib" / "crossref-cache.sqlite") as cache:
        entry = cache.get_work("10.1152/physrev.00003.2008")  # fasano2021, now cached
        assert entry is not None
        assert {"key": "ref1", "author": ", J.", "year": "2001", "article-title": "A study"} in (
            entry.message["reference"]
        )
    for argv in (
        ["build", "--offline"],
        ["find", "zonulin"],
        ["show", "fasano2021"],
        ["topics"],
        ["claims"],
        ["export", "-f", "bibtex"],
        ["export", "-f", "graphml"],
        ["export", "-f", "gexf", "-o", "g.gexf"],
    ):
        code, text = cli(capsys, *argv)
        assert code == 0, (argv, text)
    code, text = cli(capsys, "audit", "--offline")  # the bad part is said, naming the DOI
    assert "Crossref record 10.1152/physrev.00003.2008, left out:" in " ".join(text.split())
    assert "reference DOIs are not DOIs" in " ".join(text.split())
    graph = json.loads((ws / "build" / "graph.json").read_text())
    labels = {n["label"] for n in graph["nodes"] if n["kind"] == "external"}
    assert "10.9999/poisoned.ref" in labels  # an author with no surname: the DOI names it


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = ("DOI", "title", "author", "reference", "issued", "published-print", "page",
          "container-title", "abstract", "updated-by", "is-referenced-by-count")  # fmt: skip
REFERENCE = st.fixed_dictionaries(
    {},
    optional={k: JSON | st.text(max_size=8) for k in ("author", "DOI", "year", "key",
                                                       "article-title", "unstructured")},
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries({}, optional={k: JSON for k in FIELDS}),
    st.lists(REFERENCE, max_size=4),
)
def test_mapping_any_record_is_total_and_builds_a_graph(message, references) -> None:
    message = {**message, "DOI": "10.1000/x", "reference": references}
    record = record_from_crossref(message, "2026-01-01T00:00:00Z")
    work = Work("w2020", title="A work", doi="10.1000/x")
    enrichment = Enrichment("w2020", "matched", doi="10.1000/x", record=record)
    graph = build_graph(Library(works=(work,), enrichments=(enrichment,)))
    assert "work:w2020" in graph


def _poison_rows(path: Path, dois: list[str]) -> None:
    """Rows a damaged or foreign-written cache may hold, one kind per DOI."""
    other = SAMPLE[dois[-1]]
    rows = [
        (dois[0], 1, json.dumps(SAMPLE[dois[0]]), "yesterday", "u"),  # fetched is text
        (dois[1], 7, json.dumps(SAMPLE[dois[1]]), time.time(), "u"),  # found is neither
        (dois[2], 1, "{garbage", time.time(), "u"),  # not JSON
        (dois[3], 1, json.dumps(["a", "list"]), time.time(), "u"),  # not a record
        (dois[4], 1, json.dumps(other), time.time(), "u"),  # another DOI's record
        (dois[5], 1, json.dumps(SAMPLE[dois[5]]), time.time(), None),  # origin NULL
    ]
    db = sqlite3.connect(path)
    with db:
        db.execute("PRAGMA ignore_check_constraints=1")
        db.execute("DROP TABLE works")
        db.execute("CREATE TABLE works (doi_key TEXT PRIMARY KEY, found, record, fetched, origin)")
        db.executemany("INSERT INTO works VALUES (?, ?, ?, ?, ?)", rows)
    db.close()


def test_an_unreadable_cached_row_is_fetched_again(tmp_path: Path) -> None:
    dois = sorted(SAMPLE)[:6] + [sorted(SAMPLE)[-1]]
    path = tmp_path / "c.sqlite"
    CrossrefCache(path).close()
    _poison_rows(path, dois[:6] + [dois[-1]])
    works = [Work(d.replace("/", "_"), title=SAMPLE[d]["title"][0], doi=d) for d in dois[:6]]
    with CrossrefCache(path) as cache:
        assert all(cache.get_work(d) is None for d in dois[:6])  # misses, no exception
        offline = enrich_library(works, None, cache)  # offline: nothing usable, no crash
        assert {e.status for e in offline} == {"pending"}
        with running_server(SAMPLE) as server, requests.Session() as session:
            found = enrich_library(works, client_for(server, session), cache)
            asked = [r.path for r in server.log]
        assert [e.status for e in found] == ["matched"] * 6
        assert all(cache.get_work(d).message["DOI"].lower() == d for d in dois[:6])
    assert sum(p.count("doi:") for p in asked) + sum("/works/" in p for p in asked) >= 6


def test_a_200_with_another_doi_is_a_failed_attempt(tmp_path: Path) -> None:
    asked, other = sorted(SAMPLE)[0], sorted(SAMPLE)[1]
    with running_server(SAMPLE) as server, requests.Session() as session:
        client = client_for(server, session, max_tries=3)
        server.fail("wrongdoi", times=1, route="single")
        assert client.work(asked)["DOI"].lower() == asked  # retried, then right
        assert [r.status for r in server.requests_to("single")] == [200, 200]
        assert client.errors == 1
        server.fail("wrongdoi", times=3, route="single")
        with pytest.raises(ServerError, match="record returned is for DOI"):
            client.work(asked)
    # Through enrichment: a DOI answered only with another record is an error, not cached.
    work = Work("w", title=SAMPLE[asked]["title"][0], doi=asked)
    with (
        running_server({asked: SAMPLE[other]}) as server,
        requests.Session() as session,
        CrossrefCache(tmp_path / "c.sqlite") as cache,
    ):
        found = enrich_library([work], client_for(server, session, max_tries=2), cache)
        assert found[0].status == "error" and "record returned is for DOI" in found[0].message
        assert cache.get_work(asked) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<script>" * 16000, id="16k-unclosed-script"),
        pytest.param("<script " * 16000, id="16k-script-without-end"),
        pytest.param("&lt;script&gt;" * 16000, id="16k-encoded-script"),
        pytest.param("<style>" * 8000 + "</style>" * 8000, id="nested-style"),
        pytest.param("<jats:p>" * 16000 + "x", id="16k-paragraphs"),
    ],
)
def test_markup_stripping_is_linear(text: str) -> None:
    start = time.perf_counter()
    strip_markup(text)
    jats_to_text(text)
    doubled = time.perf_counter() - start
    assert doubled < 1.0  # was 16 s for 16,000 <script> tags


def test_markup_stripping_keeps_its_rules() -> None:
    assert strip_markup("a<script>alert(1)</script>b <i>c</i> p<0.05") == "ab c p<0.05"
    assert strip_markup("x<script>never closed") == "xnever closed"
    assert strip_markup("<style>a</style>t<mml:annotation>tex</mml:annotation>") == "t"
    assert strip_markup("&lt;script&gt;bad()&lt;/script&gt;ok") == "ok"


def _aged_cache(path: Path, doi: str, days: float) -> None:
    with CrossrefCache(path, clock=lambda: time.time() - days * DAY) as cache:
        cache.put_work(doi, SAMPLE[doi], "https://api.crossref.org")


def test_an_expired_row_is_used_offline_and_says_its_age(tmp_path: Path) -> None:
    doi = sorted(SAMPLE)[3]
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "x.bib").write_text(
        f"@article{{w, title={{{SAMPLE[doi]['title'][0]}}}, doi={{{doi}}}, year=2020}}\n"
    )
    _aged_cache(tmp_path / "lib" / "crossref-cache.sqlite", doi, days=45)
    library = Library(works=(Work("w", title=SAMPLE[doi]["title"][0], doi=doi),))
    options = EnrichOptions(library_dir=str(tmp_path / "lib"), offline=True)
    found, offline, _ = enrich_offline_or_online(library, options)
    assert offline and found[0].status == "matched"
    assert "45 days old" in found[0].message and "could not be asked" in found[0].message


def test_an_expired_row_is_refreshed_when_crossref_can_be_asked(tmp_path: Path) -> None:
    doi = sorted(SAMPLE)[3]
    path = tmp_path / "c.sqlite"
    _aged_cache(path, doi, days=45)
    work = Work("w", title=SAMPLE[doi]["title"][0], doi=doi)
    with running_server(SAMPLE) as server, requests.Session() as session:
        with CrossrefCache(path) as cache:
            found = enrich_library([work], client_for(server, session), cache)
            assert found[0].status == "matched" and "days old" not in found[0].message
            assert cache.get_work(doi).age < 60  # fetched again just now
        assert server.log  # Crossref was asked
