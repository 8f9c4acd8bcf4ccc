"""Positive or negative, for a text the review head takes for a product or app review.

A stage of its own, with a vocabulary of its own learnt from KazSAnDRA's reviews alone: the
shared reader's vocabulary is chosen for complaints and categories and misses much of how a
review praises or scolds ("керемет", "қатып қалады", "ұнамайд", "👍").

- tokens, all read from the match key (Kazakh letters folded, Latin read as Cyrillic):
  words and word pairs (emoji count as words), and character 1-5-grams inside each
  space-separated chunk padded with spaces, each seen in at least two train reviews;
- two linear models over them, added: a linear SVM on tf-idf (logarithmic tf, each of the
  two blocks L2-normalised on its own, classes balanced: reviews are 82% positive) and a
  multinomial naive Bayes on which tokens occur, which is surer on the rare words of short
  reviews; each score is divided by its spread in cross-validation and weighted 0.6/0.4;
- the threshold is the one with the best macro-F1 over the out-of-fold scores of 5-fold
  cross-validation on the train reviews, folded into the intercept. C, alpha and the weights
  were chosen by the same cross-validation (docs/QUALITY.md has the figures).

Training needs scikit-learn; inference is a dictionary look-up and two sums in numpy. The
artefact is `review_sentiment.json` (vocabularies, intercept) and `review_sentiment.npy`
(float16, a row per token: idf, SVM weight, NB weight), the same bytes for the same data.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from halyq.nlp.models.linear import MODELS_DIR, read_artefact
from halyq.nlp.normalise import match_key

ARTEFACT = "review_sentiment"
CHAR_SIZES = range(1, 6)
MIN_DF = 2
C = 0.03  # 5-fold CV on the train reviews, SVM alone: 0.01 -> 0.773, 0.03 -> 0.773, 0.1 -> 0.765
ALPHA = 0.3  # NB smoothing; CV of the blend: 0.1 -> 0.779, 0.3 -> 0.780
SVM_SHARE = 0.6  # CV of the blend: 0.5 -> 0.779, 0.6 -> 0.780, 0.7 -> 0.778, 0.8 -> 0.777
FOLDS = 5
REVIEW_SHARE = 0.5  # the review head's share from which a text is read as a review
# Words and emoji; an emoji carries much of a short review's mood ("👍", "😡").
_WORD_RE = re.compile("[^\\W_]+|[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")


def word_tokens(key: str) -> list[str]:
    """Words and pairs of neighbouring words: "жаксы емес" -> ["жаксы", "емес", "жаксы емес"]."""
    words = _WORD_RE.findall(key)
    return [*words, *(f"{first} {second}" for first, second in pairwise(words))]


def char_tokens(key: str) -> list[str]:
    """Character 1-5-grams of each space-separated chunk padded with spaces: " жок ", "ок "."""
    grams: list[str] = []
    for chunk in key.split():
        padded = f" {chunk} "
        for size in CHAR_SIZES:
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


_BLOCKS = (word_tokens, char_tokens)


@dataclass(frozen=True)
class ReviewSentiment:
    """A trained review-sentiment model: per block a vocabulary (token -> row) and per row
    its idf, SVM weight and NB weight (both already scaled); a positive margin reads positive."""

    vocabularies: tuple[dict[str, int], ...]
    idf: tuple[np.ndarray, ...]
    svm: tuple[np.ndarray, ...]
    nb: tuple[np.ndarray, ...]
    intercept: float

    def margin(self, text: str) -> float:
        """Signed distance from the threshold: > 0 positive, < 0 negative."""
        key = match_key(text)
        total = self.intercept
        for block, tokens in enumerate(_BLOCKS):
            vocabulary = self.vocabularies[block]
            counts = Counter(vocabulary[t] for t in tokens(key) if t in vocabulary)
            if not counts:
                continue
            rows = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
            values = tf * self.idf[block][rows]
            total += float(values @ self.svm[block][rows]) / float(np.sqrt(values @ values))
            total += float(self.nb[block][rows].sum())
        return total

    def read(self, text: str) -> str:
        """ "Өте жақсы қосымша, ұнады 👍" -> "positive"; "Қатып қалады, ашылмайды" -> "negative"."""
        return "positive" if self.margin(text) > 0 else "negative"


def train_model(texts: Sequence[str], positive: Sequence[bool]) -> ReviewSentiment:
    """Fit the vocabularies and both models on `texts`; scales and threshold come from 5-fold
    cross-validation on them."""
    if len(set(positive)) < 2:
        raise ValueError("review sentiment needs positive and negative reviews to learn from")
    keys = [match_key(text) for text in texts]
    gold = np.asarray(positive, dtype=bool)
    vectorizers = [_vectorizer(tokens).fit(keys) for tokens in _BLOCKS]
    x = _features(vectorizers, keys)
    (svm_weights, svm_bias), (nb_weights, nb_bias) = _fit(x, gold)
    svm_scale, nb_scale, threshold = _cv_blend(x, gold)
    svm_weights, nb_weights = svm_weights * svm_scale, nb_weights * nb_scale
    vocabularies, idf, svm, nb, start = [], [], [], [], 0
    for vectorizer in vectorizers:
        order = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        vocabularies.append({token: row for row, token in enumerate(order)})
        rows = slice(start, start + len(order))
        idf.append(_half(vectorizer.idf_))
        svm.append(_half(svm_weights[rows]))
        nb.append(_half(nb_weights[rows]))
        start += len(order)
    intercept = svm_bias * svm_scale + nb_bias * nb_scale - threshold
    return ReviewSentiment(
        tuple(vocabularies), tuple(idf), tuple(svm), tuple(nb), round(intercept, 6)
    )


def _half(values: np.ndarray) -> np.ndarray:
    """As stored (float16), so the trained model reads exactly as the saved one."""
    return np.asarray(values).astype(np.float16).astype(np.float32)


def _vectorizer(tokens: Any) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=tokens, min_df=MIN_DF, sublinear_tf=True)


def _features(vectorizers: list[Any], keys: list[str]) -> Any:
    from scipy import sparse

    return sparse.hstack([v.transform(keys) for v in vectorizers]).tocsr()


def _fit(x: Any, gold: np.ndarray) -> tuple[tuple[np.ndarray, float], tuple[np.ndarray, float]]:
    """(weights, bias) of the SVM on tf-idf and of the NB log-odds on token presence."""
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.svm import LinearSVC

    svm = LinearSVC(C=C, class_weight="balanced", max_iter=20_000, random_state=0).fit(x, gold)
    nb = MultinomialNB(alpha=ALPHA).fit((x > 0).astype(np.float64), gold)
    log_odds = nb.feature_log_prob_[1] - nb.feature_log_prob_[0]
    prior = float(nb.class_log_prior_[1] - nb.class_log_prior_[0])
    return (svm.coef_[0], float(svm.intercept_[0])), (log_odds, prior)


def _cv_blend(x: Any, gold: np.ndarray) -> tuple[float, float, float]:
    """(SVM scale, NB scale, threshold): each model's share over its out-of-fold spread, and the
    blended score above which a review reads positive, the best macro-F1 out of fold (fixed
    folds by row number; the vocabulary is the full one, a small optimism)."""
    fold = np.arange(len(gold)) % FOLDS
    svm_scores, nb_scores = np.zeros(len(gold)), np.zeros(len(gold))
    for k in range(FOLDS):
        train, test = fold != k, fold == k
        (svm_w, svm_b), (nb_w, nb_b) = _fit(x[train], gold[train])
        svm_scores[test] = x[test] @ svm_w + svm_b
        nb_scores[test] = (x[test] > 0).astype(np.float64) @ nb_w + nb_b
    svm_scale = SVM_SHARE / float(svm_scores.std())
    nb_scale = (1.0 - SVM_SHARE) / float(nb_scores.std())
    blended = svm_scale * svm_scores + nb_scale * nb_scores
    candidates = np.round(np.arange(-1.0, 1.01, 0.02), 2)
    threshold = max(candidates, key=lambda t: (macro_f1(gold, blended > t), -abs(t)))
    return svm_scale, nb_scale, float(threshold)


def macro_f1(gold: np.ndarray, got: np.ndarray) -> float:
    """Mean F1 of the positive and the negative class."""
    scores = []
    for label in (True, False):
        hits = float(np.sum((got == label) & (gold == label)))
        found, actual = float(np.sum(got == label)), float(np.sum(gold == label))
        scores.append(2 * hits / (found + actual) if found + actual else 0.0)
    return sum(scores) / 2


def save_model(model: ReviewSentiment, folder: Path = MODELS_DIR, name: str = ARTEFACT) -> None:
    """Write `name`.json and `name`.npy (the same bytes for the same model)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "format": 1,
        "blocks": [sorted(v, key=v.__getitem__) for v in model.vocabularies],
        "intercept": model.intercept,
    }
    text = json.dumps(meta, ensure_ascii=False, separators=(",", ":"))
    (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    blocks = zip(model.idf, model.svm, model.nb, strict=True)
    matrix = np.vstack([np.column_stack(columns) for columns in blocks]).astype(np.float16)
    with (folder / f"{name}.npy").open("wb") as handle:
        np.save(handle, matrix, allow_pickle=False)


def load_model(folder: Path = MODELS_DIR, name: str = ARTEFACT) -> ReviewSentiment:
    """Read the artefact from `folder`; says how to rebuild it if it is missing."""
    meta, stored = read_artefact(folder, name)
    matrix = stored.astype(np.float32)
    vocabularies, columns, start = [], [], 0
    for tokens in meta["blocks"]:
        vocabularies.append({token: row for row, token in enumerate(tokens)})
        columns.append(matrix[start : start + len(tokens)])
        start += len(tokens)
    return ReviewSentiment(
        vocabularies=tuple(vocabularies),
        idf=tuple(np.ascontiguousarray(c[:, 0]) for c in columns),
        svm=tuple(np.ascontiguousarray(c[:, 1]) for c in columns),
        nb=tuple(np.ascontiguousarray(c[:, 2]) for c in columns),
        intercept=meta["intercept"],
    )


@lru_cache(maxsize=1)
def default_model() -> ReviewSentiment:
    """The artefact committed with Halyq, read once per process."""
    return load_model()


def train_and_save(folder: Path = MODELS_DIR, *, limit: int | None = None) -> ReviewSentiment:
    """`halyq train`'s step: learn from the train part of KazSAnDRA and save; the held-out 30%
    stays unseen for the model card. `limit` (quick tests) takes that many reviews evenly
    spread over the part, which lists the negative ones first."""
    from halyq.nlp.models.corpus import kazsandra_reviews

    reviews = kazsandra_reviews()[0]
    if limit is not None:
        reviews = reviews[:: max(1, len(reviews) // max(limit, 1))][:limit]
    model = train_model([r.text for r in reviews], [r.sentiment == "positive" for r in reviews])
    save_model(model, folder)
    if folder.resolve() == MODELS_DIR.resolve():
        default_model.cache_clear()
    return model


def review_sentiment_of(text: str, heads: dict[str, dict[str, float]]) -> str | None:
    """This stage's answer for a text the review head takes for a review, else None (the
    three-class sentiment head then decides)."""
    if heads.get("review", {}).get("review", 0.0) < REVIEW_SHARE:
        return None
    return default_model().read(text)
