"""Places the gazetteer does not list, found by their shape: numbered facilities ("№12 мектеп",
"школа №45", "3-емхана", "балабақша №7"), streets with a type word ("Бұқарбай батыр көшесі",
"ул. Мектеп") and Russian street names in the genitive after "на"/"по" ("на Сейфуллина 18").

They come out with canonical None and a guessed kind. Patterns run on the match key; whether a
word is a proper name is read from its first letter in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from halyq.nlp.normalise import KeyedText, match_key

# Facility nouns in match-key form, and what kind of facility each is.
_FACILITY_NOUNS = {
    "мектеп": "school", "мектеб": "school", "школ": "school", "гимнази": "school",
    "лице": "school", "балабакша": "kindergarten", "детск": "kindergarten",
    "сад": "kindergarten", "д/с": "kindergarten", "емхана": "clinic", "поликлиник": "clinic",
    "аурухана": "hospital", "больниц": "hospital", "колледж": "college",
}  # fmt: skip
_NOUN = (
    r"(?:мектеп|мектеб|школ\w{0,3}(?:-лице\w{0,2})?|гимнази\w{0,2}|лице\w{0,2}|балабакша"
    r"|детск\w{0,2}[ \t]+сад\w{0,2}|д/с|сад\w{0,2}|емхана|поликлиник\w{0,2}|аурухана"
    r"|больниц\w{0,2}|колледж\w{0,2})"
)
_NUMBERED_RE = re.compile(
    rf"(?<![\w№])(?:№[ \t]*(?P<n1>\d{{1,3}})[ \t]*-?[ \t]*(?P<noun1>{_NOUN})\w*"
    rf"|(?P<n2>\d{{1,3}})[ \t]*-[ \t]*(?:ши|шы|инши|ынши|я|ая|ои|ыи|ии)?[ \t]*(?P<noun2>{_NOUN})\w*"
    rf"|(?P<noun3>{_NOUN})[ \t]*№[ \t]*(?P<n3>\d{{1,3}})(?:[ \t]*-[ \t]*\w{{1,6}})?)(?!\w)"
)
_GENERAL_FACILITY_RE = re.compile(
    r"(?<!\w)(?:(?:облыстык|калалык|аудандык|областн\w{0,3}|городск\w{0,3}|районн\w{0,3})"
    r"[ \t]+(?:аурухана|емхана|больниц|поликлиник|перинатал\w*[ \t]+(?:орталы\w*|центр))\w*"
    r"|(?:облыстык|калалык|областн\w{0,3}|городск\w{0,3})[ \t]+драма\w{0,4}[ \t]+театр\w*"
    r"|перинаталдык[ \t]+орталы\w*)(?!\w)"
)
_NAME_WORD = r"[^\W\d_][\w'’-]*"
_KAZAKH_TYPED_RE = re.compile(
    rf"(?<!\w)(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]+"
    r"(?P<type>коше|дангыл|ыкшамаудан|ауыл|кент|саяба[кг]|саяжаи)(?P<tail>\w*)"
)
_RUSSIAN_TYPED_RE = re.compile(
    r"(?<!\w)(?P<type>ул\.|улиц\w{0,2}|пр\.|пр-т|проспект\w{0,2}|мкр\.?|мкрн\.?|микрорайон\w{0,2}"
    r"|пос\.|поселк\w{0,2}|поселок|село|сел[еа]|парк\w{0,2}|сквер\w{0,2})"
    rf"[ \t]*(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})"
)
_RUSSIAN_GENITIVE_RE = re.compile(
    rf"(?:^|[^\w])(?:на|по)[ \t]+(?P<name>(?P<first>{_NAME_WORD}[ \t]+)?"
    rf"{_NAME_WORD}(?:ова|ева|ина|ына|ского|цкого))(?!\w)"
)
_TYPE_KINDS = {
    "коше": "street", "улиц": "street", "ул.": "street", "дангыл": "avenue", "пр": "avenue",
    "проспект": "avenue", "ыкшамаудан": "microdistrict", "мкр": "microdistrict",
    "микрорайон": "microdistrict", "ауыл": "settlement", "кент": "settlement",
    "пос": "settlement", "село": "settlement", "сел": "settlement", "саяжаи": "dacha",
    "саяба": "landmark", "парк": "landmark", "сквер": "landmark",
}  # fmt: skip
_GENITIVE = ("нын", "нин", "дын", "дин", "тын", "тин")
# The nominative a Kazakh type word or facility noun takes in a place's name, by its stem in
# match-key form: "көшесінде", "кошесинде" -> "көшесі"; "мектепте" -> "мектеп".
_NOMINATIVE = (
    ("коше", "көшесі"), ("дангыл", "даңғылы"), ("ыкшамаудан", "ықшамауданы"),
    ("ауыл", "ауылы"), ("кент", "кенті"), ("саябак", "саябағы"), ("саябаг", "саябағы"),
    ("саяжаи", "саяжайы"), ("мектеп", "мектеп"), ("мектеб", "мектеп"), ("емхана", "емхана"),
    ("аурухана", "аурухана"), ("балабакша", "балабақша"),
)  # fmt: skip
_STOP_WORDS = frozenset({"бул", "осы", "сол", "биздин", "наш", "этот", "эта", "эту", "бир", "и"})


@dataclass(frozen=True)
class Unlisted:
    """A place found by its shape, in key positions; `name_end` is where a house may follow."""

    start: int
    end: int
    kind: str
    name_end: int


def unlisted_name(name: str) -> str:
    """What to call a place the profile does not list, from the words that name it (without
    the house): the Kazakh type word or facility noun in the nominative, so "Бірлік көшесінде"
    and "Бірлік көшесі" are one street, "№45 мектепте" is "№45 мектеп". Other words stay as
    written: a Russian name's case ("на Сейфуллина") is how the street is called."""
    words = name.split()
    if not words:
        return name
    prefix, hyphen, last = words[-1].rpartition("-")  # "3-емханада"
    key = match_key(last)
    for stem, nominative in _NOMINATIVE:
        if key.startswith(stem):
            return " ".join([*words[:-1], prefix + hyphen + nominative])
    return " ".join(words)


