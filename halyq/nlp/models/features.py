"""What the trained models see in a text: character n-grams, words, and the lexicon rules.

Everything is read from the match key (see normalise.match_key), so "су жоқ", "су жок" and
"su joq" give the same features. Digits become 0: "3 күн" and "5 күн" are alike.

- character n-grams (2 to 5) inside each word padded with spaces: " су", "су ", " жок ",
  which catch Kazakh endings and misspellings;
- words ("w:жок") and pairs of neighbouring words ("b:су жок");
- emoji ("e:😡"), which carry much of a review's or a post's mood and are not word characters;
- the lexicon's evidence as numbers in [-1, 1] (rule_values): the rules' complaint score, a
  shut-off time window, and the weight found for each label of each layer.

Training (sklearn) and inference (numpy) both call `text_tokens` and `rule_values`, so the
two can never drift apart.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache
from itertools import pairwise

from halyq.nlp.classify import Evidence, complaint_score

CHAR_SIZES = (2, 3, 4, 5)
_WORD_RE = re.compile(r"[^\W_]+")
# Pictographs, dingbats and symbols; skin-tone and joiner marks are not counted on their own.
_EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff]")
_DIGIT_RE = re.compile(r"\d")
_LONGEST_WORD = 24  # a longer "word" is noise (links, keyboard mashing): its start is enough
_RULE_CAP = 3.0


def words_of(key: str) -> list[str]:
    """The words of a match key, digits as 0, each at most _LONGEST_WORD characters."""
    return [w[:_LONGEST_WORD] for w in _WORD_RE.findall(_DIGIT_RE.sub("0", key))]


@lru_cache(maxsize=100_000)
def word_tokens(word: str) -> tuple[str, ...]:
    """The word itself and the character n-grams of " word "."""
    padded = f" {word} "
    grams = [
        padded[start : start + size]
        for size in CHAR_SIZES
        for start in range(len(padded) - size + 1)
    ]
    return (f"w:{word}", *grams)


def emoji_tokens(key: str) -> list[str]:
    """One "e:" token per emoji in a match key: "жарайсыңдар 👍👍" -> ["e:👍", "e:👍"]."""
    return [f"e:{emoji}" for emoji in _EMOJI_RE.findall(key)]


def text_tokens(key: str) -> list[str]:
    """Every token of a match key, repeated as often as it occurs."""
    words = words_of(key)
    tokens: list[str] = []
    for word in words:
        tokens.extend(word_tokens(word))
    tokens.extend(f"b:{first} {second}" for first, second in pairwise(words))
    tokens.extend(emoji_tokens(key))
    return tokens


def rule_values(evidence: Evidence) -> dict[str, float]:
    """Named numbers in [-1, 1] from the lexicon: "rules:score", "complaint:thanks", ..."""
    totals: dict[str, float] = defaultdict(float)
    for hit in evidence.hits:
        totals[f"{hit.term.layer}:{hit.term.label}"] += hit.term.weight
    values = {name: max(-1.0, min(total / _RULE_CAP, 1.0)) for name, total in totals.items()}
    values["rules:score"] = complaint_score(evidence.hits, schedule=evidence.schedule)
    values["rules:schedule"] = float(evidence.schedule)
    values["rules:length"] = min(math.log1p(len(evidence.key)) / 8, 1.0)
    return values
