"""Plain-text references, as pasted from a web page or a PDF: a small grammar of our own.

``split_references`` cuts a text into references: numbered items ("1.", "[1]", "1)")
with their wrapped lines joined, else one reference per line (a line that starts in lower
case continues the one before). ``parse_reference`` reads one reference, offline, into a
``Work``, or returns None when it cannot find a title and at least one of year, authors
and container.

The grammar, in the order it is tried (the styles' published rules):

1. identifiers and a web page's leftovers are cut out (``identifiers.cut_identifiers``).
2. Vancouver: authors as "Family II, Family II." (no dots in initials), then
   "Title. Journal. Year Mon;Vol(Issue):Pages." or "Title. Book. Publisher; Year. p. Pages."
   (also without authors, when nothing else reads the line).
3. APA and Harvard: "Authors (Year)." then the rest; Chicago author-date and Harvard
   without brackets: "Authors. Year." then the rest.
4. The rest: a quoted title (Chicago "…", Harvard '…') or the text up to the last
   sentence end before the container; the container ends at the numbers: APA/Harvard
   ", Vol(Issue), [pp.] Pages", Chicago " Vol (Issue): Pages"; a chapter's container
   starts with "In" and may name editors "(Ed.)" and pages "(pp. 1-10)".

Why our own grammar: refextract (INSPIRE) is built for high-energy-physics PDFs and their
journal knowledge base and pulls in a PDF stack; refparse reads Web of Science, Scopus and
CSSCI cited-reference strings only. Neither reads an APA or Vancouver line into title and
container; see docs/import.md for the measured accuracy of this grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refgraph.errors import InputError
from refgraph.importers.common import ImportResult, bibtex_pages
from refgraph.importers.identifiers import cut_identifiers
from refgraph.importers.names import (
    is_vancouver_name,
    parse_names,
    parse_natural_names,
    parse_vancouver,
)
from refgraph.model import Author, Problem, Provenance, Work

_PAGES_TEXT = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*(?:--|[-–—])\s*[A-Za-z]?\d+[A-Za-z]?)?"
_PARTICLE_START = re.compile(r"(?:[a-z]{1,3}\s)+[A-Z][^\s,]*(?:,|\s[A-Z]{1,3}[,.])")
# A line that starts like a reference: "Family, I." / "Family, Given" (APA, Harvard,
# Chicago) or "Family II," / "Family II." (Vancouver), particles allowed in front.
_AUTHOR_START = re.compile(
    r"(?:[a-z]{1,3}\s)*[A-Z][^\s,.;:()]*(?:[\s-][A-Z][^\s,.;:()]*){0,3}"
    r"(?:,\s(?:[A-Z]\.|[A-Z][a-z]+[\s,.])|\s[A-Z]{1,5}(?:-[A-Z])?[,.]\s)"
)
_LINK = re.compile(r"(?:https?://|doi:\s*|\b10\.\d{4,9}/)\S*", re.IGNORECASE)
_OPEN_YEAR = re.compile(r"\((?:\d{4}[a-z]?|n\.\s?d\.)[^()]*\)[.,]?$")
_YEAR = re.compile(r"\b(1[5-9]|20)\d\d\b")
_NUMBERING = re.compile(r"^\s*(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)](?=\s)|\d{1,3}\s+(?=\S))\s*")
# Harvard's chapter after the quoted title: "Book. Publisher, pp. 1-10."
_HARVARD_CHAPTER = re.compile(
    rf"^(?:In:?\s+)?(?P<book>.+?)\.\s+(?P<publisher>[^.,]+),\s*pp?\.\s*(?P<pages>{_PAGES_TEXT})\.?$"
)

_APA_YEAR = re.compile(r"\(\s*(?:(\d{4})[a-z]?(?:[,;][^()]*)?|n\.\s?d\.|in press)\s*\)\.?,?")
_BARE_YEAR = re.compile(r"(?<=[.,])\s+(\d{4})[a-z]?[.,]\s+")
_VANCOUVER_DATE = re.compile(
    r"(?<=[.?!;])\s+(?P<year>\d{4})(?:\s+[A-Z][a-z]{2}(?:[-/][A-Z][a-z]{2})?(?:\s+\d{1,2})?)?"
    r"\s*(?:;\s*(?P<vol>[^;:()]+?)?\s*(?:\((?P<iss>[^)]*)\))?)?\s*(?::\s*(?P<pages>[\w.–—-]+?))?"
    r"\s*\.?\s*(?:p\.\s*(?P<chapter_pages>[\w.–—-]+?)\.?)?\s*$"
)
_APA_TAIL = re.compile(
    rf",\s*(?:Vol\.\s*)?(?P<vol>\d+[A-Za-z]?)\s*(?:\((?P<iss>[^)]+)\))?"
    rf"(?:,\s*(?:(?:pp?\.|Article)\s*)?(?P<pages>{_PAGES_TEXT}))?\s*\.?\s*$"
)
_CHICAGO_TAIL = re.compile(
    rf"\s(?P<vol>\d+[A-Za-z]?)\s*(?:,\s*no\.\s*(?P<iss2>[\w-]+))?\s*(?:\((?P<iss>[^)]+)\))?"
    rf"\s*:\s*(?P<pages>{_PAGES_TEXT})\s*\.?\s*$"
)
_QUOTED = re.compile(r"^[\"“”‘'](?P<title>.+?)[\"“”’'](?=[,.]?\s|[,.]?$)[,.]?\s*")
_SENTENCE_END = re.compile(r"[.?!](?=\s+[^\s\da-z])")
_CHAPTER = re.compile(
    r"^In:?\s+(?:(?P<eds>[^()]*?)\s*\((?:Eds?|eds?)\.?\),?\s*)?(?P<book>.+?)"
    r"(?:\s*\((?:pp?\.\s*)?(?P<pages>[^)]*)\))?\s*(?:[.:]\s*(?P<publisher>[^.]+))?\.?$"
)
_IN_BOOK = re.compile(r"[.?!]\s+In:?\s+(?=[A-Z])")
# A container without volume naming one of these is a publisher (reports, books).
_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Publishing|Publishers?|Verlag|Books|Springer|Elsevier|Wiley|Routledge|"
    r"Academic|Sage|CRC|Blackwell|Macmillan|Penguin|Office|Bureau|Institute|Foundation|"
    r"Department|University|Libraries|Agency|Council|Ministry|Cent(?:er|re)|Laboratory|"
    r"Commission|Organi[sz]ation)\b"
)
# Words that end with a dot in abbreviated journal names ("J. Clin. Invest.", ISO 4 and
# NLM abbreviations): a dot after one of these, or after a single capital, is not the end
# of the title.
_ABBREVIATED_TEXT = (
    "J Am Int Proc Natl Acad Sci Med Clin Invest Res Rev Soc Biol Chem Phys Lett Ann Eur Br "
    "Engl Appl Exp Mol Neurosci Psychol Ecol Environ Eng Technol Comput Math Stat Epidemiol "
    "Pharmacol Immunol Gastroenterol Hepatol Nutr Physiol Pathol Surg Dis Infect Microbiol "
    "Genet Astron Astrophys Econ Educ Philos Anal Syst Trans Conf Symp Bull Arch Adv Curr "
    "Opin Commun Rep Assoc Dev Gen Jpn Aust Agric Vet Dent Ophthalmol Cardiol Oncol Neurol "
    "Biochem Biophys Cell Geol Geophys Mech Mater Electron Inf Sociol Polit Ed Eds Vol No"
)
_ABBREVIATED = frozenset(_ABBREVIATED_TEXT.split())
_LAST_WORD = re.compile(r"(\S+)\.$")


@dataclass(frozen=True)
class Item:
    """One reference as found in the text: its first line (1-based) and its text."""

    line: int
    text: str


def split_references(text: str) -> list[Item]:
    """The references of a pasted list, each with the line it starts on (numbered items,
    or, unnumbered, a line continues the one before as ``_continues`` says; a blank line
    ends a reference)."""
    lines = text.splitlines()
    numbered = sum(1 for line in lines if _NUMBERING.match(line) and _looks_numbered(line))
    items: list[Item] = []
    after_blank = True
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            after_blank = True
            continue
        if numbered >= 2:
            starts = _looks_numbered(line)
        else:
            starts = after_blank or not _continues(items[-1].text, line)
        after_blank = False
        if starts or not items:
            items.append(Item(number, line))
        else:
            prev = items[-1]
            joiner = "" if prev.text.endswith("-") and line[0].islower() else " "
            items[-1] = Item(prev.line, prev.text + joiner + line)
    return items


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the wrapped rest of ``previous`` in an unnumbered list."""
    if line[0].islower():  # unless it is a name with a particle: "de Punder, K. (2015)"
        return not (_PARTICLE_START.match(line) and _has_year(line))
    if len(previous.split()) < 4 and not any(c.isdigit() for c in previous):
        return False  # a heading ("References", "Bronnen") is not a reference's start
    if not _complete(previous):
        return True  # a long author list, a title or a DOI wraps onto this line
    if _AUTHOR_START.match(line) or _has_year(line):
        return False
    return parse_reference(line) is None  # a reference of its own ("Title. (n.d.). ...")


