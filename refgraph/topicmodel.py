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


@dataclass(frozen=True)
class FoundTopics:
    """``terms[t]``: topic t's most telling terms, best first (its label is the first
    ``LABEL_TERMS`` of them, phrases preferred to their own words). ``shares[i]``: text i's
    topics as (topic, share of its weight), main topic first; empty when the text has no
    counted term. Topics no text has as its main one are left out."""

    terms: tuple[tuple[str, ...], ...]
    shares: tuple[tuple[tuple[int, float], ...], ...]


def topic_count(n_texts: int) -> int:
    """How many topics to look for: about half the square root of the number of texts,
    at least 2 and at most 40 (a page overview and a terminal table stay readable)."""
    return max(2, min(40, round(math.sqrt(n_texts) / 2)))


def _terms(terms: list[str]) -> list[str]:
    return terms


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

    analyzed = [analyze(text) for text in texts]
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
    return _found(weights, components * nameable, vocabulary)


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


def _found(weights: np.ndarray, components: np.ndarray, vocabulary: np.ndarray) -> FoundTopics:
    totals = weights.sum(axis=1)
    main = np.where(totals > 0, weights.argmax(axis=1), -1)
    used = sorted(set(main.tolist()) - {-1})
    renumber = np.full(weights.shape[1], -1)
    renumber[used] = np.arange(len(used))
    phrases = _is_phrase(vocabulary)
    terms = tuple(_telling_terms(components, t, vocabulary, phrases) for t in used)
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
    return FoundTopics(terms, ordered)


def _telling_terms(
    components: np.ndarray, topic: int, vocabulary: np.ndarray, phrases: np.ndarray
) -> tuple[str, ...]:
    """Terms weighted high in this topic and low in the others: weight times its share of
    the term's weight over all topics (exclusivity), so that a term every topic uses
    ("logic" in a logic library) does not name them all."""
    row = components[topic]
    exclusive = row / np.maximum(components.sum(axis=0), 1e-12)
    score = row * exclusive * np.where(phrases, PHRASE_BOOST, 1.0)
    best = np.argsort(-score, kind="stable")[: KEPT_TERMS * 3]
    return tuple(_prefer_phrases([str(vocabulary[i]) for i in best if score[i] > 0]))


def _is_phrase(vocabulary: np.ndarray) -> np.ndarray:
    return np.char.find(vocabulary.astype(str), " ") >= 0


def _prefer_phrases(terms: list[str]) -> list[str]:
    """Best-first terms with a word dropped when a phrase holding it is kept ("answer set"
    over "answer"), and a phrase dropped when its words are already there."""
    kept: list[str] = []
    for term in terms:
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
