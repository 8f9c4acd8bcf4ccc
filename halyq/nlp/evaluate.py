"""How well the analysis agrees with hand labels: precision, recall, F1 and confusion per task.

Input is labelled JSONL in the format of data/posts/kyzylorda-labelled.jsonl: `text`, and any of
`created_at`, `lang`, `is_complaint`, `category`, `urgency`, `sentiment`. A task is measured on
the rows that carry its label; category and urgency only on rows labelled as complaints, where
a post the analysis did not take for a complaint counts as "-" (a miss).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.analyze import Analysis, analyze
from halyq.nlp.models.corpus import Example, example_from_labels
from halyq.nlp.models.linear import LinearReader

TASKS = ("lang", "complaint", "category", "urgency", "sentiment")
MISS = "-"


class LabelsError(ValueError):
    """A labelled file cannot be read; the message names the file, line and field."""


@dataclass(frozen=True)
class TaskReport:
    """Agreement on one task; per-label figures in `labels` order, confusion[gold][predicted]."""

    task: str
    labels: tuple[str, ...]
    support: int
    accuracy: float
    macro_f1: float
    precision: dict[str, float]
    recall: dict[str, float]
    f1: dict[str, float]
    confusion: dict[str, dict[str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "support": self.support,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "precision": _rounded(self.precision),
            "recall": _rounded(self.recall),
            "f1": _rounded(self.f1),
            "confusion": self.confusion,
        }


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {key: round(value, 4) for key, value in values.items()}


def task_report(task: str, gold: list[str], predicted: list[str]) -> TaskReport:
    """Per-label precision/recall/F1 and the confusion matrix. Macro-F1 averages the gold
    labels (a label the analysis invents, such as "-", lowers precision but is not averaged)."""
    labels = tuple(sorted(set(gold)) + sorted(set(predicted) - set(gold)))
    confusion = {g: dict.fromkeys(labels, 0) for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        confusion[g][p] += 1
    precision, recall, f1 = {}, {}, {}
    for label in labels:
        hit = confusion[label][label]
        said = sum(confusion[g][label] for g in labels)
        true = sum(confusion[label].values())
        precision[label] = hit / said if said else 0.0
        recall[label] = hit / true if true else 0.0
        both = precision[label] + recall[label]
        f1[label] = 2 * precision[label] * recall[label] / both if both else 0.0
    gold_labels = sorted(set(gold))
    return TaskReport(
        task=task,
        labels=labels,
        support=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1),
        macro_f1=sum(f1[label] for label in gold_labels) / max(len(gold_labels), 1),
        precision=precision,
        recall=recall,
        f1=f1,
        confusion=confusion,
    )


def read_labelled(path: Path, *, source: str | None = None) -> list[Example]:
    """Labelled rows of a JSONL file; raises LabelsError naming the line and field."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"{path}: cannot read ({exc})") from None
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LabelsError(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise LabelsError(f"{where}: field 'text' is required and must be a string")
        try:
            examples.append(
                example_from_labels(row, source=source or str(path), group=f"{path}:{number}")
            )
        except ValueError as exc:
            raise LabelsError(f"{where}: field 'created_at': {exc}") from None
    return examples


def evaluate(
    examples: Iterable[Example], profile: CityProfile, *, reader: LinearReader | None = None
) -> dict[str, TaskReport]:
    """Run `analyze` on every example and compare it with the labels it carries."""
    pairs: dict[str, tuple[list[str], list[str]]] = {task: ([], []) for task in TASKS}
    for example in examples:
        got = analyze(example.text, created_at=example.created_at, profile=profile, reader=reader)
        for task, gold, predicted in _answers(example, got):
            pairs[task][0].append(gold)
            pairs[task][1].append(predicted)
    return {task: task_report(task, *pair) for task, pair in pairs.items() if pair[0]}


def _answers(example: Example, got: Analysis) -> list[tuple[str, str, str]]:
    answers = []
    if example.lang:
        answers.append(("lang", example.lang, got.lang))
    if example.is_complaint is not None:
        answers.append(("complaint", _yes(example.is_complaint), _yes(got.is_complaint)))
    if example.is_complaint and example.category:
        answers.append(("category", example.category, got.category or MISS))
    if example.is_complaint and example.urgency:
        answers.append(("urgency", example.urgency, got.urgency if got.is_complaint else MISS))
    if example.sentiment:
        answers.append(("sentiment", example.sentiment, got.sentiment))
    return answers


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def format_reports(reports: dict[str, TaskReport]) -> str:
    """A readable table per task: per-label P/R/F1 and the confusion matrix."""
    blocks = []
    for report in reports.values():
        lines = [
            f"{report.task}: {report.support} rows, accuracy {report.accuracy:.3f}, "
            f"macro-F1 {report.macro_f1:.3f}",
            f"  {'label':<18}{'precision':>10}{'recall':>8}{'F1':>8}",
        ]
        for label in report.labels:
            lines.append(
                f"  {label:<18}{report.precision[label]:>10.3f}"
                f"{report.recall[label]:>8.3f}{report.f1[label]:>8.3f}"
            )
        short = [label[:6] for label in report.labels]
        lines.append("  confusion (rows: labelled, columns: analysed)")
        lines.append("  " + " " * 18 + "".join(f"{s:>7}" for s in short))
        for label in report.labels:
            counts = "".join(f"{report.confusion[label][p]:>7}" for p in report.labels)
            lines.append(f"  {label:<18}{counts}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