def _has_year(text: str) -> bool:
    """A year outside links and DOIs (a DOI often holds one)."""
    return bool(_YEAR.search(_LINK.sub(" ", text)))


def _complete(text: str) -> bool:
    """A reference that may end here: it has a year, does not stop right after an APA
    "(2018)." (its title comes next), and ends a sentence or with a link."""
    if not _has_year(text) or _OPEN_YEAR.search(text):
        return False
    return text.endswith((".", "?", "!")) or bool(_LINK.search(text.rsplit(" ", 1)[-1]))


def _looks_numbered(line: str) -> bool:
    found = _NUMBERING.match(line)
    return bool(found) and not re.match(r"\s*\d{4}\b", line)


def parse_reference(text: str, key: str = "", where: str = "") -> Work | None:
    """One reference -> Work (``key`` and ``Provenance("import", where)`` as given), or None
    (see the module docstring). Page ranges are written BibTeX's way ("74--79")."""
    text = " ".join(_NUMBERING.sub("", text, count=1).split())
    ids, text = cut_identifiers(text)
    parsed = _vancouver(text) or _author_year(text) or _vancouver(text, authors=False)
    if parsed is None:
        return None
    authors, year, rest, numbers = parsed
    title, container, extra = _title_and_container(rest, numbers)
    if not title or not (year or authors or container or any(extra.values())):
        return None  # a title alone is not enough to call a line a reference
    entry_type = "article"
    fields = dict(numbers)
    fields.update({k: v for k, v in extra.items() if v})
    if container and fields.get("publisher") and not fields.get("vol"):
        fields.setdefault("booktitle", container)  # "Title. Book. Publisher": a chapter
    if "booktitle" in fields:
        entry_type = "incollection"
    elif not container and not fields.get("vol") and fields.get("publisher"):
        entry_type = "book"
    pages = bibtex_pages(fields.get("pages", ""))
    extra_fields = [(n, fields[n]) for n in ("booktitle",) if fields.get(n)]
    extra_fields += [(n, v) for n, v in ids.items() if n in ("pmid", "pmcid")]
    return Work(
        key=key,
        entry_type=entry_type,
        title=title,
        authors=authors,
        editors=_editors(fields.get("editor", "")),
        year=year,
        journal=container if entry_type == "article" else "",
        volume=fields.get("vol", ""),
        issue=fields.get("iss", ""),
        pages=pages,
        doi=ids.get("doi", ""),
        publisher=fields.get("publisher", ""),
        url=ids.get("url", ""),
        extra=tuple(extra_fields),
        provenance=Provenance("import", where),
    )


