"""Quality of the analysis on labelled data in the repository.

- demo labels: the Kyzylorda demo posts (the rules were adjusted while looking at these:
  an optimistic figure);
- the 440 labelled posts (written apart from the rules: the fairer figure);
- KZgovData: every text is a complaint with a coarse category; measured in Kazakh and Russian.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import analyze
from halyq.sources.records import parse_time

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "halyq" / "demo"
KZGOV = ROOT / "data" / "kzgovdata" / "dev.jsonl"
LABELLED = ROOT / "data" / "posts" / "kyzylorda-labelled.jsonl"

# KZgovData's coarse groups → Halyq category codes; ЖКХ covers every housing-utility category.
UTILITIES = {
    "water",
    "heating",
    "electricity",
    "gas",
    "street_lighting",
    "waste",
    "landscaping",
    "housing",
}
KZGOV_CATEGORIES: dict[str, set[str]] = {
    "экология": {"ecology"},
    "полиция": {"public_order"},
    "дороги": {"roads"},
    "интернет": {"communications"},
    "соцподдержка": {"social_support"},
    "образование": {"education"},
    "общественный транспорт": {"public_transport"},
    "ЖКХ": UTILITIES,
    "медицина": {"health"},
    "коррупция": {"corruption"},
}


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def demo_rows() -> list[dict[str, Any]]:
    """The demo posts joined with their labels."""
    posts = {p["id"]: p for p in _jsonl(DEMO / "posts.jsonl")}
    return [{**posts[label["id"]], **label} for label in _jsonl(DEMO / "labels.jsonl")]


def labelled_rows() -> list[dict[str, Any]]:
    return _jsonl(LABELLED)


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
    rows = _jsonl(KZGOV)
    result: dict[str, float] = {"texts": len(rows)}
    for lang in ("kz", "ru"):
        complaint = category = 0
        for row in rows:
            got = analyze(row[f"text_{lang}"], created_at=None, profile=profile)
            complaint += got.is_complaint
            category += got.category in KZGOV_CATEGORIES[row["category"]]
        result[f"{lang}_complaint_recall"] = complaint / len(rows)
        result[f"{lang}_category_accuracy"] = category / len(rows)
    return result
