"""One truth per work (refgraph.checked): each merge and matching rule, through the local
Crossref server.

The Crossref-format records built here (DOIs under 10.5555, the test prefix; journals named
"... of Test ...") are made up by these tests to state a rule; none claims to be Crossref's.
The bundled-paper records come from tests/data/ten-papers.json facts (ten_papers.py).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from crossref_server import running_server
from ten_papers import crossref_messages

from refgraph.audit import summarize
from refgraph.bibtex import load_bibtex_files
from refgraph.checked import check_library, check_work
from refgraph.cli.show import _notice
from refgraph.crossref.cache import CrossrefCache
from refgraph.crossref.client import CrossrefClient
from refgraph.enrich import EnrichOptions, enrich_library, enrich_offline_or_online
from refgraph.export import biblatex_work, csl_item, export_bibtex
from refgraph.graph import build_graph
from refgraph.model import UNVERIFIED, Author, Library, Work
from refgraph.search import SearchIndex

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = {w.key: w for w in load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works}
SAMPLE = json.loads((ROOT / "tests/data/crossref-real/works-sample.json").read_text("utf-8"))
PLOS = "10.1371/journal.pone.0108841"  # a real PLoS ONE record with 89 references


def _message(doi, title, family, given, journal, volume, page, year, **extra):
    """A made-up Crossref-format work for one rule (see the module docstring)."""
    return {
        "DOI": doi, "title": [title], "author": [{"family": family, "given": given}],
        "container-title": [journal], "volume": volume, "page": page, "type": "journal-article",
        "published-print": {"date-parts": [[year]]}, "issued": {"date-parts": [[year]]},
    } | extra  # fmt: skip


def enrich(works, records, tmp_path):
    with (
        requests.Session() as session,
        running_server(records) as server,
        CrossrefCache(tmp_path / "c.sqlite") as cache,
    ):
        client = CrossrefClient(session, base_url=server.url, timeout=(1.0, 2.0), backoff=0.01)
        return enrich_library(works, client, cache)


def test_a_mismatched_doi_lends_nothing(tmp_path):
    message = SAMPLE[PLOS] | {
        "updated-by": [{"DOI": "10.5555/notice", "type": "retraction",
                        "updated": {"date-parts": [[2020, 1, 1]]}}]
    }  # fmt: skip
    work = replace(BUNDLED["camilleri2019"], doi=PLOS)
    (found,) = enrich([work], {PLOS: message}, tmp_path)
    assert found.status == "doi mismatch" and found.record is None and found.audit == ()
    graph = build_graph(Library(works=(work,), enrichments=(found,)))
    node = graph.nodes["work:camilleri2019"]
    assert node["citation_count"] is None and node["updates"] == [] and not node["retracted"]
    assert node["record"] is None and node["year"] == 2019
    assert (node["doi"], node["doi_url"], node["cited"]["doi"]) == ("", "", PLOS)
    assert list(graph.out_edges("work:camilleri2019")) == []  # none of its 89 references
    assert node["notes"] and node["notes"][0].startswith("this DOI points to: ")
    assert message["title"][0][:30] in node["notes"][0]
    assert summarize([found])["retracted"] == 0


EDITORIAL = _message("10.5555/test.editorial", "Editorial", "Smith", "Jane",
                     "Test Nursing Review", "40", "5-6", 2019)  # fmt: skip
CITED_EDITORIAL = Work("smith2019", title="Editorial", authors=(Author("Smith", "John"),),
                       year=2019, journal="Journal of Test Medicine", volume="12",
                       pages="1")  # fmt: skip


def test_a_generic_title_by_a_same_surname_author_is_refused(tmp_path):
    (found,) = enrich([CITED_EDITORIAL], {EDITORIAL["DOI"]: EDITORIAL}, tmp_path)
    assert found.status != "matched" and found.record is None and found.doi == ""
    assert check_work(CITED_EDITORIAL, found).work == CITED_EDITORIAL  # nothing rewritten
    reasons = " ".join(r for c in found.candidates for r in c.reasons)
    assert "generic title" in reasons and "given names of Smith differ" in reasons


def test_a_generic_title_matches_when_venue_volume_and_pages_agree(tmp_path):
    cited = replace(CITED_EDITORIAL, authors=(Author("Smith", "J."),),
                    journal="Test Nursing Review", volume="40", pages="5--6")  # fmt: skip
    (found,) = enrich([cited], {EDITORIAL["DOI"]: EDITORIAL}, tmp_path)
    assert found.status == "matched" and found.doi == EDITORIAL["DOI"]


def test_given_names_are_compared_in_the_audit(tmp_path):
    cited = replace(CITED_EDITORIAL, doi=EDITORIAL["DOI"], title="A study of test nursing care",
                    journal="Test Nursing Review", volume="40", pages="5-6")  # fmt: skip
    message = EDITORIAL | {"title": ["A study of test nursing care"]}
    (found,) = enrich([cited], {EDITORIAL["DOI"]: message}, tmp_path)
    authors = {a.field: a for a in found.audit}["authors"]
    assert authors.verdict == "conflict" and "given names differ" in authors.note


def test_suffixes_particles_and_undecomposed_letters_match_ascii_spellings(tmp_path):
    message = _message("10.5555/test.walesa", "Barrier function in the test gut of mice",
                       "Wałęsa", "Łukasz", "Journal of Test Medicine", "3", "10-20", 2018,
                       author=[{"family": "van der Wałęsa", "given": "Łukasz",
                                "suffix": "Jr."}])  # fmt: skip
    cited = Work("walesa2018", title="Barrier function in the test gut of mice", year=2018,
                 authors=(Author("Walesa Jr.", "Lukasz"),),
                 journal="Journal of Test Medicine")  # fmt: skip
    (found,) = enrich([cited], {message["DOI"]: message}, tmp_path)
    assert found.status == "matched"
    assert {a.field: a for a in found.audit}["authors"].verdict == "confirmed"
    graph = build_graph(Library(works=(cited,), enrichments=(found,)))
    with SearchIndex.open(graph) as index:
        assert [h.key for h in index.find("lukasz walesa")] == ["walesa2018"]
        assert [h.key for h in index.find("Łukasz Wałęsa")] == ["walesa2018"]


def test_a_date_is_one_value(tmp_path):
    messages = crossref_messages()  # Escalante: online 2024-12-06, print 2025-02
    work = replace(BUNDLED["escalante2024"], extra=(("month", "dec"),))
    (found,) = enrich([work], messages, tmp_path)
    checked = check_work(work, found)
    assert (checked.year, checked.date_from) == (2025, "print")
    assert dict(checked.work.extra)["month"] == "2"  # the print month, not the cited one
    assert csl_item(checked.work)["issued"] == {"date-parts": [[2025, 2]]}
    assert dict(biblatex_work(checked.work).extra)["date"] == "2025-02"


def test_an_issue_the_record_lacks_is_unverified_when_volume_and_pages_are_corrected(tmp_path):
    work = BUNDLED["fasano2021"]
    (found,) = enrich([work], crossref_messages(), tmp_path)
    issue = {a.field: a for a in found.audit}["issue"]
    assert (issue.cited, issue.verdict) == ("2", UNVERIFIED)
    checked = check_work(work, found)
    assert (checked.work.volume, checked.work.issue, checked.work.pages) == ("91", "", "151--175")
    assert "number" not in export_bibtex([checked.work])  # not glued to 91:151-175


def test_updates_by_kind_and_a_notice_about_itself(tmp_path):
    doi = "10.5555/test.versioned"
    message = _message(doi, "Barrier markers in test subjects over time", "Doe", "Ann",
                       "Journal of Test Medicine", "7", "1-9", 2021, **{"updated-by": [
                           {"DOI": doi, "type": "new_version", "updated": {"date-parts": [[2022]]}},
                           {"DOI": "10.5555/test.eoc", "type": "expression_of_concern"},
                       ]})  # fmt: skip
    work = Work("doe2021", title="Barrier markers in test subjects over time", year=2021,
                authors=(Author("Doe", "A."),), doi=doi)  # fmt: skip
    (found,) = enrich([work], {doi: message}, tmp_path)
    checked = check_work(work, found)
    assert not checked.retracted
    assert [(u.kind, u.effect) for u in checked.updates] == [
        ("new-version", "self"), ("expression-of-concern", "concern")]  # fmt: skip
    updates = {a.field: a for a in checked.audit}["updates"]
    assert "expression of concern" in updates.note and doi not in updates.record
    graph = build_graph(Library(works=(work,), enrichments=(found,)))
    rows = graph.nodes["work:doe2021"]["updates"]
    assert [_notice(row) for row in rows] == [  # as `refgraph show` prints them
        f"new version {doi} (2022) (of this work itself: neither a correction nor a retraction)",
        "expression of concern 10.5555/test.eoc",
    ]


def test_self_citations_are_dropped_with_a_note(tmp_path):
    doi = "10.5555/test.self"
    refs = [{"key": "r1", "DOI": doi}, {"key": "r2", "DOI": "10.5555/test.other"}]
    message = _message(doi, "Self citing work on test barriers", "Roe", "Bo",
                       "Journal of Test Medicine", "1", "1-2", 2020, reference=refs)  # fmt: skip
    work = Work("roe2020", title="Self citing work on test barriers", year=2020,
                authors=(Author("Roe", "B."),), doi=doi)  # fmt: skip
    (found,) = enrich([work], {doi: message}, tmp_path)
    graph = build_graph(Library(works=(work,), enrichments=(found,)))
    assert [v for _, v in graph.out_edges("work:roe2020")] == ["external:10.5555/test.other"]
    assert any("self-citation" in n for n in graph.nodes["work:roe2020"]["notes"])


def test_a_doi_written_as_a_url_keeps_its_citation_edges(tmp_path):
    a, b = "10.5555/test.citing", "10.5555/test.cited"
    citing = _message(a, "Citing work on test barriers", "Poe", "Al", "Journal of Test Medicine",
                      "1", "1-2", 2020, reference=[{"key": "r", "DOI": b.upper()}])  # fmt: skip
    cited = _message(b, "Cited work on test barriers", "Moe", "Cy", "Journal of Test Medicine",
                     "1", "3-4", 2019)  # fmt: skip
    works = [
        Work("poe2020", title="Citing work on test barriers", year=2020,
             authors=(Author("Poe", "A."),), doi=a),
        Work("moe2019", title="Cited work on test barriers", year=2019,
             authors=(Author("Moe", "C."),), doi="https://doi.org/" + b),
    ]  # fmt: skip
    found = enrich(works, {a: citing, b: cited}, tmp_path)
    graph = build_graph(Library(works=tuple(works), enrichments=found))
    assert ("work:poe2020", "work:moe2019") in graph.edges()
    assert graph.nodes["work:moe2019"]["doi_url"] == "https://doi.org/" + b


def test_crossref_unreachable_is_not_an_error_and_cited_dois_count(tmp_path):
    with running_server({}) as server:
        url = server.url  # nothing listens there once the server is gone
    works = (BUNDLED["camilleri2019"], replace(BUNDLED["lacy2024"], doi="10.5555/test.lacy"))
    options = EnrichOptions(library_dir=str(tmp_path), crossref_url=url,
                            cache_path=str(tmp_path / "c.sqlite"))  # fmt: skip
    found, offline, messages = enrich_offline_or_online(Library(works=works), options)
    assert offline and len(messages) == 1 and "could not be reached" in messages[0]
    assert {e.status for e in found} == {"pending"}
    assert {e.message for e in found} == {"not looked up (Crossref unreachable)"}
    summary = summarize(found)
    assert (summary["dois known"], summary["errors"], summary["not looked up"]) == (1, 0, 2)


@pytest.mark.parametrize("key", sorted(BUNDLED))
def test_the_checked_year_is_the_labelled_year(key):
    checked = {c.key: c for c in check_library(Library(works=tuple(BUNDLED.values())))}[key]
    assert checked.year == BUNDLED[key].year and checked.date_from in ("cited", "")


def test_the_bundled_audit_finds_every_discrepancy_with_no_false_alarm(tmp_path):
    from page_fixtures import bundled_prepared

    # tests/data/ten-papers.json "discrepancies", field by field (vancamelbeke's missing
    # journal, volume, issue and pages are filled; Lacy's record does not exist).
    expected = {
        ("santosaleman2023", "authors", "conflict"),
        ("fasano2021", "year", "conflict"), ("fasano2021", "volume", "conflict"),
        ("fasano2021", "issue", UNVERIFIED), ("fasano2021", "pages", "conflict"),
        ("vancamelbeke2017", "journal", "filled"), ("vancamelbeke2017", "volume", "filled"),
        ("vancamelbeke2017", "issue", "filled"), ("vancamelbeke2017", "pages", "filled"),
        ("escalante2024", "year", "online-first"), ("divincenzo2023", "year", "online-first"),
        ("lacy2024", "status", "not found"),
    }  # fmt: skip
    checked = check_library(bundled_prepared(tmp_path).library)
    alarms = {"conflict", "online-first", UNVERIFIED, "needs review"}
    found = {(c.key, a.field, a.verdict) for c in checked for a in c.audit if a.verdict in alarms}
    found |= {(c.key, "status", c.status) for c in checked if c.status != "matched"}
    filled = {(c.key, a.field, a.verdict) for c in checked for a in c.audit}
    assert expected - found - filled == set()  # every discrepancy found
    assert found - expected == set()  # and no false alarm
