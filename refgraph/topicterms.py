"""The terms that automatic topic discovery counts: words and two-word phrases of a work's
title, keywords, abstract and venue, with the words that tell nothing left out.

Left out, because a researcher would not call a topic by them:
- English function words (scikit-learn's list) and Dutch ones (written here: the bundled
  library is partly Dutch, and "van", "het", "een" would otherwise lead every Dutch topic),
  and the commonest French and German ones;
- what BibTeX venues and titles share across every field: "proceedings", "international",
  "conference", "journal", "lecture notes", publishers, ordinals, month names;
- research boilerplate that every abstract has: "approach", "paper", "results", "using".

A word is lower-cased, its accents folded ("représentation" -> "representation") and a
simple English plural taken off ("logics" -> "logic", "ontologies" -> "ontology",
"processes" -> "process"), so that the singular and the plural are one term; a hyphen
after a prefix or a function word is dropped ("non-monotonic" -> "nonmonotonic",
"well-founded" -> "wellfounded"), other hyphens split ("answer-set" -> "answer", "set").
Words are letters only, three or more of them (numbers, years and page ranges are not
topics). Two-word phrases are built only from words that stood side by side in the text,
never across a dropped word, so that "logic for programs" does not give "logic program".
Terms are for the model; labels show each term as the texts write it (``analyze`` counts
the written forms when asked: "well-founded semantics", "SAT").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from refgraph.topics import fold_accents

DUTCH = """aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch
doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe
hun iemand iets ik in is ja je kan kon kunnen maar me meer men met mij mijn moet na naar
niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit uw
van veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich
zij zijn zo zonder zou tussen bij binnen hun hen wanneer welke waar waarom vanuit volgens"""

# The commonest French and German function words: titles in those languages turn up in
# any European library (krr.bib has some), and "des" or "und" must not lead a topic.
OTHER_LANGUAGES = """les des une pour dans sur avec par est sont aux du la le et und der die
das den dem des ein eine einer eines fur mit von zur zum auf aus bei ist sind nicht oder als"""

BIBTEX_NOISE = """proceedings proc conference conf international intl workshop workshops
symposium annual journal journals transactions letters lecture notes volume vol pages
edition editor editors eds chapter part series press publisher publishers springer verlag
elsevier ieee acm aaai ijcai wiley university universitat univ dept department institute
society association report technical thesis dissertation phd arxiv preprint abs corr
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
january february march april may june july august september october november december
twenty thirty forty fifty sixty seventy eighty ninety hundred twentieth thirtieth
fortieth fiftieth annual biennial jan feb mar apr jun jul aug sep sept oct nov dec
http https www doi org com html pdf url"""

BOILERPLATE = """approach approaches paper papers article present presents presented show
shows shown result results use used uses using based new novel study studies studied
propose proposed proposes method methods work works provide provides provided introduce
introduced way ways different various given general particular specific important
problem problems case cases example examples including include includes number numbers
towards toward issue issues aspect aspects related recent recently also however
well known main finally order able like allows allow allowed consider considered
discuss discussed describe described investigate investigated report reported obtain
obtained demonstrate demonstrated paper's authors author note notes abstract introduction
conclusion overview survey review application applications"""

OWN_STOP_WORDS: frozenset[str] = frozenset(
    " ".join((DUTCH, OTHER_LANGUAGES, BIBTEX_NOISE, BOILERPLATE)).split()
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Ours and scikit-learn's English list (imported here, on first use: importing
    scikit-learn takes a second or more, which a verb that reads cached topics skips)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return OWN_STOP_WORDS | frozenset(ENGLISH_STOP_WORDS)


# Prefixes written with or without a hyphen: "non-monotonic" and "nonmonotonic",
# "multi-agent" and "multiagent" are one word.
PREFIXES = frozenset(
    ("non", "multi", "anti", "semi", "pre", "post", "co", "sub", "inter", "meta", "pseudo")
    + ("quasi",)
)
# A word, or words joined by hyphens ("well-founded", "answer-set"): the parts are split
# or joined by ``_parts``.
_TOKEN = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Ordinals written as one word in venue names: "Thirty-Second", "TwentyFourth".
_ORDINAL = re.compile(r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\w*")
# A run of words not broken by punctuation: phrases never cross a comma or a full stop.
_RUN = re.compile(r"[^.,;:!?()\[\]{}\"|/\n]+")
# Plurals in "-es" after a hissing sound: "processes", "searches", "boxes".
_ES_PLURAL = ("sses", "ches", "shes", "xes", "zzes")


@lru_cache(maxsize=65536)
def normal_word(word: str) -> str:
    """Lower case, accents folded, a regular English plural taken off ("logics" ->
    "logic", "ontologies" -> "ontology", "processes" -> "process", "searches" ->
    "search")."""
    word = fold_accents(word.lower())
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(_ES_PLURAL) and not word.endswith("aches"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


# Words recur from text to text: the functions of one token or word below keep this many
# answers (all of them pure).
WORD_MEMO = 1 << 14


@lru_cache(maxsize=WORD_MEMO)
def _parts(token: str) -> tuple[str, ...]:
    """A hyphenated token's words: a prefix or a function word is joined to the word after
    it ("non-monotonic" -> "non-monotonic" as one word, "well-founded", "first-order":
    "well" and "first" alone would be dropped and leave "founded"); the other parts stand
    alone ("answer-set" -> "answer", "set", as "answer set")."""
    stops = stop_words()
    words: list[str] = []
    glue = False
    for part in _HYPHEN.split(token):
        if glue:
            words[-1] += "-" + part
        else:
            words.append(part)
        glue = part.lower() in PREFIXES or part.lower() in stops
    return tuple(words)


@lru_cache(maxsize=WORD_MEMO)
def _term(letters: str) -> str:
    """The term a word (its letters, hyphens taken out) counts as, or "" when it tells
    nothing: not three letters or more, a stop word, or an ordinal."""
    stops = stop_words()
    word = normal_word(letters)
    if (
        not _WORD.fullmatch(letters)
        or word in stops
        or letters.lower() in stops
        or _ORDINAL.fullmatch(word)
    ):
        return ""
    return word


@lru_cache(maxsize=WORD_MEMO)
def _surface(raw: str, all_capitals: bool) -> str:
    """How a word is written, for labels: as written when a part of it has capitals after
    its first letter ("SAT", "PDDL", "ProbLog") in a text not all in capitals, else in
    lower case ("Well-Founded" -> "well-founded")."""
    if not all_capitals and any(c.isupper() for part in raw.split("-") for c in part[1:]):
        return raw
    return raw.lower()


def analyze(text: str, surfaces: Counter[tuple[str, str]] | None = None) -> list[str]:
    """The terms of ``text``: kept words and the two-word phrases of neighbouring kept
    words, in order (a term may repeat: TF-IDF counts it). With ``surfaces``, each term's
    written form is counted there too, as (term, form): "decision processes" for the
    term "decision process", "well-founded" for "wellfounded"."""
    terms: list[str] = []
    for run in _RUN.findall(text):
        capitals = run.isupper()
        previous, previous_form = "", ""
        for token in _TOKEN.findall(run):
            for i, raw in enumerate(_parts(token)):
                word = _term(raw.replace("-", ""))
                if not word:
                    previous = ""
                    continue
                terms.append(word)
                form = _surface(raw, capitals) if surfaces is not None else ""
                if surfaces is not None:
                    surfaces[word, form] += 1
                if previous:
                    terms.append(f"{previous} {word}")
                    if surfaces is not None:  # "answer-set" inside a token, else a space
                        surfaces[terms[-1], f"{previous_form}{'-' if i else ' '}{form}"] += 1
                previous, previous_form = word, form
    return terms
