"""Topic discovery on plain texts: TF-IDF weights, non-negative matrix factorisation (NMF),
labels from each topic's most telling terms. No model is downloaded: the topics come from
the texts alone.

The same texts with the same settings give the same topics: NMF starts from an SVD of the
data (``nndsvda``), whose randomised part is seeded, and ties are broken by index.

Scale: the vocabulary is limited (``MAX_FEATURES`` terms seen in two works or more, in at
most half of them) and the matrices are sparse. Above ``FIT_SAMPLE`` texts NMF is fitted on
a seeded sample and the other texts are only projected onto the topics found, which costs a
fraction of a fit: 50,000 works cost little more than 10,000.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from refgraph.topicterms import analyze

MAX_FEATURES = 8000
FIT_SAMPLE = 8000
# A work is also about a topic that has at least this share of its topic weights.
SECONDARY_SHARE = 0.3
LABEL_TERMS = 3
# A text whose reconstruction from the topics has a lower cosine than this to the text is
# about none of them (a stray work from another field): it gets no automatic topic rather
# than the least bad one.
MIN_FIT = 0.1
KEPT_TERMS = 10
# A phrase names a topic better than either of its words ("heuristic search" over
# "search"): its label score counts twice (chosen by reading the topics of krr.bib and
# aibasel, docs/topics.md).
PHRASE_BOOST = 2.0
# A topic whose ten best terms are held by fewer than this share of its own works is a
# catch-all (works with little text, or of many small subjects): its label says so. On
# krr.bib and aibasel the topics a reader calls grab-bags sit at 0.16-0.23, the others
# mostly at 0.3-0.9 (docs/topics.md).
CATCH_ALL = 0.25
# A term's label score also counts the share of the topic's works that hold it, to this
# power: 1 still let terms of 2 % of a grab-bag topic lead it, 2 names it by its common
# terms (read on krr.bib and aibasel, docs/topics.md).
IN_TOPIC_POWER = 2


@dataclass(frozen=True)
class FoundTopics:
    """``terms[t]``: topic t's most telling terms, best first (its label is the first
    ``LABEL_TERMS`` of them, phrases preferred to their own words), written as the texts
    mostly write them ("well-founded semantics", "SAT solver"). ``shares[i]``: text i's
    topics as (topic, share of its weight), main topic first; empty when the text has no
    counted term. ``coverage[t]``: the share of topic t's main texts that hold one of its
    label terms (low: a catch-all that its label does not describe). Topics no text has as
    its main one are left out."""

    terms: tuple[tuple[str, ...], ...]
    shares: tuple[tuple[tuple[int, float], ...], ...]
    coverage: tuple[float, ...] = ()


@dataclass
class Labelling:
    """What labels are made of besides the model: ``surfaces`` counts (term, written form)
    over the texts, ``in_texts`` how many texts hold each term, ``analyzed`` each text's
    terms in order (to tell a three-word phrase from two two-word ones)."""

    surfaces: Counter[tuple[str, str]]
    in_texts: Counter[str]
    analyzed: list[list[str]]


def topic_count(n_texts: int) -> int:
    """How many topics to look for: about half the square root of the number of texts,
    at least 2 and at most 40 (a page overview and a terminal table stay readable)."""
    return max(2, min(40, round(math.sqrt(n_texts) / 2)))


def _terms(terms: list[str]) -> list[str]:
    return terms


def import_model() -> None:
    """Import what ``find_topics`` needs from scikit-learn (a second at least): done by
    the process that will discover the topics before its texts are ready (refgraph.pipeline)."""
    import sklearn.decomposition  # noqa: F401 - imported for its side effect: loaded
    import sklearn.feature_extraction.text  # noqa: F401


def find_topics(
    texts: Sequence[str],
    venues: Sequence[str] | None = None,
    n_topics: int | None = None,
    seed: int = 0,
    fit_sample: int = FIT_SAMPLE,
) -> FoundTopics:
    """Topics of ``texts`` (one per work: title, keywords, abstract) and, counted with them,
    their ``venues`` (journal or proceedings names). Venues help tell fields apart but
    make poor names ("joint", "european"), so a topic's terms are only terms found in
    texts at least half as often as in venues. ``n_topics`` defaults to ``topic_count``."""
    # Imported here: a second or more, paid only when topics are not in the cache.
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer
    from threadpoolctl import threadpool_limits

    surfaces: Counter[tuple[str, str]] = Counter()  # (term, as written): labels use them
    analyzed = [analyze(text, surfaces) for text in texts]
    seen: dict[str, list[str]] = {}  # venues repeat: each is analysed once
    in_texts = Counter(term for terms in analyzed for term in set(terms))
    in_venues: Counter[str] = Counter()
    if venues is not None:
        venue_terms = [seen[v] if v in seen else seen.setdefault(v, analyze(v)) for v in venues]
        in_venues.update(term for terms in venue_terms for term in set(terms))
        analyzed = [a + v for a, v in zip(analyzed, venue_terms, strict=True)]
    if sum(1 for a in analyzed if a) < 2:
        return FoundTopics((), tuple(() for _ in texts))
    rng = np.random.default_rng(seed)
    fit_rows = np.arange(len(texts))
    if len(texts) > fit_sample:
        fit_rows = np.sort(rng.choice(len(texts), size=fit_sample, replace=False))
    vectorizer = TfidfVectorizer(
        analyzer=_terms,
        min_df=2,
        max_df=0.5,
        max_features=MAX_FEATURES,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        fit_matrix = vectorizer.fit_transform([analyzed[i] for i in fit_rows])
    except ValueError:  # no term is in two works: nothing to find topics in
        return FoundTopics((), tuple(() for _ in texts))
    k = min(n_topics or topic_count(len(texts)), *fit_matrix.shape)
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=300, tol=5e-3)
    # One BLAS thread: these matrices are small, and on a busy machine threads that spin
    # waiting for each other made the fit ten times slower (0.3 s -> 3-6 s measured).
    with threadpool_limits(limits=1):
        fit_weights = model.fit_transform(fit_matrix)
        if len(fit_rows) == len(texts):
            matrix, weights = fit_matrix, fit_weights
        else:
            matrix = vectorizer.transform(analyzed)
            weights = project(matrix, model.components_)
            weights[fit_rows] = fit_weights
    components = model.components_
    weights[_fit(matrix, weights, components) < MIN_FIT] = 0.0
    vocabulary = vectorizer.get_feature_names_out()
    nameable = np.array([in_texts[t] > 0 and in_texts[t] >= in_venues[t] / 2 for t in vocabulary])
    return _found(
        weights, components * nameable, vocabulary, matrix, Labelling(surfaces, in_texts, analyzed)
    )


def project(matrix: Any, components: np.ndarray, steps: int = 20) -> np.ndarray:
    """Topic weights of texts the model was not fitted on: the least-squares solution
    clipped at zero, then a few multiplicative updates with the topics held fixed (the
    same update NMF's "mu" solver uses for W). One sparse product and k x k work per step,
    where sklearn's ``transform`` runs a full solver: 50,000 texts in a fraction of it."""
    xh = np.asarray(matrix @ components.T)  # n x k
    gram = components @ components.T  # k x k
    weights = np.maximum(xh @ np.linalg.pinv(gram), 1e-9)
    for _ in range(steps):
        weights *= xh / np.maximum(weights @ gram, 1e-12)
    return weights


def _fit(matrix: Any, weights: np.ndarray, components: np.ndarray) -> np.ndarray:
    """Per text, the cosine between its TF-IDF vector and its reconstruction from the
    topics (0: the topics say nothing of it). Computed without the dense n x terms
    reconstruction: x.(wH) = w.(xH^T) and |wH|^2 = w (HH^T) w^T."""
    dots = np.einsum("ij,ij->i", np.asarray(matrix @ components.T), weights)
    norms = np.einsum("ij,ij->i", weights @ (components @ components.T), weights)
    rows = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return dots / np.maximum(np.sqrt(norms) * rows, 1e-12)


def _found(
    weights: np.ndarray,
    components: np.ndarray,
    vocabulary: np.ndarray,
    matrix: Any,
    labelling: Labelling,
) -> FoundTopics:
    totals = weights.sum(axis=1)
    main = np.where(totals > 0, weights.argmax(axis=1), -1)
    used = sorted(set(main.tolist()) - {-1})
    renumber = np.full(weights.shape[1], -1)
    renumber[used] = np.arange(len(used))
    phrases = _is_phrase(vocabulary)
    present = _present(matrix)
    in_topic = _share_in_topic(present, renumber[main], len(used))
    best = [
        _telling_terms(components, t, vocabulary, phrases, in_topic[j]) for j, t in enumerate(used)
    ]
    column = {str(term): i for i, term in enumerate(vocabulary)}
    members = [np.flatnonzero(renumber[main] == j) for j in range(len(used))]
    best = [_varied(t) for t in _join_chains(best, labelling, present, column, members)]
    coverage = tuple(
        _coverage(present, renumber[main] == j, terms, column) for j, terms in enumerate(best)
    )
    written = _written_forms(best, labelling.surfaces)
    terms = tuple(tuple(written[t] for t in ts) for ts in best)
    share = weights / np.maximum(totals, 1e-12)[:, None]
    # Every topic with enough share, and the main one whatever its share; unused topics
    # (no text's main one) are dropped.
    keep = (share >= SECONDARY_SHARE) & (renumber >= 0)[None, :]
    keep[np.arange(len(main)), np.maximum(main, 0)] = True
    keep[main < 0] = False
    rows, cols = np.nonzero(keep)
    shares: list[list[tuple[int, float]]] = [[] for _ in range(len(weights))]
    for row, col, value in zip(
        rows.tolist(), renumber[cols].tolist(), share[rows, cols].round(3).tolist(), strict=True
    ):
        shares[row].append((col, value))
    ordered = tuple(tuple(sorted(s, key=lambda ts: (-ts[1], ts[0]))) for s in shares)
    return FoundTopics(terms, ordered, tuple(round(c, 3) for c in coverage))


def _present(matrix: Any) -> Any:
    """Which text holds which term: the TF-IDF matrix as 0/1, by column (CSC)."""
    present = matrix.tocsc(copy=True)
    present.data[:] = 1.0
    return present


def _share_in_topic(present: Any, main: np.ndarray, n_topics: int) -> np.ndarray:
    """topics x terms: the share of each topic's main texts that hold each term."""
    from scipy.sparse import csr_matrix

    rows = np.flatnonzero(main >= 0)
    members = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (main[rows], rows)),
        shape=(n_topics, present.shape[0]),
    )
    counts = np.asarray((members @ present).todense())
    sizes = np.maximum(np.bincount(main[rows], minlength=n_topics), 1)
    return counts / sizes[:, None]


