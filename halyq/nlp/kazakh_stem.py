"""Strip Kazakh case, possessive and plural endings: "мектептеріміздегі" -> "мектеп".

Written here because no installable Kazakh lemmatiser works offline (the issue's survey:
Apertium-kaz needs its own toolchain, the neural ones need model downloads), and the readers
only need a stem to match word forms, not a full morphological analysis.

Kazakh glues endings in a fixed order, stem + plural + possessive + case, and picks each
ending's vowel by vowel harmony: back endings (-лар, -ның, -да) after a back vowel (а о ұ ы),
front ones (-лер, -нің, -де) after a front vowel (ә е ө ү і). The stripper removes at most
one ending of each kind from the end of the word, case first, and only when the ending agrees
with the stem's last vowel and leaves a stem of at least `MIN_STEM` letters with a vowel, so
"су" (water), "ауыл" (village) and Russian words mostly stay as they are.

Works on proper Kazakh ("үйлерде" -> "үй") and on match keys, where Kazakh letters are folded
("уилерде" -> "уи"): in a word without any Kazakh letter a vowel а, о, у or и may stand for a
back or a front one, so it agrees with either harmony.
"""

from __future__ import annotations

from functools import lru_cache

MIN_STEM = 2

_BACK = frozenset("аоұыя")
_FRONT = frozenset("әеөүіэ")
_VOWELS = _BACK | _FRONT | frozenset("уиюё")
_KAZAKH_LETTERS = frozenset("әғқңөұүһі")
# У and и are either kind in any spelling; after folding (ә->а, ө->о) а and о are too.
_EITHER_PROPER = frozenset("уию")
_EITHER_FOLDED = frozenset("аоуию")

# (back form, front form) pairs; an ending with no vowel (-м, -ң, -н) agrees with any stem.
_CASE_PAIRS = (
    ("ның", "нің"), ("дың", "дің"), ("тың", "тің"),  # genitive
    # dative; its bare -а/-е only follows a possessive -м/-ң ("үйіме"), and alone it would
    # cut "бала" (child) down to "бал" (honey)
    ("ға", "ге"), ("қа", "ке"), ("на", "не"), ("ма", "ме"), ("ңа", "ңе"),
    ("ны", "ні"), ("ды", "ді"), ("ты", "ті"),  # accusative
    ("да", "де"), ("та", "те"), ("нда", "нде"),  # locative
    ("дан", "ден"), ("тан", "тен"), ("нан", "нен"), ("ндан", "нден"),  # ablative
    ("мен", "мен"), ("бен", "бен"), ("пен", "пен"),  # instrumental
    ("дағы", "дегі"), ("тағы", "тегі"), ("ндағы", "ндегі"),  # "the one at"
)  # fmt: skip
_POSSESSIVE_PAIRS = (
    ("ымыз", "іміз"), ("мыз", "міз"), ("ыңыз", "іңіз"), ("ңыз", "ңіз"),
    ("ым", "ім"), ("ың", "ің"), ("сы", "сі"), ("ы", "і"),
)  # fmt: skip
_PLURAL_PAIRS = (("лар", "лер"), ("дар", "дер"), ("тар", "тер"))


def _fold(text: str) -> str:
    return text.translate(str.maketrans("әғқңөұүһі", "агкноуухи"))


def _endings(pairs: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(ending, harmony) for the proper and the folded spelling, longest first."""
    found: dict[str, str] = {}
    for back, front in pairs:
        for ending, kind in ((back, "back"), (front, "front")):
            found.setdefault(ending, kind if back != front else "any")
            folded = _fold(ending)
            if folded != ending or folded not in found:
                found.setdefault(folded, "any" if _fold(back) == _fold(front) else kind)
    return tuple(sorted(found.items(), key=lambda item: -len(item[0])))


_LAYERS = (_endings(_CASE_PAIRS), _endings(_POSSESSIVE_PAIRS), _endings(_PLURAL_PAIRS))


def _last_vowel(stem: str) -> str | None:
    for letter in reversed(stem):
        if letter in _VOWELS:
            return letter
    return None


def _agrees(stem: str, ending: str, harmony: str, either: frozenset[str]) -> bool:
    vowel = _last_vowel(stem)
    if vowel is None:
        return False
    if harmony == "any" or vowel in either or not any(c in _VOWELS for c in ending):
        return True
    return (vowel in _BACK) if harmony == "back" else (vowel in _FRONT)


def _strip_one(word: str, endings: tuple[tuple[str, str], ...], either: frozenset[str]) -> str:
    for ending, harmony in endings:
        stem = word[: -len(ending)]
        if (
            word.endswith(ending)
            and len(stem) >= MIN_STEM
            and _agrees(stem, ending, harmony, either)
        ):
            return stem
    return word


@lru_cache(maxsize=100_000)
def kazakh_stem(word: str) -> str:
    """The word without its case, possessive and plural endings (lower-case input).

    "шамдар" -> "шам", "суы" -> "су", "мектептерде" -> "мектеп", "ауыл" -> "ауыл".
    """
    either = _EITHER_PROPER if _KAZAKH_LETTERS.intersection(word) else _EITHER_FOLDED
    stem = word
    for endings in _LAYERS:
        stem = _strip_one(stem, endings, either)
    return stem
