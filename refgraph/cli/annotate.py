"""`refgraph annotate`: record topics, claims and stances from the command line.

    refgraph annotate topic add KEY TOPIC        a curated topic on a work
    refgraph annotate topic remove KEY TOPIC
    refgraph annotate topic new ID --en WORDS --nl WORDS [--label L] [--description D]
    refgraph annotate topic new ID --from auto-...   a found topic confirmed as curated
    refgraph annotate claim add ID TEXT
    refgraph annotate stance set SUBJECT CLAIM VALUE [--note N] [--evidence URL ...]

Every name is checked against the library first (an unknown work key, topic, claim or
stance value is bad usage: exit 2, naming the value and the allowed ones), then the one
annotation file concerned is edited in place by ``refgraph.annotate`` (comments, order and
layout kept) and replaced atomically. ``--dry-run`` prints the change as a unified diff
and writes nothing.
"""

from __future__ import annotations

import argparse
import difflib
import re
import tomllib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

import refgraph.annotate as edit
from refgraph.annotations import CLAIMS_FILE, TOPICS_FILE
from refgraph.atomic import write_text_atomic
from refgraph.cli.console import stdout
from refgraph.cli.options import add_library_options, library_of
from refgraph.errors import UsageError
from refgraph.library import ANNOTATIONS_DIR
from refgraph.model import STANCE_VALUES, Library, Topic

WORKS_FILE = "works.toml"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

