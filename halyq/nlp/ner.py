"""Kazakh named entities from a CRF trained by the project on KazNERD (25 classes, IOB2).

The gazetteer knows the city's own places; this model is the fallback for the places and dates
it does not know ("Жаңақорған ауданында", "Байқоңырда", "өткен жылдың қазан айында"). It reads
tokens, not characters, so `entities()` splits a text into words and punctuation and maps the
tagged tokens back to exact character offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

MODEL_PATH = Path(__file__).parent / "models" / "ner" / "kk-crf.crfsuite"
PLACE_LABELS = frozenset({"GPE", "LOCATION", "FACILITY"})
TIME_LABELS = frozenset({"DATE", "TIME"})

_TOKEN_RE = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]", re.UNICODE)
_KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


@dataclass(frozen=True)
class Entity:
    """A named entity in a text: its KazNERD label and exact character offsets."""

    label: str
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Words and punctuation with offsets: "Абай, 45" -> [("Абай", 0, 4), (",", 4, 5), ...]."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _shape(word: str) -> str:
    shape = re.sub(r"[^\W\d_]", lambda m: "X" if m.group().isupper() else "x", word)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1+", r"\1\1", shape)


def _word_features(word: str) -> list[str]:
    """What a word says about itself: form, endings, beginning, shape."""
    lower = word.lower()
    features = [f"w={lower}", f"shape={_shape(word)}"]
    for size in (1, 2, 3, 4, 5):
        if len(lower) > size:
            features.append(f"s{size}={lower[-size:]}")
    for size in (3, 4, 5):
        if len(lower) > size:
            features.append(f"p{size}={lower[:size]}")
    if word[:1].isupper():
        features.append("title")
    if word.isupper() and len(word) > 1:
        features.append("upper")
    if any(char.isdigit() for char in word):
        features.append("digit")
    if any(char in _KAZAKH_LETTERS for char in word):
        features.append("kazakh")
    return features


def _context_features(lower: str, offset: int) -> list[str]:
    """What a neighbouring word adds: its form and its ending."""
    return [f"{offset}w={lower}", f"{offset}s3={lower[-3:]}"]


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    """CRF features for each token of one sentence (the same at training and tagging time)."""
    lowers = [token.lower() for token in tokens]
    result = []
    for index, token in enumerate(tokens):
        features = ["bias", *_word_features(token)]
        if index == 0:
            features.append("BOS")
        if index == len(tokens) - 1:
            features.append("EOS")
        for offset in (-2, -1, 1, 2):
            neighbour = index + offset
            if 0 <= neighbour < len(tokens):
                features.extend(_context_features(lowers[neighbour], offset))
        if index > 0:
            features.append(f"-1w|w={lowers[index - 1]}|{lowers[index]}")
        if index + 1 < len(tokens):
            features.append(f"w|+1w={lowers[index]}|{lowers[index + 1]}")
        result.append(features)
    return result


class NerModel:
    """A trained CRF; tags token sequences and finds entities in raw text."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no NER model here; build it with `halyq train-ner`")
        self.path = path
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """One IOB2 tag per token ("B-GPE", "I-DATE", "O")."""
        if not tokens:
            return []
        return list(self._tagger.tag(sentence_features(tokens)))

    def entities(self, text: str, labels: Iterable[str] | None = None) -> list[Entity]:
        """Entities in `text` (only those with one of `labels`, when given), by start."""
        tokens = tokenize(text)
        tags = self.tag([token for token, _, _ in tokens])
        wanted = frozenset(labels) if labels is not None else None
        return [
            entity
            for entity in _spans(text, tokens, tags)
            if wanted is None or entity.label in wanted
        ]


def _spans(text: str, tokens: list[tuple[str, int, int]], tags: list[str]) -> Iterator[Entity]:
    """Entities from IOB2 tags; a stray I- tag starts an entity of its own."""
    label: str | None = None
    start = end = 0
    for (_, token_start, token_end), tag in zip(tokens, tags, strict=True):
        prefix, _, kind = tag.partition("-")
        if label is not None and (prefix != "I" or kind != label):
            yield Entity(label, start, end, text[start:end])
            label = None
        if prefix == "B" or (prefix == "I" and label is None):
            label, start = kind, token_start
        end = token_end
    if label is not None:
        yield Entity(label, start, end, text[start:end])


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> NerModel:
    """The committed model (loaded once per process)."""
    return NerModel(path)


def tag_conll(lines: Iterable[str], model: NerModel) -> Iterator[str]:
    """CoNLL in (a token in the first column, blank lines between sentences), the same lines out
    with the IOB2 tag as a second column. Blank lines are kept; other columns are dropped."""
    sentence: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if line.strip():
            sentence.append(line.split()[0])
            continue
        yield from _tagged(sentence, model)
        sentence = []
        yield ""
    yield from _tagged(sentence, model)


def _tagged(tokens: list[str], model: NerModel) -> Iterator[str]:
    for token, tag in zip(tokens, model.tag(tokens), strict=True):
        yield f"{token} {tag}"
