"""Trained linear models read from plain files and run with numpy: no pickle, no scikit-learn.

An artefact is two files in this folder:

- `reader.json`: the vocabulary (token -> row), the names of the rule features, and every
  head (its labels, its columns in the weight matrix, its intercepts, sigmoid or softmax);
- `reader.npy`: one float16 matrix, a row per vocabulary token then per rule feature, a column
  per head label, plus one column holding the vocabulary's idf.

Every head reads the same features, so one post costs one gather of rows and one sum.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

from halyq.nlp.classify import Evidence
from halyq.nlp.models.features import emoji_tokens, rule_values, word_tokens, words_of

MODELS_DIR = Path(__file__).resolve().parent
ARTEFACT = "reader"


class ModelMissingError(FileNotFoundError):
    """The trained artefacts are not where they should be."""


@dataclass(frozen=True)
class Head:
    """One trained task: labels, their columns, intercepts, and how scores become shares."""

    name: str
    labels: tuple[str, ...]
    start: int  # first column in the weight matrix
    intercepts: np.ndarray
    kind: str  # sigmoid (one column: the share of labels[1]) | softmax


class LinearReader:
    """The heads over shared tf-idf character/word n-grams and lexicon rule features."""

    def __init__(self, meta: dict[str, Any], matrix: np.ndarray) -> None:
        self.meta = meta
        self.vocabulary: dict[str, int] = {t: i for i, t in enumerate(meta["vocabulary"])}
        self.rule_names: dict[str, int] = {
            name: len(self.vocabulary) + i for i, name in enumerate(meta["rules"])
        }
        self.rule_scale = float(meta["rule_scale"])
        self.weights = matrix[:, :-1].astype(np.float32)
        self.idf = matrix[: len(self.vocabulary), -1].astype(np.float32)
        self.heads = {
            name: Head(
                name=name,
                labels=tuple(head["labels"]),
                start=head["start"],
                intercepts=np.asarray(head["intercepts"], dtype=np.float32),
                kind=head["kind"],
            )
            for name, head in meta["heads"].items()
        }
        self._word_rows = lru_cache(maxsize=100_000)(self._rows_of_word)

    def _rows_of_word(self, word: str) -> tuple[int, ...]:
        vocabulary = self.vocabulary
        return tuple(vocabulary[t] for t in word_tokens(word) if t in vocabulary)

    def features(self, evidence: Evidence) -> tuple[np.ndarray, np.ndarray]:
        """(rows, values): the sparse feature vector of one text, as training built it."""
        words = words_of(evidence.key)
        counts: Counter[int] = Counter()
        for word in words:
            counts.update(self._word_rows(word))
        for first, second in pairwise(words):
            row = self.vocabulary.get(f"b:{first} {second}")
            if row is not None:
                counts[row] += 1
        for token in emoji_tokens(evidence.key):
            row = self.vocabulary.get(token)
            if row is not None:
                counts[row] += 1
        rows = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float32, len(counts))
        values = tf * self.idf[rows]
        norm = float(np.sqrt(values @ values))
        if norm:
            values /= norm
        names, scale = self.rule_names, self.rule_scale
        extra = [(names[n], v * scale) for n, v in rule_values(evidence).items() if n in names]
        if extra:
            rows = np.concatenate([rows, np.array([r for r, _ in extra], dtype=np.int64)])
            values = np.concatenate([values, np.array([v for _, v in extra], np.float32)])
        return rows, values

    def scores(self, evidence: Evidence) -> dict[str, dict[str, float]]:
        """Every head's share for each of its labels: {"complaint": {"yes": 0.93, ...}, ...}."""
        rows, values = self.features(evidence)
        raw = values @ self.weights[rows] if len(rows) else np.zeros(self.weights.shape[1])
        return {name: _shares(head, raw) for name, head in self.heads.items()}


def _shares(head: Head, raw: np.ndarray) -> dict[str, float]:
    width = 1 if head.kind == "sigmoid" else len(head.labels)
    logits = raw[head.start : head.start + width] + head.intercepts
    if head.kind == "sigmoid":
        share = float(1.0 / (1.0 + np.exp(-logits[0])))
        return {head.labels[0]: 1.0 - share, head.labels[1]: share}
    exp = np.exp(logits - logits.max())
    shares = exp / exp.sum()
    return {label: float(s) for label, s in zip(head.labels, shares, strict=True)}


def read_artefact(folder: Path, name: str) -> tuple[dict[str, Any], np.ndarray]:
    """`name`.json and `name`.npy from `folder`; says how to rebuild them if missing."""
    meta_path, matrix_path = folder / f"{name}.json", folder / f"{name}.npy"
    if not meta_path.exists() or not matrix_path.exists():
        raise ModelMissingError(
            f"{meta_path} or {matrix_path} is missing: run `halyq train` in a clone of Halyq"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return meta, np.load(matrix_path, allow_pickle=False)


def load_reader(folder: Path = MODELS_DIR, name: str = ARTEFACT) -> LinearReader:
    """Read the reader's artefacts from `folder`."""
    return LinearReader(*read_artefact(folder, name))


@lru_cache(maxsize=1)
def default_reader() -> LinearReader:
    """The artefacts committed with Halyq, read once per process."""
    return load_reader()
