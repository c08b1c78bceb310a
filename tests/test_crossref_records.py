"""record_from_crossref on every real record of works-sample.json and on crafted edge cases."""

import json
from pathlib import Path

import pytest

from refgraph.crossref.records import record_from_crossref
from refgraph.model import DateParts, Record

SAMPLE = json.loads(
    (Path(__file__).parent / "data" / "crossref-real" / "works-sample.json").read_text("utf-8")
)


@pytest.mark.parametrize("doi", sorted(SAMPLE))
def test_every_real_record_maps(doi):
    message = SAMPLE[doi]
    record = record_from_crossref(message, "2026-06-01T00:00:00Z")
    assert isinstance(record, Record)
    assert record.doi.lower() == doi
    assert record.provenance.origin == "crossref"
    assert record.provenance.retrieved == "2026-06-01T00:00:00Z"
    assert record.problems == ()  # a well-formed record leaves nothing out
    for text in (record.title, record.subtitle, record.container_title, record.abstract):
        assert "<" not in text or "</" not in text, text  # no markup survives
    assert record.references_known == isinstance(message.get("reference"), list)
    assert len(record.references) == len(message.get("reference", []))
    assert record.citation_count == message["is-referenced-by-count"]
    if message.get("issued", {}).get("date-parts", [[None]])[0][0] is not None:
        assert record.issued is not None
    assert len(record.authors) == len(message.get("author", []))


def test_markup_stripped_from_titles_and_abstracts():
    markup = [d for d, m in SAMPLE.items() if "<i>" in str(m["title"])]
    assert markup
    for doi in markup:
        assert "<i>" not in record_from_crossref(SAMPLE[doi], None).title
    with_abstract = [d for d, m in SAMPLE.items() if "jats:p" in m.get("abstract", "")]
    assert with_abstract
    for doi in with_abstract:
        abstract = record_from_crossref(SAMPLE[doi], None).abstract
        assert abstract and "jats" not in abstract and not abstract.startswith("Abstract")


def test_organisation_orcid_and_references():
    org = next(d for d, m in SAMPLE.items() if any("name" in a for a in m.get("author", [])))
    assert any(a.literal for a in record_from_crossref(SAMPLE[org], None).authors)
    orcid = next(d for d, m in SAMPLE.items() if any("ORCID" in a for a in m.get("author", [])))
    authors = record_from_crossref(SAMPLE[orcid], None).authors
    assert any(len(a.orcid) == 19 and "orcid.org" not in a.orcid for a in authors)
    refs = next(d for d, m in SAMPLE.items() if any("DOI" in r for r in m.get("reference", [])))
    assert any(r.doi for r in record_from_crossref(SAMPLE[refs], None).references)


def test_print_and_online_kept_apart_and_updates():
    message = {
        "DOI": "10.1007/S11357-024-01451-2",
        "title": ["Leaky gut <i>in</i> systemic inflammation"],
        "subtitle": ["&lt;i&gt;exploring&lt;/i&gt; the link"],
        "published-print": {"date-parts": [[2025, 2]]},
        "published-online": {"date-parts": [[2024, 12, 6]]},
        "issued": {"date-parts": [[2024, 12, 6]]},
        "page": "1-22",
        "volume": 47,
        "author": [
            {
                "given": "Jonathan",
                "family": "Escalante",
                "ORCID": "http://orcid.org/0000-0002-1825-009x",
            }
        ],
        "updated-by": [
            {
                "DOI": "10.1/notice",
                "type": "retraction",
                "label": "Retraction",
                "updated": {"date-parts": [[2025, 5, 1]]},
            },
            {"DOI": "10.1/eoc", "type": "expression_of_concern"},
        ],
        "abstract": (
            "<jats:title>Abstract</jats:title><jats:p>One &amp; two.</jats:p>"
            "<jats:p>Three <script>x()</script></jats:p>"
        ),
    }
    record = record_from_crossref(message, None, origin="crossref", detail="https://x/works")
    assert record.published_print == DateParts(2025, 2)
    assert record.published_online == DateParts(2024, 12, 6)
    assert record.title == "Leaky gut in systemic inflammation"
    assert record.subtitle == "exploring the link"
    assert record.volume == "47"
    assert record.authors[0].orcid == "0000-0002-1825-009X"
    assert record.retracted
    assert [u.kind for u in record.updates] == ["retraction", "expression-of-concern"]
    assert record.abstract == "One & two.\n\nThree"
    assert not record.references_known