Parsed = tuple[tuple[Author, ...], int | None, str, dict[str, str]]


def _vancouver(text: str, authors: bool = True) -> Parsed | None:
    """Vancouver; ``authors=False`` reads a reference that starts with its title."""
    head, sep, rest = text.partition(". ") if authors else ("", ". ", text)
    names = [n.strip() for n in re.sub(r",?\s*et al\.?$", "", head).split(",") if n.strip()]
    if authors and (not sep or not any(is_vancouver_name(n) for n in names)):
        return None
    if not all(is_vancouver_name(n) or len(n.split()) == 1 for n in names):
        return None  # a mononym ("Sudesiqin") may stand among Vancouver names
    date = _VANCOUVER_DATE.search(rest)
    if date is None:
        return None
    numbers = {k: (date.group(k) or "").strip() for k in ("vol", "iss", "pages")}
    numbers["pages"] = numbers["pages"] or (date.group("chapter_pages") or "").strip()
    body = rest[: date.start()].strip()
    if body.endswith(";"):  # "Title. Book. Publisher; 2022": the publisher before the year
        body, _, publisher = body[:-1].rpartition(". ")
        numbers["publisher"] = publisher.strip()
        body = body or publisher
    return parse_vancouver(head), int(date.group("year")), body, numbers


def _author_year(text: str) -> Parsed | None:
    found = _APA_YEAR.search(text)
    if found is None:
        found = _BARE_YEAR.search(text)
    if found is None:
        return None
    authors = parse_names(text[: found.start()].strip().rstrip(",").strip())
    year = int(found.group(1)) if found.group(1) else None
    rest = text[found.end() :].strip().lstrip(".,").strip()
    return authors, year, rest, {}


