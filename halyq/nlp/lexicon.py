"""Weighted word lists from lexicon.yaml, and the matcher that finds them in a match key.

A term is one or more words written as people write them (Kazakh or Russian, Kazakh letters
welcome: they are folded on load). Each word may carry a marker:

    су          exactly this word
    су+         the word with any Kazakh ending: су, суы, суда, сусыз (not сурак, суык)
    отоплени*   any word starting with this: отопление, отопления
    *майды      any word ending with this: істемейді, келмейді

Where terms of one layer overlap, the longest wins: "заранее спасибо" (a polite complaint)
hides the "спасибо" inside it, "горячей воды" (heating) hides "воды" (water).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from halyq.nlp.morphology import is_kazakh_form, voiced
from halyq.nlp.normalise import match_key

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
LAYERS = ("category", "complaint", "urgency", "sentiment")

_WORD_RE = re.compile(r"\w+")
_BREAK_RE = re.compile(r"[.!?;\n]")
_MAX_GAP = 8  # characters between the words of one term
_CACHE_WORDS = 100_000


class LexiconError(ValueError):
    """lexicon.yaml is wrong; the message names the layer, label and term."""


@dataclass(frozen=True)
class WordPattern:
    text: str
    mode: str  # exact | kazakh | prefix | suffix

    def matches(self, word: str) -> bool:
        if self.mode == "exact":
            return word == self.text
        if self.mode == "kazakh":
            return is_kazakh_form(word, self.text)
        if self.mode == "prefix":
            return word.startswith(self.text)
        return len(word) > len(self.text) and word.endswith(self.text)


@dataclass(frozen=True)
class Term:
    layer: str
    label: str
    weight: float
    words: tuple[WordPattern, ...]
    written: str


@dataclass(frozen=True)
class Hit:
    """A term found in a key: token indices first..last, key offsets start..end."""

    term: Term
    first: int
    last: int
    start: int
    end: int


class Lexicon:
    """Terms indexed by their first word, so a scan costs a few dict look-ups per word."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.terms = terms
        self._by_head: dict[str, list[Term]] = {}
        self._by_suffix: dict[str, list[Term]] = {}
        for term in terms:
            first = term.words[0]
            index = self._by_suffix if first.mode == "suffix" else self._by_head
            heads = [first.text]
            alternative = voiced(first.text) if first.mode == "kazakh" else None
            if alternative:
                heads.append(alternative)
            for head in heads:
                index.setdefault(head, []).append(term)
        self._head_lengths = sorted({len(head) for head in self._by_head})
        self._suffix_lengths = sorted({len(tail) for tail in self._by_suffix})
        # Words repeat a lot across posts; remember which terms can start at each one.
        self._starts: dict[str, tuple[Term, ...]] = {}

    def scan(self, key: str) -> list[Hit]:
        """All terms found in `key` (a match key), longest per layer, in text order."""
        tokens = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(key)]
        hits: list[Hit] = []
        for index, (word, start, _) in enumerate(tokens):
            for term in self._terms_starting_at(word):
                last = _match_rest(term, tokens, index, key)
                if last is not None:
                    hits.append(Hit(term, index, last, start, tokens[last][2]))
        return _longest_per_layer(hits)

    def _terms_starting_at(self, word: str) -> tuple[Term, ...]:
        terms = self._starts.get(word)
        if terms is None:
            if len(self._starts) >= _CACHE_WORDS:
                self._starts.clear()
            terms = self._starts[word] = tuple(self._starting_at(word))
        return terms

    def _starting_at(self, word: str) -> Iterator[Term]:
        for length in self._head_lengths:
            if length > len(word):
                break
            for term in self._by_head.get(word[:length], ()):
                if term.words[0].matches(word):
                    yield term
        for length in self._suffix_lengths:
            if length >= len(word):
                break
            for term in self._by_suffix.get(word[-length:], ()):
                yield term


