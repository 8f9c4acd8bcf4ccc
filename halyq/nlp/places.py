"""Find the city's places in a post: "Абай даңғылы 45", "Шұғылада", "ул. Абая, д. 12/3".

Every name and alias of every place in the city profile is matched on the match key, so
"Шұғыла", "Шугыла", "Shugyla" and "Şuğyla" are one place. A name may carry a Kazakh ending
("Шұғылада", "Белкөлдегі") or a Russian one ("Абаю", "Шугыле", "Центральной площади"), a type
word before or after it ("ул.", "мкр", "көшесі", "ықшамауданы") and, for streets, avenues,
microdistricts and dacha areas, a house number ("45", "45а", "12/3", "45 үй", "д. 45", "№ 45").
Names that also mean a person, a month or a holiday are taken only where the context says
"place" (places_context.py); places the profile does not list are found by their shape
(places_unknown.py) and come out with canonical None.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass

from halyq.city.profile import Place
from halyq.nlp import places_context as context
from halyq.nlp.morphology import ADDRESS_TAILS, KAZAKH_ENDINGS, RUSSIAN_ENDINGS
from halyq.nlp.normalise import KeyedText, key_text
from halyq.nlp.places_names import SEPARATORS_RE, Gazetteer, Name, gazetteer
from halyq.nlp.places_unknown import Unlisted, find_unlisted

HOUSE_KINDS = frozenset({"street", "avenue", "microdistrict", "dacha"})

_POST_TYPE_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?P<abbr>ш/а|ы/а|к-си|дан\.|мкрн\.?|мкр\.?|ул\.?|пр\.?)(?!\w)"
    r"|(?P<stem>коше|дангыл|ыкшамаудан|микрорайон|ауыл|кент|саяжаи|кала|поселок|проспект"
    r"|улиц)(?P<tail>\w*))"
)
_KAZAKH_TYPES = frozenset({"коше", "дангыл", "ыкшамаудан", "ауыл", "кент", "саяжаи", "кала"})
# What kind of place a type word announces (key form, by prefix).
_TYPE_KINDS = (
    ("коше", ("street", "avenue")), ("к-си", ("street", "avenue")), ("ул", ("street", "avenue")),
    ("дангыл", ("avenue", "street")), ("дан.", ("avenue", "street")),
    ("проспект", ("avenue", "street")), ("пр", ("avenue", "street")),
    ("ш/а", ("microdistrict",)), ("ы/а", ("microdistrict",)), ("ыкшамаудан", ("microdistrict",)),
    ("мкр", ("microdistrict",)), ("микрорайон", ("microdistrict",)),
    ("ауыл", ("settlement",)), ("кент", ("settlement",)), ("пос", ("settlement",)),
    ("п.", ("settlement",)), ("с.", ("settlement",)), ("сел", ("settlement",)),
    ("аул", ("settlement",)), ("саяжаи", ("dacha",)), ("дачн", ("dacha",)),
    ("кала", ("city",)), ("г.", ("city",)),
)  # fmt: skip
_HOUSE_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:(?P<marker>д\.|дом|у[иы]|№)[ \t]*(?:№[ \t]*)?)?"
    r"(?P<number>\d{1,4}(?:[а-я](?!\w))?(?:/\d{1,4}[а-я]?)?)(?!\w|[.,:]\d)"
    r"(?P<after>[ \t]*-?[ \t]*у[иы]\w{0,6})?"  # "үй", and "uy" in Latin
)
# A bare number after a name is a count or a date, not a house: "Абай 3 күн", "КБИ 17 июня".
_NOT_A_HOUSE_RE = re.compile(
    r"[ \t]*-?[ \t]*(?:кун|дн|ден|сагат|саг|час|мин|жыл|год|лет|аи(?!\w)|апта|недел|раз"
    r"|градус|тенге|тг|%|км|метр|м(?!\w)|литр|кг|адам|человек|ши|шы|инши|ынши|ии|ои|ого"
    r"|[–—-][ \t]*\d|январ|феврал|март|апрел|ма[яи]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|кантар|акпан|наурыз|сауир|мамыр|маусым|шилде|тамыз|кыркуиек|казан|караша|желтоксан)"
)
# A number that starts a phone ("Жақаева, 8 701 555 33 22", "Абай, 87015553322") is no house.
_PHONE_START_RE = re.compile(r"(?:\+[ \t]?7|8|7)(?:[ \t\-–.()]{0,3}\d){9,10}(?!\d)")
# What may stand between the names of a list: "Ақмешіт, Сәулет, Сырдария", "Арай мен Шұғыла".
_LIST_GLUE_RE = re.compile(r"[ \t]*(?:[,;][ \t]*|[ \t](?:мен|жане|и|бен|пен)[ \t]+)$")
_SENTENCE_END_RE = re.compile(r"(?:^|[.!?\n]\W*)$")


@dataclass(frozen=True)
class PlaceMatch:
    """A place mentioned in a post; start/end are offsets into the original text."""

    surface: str
    start: int
    end: int
    canonical: str | None  # None: a place the profile does not list
    kind: str
    house: str | None
    lat: float | None
    lon: float | None
    district: str | None


@dataclass(frozen=True)
class _Found:
    """A match in key positions; `doubtful` ones stand only next to a sure one (a list)."""

    match: PlaceMatch
    key_start: int
    key_end: int
    doubtful: bool = False


def find_places(text: str, places: Iterable[Place]) -> list[PlaceMatch]:
    """Every place mentioned in `text`, longest first, without overlaps, by start.

    "Абай даңғылы 45-те су жоқ" -> [PlaceMatch(surface="Абай даңғылы 45", canonical="Абай",
    kind="avenue", house="45", ...)]; "№12 мектепте" -> [PlaceMatch(surface="№12 мектепте",
    canonical=None, kind="facility", ...)]. `text[m.start:m.end] == m.surface` always holds.
    """
    keyed = key_text(text)
    found = _listed(keyed, gazetteer(tuple(places)))
    found = _settle_doubts(keyed.key, found)
    taken = [(f.key_start, f.key_end) for f in found]  # sorted, never overlapping
    for unlisted in sorted(find_unlisted(keyed), key=lambda u: (u.start, -u.end)):
        if not _overlaps(taken, unlisted.start, unlisted.end):
            found.append(_Found(_unlisted_match(keyed, unlisted), unlisted.start, unlisted.end))
            bisect.insort(taken, (unlisted.start, unlisted.end))
    return sorted((f.match for f in found), key=lambda m: m.start)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) overlaps a span of the sorted, disjoint `taken` (log time)."""
    index = bisect.bisect_left(taken, (start, start))
    return any(
        span_start < end and start < span_end
        for span_start, span_end in taken[max(0, index - 1) : index + 1]
    )


