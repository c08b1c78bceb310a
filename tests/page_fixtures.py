"""Libraries for the page tests, built from ``refgraph.model`` objects.

``small_library``: four real works of the leaky-gut debate (facts from
tests/data/ten-papers.json), one with an audit conflict and an online-first year, one with a
correction notice; a source that supports "tests-validated" while citing works that dispute
it; topics with Dutch synonyms; one cited work outside the library.
``hostile_library``: the same shape with script tags, event handlers and ``javascript:``
URLs in every field.
``bundled_graph``: the real library of bib/ and seeds/ (ten works, sources 000 and 001).
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from refgraph.enrich import EnrichOptions
from refgraph.model import (
    Author,
    Claim,
    DateParts,
    Enrichment,
    FieldAudit,
    Library,
    Provenance,
    Record,
    Reference,
    Source,
    Stance,
    Topic,
    TopicAssignment,
    Update,
    Work,
)
from refgraph.pipeline import Prepared, prepare

CROSSREF = Provenance("crossref", "https://api.crossref.org/works/...")

TOPICS = (
    Topic("microbiome", "microbiome", ("microbiota", "darmflora", "microbioom")),
    Topic("zonulin", "zonulin", ("zonuline",)),
    Topic("permeability", "intestinal permeability", ("darmdoorlaatbaarheid", "lekke darm")),
    Topic("stress", "stress", ("stress",)),
)
CLAIMS = (
    Claim("tests-validated", "Zonulin or other permeability tests are validated for clinical use"),
    Claim("lgs-diagnosis", "'Leaky gut syndrome' is a valid clinical diagnosis"),
)
FASANO = Work(
    "fasano2021", title="Zonulin and its regulation of intestinal barrier function",
    authors=(Author("Fasano", "Alessio"),), year=2021, journal="Physiological Reviews",
    volume="91", issue="1", pages="151-175",
)  # fmt: skip
CHAKAROUN = Work(
    "chakaroun2020",
    title="Gut microbiome, intestinal permeability, and tissue bacteria in metabolic disease",
    authors=(Author("Chakaroun", "Rima M."), Author("Massier", "Lucas"), Author("Kovacs", "Peter")),
    year=2020, journal="Trends in Endocrinology & Metabolism", volume="31", issue="1",
    pages="?",
)  # fmt: skip
LACY = Work(
    "lacy2024", title="Leaky gut syndrome: Myths and management",
    authors=(Author("Lacy", "Brian E."), Author("Wise", "Jessica L."),
             Author("Cangemi", "David J.")),
    year=2024, journal="Gastroenterology & Hepatology", volume="20", issue="5", pages="264-271",
)  # fmt: skip
DEPUNDER = Work(
    "depunder2015", title="Stress induces endotoxemia and low-grade inflammation",
    authors=(Author("de Punder", "Karin"), Author("Pruimboom", "Leo")), year=2015,
    journal="Frontiers in Immunology", volume="6", pages="223",
)  # fmt: skip


def _enrichments() -> tuple[Enrichment, ...]:
    fasano_record = Record(
        doi="10.1152/physrev.00003.2008", title=FASANO.title, authors=FASANO.authors,
        container_title="Physiological Reviews", volume="91", issue="1", pages="151-175",
        published_print=DateParts(2011, 1), published_online=DateParts(2011, 1),
        publisher="American Physiological Society", references_known=True,
        references=(Reference(doi="10.1000/outside.1", author="Wang, W", year=2000,
                              title="Human zonulin, a potential modulator"),),
        citation_count=1200,
    )  # fmt: skip
    chakaroun_record = Record(
        doi="10.1016/j.tem.2019.08.013", title=CHAKAROUN.title, authors=CHAKAROUN.authors,
        container_title="Trends in Endocrinology & Metabolism", volume="31", issue="1",
        pages="76-89", published_print=DateParts(2020, 1), published_online=DateParts(2019, 9),
        publisher="Elsevier BV", citation_count=230,
        updates=(Update("correction", "10.1016/j.tem.2020.01.001", DateParts(2020, 2), "Erratum"),),
    )  # fmt: skip
    return (
        Enrichment(
            "fasano2021",
            "matched",
            "10.1152/physrev.00003.2008",
            0.97,
            fasano_record,
            (
                FieldAudit(
                    "year",
                    "2021",
                    "2011",
                    "conflict",
                    "the source cites 2021; the record says 2011",
                    record_from=CROSSREF,
                ),
                FieldAudit(
                    "journal",
                    FASANO.journal,
                    "Physiological Reviews",
                    "confirmed",
                    record_from=CROSSREF,
                ),
            ),
        ),  # fmt: skip
        Enrichment(
            "chakaroun2020",
            "matched",
            "10.1016/j.tem.2019.08.013",
            0.93,
            chakaroun_record,
            (
                FieldAudit("pages", "?", "76-89", "filled", record_from=CROSSREF),
                FieldAudit(
                    "year",
                    "2020",
                    "2019",
                    "online-first",
                    "online 2019, print 2020",
                    record_from=CROSSREF,
                ),
            ),
        ),  # fmt: skip
    )


def small_library() -> Library:
    seed = Provenance("seed")
    stances = (
        Stance("fasano2021", "tests-validated", "supports", "zonulin as a biomarker"),
        Stance("lacy2024", "tests-validated", "disputes", "no validated test exists",
               ("https://example.org/lacy2024",)),
        Stance("lacy2024", "lgs-diagnosis", "disputes", "not an accepted diagnosis"),
        Stance("chakaroun2020", "tests-validated", "disputes", "surrogate markers only"),
        Stance("depunder2015", "tests-validated", "not addressed"),
        Stance("001", "tests-validated", "supports", "sells a zonulin test", (), seed),
        Stance("001", "lgs-diagnosis", "supports", "treats it as a diagnosis", (), seed),
        Stance("000", "lgs-diagnosis", "mixed", "an essay weighing both", (), seed),
    )  # fmt: skip
    assignments = (
        TopicAssignment("fasano2021", "zonulin"),
        TopicAssignment("chakaroun2020", "microbiome", Provenance("match", "title: 'microbiome'")),
        TopicAssignment("chakaroun2020", "permeability"),
        TopicAssignment("lacy2024", "permeability"),
        TopicAssignment("depunder2015", "stress"),
    )
    sources = (
        Source("000", "Lekt je darm? Een essay", "nl", "essay", "Weighs the evidence."),
        Source("001", "Zonuline-test: meet uw lekke darm", "nl", "commercial health-test page",
               "Sells a stool zonulin test.", "https://example.org/test",
               ("fasano2021", "chakaroun2020", "lacy2024", "depunder2015")),
    )  # fmt: skip
    return Library(
        name="leaky-gut (test)", works=(FASANO, CHAKAROUN, LACY, DEPUNDER), sources=sources,
        topics=TOPICS, claims=CLAIMS, stances=stances, assignments=assignments,
        enrichments=_enrichments(),
    )  # fmt: skip


HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


def hostile_library() -> Library:
    """Every field carries markup or a javascript: URL that would run if it were parsed."""
    h = HOSTILE
    js = "javascript:window.__pwned=3"
    work = Work(
        "evil" + h, entry_type="article" + h, title="Title " + h, year=2020,
        authors=(Author("Evil" + h, "Eve" + h),), journal="J " + h, volume=h, issue=h, pages=h,
        doi="10.1000/x\"><script>window.__pwned=4</script>", publisher=h, url=js,
        keywords=(h,), abstract=h,
    )  # fmt: skip
    record = Record(
        doi="10.1000/x\"><script>window.__pwned=4</script>", title="Record " + h,
        container_title=h, publisher=h, url=js, references_known=True,
        references=(Reference(doi="10.1000/</script><script>window.__pwned=5</script>",
                              author=h, title=h),),
        updates=(Update("retraction" + h, js, None, h),),
    )  # fmt: skip
    audit = (FieldAudit("title" + h, h, h, "conflict", h, record_from=CROSSREF),)
    return Library(
        name="hostile " + h, works=(work,),
        sources=(Source("s" + h, "Source " + h, h, h, h, js, (work.key,)),),
        topics=(Topic("t" + h, "Topic " + h, (h, "darmflora"), h),),
        claims=(Claim("c" + h, "Claim " + h),),
        stances=(Stance(work.key, "c" + h, "supports", h, (js, h)),
                 Stance("s" + h, "c" + h, "disputes", h, (js,))),
        assignments=(TopicAssignment(work.key, "t" + h),),
        enrichments=(Enrichment(work.key, "matched", record.doi, 0.5, record, audit),),
    )  # fmt: skip


ROOT = Path(__file__).resolve().parents[1]


def bundled_graph(cache_dir: Path) -> nx.MultiDiGraph:
    """The bundled library (bib/, seeds/), enriched offline from the bundled snapshot."""
    return bundled_prepared(cache_dir).graph


def bundled_prepared(cache_dir: Path) -> Prepared:
    """The bundled library and its graph, enriched offline from the bundled snapshot."""
    options = EnrichOptions(
        library_dir=str(ROOT / "bib"),
        offline=True,
        cache_path=str(cache_dir / "crossref-cache.sqlite"),  # never the user's cache
    )
    return prepare(ROOT / "bib", ROOT / "seeds", options)