EPILOG = """\
examples:
  refgraph annotate topic add fasano2021 zonulin
  refgraph annotate topic new gut-brain-axis --en "gut-brain axis" --nl "darm-hersen-as"
  refgraph annotate topic new asp --from auto-answer-set-programming
  refgraph annotate claim add probiotics-help "Probiotics reduce gut permeability"
  refgraph annotate stance set lacy2024 lgs-diagnosis disputes --note "Calls it unproven." \\
      --evidence https://pmc.ncbi.nlm.nih.gov/articles/PMC11345991
  refgraph annotate stance set 001 tests-validated supports --dry-run
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "annotate",
        help="add topics, claims and stances to the annotation files",
        description=(
            "Record a curated topic, a new topic, a claim or a stance. Names are checked "
            "against the library; the annotation file (annotations/works.toml, topics.toml, "
            "claims.toml, or a seed's own file for a source's stance) is edited in place, "
            "keeping its comments and layout, and replaced atomically."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
    topic = what.add_parser("topic", help="a work's curated topics, or a new topic")
    verbs = topic.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name, helptext in (("add", "give a work a curated topic"), ("remove", "take it away")):
        p = verbs.add_parser(name, help=helptext)
        p.add_argument("key", metavar="KEY", help="the work's citation key")
        p.add_argument("topic", metavar="TOPIC", help="a topic id of topics.toml")
        _common(p, run_topic_add if name == "add" else run_topic_remove)
    p = verbs.add_parser("new", help="a new topic in topics.toml")
    p.add_argument("id", metavar="ID", help="lower case, digits and '-'")
    p.add_argument("--label", help="the English label (default: the first --en, or the id)")
    p.add_argument("--en", action="append", default=[], metavar="WORDS", help="English synonym")
    p.add_argument("--nl", action="append", default=[], metavar="WORDS", help="Dutch synonym")
    p.add_argument("--description", default="", help="one sentence on what it covers")
    p.add_argument(
        "--from",
        dest="found",
        metavar="AUTO-ID",
        help="a found topic (refgraph topics, 'found'): its first term is the label and "
        "its other label terms synonyms, unless --label/--en/--nl say otherwise",
    )
    _common(p, run_topic_new)
    claim = what.add_parser("claim", help="claims that works and sources take a stance on")
    verbs = claim.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("add", help="a new claim in claims.toml")
    p.add_argument("id", metavar="ID", help="lower case, digits and '-'")
    p.add_argument("text", metavar="TEXT", help="the claim, as one sentence")
    _common(p, run_claim_add)
    stance = what.add_parser("stance", help="a work's or a source's stance on a claim")
    verbs = stance.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("set", help="set (or change) a stance")
    p.add_argument("subject", metavar="SUBJECT", help="a work key or a source (seed) id")
    p.add_argument("claim", metavar="CLAIM", help="a claim id of claims.toml")
    p.add_argument("value", metavar="VALUE", help=" | ".join(STANCE_VALUES))
    p.add_argument("--note", help="why, in a sentence of your own")
    p.add_argument(
        "--evidence", action="append", metavar="URL", help="a page the judgement rests on"
    )
    _common(p, run_stance_set)


def _common(parser: argparse.ArgumentParser, run: Callable[[argparse.Namespace], int]) -> None:
    add_library_options(parser)
    parser.add_argument(
        "--dry-run", action="store_true", help="print the change as a diff; write nothing"
    )
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class Change:
    path: Path
    before: str
    after: str
    summary: str


def _library(args: argparse.Namespace) -> Library:
    return library_of(args, match=False)


def _annotations(args: argparse.Namespace) -> Path:
    return Path(args.library) / ANNOTATIONS_DIR


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def check(kind: str, value: str, allowed: Collection[str]) -> None:
    """UsageError naming ``value`` and the allowed values (the closest few when there are
    many, as work keys are)."""
    if value in allowed:
        return
    if len(allowed) > 20:
        near = difflib.get_close_matches(value, list(allowed), n=5, cutoff=0.5)
        hint = f"; did you mean: {', '.join(near)}" if near else f" (one of {len(allowed)})"
    else:
        hint = f"; allowed: {', '.join(sorted(allowed)) or '(none in this library)'}"
    raise UsageError(f"unknown {kind} '{value}'{hint}")


def _new_id(kind: str, ident: str, taken: Collection[str]) -> None:
    if not _ID.fullmatch(ident):
        raise UsageError(f"bad {kind} id '{ident}': use lower case, digits and '-'")
    if ident in taken:
        raise UsageError(f"{kind} '{ident}' exists already")


def _work_file(args: argparse.Namespace, key: str) -> Path:
    """The per-work file that has a [[work]] table for ``key``, else works.toml."""
    folder = _annotations(args)
    for path in sorted(folder.glob("*.toml")):
        if path.name not in (TOPICS_FILE, CLAIMS_FILE) and edit.has_work(
            _read(path), key, str(path)
        ):
            return path
    return folder / WORKS_FILE


def _seed_file(args: argparse.Namespace, source: str) -> Path:
    for path in sorted(Path(args.seeds).glob("*.toml")) if args.seeds else []:
        try:
            if tomllib.loads(_read(path)).get("id") == source:
                return path
        except tomllib.TOMLDecodeError:
            continue
    raise UsageError(f"no seed file with id '{source}' in {args.seeds}")


def run_topic_add(args: argparse.Namespace) -> int:
    library = _library(args)
    check("work key", args.key, {w.key for w in library.works})
    ids = {t.id for t in library.topics}
    if args.topic.startswith("auto-") and args.topic not in ids:
        raise UsageError(
            f"'{args.topic}' is a found topic, not a curated one; confirm it first with "
            f"`refgraph annotate topic new ID --from {args.topic}`, then add ID"
        )
    check("topic", args.topic, ids)
    path = _work_file(args, args.key)
    before = _read(path)
    after = edit.add_work_topic(before, args.key, args.topic, str(path))
    return apply(args, Change(path, before, after, f"{args.key}: topic {args.topic} added"))


def run_topic_remove(args: argparse.Namespace) -> int:
    library = _library(args)
    check("work key", args.key, {w.key for w in library.works})
    curated = {a.topic for a in library.assignments if a.work == args.key}
    check(f"curated topic of {args.key}", args.topic, curated)
    path = _work_file(args, args.key)
    before = _read(path)
    after = edit.remove_work_topic(before, args.key, args.topic, str(path))
    return apply(args, Change(path, before, after, f"{args.key}: topic {args.topic} removed"))


def run_topic_new(args: argparse.Namespace) -> int:
    library = _library(args)
    _new_id("topic", args.id, {t.id for t in library.topics})
    found: list[str] = []
    description = args.description
    if args.found:
        topic = _found_topic(args, args.found)
        found = list(topic.synonyms or topic.terms[:1])  # its label terms, best first
        description = description or f"Confirmed from the found topic {topic.id} ({topic.label})."
    synonyms = list(dict.fromkeys(args.en + args.nl + found))
    label = args.label or (args.en[0] if args.en else found[0] if found else "")
    label = label or args.id.replace("-", " ")
    synonyms = [s for s in synonyms if s != label]
    path = _annotations(args) / TOPICS_FILE
    before = _read(path)
    after = edit.add_topic(before, args.id, label, synonyms, description, str(path))
    return apply(args, Change(path, before, after, f"topic {args.id} ('{label}') created"))


def _found_topic(args: argparse.Namespace, ident: str) -> Topic:
    """The found (automatic) topic ``ident`` of the library as the reading verbs see it
    (the topic cache, else discovery: the same topics `refgraph topics` lists)."""
    from refgraph.cli.find import prepared  # the whole pipeline: only --from needs it

    library, _ = prepared(args)
    found = {t.id: t for t in library.topics if t.origin == "auto"}
    check("found topic", ident, found)
    return found[ident]


def run_claim_add(args: argparse.Namespace) -> int:
    library = _library(args)
    _new_id("claim", args.id, {c.id for c in library.claims})
    if not args.text.strip():
        raise UsageError("a claim needs its text")
    path = _annotations(args) / CLAIMS_FILE
    before = _read(path)
    after = edit.add_claim(before, args.id, args.text.strip(), str(path))
    return apply(args, Change(path, before, after, f"claim {args.id} added"))


def run_stance_set(args: argparse.Namespace) -> int:
    library = _library(args)
    keys, sources = {w.key for w in library.works}, {s.id for s in library.sources}
    check("work key or source", args.subject, keys | sources)
    check("claim", args.claim, {c.id for c in library.claims})
    check("stance value", args.value, STANCE_VALUES)
    is_work = args.subject in keys
    path = _work_file(args, args.subject) if is_work else _seed_file(args, args.subject)
    before = _read(path)
    after = edit.set_stance(
        before,
        args.claim,
        args.value,
        args.note,
        args.evidence,
        work=args.subject if is_work else None,
        path=str(path),
    )
    summary = f"{args.subject} {args.value} {args.claim}"
    return apply(args, Change(path, before, after, summary))


def apply(args: argparse.Namespace, change: Change) -> int:
    """Print the diff (``--dry-run``) or write the file; say what was done."""
    out = stdout()
    if change.after == change.before:
        out.print(f"Nothing to change in {change.path}: {change.summary} already.")
        return 0
    tomllib.loads(change.after)  # what we write must read back
    if args.dry_run:
        name = str(change.path).lstrip("/")
        diff = difflib.unified_diff(
            change.before.splitlines(keepends=True),
            change.after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
        out.write("".join(diff))
        return 0
    # A library without annotations yet gets its annotations/ folder (one level: the
    # library folder itself exists, load_library read it).
    change.path.parent.mkdir(exist_ok=True)
    write_text_atomic(change.path, change.after)
    out.print(f"{change.path}: {change.summary}")
    return 0