def _listed(keyed: KeyedText, names: Gazetteer) -> list[_Found]:
    found: list[_Found] = []
    reached = 0  # key position after the previous place's type word and house number
    for match in names.pattern.finditer(keyed.key):
        if match.start() < reached:
            continue
        located = _locate(keyed, match, names)
        if located is not None:
            found.append(located)
            reached = located.key_end
    return found


def _settle_doubts(key: str, found: list[_Found]) -> list[_Found]:
    """Keep a doubtful name only inside a list with a sure place: "Ақмешіт, Сәулет, Сырдария
    ықшамаудандары" takes "Сәулет"; "Сәулет бөлімі" alone does not."""
    sure = [not f.doubtful for f in found]
    # Sureness spreads along a list: one pass each way reaches every member of a chain.
    order = list(range(1, len(found)))
    for index, previous in [(i, i - 1) for i in order] + [(i - 1, i) for i in reversed(order)]:
        if not sure[index] and sure[previous] and _listed_with(key, found, index, previous):
            sure[index] = True
    return [item for index, item in enumerate(found) if sure[index]]


def _listed_with(key: str, found: list[_Found], one: int, other: int) -> bool:
    first, second = sorted((one, other))
    gap = key[found[first].key_end : found[second].key_start]
    return bool(_LIST_GLUE_RE.fullmatch(gap + " ") or _LIST_GLUE_RE.fullmatch(gap))


def _locate(keyed: KeyedText, match: re.Match[str], names: Gazetteer) -> _Found | None:
    """The place a name match stands for, extended by its type word and house number; None
    when the ending or the context does not fit."""
    key = keyed.key
    candidates = [
        c for c in names.names.get(SEPARATORS_RE.sub("", match["name"]), [])
        if c.accepts(match["tail"])
    ]  # fmt: skip
    if not candidates or _inside_address(key, match.start(), match.end()):
        return None
    end, last_tail = match.end(), match["tail"]
    type_word = match["pre"]
    post = _POST_TYPE_RE.match(key, end)
    if post and _valid_type(post, keyed):
        end, last_tail, type_word = post.end(), post["tail"] or "", post["abbr"] or post["stem"]
    kinds = _type_kinds(type_word)
    house_kind = any(c.place.kind in HOUSE_KINDS for c in candidates)
    house, end = _house(keyed, end, "street" if house_kind else "", last_tail)
    name = _choose(candidates, kinds, house, key, match)
    if kinds is None and house is None:
        other = context.named_after(key, match.start("name"), match.end(), match["tail"])
        if other is not None:
            return _named_after(keyed, other)
        verdict = _read_context(keyed, match, name)
        if verdict == "reject":
            return None
    else:
        verdict = "sure"
    if house is not None and name.place.kind not in HOUSE_KINDS:
        house = None
    return _Found(_match(keyed, match.start(), end, name, house), match.start(), end,
                  doubtful=verdict == "doubt")  # fmt: skip


def _inside_address(key: str, start: int, end: int) -> bool:
    """True inside an e-mail or web address or a hashtag: "zakaz@tazasu-kzo.kz" is no place."""
    token_start = max(key.rfind(" ", 0, start), key.rfind("\n", 0, start)) + 1
    token_end = len(key)
    for stop in (" ", "\n"):
        found = key.find(stop, end)
        if found != -1:
            token_end = min(token_end, found)
    token = key[token_start:token_end]
    if start > 0 and key[start - 1] == "#":
        return True  # a hashtag ("#Qyzylorda") tags the post, it does not place the problem
    return "@" in token or "/" in token.replace("ш/а", "").replace("ы/а", "") or ".kz" in token


