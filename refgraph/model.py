"""The pure model that every loader fills and everything else reads.

Frozen dataclasses only: no I/O, no BibTeX, no Crossref JSON, no HTML. Collections are
tuples so that values are hashable and comparable (``load(dump(x)) == x`` in tests).

Kinds of thing:
- ``Work``: one bibliographic entry as the library cites it (the .bib is the origin).
- ``Record``: what an authority (Crossref, or the bundled snapshot) says the work is.
- ``Enrichment``: the outcome of looking a work up: DOI, confidence, record, field audit.
- ``Source``: a document that cites works (a web page, an essay) with its own stances.
- ``Topic``, ``Claim``, ``Stance``, ``TopicAssignment``: the curated and matched annotations.
- ``Problem``: a per-record problem found in an input; problems are data, not exceptions.
- ``Library``: everything above for one library, as the graph builder takes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

StanceValue = Literal["supports", "disputes", "mixed", "not addressed"]
STANCE_VALUES: tuple[str, ...] = ("supports", "disputes", "mixed", "not addressed")

# Where a value came from. "bibtex": the user's .bib; "crossref": a live Crossref response;
# "snapshot": the bundled records transcribed from public pages (not a Crossref response);
# "curation": a human-edited annotation file; "match": automatic vocabulary matching;
# "auto": automatic topic discovery (refgraph.discovery);
# "import": read by `refgraph import`/`add` from another format, before it is written.
Origin = Literal["bibtex", "crossref", "snapshot", "curation", "match", "seed", "auto", "import"]

Verdict = Literal[
    "filled",
    "confirmed",
    "conflict",
    "online-first",
    "needs review",
    "cited only",
    "unverified (citation points elsewhere)",
]
VERDICTS: tuple[str, ...] = (
    "filled",
    "confirmed",
    "conflict",
    "online-first",
    "needs review",
    "cited only",
    "unverified (citation points elsewhere)",
)
# A cited value the record lacks, in a citation whose volume or pages the record corrects:
# it may belong to the other citation the author mixed up, so it is neither confirmed nor
# written into the checked work.
UNVERIFIED: Verdict = "unverified (citation points elsewhere)"

# Outcome of looking a work up. "matched": a DOI we trust (found or confirmed);
# "needs review": candidates but none clear; "not found": Crossref has no such work;
# "doi mismatch": the .bib's DOI resolves to a record that is not this work;
# "error": the lookup failed (Crossref answered, badly); "pending": not looked up (offline,
# or Crossref unreachable: the message says which).
LookupStatus = Literal["matched", "needs review", "not found", "doi mismatch", "error", "pending"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a value came from: ``origin`` plus a detail (``file:line``, URL, method)."""

    origin: Origin
    detail: str = ""
    retrieved: str | None = None  # ISO 8601 UTC timestamp for fetched values


@dataclass(frozen=True, slots=True)
class Author:
    """One name. ``family`` holds the whole family name, particle included ("van der
    Berg"); ``particle`` says which leading words of it are the particle (BibTeX's "von"
    part, CSL's dropping-particle); ``suffix`` is "Jr.", "III" (never inside ``family``)."""

    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation or a name that cannot be split
    orcid: str = ""
    particle: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        if self.literal:
            return self.literal
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)


@dataclass(frozen=True, slots=True)
class BibtexSource:
    """An entry as its .bib wrote it, so that the BibTeX writer gives back what it did not
    change: ``fields`` are the entry's own (name, raw value text) pairs in file order (the
    raw text is what followed ``=``: braces, quotes, macros and ``#`` included);
    ``loaded`` are the decoded values every field had when loaded (inherited from a
    ``crossref`` parent included), keyed as the writer keys them, to tell what changed;
    ``strings`` the ``@string`` definitions (name, raw) the fields use and ``preambles``
    the file's ``@preamble`` texts, so that a single entry prints as in its library."""

    fields: tuple[tuple[str, str], ...] = ()
    loaded: tuple[tuple[str, str], ...] = ()
    strings: tuple[tuple[str, str], ...] = ()
    preambles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Work:
    """One entry of the library, exactly as cited (before enrichment)."""

    key: str
    entry_type: str = "article"
    title: str = ""
    authors: tuple[Author, ...] = ()
    year: int | None = None
    journal: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    publisher: str = ""
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    url: str = ""
    # Fields refgraph has no slot for, kept verbatim (lower-cased name, value) in input order.
    extra: tuple[tuple[str, str], ...] = ()
    provenance: Provenance = Provenance("bibtex")
    # The year as written when it is more than the number ("2020a", "in press", "May
    # 2004"); ``year`` is then the number in it (2020, None, 2004).
    year_text: str = ""
    editors: tuple[Author, ...] = ()
    authors_et_al: bool = False  # the list ended with "and others": more authors exist
    editors_et_al: bool = False
    # How the .bib wrote the entry (None when it came from elsewhere). Not part of the
    # work's identity: two works with the same values are equal however they were typed.
    bibtex: BibtexSource | None = field(default=None, compare=False, repr=False)

    @property
    def year_shown(self) -> str:
        """The year as a reader should see it: as written ("2020a"), else the number."""
        return self.year_text or ("" if self.year is None else str(self.year))


@dataclass(frozen=True, slots=True)
class DateParts:
    year: int
    month: int | None = None
    day: int | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """One item of a record's reference list."""

    doi: str = ""
    key: str = ""
    unstructured: str = ""
    title: str = ""
    author: str = ""
    year: int | None = None


