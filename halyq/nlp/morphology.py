"""Word endings in match-key form (see normalise.match_key), for stems and place names.

Kazakh glues endings to a word ("су" -> "суы", "суда", "сусыз"; "Шұғыла" -> "Шұғылада",
"Шұғыланың"), Russian inflects it ("Абай" -> "Абая", "Абаю", "Абаем"). Matching a stem plus
one of these endings, instead of any stem prefix, keeps "су" (water) from matching "сурак"
(question) or "суык" (cold).
"""

from __future__ import annotations

# Folded spellings: і->и, ң->н, ғ->г, қ->к, й->и, as in match keys.
_PLURAL = ("лар", "лер", "дар", "дер", "тар", "тер")
_POSSESSIVE = (
    "ым", "им", "м", "ын", "ин", "н", "ы", "и", "сы", "си",
    "ымыз", "имиз", "мыз", "миз", "ыныз", "иниз", "ныз", "низ",
)  # fmt: skip
_CASE = (
    "нын", "нин", "дын", "дин", "тын", "тин",  # genitive: -ның
    "га", "ге", "ка", "ке", "на", "не", "а", "е",  # dative: -ға
    "ны", "ни", "ды", "ди", "ты", "ти",  # accusative: -ны
    "да", "де", "та", "те", "нда", "нде",  # locative: -да
    "дан", "ден", "тан", "тен", "нан", "нен", "ндан", "нден",  # ablative: -дан
    "мен", "бен", "пен", "менен", "бенен", "пенен",  # instrumental: -мен
    "дагы", "деги", "тагы", "теги", "ндагы", "ндеги",  # "the one at": -дағы
    "сыз", "сиз", "ша", "ше", "даи", "деи", "таи", "теи",  # without, like
)  # fmt: skip

KAZAKH_ENDINGS = frozenset(
    plural + possessive + case
    for plural in ("", *_PLURAL)
    for possessive in ("", *_POSSESSIVE)
    for case in ("", *_CASE)
)
"""Every plural + possessive + case combination, including the empty ending."""

# Endings after which a bare number next to a street name is still its house number
# ("Абай 45", "Абай көшесі 45", "Абая 45"), unlike "Абайда 3 күн" (three days on Abai).
ADDRESS_TAILS = frozenset({"", "ы", "и", "сы", "си", "а", "я"})

RUSSIAN_ENDINGS = frozenset(
    {
        "а", "я", "у", "ю", "е", "и", "ы", "ом", "ем", "ои", "еи", "ам", "ям", "ах", "ях",
        "ая", "ую", "ое", "ого", "его", "ому", "ему", "ым", "им", "ых", "их", "ами", "ями",
        "ов", "ев",
    }
)  # fmt: skip
"""Russian case endings for names ("Абая", "Абаю", "Абаем", "Шугыле", "Комсомольском")."""

# Final letters a Russian ending replaces rather than follows: "Шугыла" -> "Шугыле".
RUSSIAN_STEM_FINALS = frozenset("аяиыеоуь")

# Kazakh voices a final к/п before a vowel ending: "жарық" -> "жарығы", "мектеп" -> "мектебі".
_VOICED = {"к": "г", "п": "б"}


def voiced(stem: str) -> str | None:
    """The stem with its final к/п voiced (г/б), or None when it does not end in one."""
    if stem and stem[-1] in _VOICED:
        return stem[:-1] + _VOICED[stem[-1]]
    return None


def is_kazakh_form(word: str, stem: str) -> bool:
    """True when `word` is `stem` (or its voiced form) plus a Kazakh ending."""
    if word.startswith(stem) and word[len(stem) :] in KAZAKH_ENDINGS:
        return True
    alternative = voiced(stem)
    return (
        alternative is not None
        and len(word) > len(stem)
        and word.startswith(alternative)
        and word[len(alternative) :] in KAZAKH_ENDINGS
    )