def _choose(
    candidates: list[Name],
    kinds: tuple[str, ...] | None,
    house: str | None,
    key: str,
    match: re.Match[str],
) -> Name:
    """Of several places with this name, the one the type word, house or context points to."""
    if len({c.place for c in candidates}) == 1:
        return candidates[0]
    if kinds:
        for kind in kinds:
            for candidate in candidates:
                if candidate.place.kind == kind:
                    return candidate
    if house is not None:
        return next((c for c in candidates if c.place.kind in HOUSE_KINDS), candidates[0])
    if context.mentions_river(key, match.start(), match.end()):
        return next((c for c in candidates if c.place.kind == "landmark"), candidates[0])
    return next((c for c in candidates if c.place.kind != "landmark"), candidates[0])


def _read_context(keyed: KeyedText, match: re.Match[str], name: Name) -> str:
    """ "sure", "doubt" (only inside a list of places) or "reject", for a name with neither a
    type word nor a house number, from what else the name can mean."""
    key, tail = keyed.key, match["tail"]
    start, end = match.start("name"), match.end()
    meaning = name.place.also_means
    if meaning == "person":
        return "reject" if context.is_person(key, start, end, tail) else "sure"
    if meaning == "given_name":
        return "reject" if not tail and context.is_given_name(key, end) else "sure"
    if context.has_preposition(key, start):
        return "sure" if meaning != "holiday" or tail in RUSSIAN_ENDINGS else "doubt"
    if meaning == "month":
        return "reject" if context.after_number(key, start) else "doubt"
    if meaning == "word":
        if context.is_locative(tail) or _capital_inside_sentence(keyed, start):
            return "sure"
        return "doubt"
    if meaning == "holiday":
        return "doubt"
    return "sure"


def _capital_inside_sentence(keyed: KeyedText, start: int) -> bool:
    """A capital letter that is not there because a sentence begins: a proper name."""
    text_start = keyed.to_text(start)
    if not keyed.text[text_start : text_start + 1].isupper():
        return False
    return not _SENTENCE_END_RE.search(keyed.text, max(0, text_start - 4), text_start)


def _named_after(keyed: KeyedText, other: tuple[str, int, int]) -> _Found:
    kind, start, end = other
    text_start, text_end = keyed.span(start, end)
    found = PlaceMatch(
        keyed.text[text_start:text_end], text_start, text_end, None, kind, None, None, None, None
    )
    return _Found(found, start, end)


def _match(keyed: KeyedText, start: int, end: int, name: Name, house: str | None) -> PlaceMatch:
    text_start, text_end = keyed.span(start, end)
    place = name.place
    return PlaceMatch(
        surface=keyed.text[text_start:text_end],
        start=text_start,
        end=text_end,
        canonical=place.canonical,
        kind=place.kind,
        house=house,
        lat=place.lat,
        lon=place.lon,
        district=name.district,
    )


def _unlisted_match(keyed: KeyedText, unlisted: Unlisted) -> PlaceMatch:
    end, house = unlisted.end, None
    if unlisted.kind in HOUSE_KINDS:
        house, end = _house(keyed, unlisted.name_end, unlisted.kind, "")
    start, text_end = keyed.span(unlisted.start, end)
    return PlaceMatch(
        keyed.text[start:text_end], start, text_end, None, unlisted.kind, house, None, None, None
    )


def _type_kinds(type_word: str | None) -> tuple[str, ...] | None:
    if not type_word:
        return None
    word = type_word.strip()
    return next((kinds for stem, kinds in _TYPE_KINDS if word.startswith(stem)), ())


def _valid_type(post: re.Match[str], keyed: KeyedText) -> bool:
    stem, tail = post["stem"], post["tail"] or ""
    if stem is None:
        # "Кызылжарме, ул. Мектеп": an abbreviation before another name belongs to that name.
        after = re.match(r"[ \t]*(\w)", keyed.key[post.end() :])
        starts_name = (
            after is not None and keyed.text[keyed.to_text(post.end() + after.start(1))].isupper()
        )
        return "," not in post.group() and not starts_name
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
    if found is None or _PHONE_START_RE.match(keyed.key, found.start("number")):
        return None, position
    after = found["after"]
    # "Шанхайда 7 үйге" is "to seven houses"; "Арайдағы 25 үй", "Титове, 5 үй" are addresses.
    if after and re.search(r"у[иы](?:ге|лер|лар)", after):
        return None, position
    if (
        not found["marker"]
        and not after
        and (tail not in ADDRESS_TAILS or _NOT_A_HOUSE_RE.match(keyed.key, found.end("number")))
    ):
        return None, position
    start, end = keyed.span(*found.span("number"))
    return keyed.text[start:end], found.end()
