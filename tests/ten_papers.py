"""The ten works of seed 001 for tests: as cited (Work) and as recorded (Crossref format).

``cited_works()`` transcribes each paper's ``as_cited`` string from tests/data/ten-papers.json
into a Work, the way the seed cites it (no DOIs). ``crossref_message(paper)`` builds a
Crossref-format work record from the paper's ``record`` facts ONLY, for the local test
server: these messages are NOT real Crossref responses, and fields the facts mark
"unconfirmed", "inferred" or "secondary" are left out.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from refgraph.model import Author, Provenance, Work

FACTS = json.loads((Path(__file__).parent / "data" / "ten-papers.json").read_text("utf-8"))
PAPERS = FACTS["papers"]
KEYS = (
    "quigley2016", "santosaleman2023", "fasano2021", "camilleri2019", "chakaroun2020",
    "depunder2015", "vancamelbeke2017", "escalante2024", "divincenzo2023", "lacy2024",
)  # fmt: skip
_QUALIFIED = re.compile(r"unconfirmed|inferred|secondary|mirror", re.IGNORECASE)

# (key, authors as (family, given), year, title, journal, volume, issue, pages) as cited.
_CITED = [
    ("quigley2016", [("Quigley", "E.M.M.")], 2016, "Leaky gut – concept or clinical entity?",
     "Current Opinion in Gastroenterology", "32", "2", "74–79"),
    ("santosaleman2023", [("Santos Aleman", "R."), ("Moncada", "M."), ("Aryana", "K.J.")], 2023,
     "Leaky gut and the ingredients that help treat it: A review", "Molecules", "28", "2", "619"),
    ("fasano2021", [("Fasano", "A.")], 2021,
     "Zonulin and its regulation of intestinal barrier function: The biological door to "
     "inflammation, autoimmunity, and cancer", "Physiological Reviews", "101", "2", "657–690"),
    ("camilleri2019", [("Camilleri", "M.")], 2019,
     "Leaky gut: mechanisms, measurement and clinical implications in humans", "Gut", "68", "8",
     "1516–1526"),
    ("chakaroun2020", [("Chakaroun", "R.M."), ("Massier", "L."), ("Kovacs", "P.")], 2020,
     "Gut microbiome, intestinal permeability, and tissue bacteria in metabolic disease: "
     "Perpetrators or bystanders?", "Nutrients", "12", "4", "1082"),
    ("depunder2015", [("de Punder", "K."), ("Pruimboom", "L.")], 2015,
     "Stress induces endotoxemia and low-grade inflammation by increasing barrier permeability",
     "Frontiers in Immunology", "6", "", "223"),
    ("vancamelbeke2017", [("Vancamelbeke", "M."), ("Vermeire", "S.")], 2017,
     "The intestinal barrier: a fundamental role in health and disease", "", "", "", ""),
    ("escalante2024", [("Escalante", "J."), ("Artaiz", "O."), ("Diwakarla", "S."),
                       ("McQuade", "R.M.")], 2024,
     "Leaky gut in systemic inflammation: Exploring the link between gastrointestinal disorders "
     "and age-related diseases", "GeroScience", "47", "1", "1–22"),
    ("divincenzo2023", [("Di Vincenzo", "F."), ("Del Gaudio", "A."), ("Petito", "V."),
                        ("Lopetuso", "L.R."), ("Scaldaferri", "F.")], 2023,
     "Gut microbiota, intestinal permeability, and systemic inflammation: a narrative review",
     "Internal and Emergency Medicine", "19", "2", "275–293"),
    ("lacy2024", [("Lacy", "B. E."), ("Wise", "J. L."), ("Cangemi", "D. J.")], 2024,
     "Leaky gut syndrome: Myths and management", "Gastroenterology & Hepatology (New York)",
     "", "", ""),
]  # fmt: skip


def cited_works() -> tuple[Work, ...]:
    works = []
    for line, (key, names, year, title, journal, volume, issue, pages) in enumerate(_CITED, 1):
        works.append(
            Work(
                key=key,
                title=title,
                authors=tuple(Author(family=f, given=g) for f, g in names),
                year=year,
                journal=journal,
                volume=volume,
                issue=issue,
                pages=pages,
                provenance=Provenance("bibtex", f"test:{line}"),
            )
        )
    return tuple(works)


def _clean(value: object) -> str | None:
    """A fact usable as a record value, or None when it is qualified or absent."""
    if value is None or (isinstance(value, str) and _QUALIFIED.search(value)):
        return None
    return str(value)


def crossref_message(paper: dict) -> dict | None:
    """A Crossref-format work for one paper's ``record`` facts (None: no DOI)."""
    facts = paper["record"]
    if not facts.get("doi"):
        return None
    message: dict = {
        "DOI": facts["doi"],
        "title": [facts["title"]],
        "author": [
            {"family": f, "given": g, "sequence": "additional"} for f, g in facts["authors"]
        ],
        "container-title": [facts["journal"]],
        "type": "journal-article",
        "is-referenced-by-count": 0,
    }
    for fact, field in (
        ("volume", "volume"),
        ("issue", "issue"),
        ("pages", "page"),
        ("article_number", "article-number"),
        ("publisher", "publisher"),
    ):
        if _clean(facts.get(fact)):
            message[field] = _clean(facts.get(fact))
    if _clean(facts.get("issn")):
        message["ISSN"] = [facts["issn"]]
    print_parts = [facts["year_print"]] + ([facts["month_print"]] if "month_print" in facts else [])
    message["published-print"] = {"date-parts": [print_parts]}
    online = _clean(facts.get("online"))
    if online:
        message["published-online"] = {"date-parts": [[int(p) for p in online.split("-")]]}
    message["issued"] = message.get("published-online") or message["published-print"]
    return message


def crossref_messages() -> dict[str, dict]:
    """Lower-cased DOI -> Crossref-format work, for the nine papers with a DOI."""
    out = {}
    for paper in PAPERS:
        message = crossref_message(paper)
        if message:
            out[message["DOI"].lower()] = message
    return out
