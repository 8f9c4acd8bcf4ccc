"""Whether a place name in a post really names the place, from the words around it.

Streets are named after people ("Абай айтқандай" is the poet, not the avenue), microdistricts
after girls' names ("Арай қызым"), one street after a month ("12 желтоқсан") and a dacha area
after a holiday ("Наурыз мерекесі"). The profile says what else a name can mean (`also_means`);
these rules read the neighbouring words in match-key form (see normalise.match_key).
"""

from __future__ import annotations

import re

from halyq.nlp.morphology import KAZAKH_ENDINGS

# Words after a person's name: "Абай айтқандай", "Төле би бабамыздың", "Мұстафа Шоқайдың өмірі".
_PERSON_AFTER_RE = re.compile(
    r"[ \t]*[,»\"]?[ \t]*(?:аит\w*|деге\w*|ата(?:м|мыз|сы|лар)\w*|баба\w*|акын\w*|жазушы\w*"
    r"|енбег\w*|омир\w*|шыгарма\w*|создер\w*|сози\w*|кара соз\w*|«|китаб\w*|олен\w*"
    r"|мура\w*|улес\w*|туган\w*|мереитои\w*|жырл\w*|кобыз\w*|аныз\w*|ескерткиш\w*|портрет\w*"
    r"|спектакл\w*|фильм\w*|сказал\w*|говорил\w*|писал\w*|учени\w*|творчеств\w*|жизн\w*)"
    r"(?!\w)"
)
_PERSON_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:перечит\w*|чита\w*|прочит\w*|стих\w*|поэт\w*|акын\w*|данышпан\w*|улы"
    r"|писател\w*|жазушы\w*|ойшыл\w*)[ \t]+$"
)
# Words after a given name: "Арай қызым", "Шұғыла деген қыз", "Мерей, с днём рождения".
_GIVEN_NAME_AFTER_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:кыз(?:ым|ы|ымыз)?|ул(?:ым|ы)|апа\w*|агаи\w*|деге\w*|есимди|атты|туган кун\w*"
    r"|с днем\w*|с д\.?р|поздравл\w*|куттыкта\w*|кутты\w*|жаным|сауле\w*|бала\w*|анасы\w*)(?!\w)"
)
# Nouns after a genitive that make it a spot on the street: "Абайдың бойында", "Жақаевтың басы".
_SPATIAL_AFTER_RE = re.compile(
    r"[ \t]*(?:бои|басы|басын|аягы|жагы|жагын|киылыс|буры|аула|жаны|жанын|маны|маңы|тусы|тусын"
    r"|копир|аялдама|уи|уилер|тургын)"
)
_GENITIVE = ("нын", "нин", "дын", "дин", "тын", "тин")
# Russian prepositions of place before a name: "на Желтоксан", "в Саулете", "po Zheltoksan".
_PREPOSITION_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:на|по|в|во|у|около|возле|вдоль|напротив|с|со|от|до|из|за|через|рядом с)"
    r"[ \t]+$"
)
_NUMBER_BEFORE_RE = re.compile(r"\d[ \t]*-?[ \t]*\w{0,4}[ \t]*$")
_LOCATIVE_TAILS = frozenset(
    ending
    for ending in KAZAKH_ENDINGS
    if ending.endswith(("да", "де", "та", "те", "дагы", "деги", "тагы", "теги", "дан", "ден"))
)
# Words that show a river, not the microdistrict of the same name.
_RIVER_RE = re.compile(
    r"(?<!\w)(?:озен|жагас|жагада|жагалау|берег|набережн|денгеи|шомыл|балык|рыб|обмел"
    r"|муз(?!ык)|лед(?!\w)|пляж|паводк|таскын|суга тус|суга бат|реке|река|реки|мост|копир"
    r"|над(?!\w)|суы(?!\w))"
)
# A noun right after a name turns it into another place named after it: "Ақмешіт саябағы".
NAMED_AFTER_RE = re.compile(
    r"[ \t]+(?:(?P<landmark>саяба[кг]\w*|саиаба[кг]\w*|кешен\w*|ескерткиш\w*|мешит\w*|алан\w*"
    r"|копир\w*)"
    r"|(?P<facility>ауежаи\w*|университет\w*|стадион\w*|театр\w*|мектеб\w*|мектеп\w*"
    r"|аурухана\w*|емхана\w*|колледж\w*|институт\w*|атындагы\s+\w+))(?!\w)"
)
NAMED_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?P<noun>стадион\w*|парк\w*|сквер\w*|аэропорт\w*|университет\w*|мечет\w*"
    r"|памятник\w*|театр\w*|гимнази\w*|лице\w*|школ\w*)(?:[ \t]+имени)?[ \t]+$"
)


def is_person(key: str, start: int, end: int, tail: str) -> bool:
    """True when the name at key[start:end] reads as a person: after or before a person word,
    in quotes (a title), or a genitive with no spot of the street after it."""
    if start > 0 and key[start - 1] in "«\"'“":
        return True
    if _PERSON_AFTER_RE.match(key, end) or _PERSON_BEFORE_RE.search(key, max(0, start - 25), start):
        return True
    return tail.endswith(_GENITIVE) and not _SPATIAL_AFTER_RE.match(key, end)


def is_given_name(key: str, end: int) -> bool:
    """True when a girl's or boy's name is followed by kinship or greeting words."""
    return bool(_GIVEN_NAME_AFTER_RE.match(key, end))


def has_preposition(key: str, start: int) -> bool:
    """True after a Russian preposition of place: "на Желтоксан", "в Наурызе"."""
    return bool(_PREPOSITION_BEFORE_RE.search(key, max(0, start - 12), start))


def after_number(key: str, start: int) -> bool:
    """True right after a number, as in a date: "12 желтоқсан", "21–23 наурыз"."""
    return bool(_NUMBER_BEFORE_RE.search(key, max(0, start - 8), start))


def is_locative(tail: str) -> bool:
    return tail in _LOCATIVE_TAILS


def mentions_river(key: str, start: int, end: int) -> bool:
    """True when a water word stands within a few words of the name."""
    before = key[max(0, start - 25) : start]
    after = key[end : end + 30]
    return bool(_RIVER_RE.search(before) or _RIVER_RE.search(after))


def named_after(key: str, start: int, end: int, tail: str) -> tuple[str, int, int] | None:
    """(kind, start, end) in key positions of a place named after the name ("Ақмешіт саябағы",
    "стадион Ғани Мұратбаев"), or None when the name stands for itself."""
    after = NAMED_AFTER_RE.match(key, end) if not tail else None
    if after:
        return ("landmark" if after["landmark"] else "facility", start, after.end())
    before = NAMED_BEFORE_RE.search(key, max(0, start - 30), start)
    if before:
        noun = before["noun"]
        kind = "landmark" if noun.startswith(("парк", "сквер", "памятник", "мечет")) else "facility"
        return (kind, before.start("noun"), end)
    return None
