"""DOI matching: the ten works are found, near misses are refused."""

from dataclasses import replace

import pytest
from ten_papers import cited_works, crossref_messages

from refgraph.crossref.match import bibliographic_query, check_doi, choose
from refgraph.crossref.records import record_from_crossref
from refgraph.model import Author, DateParts, Record, Work

RECORDS = {doi: record_from_crossref(m, None) for doi, m in crossref_messages().items()}
WORKS = {w.key: w for w in cited_works()}


def _record(doi, title, family, given, year, journal="Gut", rtype="journal-article"):
    return Record(
        doi=doi,
        title=title,
        authors=(Author(family=family, given=given),),
        container_title=journal,
        issued=DateParts(year),
        published_print=DateParts(year),
        type=rtype,
    )


CAMILLERI = WORKS["camilleri2019"]


def test_query_has_title_author_year_venue():
    query = bibliographic_query(CAMILLERI)
    assert query == (
        "Leaky gut: mechanisms, measurement and clinical implications in humans Camilleri 2019 Gut"
    )


@pytest.mark.parametrize("key", [k for k in WORKS if k != "lacy2024"])
def test_each_cited_work_is_matched_among_all_records(key):
    match = choose(WORKS[key], list(RECORDS.values()))
    assert match.status == "matched", match
    assert match.record is not None and match.doi == match.record.doi
    assert 0.0 <= match.confidence <= 1.0


def test_lacy_has_no_candidate():
    match = choose(WORKS["lacy2024"], list(RECORDS.values()))
    assert match.status == "not found"
    assert match.doi == ""


def test_garbled_year_accepted_only_with_exact_title_and_same_journal():
    match = choose(WORKS["fasano2021"], list(RECORDS.values()))
    assert match.status == "matched"
    assert match.confidence <= 0.7
    assert any("accepted despite year" in r for r in match.candidates[0].reasons)


def test_near_miss_same_title_other_year_other_venue():
    other = _record("10.1/conf", CAMILLERI.title, "Camilleri", "Michael", 2015, "Proc. DDW")
    match = choose(CAMILLERI, [other])
    assert match.status == "needs review"
    assert match.candidates[0].doi == "10.1/conf"
    assert "year" in match.message


def test_near_miss_same_title_other_year_no_venue_cited():
    work = replace(CAMILLERI, journal="")
    other = _record("10.1/old", CAMILLERI.title, "Camilleri", "M.", 2012)
    assert choose(work, [other]).status == "needs review"


def test_near_miss_similar_title_other_authors():
    other = _record(
        "10.1/other",
        "Leaky gut: mechanisms, measurements and clinical implications in humans",
        "Smith",
        "John",
        2019,
    )
    match = choose(CAMILLERI, [other])
    assert match.status == "needs review"
    assert "first author" in match.message


def test_near_miss_same_author_other_paper_same_topic():
    other = _record(
        "10.1/human",
        "Human intestinal barrier: effects of stressors, diet, prebiotics, and probiotics",
        "Camilleri",
        "Michael",
        2019,
    )
    match = choose(CAMILLERI, [other])
    assert match.status == "not found"
    assert match.doi == ""


def test_near_miss_other_type():
    chapter = _record("10.1/ch", CAMILLERI.title, "Camilleri", "M.", 2019, rtype="book-chapter")
    assert choose(CAMILLERI, [chapter]).status == "needs review"


def test_no_clear_margin_between_two_versions():
    a = _record("10.1/a", CAMILLERI.title, "Camilleri", "M.", 2019)
    b = _record("10.1/b", CAMILLERI.title, "Camilleri", "M.", 2019)
    match = choose(CAMILLERI, [a, b])
    assert match.status == "needs review"
    assert {c.doi for c in match.candidates} == {"10.1/a", "10.1/b"}


def test_correction_notice_is_not_a_rival():
    real = _record("10.1/a", CAMILLERI.title, "Camilleri", "M.", 2019)
    notice = _record("10.1/c", "Correction: " + CAMILLERI.title, "Camilleri", "M.", 2019)
    assert choose(CAMILLERI, [notice, real]).doi == "10.1/a"


def test_known_doi_checked_and_mismatch_flagged():
    right = RECORDS["10.1136/gutjnl-2019-318427"]
    work = replace(CAMILLERI, doi="10.1136/gutjnl-2019-318427")
    assert check_doi(work, right).status == "matched"
    wrong = RECORDS["10.3390/nu12041082"]
    flagged = check_doi(replace(CAMILLERI, doi=wrong.doi), wrong)
    assert flagged.status == "doi mismatch"
    assert "not the cited work" in flagged.message


def test_name_form_still_matches_first_author():
    aleman = RECORDS["10.3390/molecules28020619"]
    assert aleman.authors[0].family == "Aleman"
    assert check_doi(WORKS["santosaleman2023"], aleman).status == "matched"


def test_online_year_within_one():
    work = Work(key="x", title=CAMILLERI.title, authors=CAMILLERI.authors, year=2018)
    record = replace(RECORDS["10.1136/gutjnl-2019-318427"], published_online=DateParts(2019, 5))
    assert choose(work, [record]).status == "matched"
