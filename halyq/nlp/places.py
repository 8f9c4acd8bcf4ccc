"""Find the city's places in a post: "Абай даңғылы 45", "Шұғылада", "ул. Абая, д. 12/3".

Every name and alias of every place in the city profile is matched on the match key, so
"Шұғыла", "Шугыла", "Shugyla" and "Şuğyla" are one place. A name may carry a Kazakh ending
("Шұғылада", "Белкөлдегі") or a Russian one ("Абаю", "Шугыле"), a type word before or after
it ("ул.", "мкр", "көшесі", "ықшамауданы") and, for streets, avenues, microdistricts and
dacha areas, a house number ("45", "45а", "12/3", "45 үй", "д. 45", "№ 45").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from halyq.city.profile import Place
from halyq.nlp.morphology import (
    ADDRESS_TAILS,
    KAZAKH_ENDINGS,
    RUSSIAN_ENDINGS,
    RUSSIAN_STEM_FINALS,
    voiced,
)
from halyq.nlp.normalise import KeyedText, key_text, match_key

HOUSE_KINDS = frozenset({"street", "avenue", "microdistrict", "dacha"})
# Place names that are also months or everyday words: only taken with a type word or house.
_NEEDS_CONTEXT = frozenset({"наурыз", "желтоксан", "саулет"})

# Type words in match-key form. Before the name: Russian abbreviations and words.
_PRE_TYPE = (
    r"(?:ул|пр|мкрн|мкр|пос|п|г)\.|(?:ул|пр-т|пр|мкрн|мкр|пос)(?!\w)|улиц[аеуы]"
    r"|проспект\w{0,2}|микрорайон\w{0,2}|поселок\w{0,2}|поселк\w{0,2}|сел[оеа]|аул\w{0,2}"
)
_POST_TYPE_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?P<abbr>ш/а|ы/а|к-си|дан\.|мкрн\.?|мкр\.?|ул\.?|пр\.?)(?!\w)"
    r"|(?P<stem>коше|дангыл|ыкшамаудан|микрорайон|ауыл|кент|саяжаи|кала|поселок|проспект"
    r"|улиц)(?P<tail>\w*))"
)
_KAZAKH_TYPES = frozenset({"коше", "дангыл", "ыкшамаудан", "ауыл", "кент", "саяжаи", "кала"})
_HOUSE_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?P<marker>д\.|дом|у[иы]|№)[ \t]*(?:№[ \t]*)?)?"
    r"(?P<number>\d{1,4}(?:[а-я](?!\w))?(?:/\d{1,4}[а-я]?)?)(?!\w|[.,:]\d)"
    r"(?P<after>[ \t]*-?[ \t]*у[иы]\w{0,6})?"  # "үй", and "uy" in Latin
)
# A bare number after a name is a count, not a house, when a unit follows: "Абай 3 күн".
_NOT_A_HOUSE_RE = re.compile(
    r"[ \t]*-?[ \t]*(?:кун|дн|ден|сагат|саг|час|мин|жыл|год|лет|аи(?!\w)|апта|недел|раз"
    r"|градус|тенге|тг|%|км|метр|м(?!\w)|литр|кг|адам|человек|ши|шы|инши|ынши|ии|ои|ого)"
)
_SEPARATORS_RE = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class PlaceMatch:
    """A place mentioned in a post; start/end are offsets into the original text."""

    surface: str
    start: int
    end: int
    canonical: str
    kind: str
    house: str | None
    lat: float | None
    lon: float | None
    district: str | None


@dataclass(frozen=True)
class _Name:
    place: Place
    district: str | None
    form: str  # full | russian_stem (needs a Russian ending) | voiced (needs a Kazakh one)
    needs_context: bool

    def accepts(self, tail: str) -> bool:
        if self.form == "russian_stem":
            return tail in RUSSIAN_ENDINGS
        if self.form == "voiced":
            return bool(tail) and tail in KAZAKH_ENDINGS
        return tail in KAZAKH_ENDINGS or tail in RUSSIAN_ENDINGS


@dataclass(frozen=True)
class _Gazetteer:
    pattern: re.Pattern[str]
    names: dict[str, list[_Name]]  # compact key (no spaces or hyphens) -> candidates


def find_places(text: str, places: Iterable[Place]) -> list[PlaceMatch]:
    """Every mention of a profile place in `text`, longest first, without overlaps, by start.

    "Абай даңғылы 45-те су жоқ" -> [PlaceMatch(surface="Абай даңғылы 45", canonical="Абай",
    kind="avenue", house="45", ...)]. `text[m.start:m.end] == m.surface` always holds.
    """
    keyed = key_text(text)
    gazetteer = _gazetteer(tuple(places))
    found: list[PlaceMatch] = []
    reached = 0  # key position after the previous place's type word and house number
    for match in gazetteer.pattern.finditer(keyed.key):
        if match.start() < reached:
            continue
        located = _locate(keyed, match, gazetteer)
        if located is not None:
            found.append(located[0])
            reached = located[1]
    return found


def _locate(
    keyed: KeyedText, match: re.Match[str], gazetteer: _Gazetteer
) -> tuple[PlaceMatch, int] | None:
    """The place a name match stands for, extended by its type word and house number, with
    the key position where it ends; None when the ending or the context does not fit."""
    candidates = gazetteer.names.get(_SEPARATORS_RE.sub("", match["name"]), [])
    name = next((c for c in candidates if c.accepts(match["tail"])), None)
    if name is None:
        return None
    end, last_tail, typed = match.end(), match["tail"], bool(match["pre"])
    post = _POST_TYPE_RE.match(keyed.key, end)
    if post and _valid_type(post):
        end, last_tail, typed = post.end(), post["tail"] or "", True
    house, end = _house(keyed, end, name.place.kind, last_tail)
    if name.needs_context and not (typed or house):
        return None
    start, text_end = keyed.span(match.start(), end)
    place = name.place
    found = PlaceMatch(
        surface=keyed.text[start:text_end],
        start=start,
        end=text_end,
        canonical=place.canonical,
        kind=place.kind,
        house=house,
        lat=place.lat,
        lon=place.lon,
        district=name.district,
    )
    return found, end


def _valid_type(post: re.Match[str]) -> bool:
    stem, tail = post["stem"], post["tail"] or ""
    if stem is None:
        return True
    if stem in _KAZAKH_TYPES:
        return tail in KAZAKH_ENDINGS
    if stem == "улиц":
        return tail in ("а", "е", "у", "ы")
    return tail == "" or tail in RUSSIAN_ENDINGS


def _house(keyed: KeyedText, position: int, kind: str, tail: str) -> tuple[str | None, int]:
    """The house number after `position` and the key position after it, if it is one."""
    if kind not in HOUSE_KINDS:
        return None, position
    found = _HOUSE_RE.match(keyed.key, position)
    if found is None:
        return None, position
    explicit = bool(found["marker"] or found["after"])
    if not explicit and (
        tail not in ADDRESS_TAILS or _NOT_A_HOUSE_RE.match(keyed.key, found.end("number"))
    ):
        return None, position
    start, end = keyed.span(*found.span("number"))
    return keyed.text[start:end], found.end()


@lru_cache(maxsize=16)
def _gazetteer(places: tuple[Place, ...]) -> _Gazetteer:
    """Names indexed by compact key and one trie-shaped regex over them, built once per profile."""
    kinds = {place.canonical: place.kind for place in places}
    names: dict[str, list[_Name]] = {}
    spaced: set[str] = set()
    for place in places:
        parent = place.parent
        district = parent if parent and kinds.get(parent) == "settlement" else None
        needs_context = match_key(place.canonical) in _NEEDS_CONTEXT
        for written in place.names:
            for key, form in _name_forms(match_key(written).strip()):
                spaced.add(key)
                entry = _Name(place, district, form, needs_context)
                names.setdefault(_SEPARATORS_RE.sub("", key), []).append(entry)
    for candidates in names.values():
        candidates.sort(key=lambda name: name.form != "full")
    trie = _trie_regex(sorted(spaced))
    pattern = re.compile(rf"(?<!\w)(?:(?P<pre>{_PRE_TYPE})[ \t]*)?(?P<name>{trie})(?P<tail>\w*)")
    return _Gazetteer(pattern, names)


def _name_forms(key: str) -> list[tuple[str, str]]:
    """The key, its spelling variants, and the stems Russian and Kazakh endings attach to."""
    if not key:
        return []
    # Latin "Abay"/"Beybarys" keys as "абаы"/"беыбарыс"; Cyrillic "Абай" as "абаи".
    variants = {key, re.sub(r"(?<=[аеоуы])и", "ы", key)}
    forms = [(variant, "full") for variant in sorted(variants)]
    if key[-1] in RUSSIAN_STEM_FINALS and len(key) > 3:
        forms.append((key[:-1], "russian_stem"))
    if key.endswith(("ии", "ыи", "ои", "ая")) and len(key) > 5:
        forms.append((key[:-2], "russian_stem"))  # "Комсомольский" -> "Комсомольском"
    alternative = voiced(key)
    if alternative:
        forms.append((alternative, "voiced"))
    return forms


_Trie = dict[str, "_Trie"]


def _trie_regex(words: list[str]) -> str:
    """One alternation shaped like a trie, so matching costs the length of a name, not the
    number of names. Spaces and hyphens inside names match any short run of separators."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word.replace("-", " "):
            node = node.setdefault(char, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: _Trie) -> str:
    branches = [
        (r"[\s\-]{0,3}" if char == " " else re.escape(char)) + _emit(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
