"""Make Kazakh, Russian and Latin spellings of the same words compare equal.

Residents write Kazakh three ways: proper Cyrillic ("су жоқ"), Cyrillic without the Kazakh
letters ("су жок") and Latin ("su joq", "Shugyla", "Şuğyla"). `match_key` maps all of them
to one plain, lower-case Cyrillic form ("су жок"), and `key_text` does the same while keeping
a map back to character offsets in the original text, so matches found in the key can be
reported as exact slices of what the resident wrote.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_KAZAKH_LETTERS = "әғқңөұүһі"
_KAZAKH_FOLDED = "агкноуухи"

# Informal Latin digraphs. "ng" is ң only before a consonant or at the end of a word, so that
# "Amangeldi" stays "Амангелді" while "keng" becomes "кең".
_DIGRAPHS = {
    "zh": "ж",
    "sh": "ш",
    "ch": "ч",
    "kh": "х",
    "gh": "ғ",
    "ng": "ң",
    "ya": "я",
    "yu": "ю",
    "yo": "ё",
    "ye": "е",
}
_LATIN_VOWELS = "aeiouyıäöüūáóúýéè"
_DIGRAPH_RE = re.compile(rf"zh|sh|ch|kh|gh|ng(?![{_LATIN_VOWELS}])|y[aoue]", re.IGNORECASE)

# Both the 2018 (acute) and 2021 (diaeresis/breve) official Latin alphabets, plus what people
# type without them. "c" is read as с because it is mostly a Cyrillic look-alike typed by mistake.
# The dotless "ı" is и/й in 2018 and і in 2021 ("bır", "berı", "köşesındegı"); in the match key
# both fold to "и", so reading it as і is right for either.
_LATIN_LETTERS = {
    "a": "а", "b": "б", "c": "с", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "і",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "у", "x": "х", "y": "ы", "z": "з",
    "á": "ә", "ä": "ә", "ǵ": "ғ", "ğ": "ғ", "ı": "і", "í": "і", "ń": "ң", "ñ": "ң", "ó": "ө",
    "ö": "ө", "ú": "ү", "ü": "ү", "ū": "ұ", "ý": "у", "ş": "ш", "ç": "ч", "é": "е", "è": "е",
}  # fmt: skip
_LATIN_UNIT_RE = re.compile(
    _DIGRAPH_RE.pattern + "|[" + "".join(_LATIN_LETTERS) + "]", re.IGNORECASE
)

# Characters NFKC would rewrite into something longer that we need to see as they are.
_KEEP_AS_IS = frozenset("№")

_FOLD_TABLE = str.maketrans(
    _KAZAKH_LETTERS + _KAZAKH_LETTERS.upper(), _KAZAKH_FOLDED + _KAZAKH_FOLDED
)


def _key_table() -> dict[int, str]:
    # ё and й are folded too: people type "все"/"всё" and Latin "Abai" for "Абай" alike.
    table = {ord(k): v for k, v in zip(_KAZAKH_LETTERS, _KAZAKH_FOLDED, strict=True)}
    table[ord("ё")] = "е"
    table[ord("й")] = "и"
    for latin, cyrillic in _LATIN_LETTERS.items():
        table[ord(latin)] = table.get(ord(cyrillic), cyrillic)
    return table


_KEY_TABLE = _key_table()


def nfkc(text: str) -> str:
    """Unicode NFKC: fancy fonts, full-width digits and ligatures become plain characters."""
    return unicodedata.normalize("NFKC", text)


def fold_kazakh(text: str) -> str:
    """Lower-case and replace Kazakh-only letters with the plain Cyrillic ones people type.

    "Суы ЖОҚ, Шұғыла" -> "суы жок, шугыла".
    """
    return text.translate(_FOLD_TABLE).lower()


def latin_to_cyrillic(text: str) -> str:
    """Transliterate Latin-script Kazakh (official 2018/2021 and informal) into Cyrillic.

    "Shugyla" -> "Шугыла", "su joq" -> "су жоқ", "Şuğyla" -> "Шуғыла", "Zhibek zholy" ->
    "Жібек жолы". Cyrillic text passes through unchanged.
    """
    return _LATIN_UNIT_RE.sub(_transliterate_unit, text)


def _transliterate_unit(match: re.Match[str]) -> str:
    unit = match.group()
    lower = unit.lower()
    cyrillic = _DIGRAPHS.get(lower) or _LATIN_LETTERS[lower]
    return cyrillic.upper() if unit[0].isupper() else cyrillic


def match_key(text: str) -> str:
    """The form keywords and place names are compared in: fold(latin_to_cyrillic(nfkc(lower))).

    "Суы жоқ", "суы жок" and "suy joq" all give "суы жок".
    """
    return key_text(text).key


@dataclass(frozen=True)
class _OffsetMap:
    """Piecewise map between positions: from each anchor on, both sides advance together."""

    sources: tuple[int, ...]
    targets: tuple[int, ...]

    def __call__(self, position: int) -> int:
        if not self.sources:
            return position
        index = bisect_right(self.sources, position) - 1
        if index < 0:
            return position
        return self.targets[index] + position - self.sources[index]


@dataclass(frozen=True)
class KeyedText:
    """A text and its match key, with a way back from key positions to text positions."""

    text: str
    key: str
    _key_to_norm: _OffsetMap
    _norm_to_text: _OffsetMap

    def to_text(self, key_position: int) -> int:
        """The offset in `text` where the key character at `key_position` comes from."""
        return min(self._norm_to_text(self._key_to_norm(key_position)), len(self.text))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Text offsets covering the key slice [start, end); end is never before start + 1."""
        text_start = self.to_text(start)
        if end <= start:
            return text_start, text_start
        text_end = len(self.text) if end >= len(self.key) else self.to_text(end)
        return text_start, max(text_end, self.to_text(end - 1) + 1)


