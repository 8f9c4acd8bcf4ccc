"""The held-out figures of a trained reader, as the model card and `make bench` report them.

- social posts: the held-out 30% of each labelled file in data/posts/, never trained on;
- reviews: the held-out 30% of KazSAnDRA's polarity file (positive/negative);
- formal appeals: KZgovData is training data, so it is measured by 5-fold cross-validation,
  folds by appeal (its Kazakh and Russian versions and exact duplicates stay together); each
  fold's reader learns from everything else but the reviews (they only feed sentiment).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import analyze
from halyq.nlp.evaluate import TaskReport, evaluate, task_report
from halyq.nlp.models import corpus
from halyq.nlp.models.corpus import KZGOV_GROUPS, Example
from halyq.nlp.models.linear import LinearReader
from halyq.nlp.models.train import fit_reader, head_data, load_training_data

FOLDS = 5
COARSE_OF = {code: group for group, codes in KZGOV_GROUPS.items() for code in codes}


@dataclass(frozen=True)
class AppealScores:
    """Cross-validated reading of formal appeals in one language."""

    lang: str
    appeals: int
    complaint_recall: float
    category: TaskReport  # over KZgovData's ten coarse groups


def held_out_posts(
    profile: CityProfile,
    reader: LinearReader | None = None,
    *,
    files: tuple[Path, ...] = corpus.LABELLED_FILES,
) -> dict[str, TaskReport]:
    """Every task on the held-out part of the labelled `files` (default: all of them)."""
    _, held = corpus.labelled_split(files)
    return evaluate(held, profile, reader=reader)


def review_sentiment(profile: CityProfile, reader: LinearReader | None = None) -> TaskReport:
    """Sentiment on the held-out KazSAnDRA reviews ("neutral" counts as a miss)."""
    _, held = corpus.kazsandra_reviews()
    gold = [review.sentiment or "" for review in held]
    got = [analyze(r.text, created_at=None, profile=profile, reader=reader).sentiment for r in held]
    return task_report("sentiment (KazSAnDRA)", gold, got)


def appeal_cross_validation(
    profile: CityProfile, *, limit: int | None = None
) -> list[AppealScores]:
    """Complaint recall and coarse-category F1 on KZgovData, in Kazakh and in Russian."""
    data = load_training_data(profile, limit=limit)
    data = replace(data, reviews=[])
    groups = sorted({appeal.group for appeal in data.appeals})
    fold_of = {group: index % FOLDS for index, group in enumerate(groups)}
    answers: list[tuple[Example, bool, str]] = []
    for fold in range(FOLDS):
        train = [a for a in data.appeals if fold_of[a.group] != fold]
        test = [a for a in data.appeals if fold_of[a.group] == fold]
        reader = fit_reader(head_data(replace(data, appeals=train)))
        for appeal in test:
            got = analyze(appeal.text, created_at=None, profile=profile, reader=reader)
            answers.append((appeal, got.is_complaint, COARSE_OF.get(got.category or "", "-")))
    return [_appeal_scores(lang, answers) for lang in ("kk", "ru")]


def _appeal_scores(lang: str, answers: list[tuple[Example, bool, str]]) -> AppealScores:
    mine = [(appeal, flag, group) for appeal, flag, group in answers if appeal.lang == lang]
    return AppealScores(
        lang=lang,
        appeals=len(mine),
        complaint_recall=sum(flag for _, flag, _ in mine) / max(len(mine), 1),
        category=task_report(
            f"category, {lang} (10 groups)",
            [appeal.coarse or "" for appeal, _, _ in mine],
            [group for _, _, group in mine],
        ),
    )
