"""The Crossref client against a real local HTTP server: routes, faults, limits."""

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from crossref_server import running_server

from refgraph.crossref.client import CrossrefClient, usable_mailto
from refgraph.crossref.lookup import fetch_works, search_works
from refgraph.errors import BadRequest, ServerError, TooManyErrors

SAMPLE = json.loads(
    (Path(__file__).parent / "data" / "crossref-real" / "works-sample.json").read_text("utf-8")
)
ODD_DOI = "10.1002/(SICI)1097-4636(199706)35:4<519::AID-JBM12>3.0.CO;2-E"
RECORDS = SAMPLE | {ODD_DOI.lower(): {"DOI": ODD_DOI, "title": ["Odd"], "type": "journal-article"}}
DOIS = sorted(SAMPLE)


@pytest.fixture
def server():
    with running_server(RECORDS) as srv:
        yield srv


@pytest.fixture
def session():
    with requests.Session() as s:
        yield s


def make(server, session, **options):
    sleeps = options.pop("sleeps", [])

    def sleep(seconds):
        sleeps.append(seconds)
        time.sleep(seconds)

    defaults = dict(mailto="tester@refgraph.test", timeout=(1.0, 0.3), backoff=0.01, sleep=sleep)
    return CrossrefClient(session, base_url=server.url, **(defaults | options))


def test_single_lookup_and_identification(server, session):
    client = make(server, session)
    message = client.work(DOIS[0].upper())
    assert message["DOI"].lower() == DOIS[0]
    agent = server.log[0].user_agent
    assert agent.startswith("refgraph/") and "mailto:tester@refgraph.test" in agent
    assert "mailto" not in server.log[0].path  # the address never goes into a URL


@pytest.mark.parametrize("address", [None, "", "you@example.com", "not an address"])
def test_no_placeholder_mailto(server, session, address):
    client = make(server, session, mailto=address)
    assert usable_mailto(address) is None
    client.work(DOIS[0])
    assert "mailto" not in server.log[0].user_agent


def test_doi_encoded_exactly_once(server, session):
    client = make(server, session)
    assert client.work(ODD_DOI)["title"] == ["Odd"]
    path = server.log[0].path
    assert "%3C519%3A%3AAID-JBM12%3E" in path and "%25" not in path


def test_batches_matched_back_case_insensitively(server, session):
    client = make(server, session, batch_size=40)
    wanted = [d.upper() for d in DOIS[:45]]
    results = list(fetch_works(client, wanted))
    assert len(results) == 45 and all(r.message and not r.error for r in results)
    assert len(server.requests_to("list")) == 2
    assert server.requests_to("single") == []
    assert all("filter=doi:" in r.path and "rows=" in r.path for r in server.log)


def test_missing_from_batch_confirmed_singly(server, session):
    client = make(server, session)
    results = {r.doi: r for r in fetch_works(client, [DOIS[0], "10.9999/not-there", ODD_DOI])}
    assert results["10.9999/not-there"].message is None
    assert results["10.9999/not-there"].error is None  # "not in Crossref" is an answer
    assert results[ODD_DOI].message is not None
    singles = [r.path for r in server.requests_to("single")]
    assert singles == ["/works/10.9999/not-there"]


def test_404_text_means_not_in_crossref(server, session):
    assert make(server, session).work("10.9999/nothing") is None
    assert server.log[0].status == 404


def test_400_json_is_bad_request_not_retried(server, session):
    server.fail("400json")
    with pytest.raises(BadRequest, match="does not support rows"):
        make(server, session).works(DOIS[:2])
    assert len(server.log) == 1


@pytest.mark.parametrize(
    "fault", ["429", "429bare", "500", "timeout", "reset", "truncated", "truncated-json", "html200"]
)
def test_retryable_fault_then_success(server, session, fault):
    server.timeout_sleep = 0.5
    sleeps = []
    client = make(server, session, sleeps=sleeps)
    server.fail(fault, times=2)
    assert set(client.works(DOIS[:3])) == set(DOIS[:3])
    assert len(server.log) == 3
    assert client.errors == 2
    backoffs = [s for s in sleeps if s > 0]
    assert len(backoffs) >= 2


def test_backoff_is_exponential_with_jitter(server, session):
    sleeps = []
    client = make(server, session, sleeps=sleeps, backoff=0.01, rand=lambda: 1.0, max_tries=4)
    server.fail("500", times=4)
    with pytest.raises(ServerError):
        client.work(DOIS[0])
    assert sleeps == pytest.approx([0.01, 0.02, 0.04])
    half = make(server, session, sleeps=(s2 := []), backoff=0.01, rand=lambda: 0.0, max_tries=2)
    server.fail("500", times=2)
    with pytest.raises(ServerError):
        half.work(DOIS[0])
    assert s2 == pytest.approx([0.005])


def test_too_many_errors_stops_the_run(server, session):
    client = make(server, session, error_threshold=3, max_tries=2)
    server.fail("500", times=100)
    with pytest.raises(TooManyErrors):
        list(fetch_works(client, DOIS[:200]))
    assert len(server.log) <= 4 + 2  # threshold + requests already in flight


def test_unreachable_server_stops_quickly(session):
    with running_server({}) as srv:
        url = srv.url
    client = CrossrefClient(session, base_url=url, backoff=0.01, timeout=(0.5, 0.5))
    started = time.monotonic()
    with pytest.raises(TooManyErrors, match="cannot be reached"):
        client.work(DOIS[0])
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("mode", ["duplicated", "missing"])
def test_header_parsing(server, session, mode):
    server.headers_mode = mode
    server.set_limits("single", 7, 2.0, 2)
    client = make(server, session)
    client.work(DOIS[0])
    limits = client.limiter.limits["single"]
    if mode == "duplicated":
        assert (limits.limit, limits.interval, limits.concurrency) == (7, 2.0, 2)
    else:
        assert (limits.limit, limits.interval, limits.concurrency) == (10, 1.0, 1)


def _max_in_window(times, interval):
    times = sorted(times)
    return max(sum(1 for u in times if t <= u < t + interval) for t in times)


def test_rate_and_concurrency_limits_never_exceeded(server, session):
    server.set_limits("single", 4, 0.25, 2)
    server.set_limits("list", 2, 0.25, 2)
    server.latency = 0.03
    client = make(server, session)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(client.work, DOIS[:16]))
        list(pool.map(lambda d: client.works([d]), DOIS[16:24]))
    assert server.violations == []
    assert _max_in_window([r.at for r in server.requests_to("single")], 0.25) <= 4
    assert _max_in_window([r.at for r in server.requests_to("list")], 0.25) <= 2
    # It did go as fast as allowed once the headers were known (not one per second).
    assert server.log[-1].at - server.log[0].at < 2.5


def test_search_returns_ranked_items(server, session):
    client = make(server, session)
    title = SAMPLE[DOIS[5]]["title"][0]
    found = list(search_works(client, {"k": title}))
    assert found[0].items[0]["DOI"].lower() == DOIS[5]
    assert "query.bibliographic=" in server.log[0].path