def key_text(text: str) -> KeyedText:
    """Build the match key of `text` together with its offset map. Linear in len(text)."""
    lowered = text.lower()
    plain = lowered.replace("№", " ") if "№" in lowered else lowered
    if len(lowered) == len(text) and unicodedata.is_normalized("NFKC", plain):
        norm, norm_to_text = lowered, _OffsetMap((), ())
    else:
        norm, norm_to_text = _normalise_slowly(text)
    pieces: list[str] = []
    sources: list[int] = []
    targets: list[int] = []
    position = length = 0
    for match in _DIGRAPH_RE.finditer(norm):
        pieces.append(norm[position : match.start()])
        pieces.append(_DIGRAPHS[match.group()])
        length += match.start() - position + 1
        position = match.end()
        sources.append(length)
        targets.append(position)
    pieces.append(norm[position:])
    key = "".join(pieces).translate(_KEY_TABLE)
    return KeyedText(text, key, _OffsetMap(tuple(sources), tuple(targets)), norm_to_text)


def _normalise_slowly(text: str) -> tuple[str, _OffsetMap]:
    """NFKC and lower-case one character (with its combining marks) at a time."""
    out: list[str] = []
    sources: list[int] = []
    targets: list[int] = []
    start = length = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1
        unit = _normalise_unit(text[start:end])
        out.append(unit)
        if len(unit) != end - start:
            # Every output character of an uneven unit points at the unit's start...
            sources.extend(range(length, length + len(unit)))
            targets.extend([start] * len(unit))
            # ...and the next character starts where the unit ends.
            sources.append(length + len(unit))
            targets.append(end)
        length += len(unit)
        start = end
    return "".join(out), _OffsetMap(tuple(sources), tuple(targets))


def _normalise_unit(unit: str) -> str:
    if unit in _KEEP_AS_IS:
        return unit
    normal = nfkc(unit).lower()
    # Marks NFKC could not compose (Turkish İ -> i + dot) would split words; drop them.
    stripped = "".join(ch for ch in normal if not unicodedata.combining(ch))
    return stripped or unit


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each [start, end) span replaced by spaces; offsets stay the same."""
    pieces: list[str] = []
    position = 0
    for start, end in sorted(spans):
        start = max(start, position)
        if end <= start:
            continue
        pieces.append(text[position:start])
        pieces.append(" " * (end - start))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