def _match_rest(term: Term, tokens: list[tuple[str, int, int]], index: int, key: str) -> int | None:
    """Index of the term's last token when its other words follow `index`, else None."""
    for offset, pattern in enumerate(term.words[1:], start=1):
        position = index + offset
        if position >= len(tokens):
            return None
        gap = key[tokens[position - 1][2] : tokens[position][1]]
        if len(gap) > _MAX_GAP or _BREAK_RE.search(gap):
            return None
        if not pattern.matches(tokens[position][0]):
            return None
    return index + len(term.words) - 1


def _longest_per_layer(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit of the same layer.

    Hits on the same words stay when their labels differ ("жарық жоқ" is evidence for both
    electricity and street lighting); within one label only the most specific term counts,
    so "істемейді" is not also counted as "*мейді". A weight-0 term hides the other terms on
    its words: "байланысты" (because of) is not "байланыс" (telecom).
    """
    owner: dict[tuple[str, int], tuple[int, int]] = {}
    best: dict[tuple[str, str, int, int], Hit] = {}
    for hit in sorted(hits, key=lambda h: (h.first - h.last, h.first)):
        span = (hit.first, hit.last)
        positions = range(hit.first, hit.last + 1)
        layer = hit.term.layer
        if all(owner.get((layer, p), span) == span for p in positions):
            owner.update({(layer, p): span for p in positions})
            slot = (layer, hit.term.label, *span)
            if slot not in best or _specificity(hit.term) > _specificity(best[slot].term):
                best[slot] = hit
    hidden = {(slot[0], slot[2], slot[3]) for slot, hit in best.items() if not hit.term.weight}
    kept = [hit for hit in best.values() if (hit.term.layer, hit.first, hit.last) not in hidden]
    return sorted(kept, key=lambda h: (h.first, h.last))


def _specificity(term: Term) -> int:
    return sum(len(word.text) + (word.mode == "exact") for word in term.words)


def parse_term(written: str) -> tuple[WordPattern, ...]:
    """Turn 'су+ жоқ' into word patterns; raises ValueError for a term that cannot match."""
    patterns = []
    for part in written.split():
        mode = "exact"
        if part.startswith("*") and len(part) > 1:
            mode, part = "suffix", part[1:]
        elif part.endswith("*"):
            mode, part = "prefix", part[:-1]
        elif part.endswith("+"):
            mode, part = "kazakh", part[:-1]
        text = match_key(part)
        if text and not _WORD_RE.fullmatch(text):
            raise ValueError(f"'{part}' is not one word; write its parts with spaces")
        patterns.append(WordPattern(text, mode))
    if not patterns or not patterns[0].text:
        raise ValueError("a term must start with a word, not a bare '*'")
    return tuple(patterns)


def load_lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    """Read lexicon.yaml: {layer: {label: {term: weight}}}. Errors name layer, label, term."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: {exc}") from None
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping of layers")
    terms: list[Term] = []
    for layer, labels in data.items():
        if layer not in LAYERS:
            raise LexiconError(f"{path}: unknown layer '{layer}' (known: {', '.join(LAYERS)})")
        for label, entries in _mapping(labels, f"{path}: layer '{layer}'").items():
            where = f"{path}: layer '{layer}', label '{label}'"
            for written, weight in _mapping(entries, where).items():
                terms.append(_term(layer, str(label), str(written), weight, where))
    return Lexicon(tuple(terms))


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a term written twice (plain YAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"'{key}' is written twice (line {line})", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _mapping(value: Any, where: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise LexiconError(f"{where}: expected a mapping")
    return value


def _term(layer: str, label: str, written: str, weight: Any, where: str) -> Term:
    if not isinstance(weight, int | float) or isinstance(weight, bool):
        raise LexiconError(f"{where}, term '{written}': weight '{weight}' is not a number")
    try:
        words = parse_term(written)
    except ValueError as exc:
        raise LexiconError(f"{where}, term '{written}': {exc}") from None
    return Term(layer, label, float(weight), words, written)


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped with Halyq, read once."""
    return load_lexicon()
