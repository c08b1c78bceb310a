"""Citation keys: family name + year + first significant title word, ASCII, unique."""

from __future__ import annotations

import pytest

from refgraph.citekeys import assign_keys, base_key
from refgraph.model import Author, Work


@pytest.mark.parametrize(
    ("authors", "year", "title", "key"),
    [
        pytest.param([Author("Quigley", "E.")], 2016, "Leaky gut – concept", "quigley2016leaky"),
        pytest.param([Author("de Punder", "K.")], 2015, "Stress induces", "depunder2015stress"),
        pytest.param(
            [Author("Østergård", "Ł.")], 2020, "The Æther of things", "ostergard2020aether"
        ),
        pytest.param([Author("Wałęsa", "L.")], None, "A über-study", "walesa" + "uberstudy"),
        pytest.param([Author("Smith, Jr.", "J.")], 2001, "On the 2nd law", "smith20012nd"),
        pytest.param(
            [Author(literal="World Health Organization")], 2020, "Report", "world2020report"
        ),
        pytest.param([], 1999, "", "anon1999"),
    ],
)
def test_the_key_pattern(authors, year, title, key) -> None:
    assert base_key(Work(key="", authors=tuple(authors), year=year, title=title)) == key
    assert key.isascii()


def test_keys_are_unique_against_taken_ones_and_each_other() -> None:
    work = Work(key="", authors=(Author("Quigley", "E."),), year=2016, title="Leaky gut")
    keys = assign_keys([work, work, work], taken=["Quigley2016Leaky"])
    assert keys == ["quigley2016leakya", "quigley2016leakyb", "quigley2016leakyc"]
