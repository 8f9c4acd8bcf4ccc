"""Quality of the analysis on labelled data in the repository.

- the held-out 30% of each labelled posts file (never trained on);
- the independent held-out files (each written by a hand that never saw the readers, never
  trained or tuned on: the fairest figures);
- demo labels: the Kyzylorda demo posts (trained on, and the rules were adjusted while looking
  at these: an optimistic figure, kept to see regressions);
- KZgovData: every text is a complaint with a coarse category; it is training data, so it is
  measured by 5-fold cross-validation by appeal, in Kazakh and Russian;
- KazSAnDRA: sentiment on the held-out 30% of its reviews.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.evaluate import evaluate, read_labelled
from halyq.nlp.models import corpus
from halyq.nlp.models.corpus import Example
from halyq.nlp.models.scores import appeal_cross_validation, review_sentiment
from halyq.nlp.places_eval import evaluate_reading

ROOT = Path(__file__).resolve().parent.parent
KZGOV = ROOT / "data" / "kzgovdata" / "dev.jsonl"
LABELLED = ROOT / "data" / "posts" / "kyzylorda-labelled.jsonl"
# In the order they were written; a new one is added at the end, so earlier figures compare.
INDEPENDENT = (
    ROOT / "data" / "posts" / "kyzylorda-heldout.jsonl",
    ROOT / "data" / "posts" / "kyzylorda-heldout-2.jsonl",
)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def demo_examples() -> list[Example]:
    return corpus.demo_posts()


def held_out_examples() -> list[Example]:
    """The held-out part of every labelled posts file (the models never learnt from it)."""
    return corpus.labelled_split()[1]


def independent_examples(path: Path) -> list[Example]:
    """An independent held-out file, read as `halyq eval` reads any labelled file."""
    return read_labelled(path)


def independent_where_when(profile: CityProfile, path: Path) -> dict[str, float]:
    """Places and event dates on an independent file, as `analyze` reads them."""
    return evaluate_reading(_jsonl(path), profile)


def labelled_quality(profile: CityProfile, examples: list[Example]) -> dict[str, float]:
    """The figures `halyq eval` reports, in the shape docs/BENCHMARKS.md quotes."""
    reports = evaluate(examples, profile)
    complaint = reports["complaint"]
    return {
        "posts": complaint.support,
        "lang_accuracy": reports["lang"].accuracy,
        "complaint_precision": complaint.precision["yes"],
        "complaint_recall": complaint.recall["yes"],
        "complaint_f1": complaint.f1["yes"],
        "category_accuracy_on_complaints": reports["category"].accuracy,
        "urgency_accuracy_on_complaints": reports["urgency"].accuracy,
        "sentiment_accuracy": reports["sentiment"].accuracy,
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