@pytest.mark.parametrize(
    "message",
    [
        pytest.param({}, id="empty"),
        pytest.param(
            {"DOI": None, "title": None, "author": "x", "issued": {"date-parts": [[None]]}},
            id="nulls",
        ),
        pytest.param(
            {"issued": {"date-parts": []}, "published-print": {"date-parts": [["2020", "13"]]}},
            id="odd-dates",
        ),
        pytest.param({"reference": [1, {"year": "2019a"}], "updated-by": [None]}, id="junk-lists"),
    ],
)
def test_odd_input_never_raises(message):
    record = record_from_crossref(message, None)
    assert record.issued is None
    if "published-print" in message:
        assert record.published_print == DateParts(2020)
    if "reference" in message:
        assert record.references[0].year == 2019


def test_unusable_parts_are_named() -> None:
    message = {
        "DOI": "10.1000/x",
        "title": {"not": "text"},
        "author": ["just a string", {"family": "Fine"}],
        "reference": [{"DOI": 12345}, {"DOI": "10.1000/ok"}, None],
    }
    problems = record_from_crossref(message, None).problems
    assert "'title' is not text" in problems
    assert "1 'author' entries are not objects" in problems
    assert "1 'reference' entries are not objects" in problems
    assert "1 reference DOIs are not DOIs (such as '12345')" in problems


def _strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def test_plain_text_fast_path_equals_the_full_cleaning() -> None:
    """``_text`` skips markup stripping and the second control pass for text with no tag
    and no entity; on every string of the real records (and crafted controls, entities
    and odd whitespace) it gives what the full cleaning gives."""
    from refgraph.controls import strip_controls
    from refgraph.crossref.markup import strip_markup
    from refgraph.crossref.records import _text

    crafted = [
        "plain \x1b[31mred\x1b[0m", "tab\tand\nnewline", "x\x1cy\x1d z", "a &#27; b",
        "<i>x</i>\x00", "&amp;", "  spaced   out  ", "", "\u00a0nbsp\u2003em", "\x85next",
    ]  # fmt: skip
    texts = [*_strings(SAMPLE), *crafted]
    assert len(texts) > 10_000
    for text in texts:
        assert _text(text) == strip_controls(strip_markup(strip_controls(text))), repr(text)


def test_a_reference_doi_is_kept_exactly_when_it_is_not_reported() -> None:
    """One check decides both: a reference DOI that is not a DOI (after normalising once)
    is left out of its Reference and counted in the record's problems."""
    message = {
        "DOI": "10.1000/x",
        "reference": [
            {"key": "a", "DOI": "https://doi.org/10.1000/A"},
            {"key": "b", "DOI": "doi:doi:10.1000/b"},
            {"key": "c", "DOI": "10.1000/c "},
            {"key": "d", "DOI": ""},
            {"key": "e", "DOI": "junk"},
        ],
    }
    record = record_from_crossref(message, None)
    assert [r.doi for r in record.references] == ["10.1000/A", "", "10.1000/c", "", ""]
    assert record.problems == ("2 reference DOIs are not DOIs (such as 'doi:doi:10.1000/b')",)
    with_dois = [d for d, m in SAMPLE.items() if any("DOI" in r for r in m.get("reference", []))]
    for doi in with_dois:
        record = record_from_crossref(SAMPLE[doi], None)
        given = [r.get("DOI") for r in SAMPLE[doi]["reference"]]
        assert [r.doi for r in record.references] == [d.strip() if d else "" for d in given]