# Crossref's update types (``updated-by`` / ``update-to`` "type", lower case, "_" -> "-")
# and what each does to the work it updates.
UPDATE_EFFECTS: dict[str, str] = {
    "retraction": "retraction",
    "partial-retraction": "retraction",
    "withdrawal": "retraction",
    "removal": "retraction",
    "expression-of-concern": "concern",
    "correction": "correction",
    "erratum": "correction",
    "corrigendum": "correction",
    "addendum": "correction",
    "clarification": "correction",
    "new-version": "version",
    "new-edition": "version",
}


@dataclass(frozen=True, slots=True)
class Update:
    """A notice that updates a work: retraction, correction, expression of concern, ...

    ``kind`` is Crossref's update type as given ("expression-of-concern"); ``is_self``
    marks a notice whose DOI is the work's own (a work registered as a new version of
    itself): it is shown, but it corrects and retracts nothing.
    """

    kind: str
    doi: str = ""
    date: DateParts | None = None
    label: str = ""
    is_self: bool = False

    @property
    def effect(self) -> str:
        """ "retraction", "concern", "correction", "version", "other", or "self"."""
        return "self" if self.is_self else UPDATE_EFFECTS.get(self.kind, "other")

    @property
    def is_retraction(self) -> bool:
        return self.effect == "retraction"

    @property
    def kind_text(self) -> str:
        """The kind as words: "expression of concern", "new version"."""
        return self.kind.replace("-", " ") or "update"


@dataclass(frozen=True, slots=True)
class Record:
    """What an authority says a work is. Built by one pure function per authority."""

    doi: str
    title: str = ""
    subtitle: str = ""
    authors: tuple[Author, ...] = ()
    container_title: str = ""
    issn: tuple[str, ...] = ()
    volume: str = ""
    issue: str = ""
    pages: str = ""
    article_number: str = ""
    published_print: DateParts | None = None
    published_online: DateParts | None = None
    issued: DateParts | None = None
    publisher: str = ""
    type: str = ""
    abstract: str = ""
    references: tuple[Reference, ...] = ()
    references_known: bool = False  # False: the authority gave no reference list at all
    citation_count: int | None = None
    updates: tuple[Update, ...] = ()  # notices about this work (Crossref's updated-by)
    update_to: tuple[Update, ...] = ()  # this record is itself a notice about these works
    url: str = ""
    provenance: Provenance = Provenance("crossref")
    # Parts of the authority's record that could not be used and were left out, each a
    # sentence (Crossref has sent references that are not objects, "DOIs" that are numbers).
    problems: tuple[str, ...] = ()

    @property
    def retracted(self) -> bool:
        return any(u.is_retraction for u in self.updates)


@dataclass(frozen=True, slots=True)
class FieldAudit:
    """One field of one work: as cited vs record, the verdict, and where each came from."""

    field: str
    cited: str
    record: str
    verdict: Verdict
    note: str = ""
    cited_from: Provenance = Provenance("bibtex")
    record_from: Provenance | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    doi: str
    title: str
    score: float  # our own confidence in [0, 1], not Crossref's score
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Enrichment:
    """The outcome of looking one work up. ``doi``: the DOI found or confirmed
    ("matched"), or the .bib's own when the work was not looked up ("pending")."""

    key: str
    status: LookupStatus = "pending"
    doi: str = ""
    confidence: float | None = None
    record: Record | None = None
    audit: tuple[FieldAudit, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    message: str = ""
    # A refused record (status "doi mismatch") is not kept: it would lend its notices,
    # citation count and references to the cited work. Only this note stays of it.
    pointed_to: str = ""  # "this DOI points to: <title>, <year>"


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic: curated (``topics.toml``) or found by topic discovery (``origin`` "auto",
    its ``terms`` the most telling words of its works, best first; its label is the
    first two or three of them)."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    description: str = ""
    origin: Literal["curation", "auto"] = "curation"
    terms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Stance:
    """``subject`` (a work key or a source id) on ``claim``."""

    subject: str
    claim: str
    value: StanceValue
    note: str = ""
    evidence: tuple[str, ...] = ()
    provenance: Provenance = Provenance("curation")


@dataclass(frozen=True, slots=True)
class TopicAssignment:
    """``work`` is about ``topic``; ``main``: this is the work's main topic (one per work
    that has any topic)."""

    work: str
    topic: str
    provenance: Provenance = Provenance("curation")  # or Provenance("match", "title: 'zonulin'")
    main: bool = False


@dataclass(frozen=True, slots=True)
class Source:
    """A document that cites works: what it is, what it claims, what it cites."""

    id: str
    title: str
    language: str = ""
    kind: str = ""
    summary: str = ""
    url: str = ""
    cites: tuple[str, ...] = ()  # work keys
    provenance: Provenance = Provenance("seed")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in an input. ``severity`` "error": the item was skipped. ``kind``:
    a stable machine-readable name of what is wrong ("possible-duplicate"), set where the
    message's own words vary from instance to instance; "" leaves it to
    ``refgraph.problems.problem_kind`` to derive from the message."""

    file: str
    line: int | None
    message: str
    key: str = ""
    severity: Literal["error", "warning"] = "error"
    kind: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        key = f" [{self.key}]" if self.key else ""
        return f"{where}{key}: {self.message}"


@dataclass(frozen=True, slots=True)
class Library:
    """Everything known about one library, as the graph builder takes it."""

    name: str = "library"
    works: tuple[Work, ...] = ()
    sources: tuple[Source, ...] = ()
    topics: tuple[Topic, ...] = ()
    claims: tuple[Claim, ...] = ()
    stances: tuple[Stance, ...] = ()
    assignments: tuple[TopicAssignment, ...] = ()
    enrichments: tuple[Enrichment, ...] = ()
    problems: tuple[Problem, ...] = field(default=())
