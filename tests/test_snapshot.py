"""The bundled snapshot: transcribed facts only, marked as such, mapped honestly."""

import json
from pathlib import Path

import pytest
from ten_papers import FACTS, KEYS

from refgraph.errors import InputError
from refgraph.snapshot import load_snapshot, load_snapshot_file

PATH = Path(__file__).resolve().parent.parent / "bib" / "crossref-snapshot.json"
RAW = json.loads(PATH.read_text("utf-8"))
SNAPSHOT = load_snapshot_file(PATH)


def test_marked_as_transcribed_not_crossref():
    assert "NOT a Crossref response" in RAW["provenance"]
    assert all(e["not_a_crossref_response"] for e in RAW["records"].values())
    assert all(e["transcribed_from_public_records"] for e in RAW["records"].values())
    assert set(RAW["records"]) == set(KEYS)


def test_nine_records_from_the_facts():
    assert len(SNAPSHOT.records) == 9 and set(SNAPSHOT.no_doi) == {"lacy2024"}
    for key, paper in zip(KEYS, FACTS["papers"], strict=True):
        facts = paper["record"]
        if not facts["doi"]:
            continue
        record = SNAPSHOT.records[key]
        assert record.doi == facts["doi"] and record.title == facts["title"]
        assert [(a.family, a.given) for a in record.authors] == [tuple(a) for a in facts["authors"]]
        assert record.published_print.year == facts["year_print"]
        assert record.provenance.origin == "snapshot"
        assert not record.references_known and record.references == ()
        assert record.citation_count is None


def test_unconfirmed_and_secondary_values_left_out():
    quigley, fasano = SNAPSHOT.records["quigley2016"], SNAPSHOT.records["fasano2021"]
    assert quigley.published_online is None  # "online": "unconfirmed"
    assert quigley.publisher == "" and fasano.issue == ""  # inferred / secondary
    assert SNAPSHOT.records["depunder2015"].issn == ()  # secondary
    assert RAW["records"]["fasano2021"]["withheld"]["issue"].startswith("1 (secondary")
    assert SNAPSHOT.records["escalante2024"].published_online.year == 2024


def test_lookup_by_doi_is_case_insensitive():
    assert SNAPSHOT.for_work("x", "10.3390/NU12041082").doi == "10.3390/nu12041082"


@pytest.mark.parametrize(
    "text", ["{", '{"format": "other"}', '{"format": "refgraph-snapshot/1", "records": {"k": {}}}']
)
def test_malformed_snapshot(text):
    with pytest.raises(InputError):
        load_snapshot(text, "s.json")
