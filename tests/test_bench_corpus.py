"""The benchmark's library generator: real entries, unique keys, parents kept."""

from __future__ import annotations

import sys
from pathlib import Path

from refgraph.bibtex import load_bibtex_files

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.corpus import bib_files  # noqa: E402


def test_10k_library_has_unique_keys_and_resolved_parents(tmp_path: Path) -> None:
    for name, text in bib_files("10k").items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load_bibtex_files(sorted(tmp_path.glob("*.bib")))
    keys = [w.key for w in loaded.works]
    assert len(keys) == 10_000
    assert len(set(k.lower() for k in keys)) == len(keys)
    assert sum(k.endswith("-c2") for k in keys) == 10_000 - 5_874
    messages = [p.message for p in loaded.problems]
    assert not [m for m in messages if "duplicate" in m]
    # krr.bib names parents kept in another file of its repository; aibasel's all resolve,
    # in the renamed copy too. A copy misses exactly the parents its original misses.
    missing = {m.split("'")[1] for m in messages if "crossref parent" in m}
    copies = {k for k in missing if k.endswith("-c2")}
    assert copies
    assert {k.removesuffix("-c2") for k in copies} <= missing


def test_1k_library_keeps_the_parents_its_entries_name(tmp_path: Path) -> None:
    (text,) = bib_files("1k").values()
    (tmp_path / "krr.bib").write_text(text, encoding="utf-8")
    loaded = load_bibtex_files([tmp_path / "krr.bib"])
    assert 1_000 <= len(loaded.works) < 1_100
    whole = load_bibtex_files([Path(__file__).parents[1] / "benchmarks/data/krr.bib"])
    missing = {p.message for p in loaded.problems if "crossref parent" in p.message}
    assert missing <= {p.message for p in whole.problems}
