"""Quality of the analysis on labelled data in the repository.

- the held-out 30% of the 440 labelled posts (never trained on: the fair figure);
- demo labels: the Kyzylorda demo posts (trained on, and the rules were adjusted while looking
  at these: an optimistic figure, kept to see regressions);
- KZgovData: every text is a complaint with a coarse category; it is training data, so it is
  measured by 5-fold cross-validation by appeal, in Kazakh and Russian;
- KazSAnDRA: sentiment on the held-out 30% of its reviews.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import analyze
from halyq.nlp.models import corpus
from halyq.nlp.models.scores import appeal_cross_validation, review_sentiment
from halyq.sources.records import parse_time

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "halyq" / "demo"
KZGOV = ROOT / "data" / "kzgovdata" / "dev.jsonl"
LABELLED = ROOT / "data" / "posts" / "kyzylorda-labelled.jsonl"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def demo_rows() -> list[dict[str, Any]]:
    """The demo posts joined with their labels."""
    posts = {p["id"]: p for p in _jsonl(DEMO / "posts.jsonl")}
    return [{**posts[label["id"]], **label} for label in _jsonl(DEMO / "labels.jsonl")]


def labelled_rows() -> list[dict[str, Any]]:
    """The held-out part of the labelled posts (the models never learnt from it)."""
    _, held = corpus.split_posts(corpus.labelled_posts())
    ids = {example.group for example in held}
    return [row for row in _jsonl(LABELLED) if row["id"] in ids]


def labelled_quality(profile: CityProfile, rows: list[dict[str, Any]]) -> dict[str, float]:
    """Agreement with hand labels: language, complaint (P/R/F1), category, urgency, sentiment."""
    hits: Counter[str] = Counter()
    tp = fp = fn = 0
    for row in rows:
        created = parse_time(row["created_at"]) if row.get("created_at") else None
        got = analyze(row["text"], created_at=created, profile=profile)
        hits["lang"] += got.lang == row["lang"]
        tp += got.is_complaint and row["is_complaint"]
        fp += got.is_complaint and not row["is_complaint"]
        fn += (not got.is_complaint) and row["is_complaint"]
        if row["is_complaint"]:
            hits["complaints"] += 1
            hits["category"] += got.category == row["category"]
            hits["urgency"] += got.urgency == row["urgency"]
        hits["sentiment"] += got.sentiment == row["sentiment"]
    total, complaints = len(rows), hits["complaints"] or 1
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return {
        "posts": total,
        "lang_accuracy": hits["lang"] / total,
        "complaint_precision": precision,
        "complaint_recall": recall,
        "complaint_f1": 2 * precision * recall / max(precision + recall, 1e-9),
        "category_accuracy_on_complaints": hits["category"] / complaints,
        "urgency_accuracy_on_complaints": hits["urgency"] / complaints,
        "sentiment_accuracy": hits["sentiment"] / total,
    }


def kzgov_quality(profile: CityProfile) -> dict[str, float]:
    """Cross-validated complaint recall and coarse-category accuracy / macro-F1 per language."""
    result: dict[str, float] = {"texts": len(_jsonl(KZGOV))}
    for scores in appeal_cross_validation(profile):
        lang = "kz" if scores.lang == "kk" else scores.lang
        result[f"{lang}_complaint_recall"] = scores.complaint_recall
        result[f"{lang}_category_accuracy"] = scores.category.accuracy
        result[f"{lang}_category_macro_f1"] = scores.category.macro_f1
    return result


def kazsandra_quality(profile: CityProfile) -> dict[str, float]:
    """Sentiment macro-F1 on the held-out KazSAnDRA reviews (positive/negative)."""
    report = review_sentiment(profile)
    return {"reviews": report.support, "macro_f1": report.macro_f1, "accuracy": report.accuracy}
