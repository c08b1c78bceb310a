import json
from pathlib import Path

import pytest

from refgraph.doi import doi_key, doi_url, is_valid_doi, normalize_doi, quote_doi


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("10.1136/gutjnl-2019-318427", "10.1136/gutjnl-2019-318427", id="bare"),
        pytest.param("  https://doi.org/10.3390/NU12041082 ", "10.3390/NU12041082", id="url"),
        pytest.param("http://dx.doi.org/10.1000%2Fa%3Cb", "10.1000/a<b", id="encoded-url"),
        pytest.param("doi:10.1097/MOG.0000000000000243", "10.1097/MOG.0000000000000243", id="doi:"),
        pytest.param("DOI: 10.1/x", "10.1/x", id="DOI:-space"),
        pytest.param("", "", id="empty"),
    ],
)
def test_normalize_keeps_case_and_strips_prefixes(raw, expected):
    assert normalize_doi(raw) == expected


def test_key_is_lower_case_and_prefix_free():
    assert doi_key("https://doi.org/10.3390/NU12041082") == "10.3390/nu12041082"
    assert doi_key("10.3390/nu12041082") == doi_key("DOI:10.3390/NU12041082")


@pytest.mark.parametrize(
    ("raw", "valid"),
    [
        ("10.1152/physrev.00003.2008", True),
        ("10.12345/a b", False),
        ("11.1/x", False),
        ("10.1/", False),
        ("https://doi.org/10.1007/s11357-024-01451-2", True),
    ],
)
def test_validate(raw, valid):
    assert is_valid_doi(raw) is valid


def test_quote_encodes_once_and_keeps_slash():
    doi = "10.1002/(SICI)1097-4636(199706)35:4<519::AID-JBM12>3.0.CO;2-E"
    quoted = quote_doi(doi)
    assert (
        quoted
        == "10.1002/%28SICI%291097-4636%28199706%2935%3A4%3C519%3A%3AAID-JBM12%3E3.0.CO%3B2-E"
    )
    assert quote_doi("10.1000/100%") == "10.1000/100%25"
    # Quoting what a user pasted as a resolver URL does not double-encode.
    assert quote_doi("https://doi.org/10.1000%2F100%25") == "10.1000/100%25"
    assert doi_url("10.1/x#y") == "https://doi.org/10.1/x%23y"


def test_real_dois_normalise_to_themselves_and_from_every_prefix():
    """A DOI starting "10." skips the prefix search (no prefix starts so); every DOI of the
    real records and their references, bare or behind each prefix, normalises alike."""
    sample = Path(__file__).parent / "data" / "crossref-real" / "works-sample.json"
    messages = json.loads(sample.read_text("utf-8")).values()
    dois = {m["DOI"] for m in messages}
    dois |= {r["DOI"] for m in messages for r in m.get("reference", []) if "DOI" in r}
    assert len(dois) > 1000
    for doi in dois:
        assert normalize_doi(doi) == doi == normalize_doi(f" {doi}\t")
        assert is_valid_doi(doi)
        for prefix in ("doi:", "DOI ", "https://doi.org/", "HTTP://DX.DOI.ORG/", "doi.org/"):
            assert normalize_doi(prefix + quote_doi(doi) if "/" in prefix else prefix + doi) == doi
