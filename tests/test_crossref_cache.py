"""The SQLite cache: keys, expiry, misses, bad rows, unusable files."""

import sqlite3

import pytest

from refgraph.crossref.cache import CrossrefCache, query_key
from refgraph.errors import CacheError

DAY = 86400.0


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


def test_work_round_trip_keyed_case_insensitively(tmp_path):
    clock = Clock()
    with CrossrefCache(tmp_path / "c.sqlite", clock=clock) as cache:
        cache.put_work("10.3390/NU12041082", {"DOI": "10.3390/nu12041082", "title": ["T"]}, "u")
        entry = cache.get_work("https://doi.org/10.3390/nu12041082")
        assert entry.found and entry.message["title"] == ["T"] and entry.origin == "u"
        assert entry.fetched_at.endswith("Z")
        assert cache.integrity_ok()


def test_expiry_works_30_days_misses_7(tmp_path):
    clock = Clock()
    with CrossrefCache(tmp_path / "c.sqlite", clock=clock) as cache:
        cache.put_work("10.1/a", {"DOI": "10.1/a"}, "u")
        cache.put_missing("10.1/b", "u")
        clock.now += 8 * DAY
        assert cache.get_work("10.1/a") is not None
        assert cache.get_work("10.1/b") is None  # a miss is asked again after a week
        clock.now += 23 * DAY
        assert cache.get_work("10.1/a") is None
        assert cache.get_work("10.1/a", max_age=float("inf")) is not None  # stale fallback


def test_queries_normalised(tmp_path):
    with CrossrefCache(tmp_path / "c.sqlite") as cache:
        cache.put_query("Leaky  gut\nCamilleri 2019", [{"DOI": "10.1/x"}], "u")
        assert cache.get_query("leaky gut camilleri 2019").items == [{"DOI": "10.1/x"}]
    assert query_key(" A  b ") == "a b"


def test_unreadable_row_is_a_cache_miss(tmp_path):
    path = tmp_path / "c.sqlite"
    with CrossrefCache(path) as cache:
        cache.put_work("10.1/a", {"DOI": "10.1/a"}, "u")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE works SET record = '{truncated'")
    db.close()
    with CrossrefCache(path) as cache:
        assert cache.get_work("10.1/a") is None


def test_persisted_across_reopen_and_wal(tmp_path):
    path = tmp_path / "c.sqlite"
    with CrossrefCache(path) as cache:
        cache.put_work("10.1/a", {"DOI": "10.1/a"}, "u")
    with CrossrefCache(path) as cache:
        assert cache.count() == (1, 0)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_not_a_database_is_a_cache_error(tmp_path):
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CacheError) as caught:
        CrossrefCache(path)
    assert caught.value.path == str(path)
