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
simple English plural taken off ("logics" -> "logic", "ontologies" -> "ontology"), so that
the singular and the plural are one term; a hyphen after a prefix is dropped
("non-monotonic" -> "nonmonotonic", "multi-agent" -> "multiagent"). Words are letters
only, three or more of them (numbers, years and page ranges are not topics). Two-word
phrases are built only from words that stood side by side in the text, never across a
dropped word, so that "logic for programs" does not give "logic program".
"""

from __future__ import annotations

import re
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


# "non-monotonic" and "nonmonotonic", "multi-agent" and "multiagent" are one word.
_PREFIXED = re.compile(
    r"(?i)\b(non|multi|anti|semi|pre|post|co|sub|inter|meta|pseudo|quasi)[-\u2010\u2011]"
    r"(?=[^\W\d_])"
)
_TOKEN = re.compile(r"[^\W_]+")
_WORD = re.compile(r"[^\W\d_]{3,}")
# Ordinals written as one word in venue names: "Thirty-Second", "TwentyFourth".
_ORDINAL = re.compile(r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\w*")
# A run of words not broken by punctuation: phrases never cross a comma or a full stop.
_RUN = re.compile(r"[^.,;:!?()\[\]{}\"|/\n]+")


@lru_cache(maxsize=65536)
def normal_word(word: str) -> str:
    """Lower case, accents folded, a regular English plural taken off."""
    word = fold_accents(word.lower())
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


def analyze(text: str) -> list[str]:
    """The terms of ``text``: kept words and the two-word phrases of neighbouring kept
    words, in order (a term may repeat: TF-IDF counts it)."""
    terms: list[str] = []
    stops = stop_words()
    for run in _RUN.findall(_PREFIXED.sub(r"\1", text)):
        previous = ""
        for raw in _TOKEN.findall(run):
            word = normal_word(raw)
            if (
                not _WORD.fullmatch(raw)
                or word in stops
                or raw.lower() in stops
                or _ORDINAL.fullmatch(word)
            ):
                previous = ""
                continue
            terms.append(word)
            if previous:
                terms.append(f"{previous} {word}")
            previous = word
    return terms