def facility_type(text: str) -> str | None:
    """The kind of facility its words name: "school", "kindergarten", "clinic", "hospital"
    or "college" ("№12 мектепте" -> "school", "поликлиника №4" -> "clinic")."""
    key = match_key(text)
    for noun, kind in _FACILITY_NOUNS.items():
        if noun in key:
            return kind
    return None


def find_unlisted(keyed: KeyedText) -> Iterator[Unlisted]:
    """Every shape-found place in the text, in no particular order; callers drop overlaps."""
    key = keyed.key
    for match in _NUMBERED_RE.finditer(key):
        yield Unlisted(match.start(), match.end(), "facility", match.end())
    for match in _GENERAL_FACILITY_RE.finditer(key):
        yield Unlisted(match.start(), match.end(), "facility", match.end())
    for match in _KAZAKH_TYPED_RE.finditer(key):
        start = _proper_start(keyed, match.start("name"), match.end("name"))
        if start is not None:
            kind = _kind_of(match["type"])
            yield Unlisted(start, match.end(), kind, match.end())
    for match in _RUSSIAN_TYPED_RE.finditer(key):
        end = _proper_end(keyed, match.start("name"), match.end("name"))
        if end is not None:
            yield Unlisted(match.start(), end, _kind_of(match["type"]), end)
    for match in _RUSSIAN_GENITIVE_RE.finditer(key):
        start = match.start("name")
        if match["first"] and not _is_capital(keyed, start):
            start = match.end("first")
        last_word = match.end("name") - len(match["name"].split()[-1])
        if _is_capital(keyed, start) and _is_capital(keyed, last_word):
            yield Unlisted(start, match.end(), "street", match.end())


def _kind_of(type_word: str) -> str:
    return next(
        (kind for stem, kind in _TYPE_KINDS.items() if type_word.startswith(stem)), "street"
    )


def _is_capital(keyed: KeyedText, key_position: int) -> bool:
    return keyed.text[keyed.to_text(key_position)].isupper()


_TITLE_WORDS = frozenset({"батыр", "батыра", "би", "ата", "ана", "ага"})


def _words(keyed: KeyedText, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, capitalised) of each word of key[start:end], in key positions."""
    return [
        (start + m.start(), start + m.end(), _is_capital(keyed, start + m.start()))
        for m in re.finditer(r"\S+", keyed.key[start:end])
    ]


def _proper_start(keyed: KeyedText, start: int, end: int) -> int | None:
    """Key position of the first word of the proper name right before a type word
    ("жолы Бұқарбай батыр көшесі" -> "Бұқарбай"), or None when there is none."""
    first = None
    words = _words(keyed, start, end)
    for index, (word_start, word_end, capital) in enumerate(reversed(words)):
        word = keyed.key[word_start:word_end]
        genitive = index > 0 and word.endswith(_GENITIVE)
        if word in _STOP_WORDS or genitive or not (capital or word in _TITLE_WORDS):
            break
        if capital:
            first = word_start
    if first is not None and _sentence_start(keyed, first):
        rest = [w for w in words if w[0] > first and w[2]]
        # "Бүгін Жастар саябағында": the capital of the first word of a sentence proves nothing.
        if rest:
            first = rest[0][0]
    return first


def _sentence_start(keyed: KeyedText, key_position: int) -> bool:
    position = keyed.to_text(key_position)
    before = keyed.text[max(0, position - 20) : position].rstrip()  # a window: stays linear
    return (not before and position <= 20) or (bool(before) and before[-1] in ".!?\n")


def _proper_end(keyed: KeyedText, start: int, end: int) -> int | None:
    """Key position after the proper name that follows a Russian type word."""
    last = None
    for word_start, word_end, capital in _words(keyed, start, end):
        word = keyed.key[word_start:word_end]
        if (capital and word not in _STOP_WORDS) or (last is not None and word in _TITLE_WORDS):
            last = word_end
        else:
            break
    return last
