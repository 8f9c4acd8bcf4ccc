"""`halyq train`: rebuild the models in halyq/nlp/models from the labelled data in the repository.

Deterministic: the same data gives the same bytes (fixed splits, a deterministic solver,
weights stored as float16). scikit-learn fits the heads; inference never needs it.

Heads (all logistic regression over the same features, see features.py):
- complaint: social posts (train split and demo) and every formal appeal as a complaint;
- domain: formal appeal (KZgovData) or social post;
- category: social-post complaints only (formal appeals shift it away from how residents write);
- category_formal: the same plus the formal appeals; it reads only texts the domain head takes
  for formal appeals, so the appeals' mix of categories does not bias social posts;
- sentiment: social posts (three classes) and the train part of KazSAnDRA's reviews;
- review: a product or app review (KazSAnDRA) or not (posts, appeals); a review's
  positive or negative comes from a stage of its own (review_sentiment.py), trained here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from halyq.city.profile import CityProfile
from halyq.nlp.classify import Evidence, read_evidence, rule_category_shares
from halyq.nlp.models import corpus
from halyq.nlp.models.corpus import UTILITIES, Example
from halyq.nlp.models.features import rule_values, text_tokens
from halyq.nlp.models.linear import ARTEFACT, MODELS_DIR, LinearReader
from halyq.nlp.models.review_sentiment import train_and_save as train_review_sentiment
from halyq.nlp.normalise import blank_spans
from halyq.nlp.places import find_places

CARD = "MODEL_CARD.md"
MIN_DF = 2
MAX_FEATURES = 30_000
RULE_SCALE = 1.0
RULE_BLEND = 0.4  # share of the rules in the informal category reading
# 5-fold CV on the train posts gives the same complaint F1 from 0.35 to 0.65 (0.916-0.926);
# 0.4 keeps recall high (0.941 against 0.930 at 0.5): a missed complaint is lost to the
# resident, a false one costs a specialist a click.
COMPLAINT_THRESHOLD = 0.4
APPEAL_WEIGHT = 0.5  # a formal appeal counts half a post for the complaint head
REVIEW_WEIGHT = 0.3  # a review counts 0.3 of a post for the sentiment head
# A social post counts 0.05 of an appeal in the formal category head. 5-fold CV by appeal with
# the four labelled files (linear-0.5), category macro-F1 kk/ru: 0.942/0.931 at 0, 0.938/0.932
# at 0.05, 0.935/0.932 at 0.075, 0.937/0.929 at 0.1; the train posts' own 5-fold CV category
# (strict) is 0.818 at 0.05 and 0.819 at 0.1. With three files 0.1 was best (0.937/0.933):
# the fourth file's 197 train complaints made the posts' total weight a third larger.
FORMAL_POST_WEIGHT = 0.05
C = {
    "complaint": 3.0,
    "domain": 10.0,
    "category": 30.0,
    "category_formal": 30.0,
    "sentiment": 3.0,
    "review": 3.0,
}


@dataclass
class HeadData:
    """Training rows of one head: evidence, target label and weight of each."""

    name: str
    kind: str  # sigmoid | softmax
    evidence: list[Evidence] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)

    def add(self, evidence: Evidence, target: str, weight: float = 1.0) -> None:
        self.evidence.append(evidence)
        self.targets.append(target)
        self.weights.append(weight)


@dataclass(frozen=True)
class TrainingData:
    """Everything `train` learns from, with the evidence of each text already read."""

    posts: list[Example]  # social posts: labelled train split and the demo
    appeals: list[Example]  # KZgovData, both languages
    reviews: list[Example]  # KazSAnDRA train part
    evidence: dict[str, Evidence]  # text -> evidence


def post_evidence(text: str, profile: CityProfile) -> Evidence:
    """The evidence `analyze` reads: places blanked out, then the lexicon scan."""
    places = find_places(text, profile.places)
    return read_evidence(blank_spans(text, [(p.start, p.end) for p in places]))


def utility_reader(profile: CityProfile) -> Callable[[str], str | None]:
    """The utility category the rules see in a ЖКХ appeal ("Лифт не работает" -> housing)."""

    def utility_of(text: str) -> str | None:
        shares = rule_category_shares(post_evidence(text, profile))
        found = {label: share for label, share in shares.items() if label in UTILITIES}
        return max(sorted(found), key=found.__getitem__) if found else None

    return utility_of


def load_training_data(
    profile: CityProfile, *, limit: int | None = None, corrections: Sequence[Example] = ()
) -> TrainingData:
    """The train parts of every source (the first `limit` of each, for quick tests), plus
    operators' corrections: posts with the labels a specialist set (any of them may be None)."""
    train_posts, _ = corpus.labelled_split()
    posts = (train_posts + corpus.demo_posts())[:limit] + list(corrections)
    appeals = corpus.kzgov_appeals(utility_reader(profile), limit=limit)
    reviews = corpus.kazsandra_reviews()[0][:limit]
    texts = {e.text for e in posts + appeals + reviews}
    evidence = {text: post_evidence(text, profile) for text in sorted(texts)}
    return TrainingData(posts, appeals, reviews, evidence)