def _title_and_container(rest: str, numbers: dict[str, str]) -> tuple[str, str, dict[str, str]]:
    """(title, container, fields) from what follows the year (or, in Vancouver, what lies
    between the authors and the date). ``numbers`` is filled from the tail here."""
    quoted = _QUOTED.match(rest)
    title = ""
    if quoted:
        title, rest = quoted.group("title").strip().rstrip(",. "), rest[quoted.end() :]
        chapter = _HARVARD_CHAPTER.match(rest.strip())
        if chapter and not numbers:
            numbers["pages"] = chapter.group("pages")
            return title, "", {"booktitle": chapter["book"], "publisher": chapter["publisher"]}
    if not numbers:
        numbers.update(_tail(rest))
        rest = rest[: int(numbers.pop("start", len(rest)))].strip().rstrip(",")
    chapter = _IN_BOOK.search(rest) if not title else None
    if chapter:
        title, rest = rest[: chapter.start() + 1].rstrip("."), rest[chapter.start() + 1 :]
    elif not title:
        title, rest = _split_title(rest)
    container = rest.strip().strip(",").strip().rstrip(".").strip()
    if container.startswith(("In ", "In: ")):
        return title, "", _chapter(container, numbers)
    extra: dict[str, str] = {}
    if container and not numbers.get("vol") and _PUBLISHER_WORDS.search(container):
        extra["publisher"], container = container, ""
    return title, container, extra


def _tail(rest: str) -> dict[str, str]:
    for pattern in (_APA_TAIL, _CHICAGO_TAIL):
        found = pattern.search(rest)
        if found:
            values = {k: (v or "").strip() for k, v in found.groupdict().items()}
            values["iss"] = values.pop("iss2", "") or values["iss"]
            values["start"] = str(found.start())
            return values
    return {}


def _split_title(text: str) -> tuple[str, str]:
    """ "Title. Container" -> (title, container) at the last sentence end that is not an
    abbreviation's dot; a title ending in "?" or "!" keeps it."""
    text = text.strip()
    for found in reversed(list(_SENTENCE_END.finditer(text))):
        word = _LAST_WORD.search(text[: found.end()])
        if found.group() == "." and word and _is_abbreviation(word.group(1)):
            continue
        title = text[: found.end()].strip()
        return title.rstrip(".").strip(), text[found.end() :].strip()
    return text.rstrip(".").strip(), ""


def _is_abbreviation(word: str) -> bool:
    return word in _ABBREVIATED or (len(word) == 1 and word.isupper())


def _editors(text: str) -> tuple[Author, ...]:
    """The "Family, Given and ..." list ``_chapter`` made back into names."""
    names = [n.strip() for n in text.split(" and ") if n.strip()]
    return tuple(
        Author(*(p.strip() for p in n.split(",", 1))) if "," in n else Author(literal=n)
        for n in names
    )


def _chapter(container: str, numbers: dict[str, str]) -> dict[str, str]:
    found = _CHAPTER.match(container)
    if found is None:
        return {"booktitle": container.removeprefix("In").strip(" :")}
    if found.group("pages") and not numbers.get("pages"):
        numbers["pages"] = found.group("pages").strip()
    editors = parse_natural_names(found.group("eds") or "")
    return {
        "booktitle": found.group("book").strip().rstrip("."),
        "editor": " and ".join(a.literal or f"{a.family}, {a.given}".strip(", ") for a in editors),
        "publisher": (found.group("publisher") or "").strip(),
    }


def load_plain_text(text: str, path: str) -> ImportResult:
    """Every reference of a pasted list; a reference that cannot be read is a Problem
    naming its line (never dropped silently). No reference at all is an ``InputError``."""
    works, problems, texts = [], [], []
    items = split_references(text)
    for item in items:
        work = parse_reference(item.text, where=f"{path}:{item.line}")
        if work is None:
            shown = item.text if len(item.text) <= 80 else item.text[:79] + "…"
            msg = f"not read as a reference (no title with a year or authors): {shown}"
            problems.append(Problem(path, item.line, msg))
        else:
            works.append(work)
            texts.append(item.text)
    if not works:
        line = items[0].line if items else 1
        raise InputError(
            "unknown format: not CSL-JSON, RIS, MEDLINE or BibTeX, and no line reads as a "
            "reference (authors, year, title)",
            path,
            line,
        )
    return ImportResult(tuple(works), tuple(problems), tuple(texts))