def _telling_terms(
    components: np.ndarray,
    topic: int,
    vocabulary: np.ndarray,
    phrases: np.ndarray,
    in_topic: np.ndarray,
) -> list[str]:
    """Terms weighted high in this topic and low in the others: weight times its share of
    the term's weight over all topics (exclusivity), so that a term every topic uses
    ("logic" in a logic library) does not name them all; times the share of the topic's
    own works that hold the term, squared (``IN_TOPIC_POWER``), so that a term of three
    works among three hundred ("encyclopedia") does not name a topic that is mostly about
    something else."""
    row = components[topic]
    exclusive = row / np.maximum(components.sum(axis=0), 1e-12)
    held = in_topic**IN_TOPIC_POWER
    score = row * exclusive * held * np.where(phrases, PHRASE_BOOST, 1.0)
    best = np.argsort(-score, kind="stable")[: KEPT_TERMS * 3]
    return _prefer_phrases({str(vocabulary[i]): float(in_topic[i]) for i in best if score[i] > 0})


def _join_chains(
    best: list[list[str]],
    labelling: Labelling,
    present: Any,
    column: dict[str, int],
    members: list[np.ndarray],
) -> list[list[str]]:
    """Two kept phrases that chain ("satisfiability modulo", "modulo theory") and stand
    for a three-word phrase: a phrase that, in the topic's works, mostly occurs inside
    the three words in a row is a fragment, and the three-word phrase takes its place
    ("satisfiability modulo theory"); a phrase also used without the third word stays
    ("temporal logic" beside "metric temporal logic")."""
    joined = []
    for topic, terms in enumerate(best):
        terms = list(terms)
        for first in list(terms):
            if first not in terms or len(first.split()) != 2:
                continue
            for second in list(terms):
                if len(second.split()) != 2 or first.split()[1] != second.split()[0]:
                    continue
                fragments = _fragments(first, second, labelling, present, column, members[topic])
                if fragments:
                    at = min(terms.index(t) for t in fragments)
                    terms = [t for t in terms if t not in fragments]
                    terms.insert(at, f"{first} {second.split()[1]}")
                    break
        joined.append(terms)
    return joined