def head_data(data: TrainingData) -> list[HeadData]:
    """The rows of every head, in a fixed order."""
    ev = data.evidence
    heads = {name: HeadData(name, kind) for name, kind in _KINDS.items()}
    for post in data.posts:
        if post.is_complaint is not None:
            heads["complaint"].add(ev[post.text], _yes(post.is_complaint))
        heads["domain"].add(ev[post.text], "informal")
        if post.sentiment:
            heads["sentiment"].add(ev[post.text], post.sentiment)
        if post.is_complaint is not False and post.category:
            heads["category"].add(ev[post.text], post.category)
            heads["category_formal"].add(ev[post.text], post.category, FORMAL_POST_WEIGHT)
    for appeal in data.appeals:
        heads["complaint"].add(ev[appeal.text], "yes", APPEAL_WEIGHT)
        heads["domain"].add(ev[appeal.text], "formal")
        heads["category_formal"].add(ev[appeal.text], appeal.category or "other")
    for post in (*data.posts, *data.appeals):
        heads["review"].add(ev[post.text], "post")
    for review in data.reviews:
        if review.sentiment:
            heads["sentiment"].add(ev[review.text], review.sentiment, REVIEW_WEIGHT)
            heads["review"].add(ev[review.text], "review")
    return [head for head in heads.values() if len(set(head.targets)) > 1]


_KINDS = {
    "complaint": "sigmoid",
    "domain": "sigmoid",
    "category": "softmax",
    "category_formal": "softmax",
    "sentiment": "softmax",
    "review": "sigmoid",
}
_SIGMOID_LABELS = {
    "complaint": ("no", "yes"),
    "domain": ("informal", "formal"),
    "review": ("post", "review"),
}


def _yes(flag: bool | None) -> str:
    return "yes" if flag else "no"


