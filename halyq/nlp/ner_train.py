"""Train and measure the Kazakh NER model (see ner.py) on KazNERD's CoNLL files.

Deterministic: the held-out part is every tenth sentence (by position in the file), the rest
trains an L-BFGS CRF whose L1 penalty drops most features, so the committed artefact stays small.
Training the full model takes a few minutes on one CPU core:

    halyq train-ner data/kaznerd/IOB2_valid.txt
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from halyq.nlp.ner import MODEL_PATH, PLACE_LABELS, TIME_LABELS, NerModel, sentence_features

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "data" / "kaznerd" / "IOB2_valid.txt"
HOLDOUT_EVERY = 10  # sentence i is held out when i % 10 == 0: 10% of the data


@dataclass(frozen=True)
class Sentence:
    tokens: tuple[str, ...]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class NerReport:
    """What a training run did and how well the model tags the held-out sentences."""

    model_path: str
    train_sentences: int
    test_sentences: int
    f1_places: float  # GPE + LOCATION + FACILITY, entity level
    f1_times: float  # DATE + TIME
    f1_all: float
    model_bytes: int


def read_conll(path: Path) -> list[Sentence]:
    """Sentences of a CoNLL file: "token TAG" per line, blank lines between sentences.

    Raises ValueError naming the line when a line has no tag.
    """
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            columns = line.split()
            if not columns:
                if tokens:
                    sentences.append(Sentence(tuple(tokens), tuple(tags)))
                tokens, tags = [], []
                continue
            if len(columns) < 2:
                raise ValueError(f"{path}, line {number}: expected 'token TAG', got {line!r}")
            tokens.append(columns[0])
            tags.append(columns[-1])
    if tokens:
        sentences.append(Sentence(tuple(tokens), tuple(tags)))
    return sentences


def split(
    sentences: Sequence[Sentence], every: int = HOLDOUT_EVERY
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held out): every `every`-th sentence is held out."""
    train = [s for index, s in enumerate(sentences) if index % every]
    test = [s for index, s in enumerate(sentences) if not index % every]
    return train, test


def train_ner(
    source: Path = DEFAULT_DATA,
    target: Path = MODEL_PATH,
    *,
    c1: float = 0.3,
    c2: float = 0.01,
    max_iterations: int = 150,
    holdout_every: int = HOLDOUT_EVERY,
    limit: int | None = None,
) -> NerReport:
    """Train the CRF on `source` minus its held-out part, write it to `target`, measure it.

    `limit` keeps only the first sentences (for quick runs and tests). The same inputs always
    give a byte-identical model.
    """
    sentences = read_conll(source)[:limit]
    train, test = split(sentences, holdout_every)
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in train:
        trainer.append(sentence_features(sentence.tokens), list(sentence.tags))
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": max_iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 1,
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so a crash never leaves half a model behind.
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as temp:
        partial = Path(temp.name)
    try:
        trainer.train(str(partial))
        partial.chmod(0o644)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    scores = evaluate(NerModel(target), test)
    return NerReport(
        model_path=str(target),
        train_sentences=len(train),
        test_sentences=len(test),
        f1_places=scores["places"],
        f1_times=scores["times"],
        f1_all=scores["all"],
        model_bytes=target.stat().st_size,
    )


def evaluate(model: NerModel, sentences: Sequence[Sentence]) -> dict[str, float]:
    """Entity-level F1 (exact span and label) for places, times and all classes."""
    gold: list[set[tuple[int, int, int, str]]] = []
    found: list[set[tuple[int, int, int, str]]] = []
    for number, sentence in enumerate(sentences):
        gold.append(_entities(number, sentence.tags))
        found.append(_entities(number, model.tag(sentence.tokens)))
    return {
        "places": entity_f1(gold, found, PLACE_LABELS),
        "times": entity_f1(gold, found, TIME_LABELS),
        "all": entity_f1(gold, found, None),
    }


def _entities(sentence: int, tags: Sequence[str]) -> set[tuple[int, int, int, str]]:
    """(sentence, first token, end token, label) of each entity, CoNLL-style."""
    result = set()
    label: str | None = None
    start = 0
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if label is not None and (prefix != "I" or kind != label):
            result.add((sentence, start, index, label))
            label = None
        if prefix == "B" or (prefix == "I" and label is None):
            label, start = kind, index
    return result


def entity_f1(
    gold: Iterable[set[tuple[int, int, int, str]]],
    found: Iterable[set[tuple[int, int, int, str]]],
    labels: frozenset[str] | None,
) -> float:
    """F1 over entities whose label is in `labels` (all labels when None)."""
    hits = wanted = got = 0
    for expected, predicted in zip(gold, found, strict=True):
        expected = {e for e in expected if labels is None or e[3] in labels}
        predicted = {e for e in predicted if labels is None or e[3] in labels}
        hits += len(expected & predicted)
        wanted += len(expected)
        got += len(predicted)
    if not hits:
        return 0.0
    precision, recall = hits / got, hits / wanted
    return 2 * precision * recall / (precision + recall)
