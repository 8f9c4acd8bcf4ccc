"""MODEL_CARD.md: what the committed models learnt from, when, and how well they do on data
they never saw. Written by `halyq train`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from halyq.nlp.evaluate import TaskReport
from halyq.nlp.models import review_sentiment as review_stage
from halyq.nlp.models import train as recipe
from halyq.nlp.models.scores import AppealScores
from halyq.nlp.models.train import TrainingData


@dataclass(frozen=True)
class CardFigures:
    posts: dict[str, TaskReport]  # the held-out part of every labelled file
    posts_first: dict[str, TaskReport]  # of kyzylorda-labelled.jsonl alone, as before 0.3
    reviews: TaskReport
    appeals: list[AppealScores]
    # The same held-out posts read by a reader trained without the operators' corrections;
    # set only when there were corrections, to show what they changed.
    posts_without_corrections: dict[str, TaskReport] | None = None


def render_card(data: TrainingData, figures: CardFigures, *, trained_on: date) -> str:
    """The model card as Markdown."""
    return "\n".join(
        [
            "# Halyq's trained reader: model card",
            "",
            f"Trained on {trained_on.isoformat()} by `halyq train` (deterministic: the same data",
            "gives the same `reader.json` and `reader.npy`). Model version: see",
            "`halyq.nlp.analyze.MODEL_VERSION`.",
            "",
            "## What it is",
            "",
            "Six logistic-regression heads over one feature vector: tf-idf of character",
            "2-5-grams inside words, words, word pairs and emoji, all on the match key (Kazakh",
            "letters folded, Latin Kazakh read as Cyrillic), plus the lexicon rules' evidence as",
            "numbers.",
            f"Vocabulary: at most {recipe.MAX_FEATURES:,} tokens seen in at least {recipe.MIN_DF}",
            "texts. Inference is numpy only (`linear.py`); urgency stays with the rules.",
            "",
            "| head | learns from | C |",
            "|---|---|---|",
            f"| complaint | posts; every appeal as a complaint (weight {recipe.APPEAL_WEIGHT}) "
            f"| {recipe.C['complaint']} |",
            f"| domain (formal appeal?) | appeals vs posts | {recipe.C['domain']} |",
            f"| category | post complaints | {recipe.C['category']} |",
            f"| category_formal | appeals; post complaints (weight {recipe.FORMAL_POST_WEIGHT}) "
            f"| {recipe.C['category_formal']} |",
            f"| sentiment | posts (3 classes), reviews (weight {recipe.REVIEW_WEIGHT}) "
            f"| {recipe.C['sentiment']} |",
            f"| review (a product or app review?) | reviews vs posts and appeals "
            f"| {recipe.C['review']} |",
            "",
            "Reviews' positive/negative comes from a stage of its own (`review_sentiment.py`,",
            "`review_sentiment.json` and `.npy`), read for texts the review head takes for",
            "reviews: its own vocabulary of words, word pairs and character 1-5-grams (at least",
            f"{review_stage.MIN_DF} reviews each), a linear SVM (balanced, C {review_stage.C})",
            f"added to a naive Bayes (alpha {review_stage.ALPHA}), weighted "
            f"{review_stage.SVM_SHARE}/{round(1 - review_stage.SVM_SHARE, 2)},",
            f"threshold from {review_stage.FOLDS}-fold CV, learnt from the KazSAnDRA train split.",
            "",
            "## Data",
            "",
            _data_table(data),
            "",
            "Held out and never trained on: 30% of each labelled posts file in `data/posts/`",
            "(each file split on its own, stratified by category, seed 3) and 30% of KazSAnDRA",
            "(stratified by label).",
            "",
            "## Held-out figures",
            "",
            "All held-out social posts (every labelled file):",
            "",
            _posts_table(figures.posts),
            "",
            "The held-out posts of `kyzylorda-labelled.jsonl` alone (the set `linear-0.2` was",
            "measured on):",
            "",
            _posts_table(figures.posts_first),
            "",
            *_corrections_effect(figures),
            f"KazSAnDRA held-out reviews ({figures.reviews.support}): sentiment macro-F1 "
            f'**{figures.reviews.macro_f1:.3f}** (positive/negative; a "neutral" answer is a '
            "miss).",
            "",
            "Formal appeals (KZgovData, 5-fold cross-validation by appeal):",
            "",
            "| language | appeals | complaint recall | category macro-F1 (10 groups) |",
            "|---|---:|---:|---:|",
            *(
                f"| {a.lang} | {a.appeals} | {a.complaint_recall:.3f} | {a.category.macro_f1:.3f} |"
                for a in figures.appeals
            ),
            "",
        ]
    )


def _data_table(data: TrainingData) -> str:
    sources = Counter(post.source for post in data.posts)
    complaints = sum(bool(post.is_complaint) for post in data.posts)
    return "\n".join(
        [
            "| source | texts | used for |",
            "|---|---:|---|",
            f"| labelled posts, train splits | {sources['posts']} | all heads |",
            f"| demo posts | {sources['demo']} | all heads |",
            f"| (of these, complaints) | {complaints} | category |",
            f"| KZgovData appeals (kk + ru) | {len(data.appeals)} | complaint, domain, "
            "category_formal |",
            f"| KazSAnDRA reviews, train split | {len(data.reviews)} | sentiment |",
            f"| operators' corrections | {sources['corrections']} | the heads their labels name |",
        ]
    )


def _corrections_effect(figures: CardFigures) -> list[str]:
    before = figures.posts_without_corrections
    if before is None:
        return []
    rows = [
        "Effect of the operators' corrections on the same held-out posts:",
        "",
        "| task | macro-F1 without corrections | macro-F1 with corrections | change |",
        "|---|---:|---:|---:|",
    ]
    for task, after in figures.posts.items():
        if task in before:
            old, new = before[task].macro_f1, after.macro_f1
            rows.append(f"| {task} | {old:.3f} | {new:.3f} | {new - old:+.3f} |")
    return [*rows, ""]


def _posts_table(reports: dict[str, TaskReport]) -> str:
    rows = [
        "| task (held-out social posts) | rows | accuracy | macro-F1 | notes |",
        "|---|---:|---:|---:|---|",
    ]
    for report in reports.values():
        note = ""
        if report.task == "complaint":
            yes = "yes"
            note = (
                f"complaint P {report.precision[yes]:.3f} / R {report.recall[yes]:.3f} / "
                f"F1 {report.f1[yes]:.3f}"
            )
        rows.append(
            f"| {report.task} | {report.support} | {report.accuracy:.3f} | "
            f"{report.macro_f1:.3f} | {note} |"
        )
    return "\n".join(rows)