def _fragments(
    first: str,
    second: str,
    labelling: Labelling,
    present: Any,
    column: dict[str, int],
    members: np.ndarray,
) -> list[str]:
    """Which of ``first`` and ``second`` ("a b", "b c") mostly occur, among the topic's
    works (``members``: row indices), as "a b c" in a row."""
    if first not in column or second not in column:
        return []
    rows = set(members.tolist())
    holders = [set(present[:, column[t]].indices.tolist()) & rows for t in (first, second)]
    together = 0
    for row in holders[0] & holders[1]:
        terms = labelling.analyzed[row]
        together += any(terms[i] == first and terms[i + 2] == second for i in range(len(terms) - 2))
    return [
        term
        for term, held in zip((first, second), holders, strict=True)
        if together >= 2 and together >= len(held) / 2
    ]


def _varied(terms: list[str]) -> list[str]:
    """``terms`` with the first ``LABEL_TERMS`` naming different ideas where the terms
    allow: two phrases with the same head word ("default theory", "modulo theory") or the
    same first word ("decision diagram", "decision process") are not one idea for sharing
    it, and a label that repeats it tells less, so the second moves after the label.
    Phrases that overlap end to start ("answer set programming", "programming
    competition") are kept together."""
    label: list[str] = []
    for term in terms:
        if len(label) < LABEL_TERMS and not any(_alike(term, t) for t in label):
            label.append(term)
    label += [t for t in terms if t not in label][: LABEL_TERMS - len(label)]
    return label + [t for t in terms if t not in label]


