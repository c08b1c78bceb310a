"""The public API is explicit: a sorted ``__all__`` whose every name exists."""

from __future__ import annotations

import refgraph


def test_all_is_sorted_and_unique() -> None:
    assert refgraph.__all__ == sorted(set(refgraph.__all__))


def test_every_public_name_exists() -> None:
    missing = [name for name in refgraph.__all__ if not hasattr(refgraph, name)]
    assert missing == []


def test_version_matches_the_package_metadata() -> None:
    from importlib.metadata import version

    assert refgraph.__version__ == version("refgraph")
