"""Topic discovery: time and memory at 1k/3k/10k/50k works, and quality on the real corpora.

    python -m benchmarks.bench_topics [--quality] [--list CORPUS]

Timing: the benchmark libraries of ``benchmarks.corpus`` (1k, 3k, 10k real entries); 50k
is the 10k library five times over under new keys (its texts repeat, so the fitted sample
is no richer than at 10k: it measures the cost of scale, the projection of 50,000 works
onto the topics, not topic quality). CPU seconds are printed beside wall seconds: on a
shared machine the wall time says more about the neighbours. Each figure is one cold run of
``refgraph.discovery.with_discovered_topics`` without a cache, in this process.

Quality (``--quality``): purity of the works' main topics against the corpus each came
from, on mixes of the repository's corpora, and the share of each corpus that sits in
topics where it is the majority. ``--list krr`` prints one corpus's topics with sizes.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from benchmarks.corpus import AIBASEL, KRR, ROOT, bib_files
from refgraph.bibtex import load_bibtex_files
from refgraph.crossref.records import record_from_crossref
from refgraph.discovery import with_discovered_topics
from refgraph.model import Library, Work

CROSSREF = ROOT / "tests" / "data" / "crossref-real" / "works-sample.json"


def library_works(size: str) -> tuple[Work, ...]:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for name, text in bib_files("10k" if size == "50k" else size).items():
            path = Path(tmp) / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        works = load_bibtex_files(sorted(paths)).works
    if size == "50k":
        works = tuple(replace(w, key=f"{w.key}-x{i}") for i in range(5) for w in works)
    return works


def timing(sizes: list[str]) -> None:
    print(f"{'works':>7} {'topics':>6} {'seconds':>8} {'CPU s':>6} {'peak MB':>8}")
    for size in sizes:
        works = library_works(size)
        start, cpu = time.perf_counter(), time.process_time()
        library = with_discovered_topics(Library(works=works), {})
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        topics = sum(t.origin == "auto" for t in library.topics)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{len(works):>7} {topics:>6} {seconds:>8.2f} {cpu:>6.2f} {peak:>8.0f}")


def corpora() -> dict[str, list[Work]]:
    records = json.loads(CROSSREF.read_text(encoding="utf-8"))
    crossref = []
    for i, message in enumerate(records.values()):
        r = record_from_crossref(message, None)
        crossref.append(
            Work(f"cr{i}", title=r.title, journal=r.container_title, abstract=r.abstract)
        )
    return {
        "krr": list(load_bibtex_files([KRR]).works),
        "aibasel": list(
            load_bibtex_files(
                [AIBASEL / "aibasel-literatur.bib", AIBASEL / "aibasel-crossref.bib"]
            ).works
        ),
        "crossref": crossref,
        "leaky-gut": list(load_bibtex_files([ROOT / "bib" / "leaky-gut.bib"]).works),
    }


def purity(parts: dict[str, list[Work]]) -> str:
    works = [w for ws in parts.values() for w in ws]
    field = {w.key: name for name, ws in parts.items() for w in ws}
    library = with_discovered_topics(Library(works=tuple(works)), {})
    main = {a.work: a.topic for a in library.assignments if a.main}
    by_topic: dict[str, Counter[str]] = {}
    for key, topic in main.items():
        by_topic.setdefault(topic, Counter())[field[key]] += 1
    value = sum(c.most_common(1)[0][1] for c in by_topic.values()) / max(len(main), 1)
    shares = []
    for name, ws in parts.items():
        own = sum(c[name] for c in by_topic.values() if c.most_common(1)[0][0] == name)
        placed = sum(c[name] for c in by_topic.values())
        shares.append(f"{name} {own}/{placed - own}/{len(ws) - placed}")
    sizes = "+".join(f"{len(ws)} {n}" for n, ws in parts.items())
    return (
        f"{sizes}: {len(by_topic)} topics, {len(main)} works with a topic, purity "
        f"{value:.3f}; own/other/no topic: {', '.join(shares)}"
    )


def quality() -> None:
    all_of = corpora()
    rng = random.Random(7)

    def sample(name: str, n: int) -> list[Work]:
        return rng.sample(all_of[name], min(n, len(all_of[name])))

    mixes = [
        ("krr", "crossref", "leaky-gut"),
        ("aibasel", "crossref", "leaky-gut"),
        ("krr", "aibasel"),
        ("krr", "aibasel", "crossref", "leaky-gut"),
    ]
    for mix in mixes:
        print("sampled 400 each:", purity({n: sample(n, 400) for n in mix}))
        print("whole corpora:   ", purity({n: all_of[n] for n in mix}))


def listing(name: str) -> None:
    works = corpora()[name]
    library = with_discovered_topics(Library(works=tuple(works)), {})
    main = Counter(a.topic for a in library.assignments if a.main)
    labels = {t.id: t for t in library.topics}
    print(f"{name}: {len(works)} works, {len(main)} topics, {len(works) - main.total()} without")
    for topic, n in main.most_common():
        print(f"{n:>5}  {labels[topic].label:<60}  ({', '.join(labels[topic].terms[3:7])})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1k,3k,10k,50k")
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--list", metavar="CORPUS")
    args = parser.parse_args()
    if args.list:
        listing(args.list)
    elif args.quality:
        quality()
    else:
        timing(args.sizes.split(","))


if __name__ == "__main__":
    main()