def _alike(a: str, b: str) -> bool:
    """Two phrases sharing their head word or their first word (and not only that)."""
    x, y = a.split(), b.split()
    return len(x) > 1 and len(y) > 1 and (x[-1] == y[-1] or x[0] == y[0])


def _coverage(present: Any, members: np.ndarray, terms: Sequence[str], column: dict) -> float:
    """The share of a topic's texts (``members``: a boolean row mask) that hold at least
    one of ``terms`` (a three-word phrase by its first two words)."""
    size = int(members.sum())
    cols = [column[" ".join(t.split()[:2])] for t in terms if " ".join(t.split()[:2]) in column]
    if not size or not cols:
        return 0.0
    held = np.asarray(present[:, cols].sum(axis=1)).ravel() > 0
    return float((held & members).sum() / size)


def _written_forms(
    terms: Sequence[Sequence[str]], surfaces: Counter[tuple[str, str]]
) -> dict[str, str]:
    """Each term of ``terms`` as the texts most often write it (ties: the first form in
    sort order); a three-word phrase from the forms of its two phrases."""
    needed = {t for ts in terms for t in ts}
    needed |= {" ".join(w[i : i + 2]) for t in needed if len(w := t.split()) == 3 for i in (0, 1)}
    best: dict[str, tuple[int, str]] = {}
    for (term, form), n in surfaces.items():
        if term in needed and (term not in best or (-n, form) < (-best[term][0], best[term][1])):
            best[term] = (n, form)
    forms = {term: form for term, (_, form) in best.items()}
    for term in needed:
        words = term.split()
        if len(words) == 3:
            # The first word from the first phrase, the others from the second: the middle
            # word is written there as a modifier ("stable" + "model semantics", not
            # "stable models" + "semantics").
            head = forms.get(" ".join(words[:2]), " ".join(words[:2]))
            tail = forms.get(" ".join(words[1:]), " ".join(words[1:]))
            first = head.split(" ", 1)[0] if " " in head else head.rsplit("-", 1)[0]
            forms[term] = f"{first} {tail}"
    return {term: forms.get(term, term) for term in needed}


def _is_phrase(vocabulary: np.ndarray) -> np.ndarray:
    return np.char.find(vocabulary.astype(str), " ") >= 0


def _prefer_phrases(held: dict[str, float]) -> list[str]:
    """Best-first terms (``held``: term -> share of the topic's works that hold it, in
    rank order) with a word replaced by a phrase holding it when the phrase is most of the
    word's use in the topic ("answer set" for "answer"), and a phrase dropped when its
    words are already there."""
    kept: list[str] = []
    for term in held:
        words = set(term.split())
        if any(words <= set(k.split()) for k in kept):
            continue
        covered = [i for i, k in enumerate(kept) if set(k.split()) <= words]
        if covered:  # the phrase takes the place of the first word it holds
            kept[covered[0]] = term
            kept = [k for i, k in enumerate(kept) if i not in covered[1:]]
        else:
            kept.append(term)
        if len(kept) == KEPT_TERMS:
            break
    return kept