def fit_reader(heads: Sequence[HeadData]) -> LinearReader:
    """Fit the shared vocabulary and every head; the result is ready to use and to save."""
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = sorted({evidence.key for head in heads for evidence in head.evidence})
    vectorizer = TfidfVectorizer(
        analyzer=text_tokens, min_df=MIN_DF, max_features=MAX_FEATURES, sublinear_tf=True
    )
    vectorizer.fit(keys)
    vocabulary = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    rules = sorted({name for h in heads for e in h.evidence for name in rule_values(e)})

    def features(evidence: list[Evidence]) -> Any:
        tfidf = vectorizer.transform([e.key for e in evidence])
        dense = np.zeros((len(evidence), len(rules)))
        index = {name: i for i, name in enumerate(rules)}
        for row, item in enumerate(evidence):
            for name, value in rule_values(item).items():
                dense[row, index[name]] = value * RULE_SCALE
        return sparse.hstack([tfidf, sparse.csr_matrix(dense)]).tocsr()

    columns: list[np.ndarray] = []
    meta_heads: dict[str, Any] = {}
    for head in heads:
        x = features(head.evidence)
        labels, coef, intercepts = _fit_head(head, x)
        meta_heads[head.name] = {
            "labels": list(labels),
            "start": sum(c.shape[1] for c in columns),
            "intercepts": [round(float(v), 6) for v in intercepts],
            "kind": head.kind,
        }
        columns.append(coef.T)
    idf = np.concatenate([vectorizer.idf_, np.zeros(len(rules))])[:, None]
    matrix = np.hstack([*columns, idf]).astype(np.float16)
    meta = {
        "format": 1,
        "vocabulary": vocabulary,
        "rules": rules,
        "rule_scale": RULE_SCALE,
        "rule_blend": RULE_BLEND,
        "complaint_threshold": COMPLAINT_THRESHOLD,
        "heads": meta_heads,
    }
    return LinearReader(meta, matrix)


def _fit_head(head: HeadData, x: Any) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(
        C=C[head.name],
        max_iter=5000,
        class_weight="balanced" if head.kind == "sigmoid" else None,
    )
    model.fit(x, head.targets, sample_weight=np.asarray(head.weights))
    labels = tuple(str(label) for label in model.classes_)
    coef, intercepts = model.coef_, model.intercept_
    if head.kind == "sigmoid" and labels != _SIGMOID_LABELS[head.name]:
        # sklearn orders labels alphabetically; its one column speaks for the second label.
        labels, coef, intercepts = labels[::-1], -coef, -intercepts
    return labels, coef, intercepts


def save_reader(reader: LinearReader, folder: Path = MODELS_DIR, name: str = ARTEFACT) -> None:
    """Write `name`.json and `name`.npy (byte-for-byte the same for the same reader)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(reader.meta, ensure_ascii=False, separators=(",", ":"))
    (folder / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    matrix = np.hstack([reader.weights, _idf_column(reader)]).astype(np.float16)
    with (folder / f"{name}.npy").open("wb") as handle:
        np.save(handle, matrix, allow_pickle=False)


def _idf_column(reader: LinearReader) -> np.ndarray:
    column = np.zeros((reader.weights.shape[0], 1), dtype=np.float32)
    column[: len(reader.idf), 0] = reader.idf
    return column


def train(
    profile: CityProfile,
    *,
    folder: Path = MODELS_DIR,
    limit: int | None = None,
    with_card: bool = True,
    corrections: Sequence[Example] = (),
) -> LinearReader:
    """Train every head on the train parts of the data (and `corrections`), save the artefacts
    in `folder` and, with `with_card`, measure them on held-out data and write MODEL_CARD.md."""
    data = load_training_data(profile, limit=limit, corrections=corrections)
    reader = fit_reader(head_data(data))
    save_reader(reader, folder)
    train_review_sentiment(folder, limit=limit)  # its own stage: review_sentiment.py
    if with_card:
        # Imported here: measuring needs analyze(), which needs this package's reader.
        from halyq.nlp.models.card import CardFigures, render_card
        from halyq.nlp.models.scores import (
            appeal_cross_validation,
            held_out_posts,
            review_sentiment,
        )

        without = None
        if corrections:
            plain = load_training_data(profile, limit=limit)
            without = held_out_posts(profile, fit_reader(head_data(plain)))
        figures = CardFigures(
            posts=held_out_posts(profile, reader),
            posts_first=held_out_posts(profile, reader, files=(corpus.POSTS,)),
            reviews=review_sentiment(profile, reader),
            appeals=appeal_cross_validation(profile, limit=limit),
            posts_without_corrections=without,
        )
        card = render_card(data, figures, trained_on=date.today())
        (folder / CARD).write_text(card, encoding="utf-8")
    return reader
