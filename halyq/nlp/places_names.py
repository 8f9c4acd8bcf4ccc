"""The gazetteer as a matcher: every name of every place, in the forms residents write it.

Names are compared on the match key (normalise.match_key), so Kazakh, simplified Cyrillic and
both official Latin alphabets meet. Each name also yields the stems its endings attach to:
Russian "Абая"/"Абаю" (stem "Аба"), Kazakh voiced "Мектебі", and Russian adjective phrases in
every case ("Центральная площадь" -> "Центральной площади", "Центрального рынка").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from halyq.city.profile import Place
from halyq.nlp.morphology import KAZAKH_ENDINGS, RUSSIAN_ENDINGS, RUSSIAN_STEM_FINALS, voiced
from halyq.nlp.normalise import match_key

SEPARATORS_RE = re.compile(r"[\s\-]+")
_AREA_KINDS = frozenset({"settlement", "microdistrict"})

# Type words in match-key form. Before the name: Russian abbreviations and words.
PRE_TYPE = (
    r"(?:ул|пр|мкрн|мкр|пос|п|г|с)\.|(?:ул|пр-т|пр|мкрн|мкр|пос)(?!\w)|улиц[аеуы]"
    r"|проспект\w{0,2}|микрорайон\w{0,2}|поселок\w{0,2}|поселк\w{0,2}|сел[оеа]|аул\w{0,2}"
    r"|дачн\w{0,3}[ \t]+массив\w{0,2}"
)
# Russian adjective endings in match-key form (й is folded to и).
_ADJECTIVE_RE = re.compile(r"(ая|яя|ыи|ии|ои|ое|ее|ые|ие)$")
_ADJECTIVE_ENDINGS = (
    "ая", "яя", "ои", "еи", "ую", "юю", "ою", "ыи", "ии", "ого", "его", "ому", "ему",
    "ым", "им", "ом", "ем", "ое", "ее", "ые", "ие", "ых", "их",
)  # fmt: skip


@dataclass(frozen=True)
class Name:
    """One written form of a place's name and how endings may follow it."""

    place: Place
    district: str | None
    form: str  # full | russian_stem (needs a Russian ending) | voiced (needs a Kazakh one)

    def accepts(self, tail: str) -> bool:
        if self.form == "russian_stem":
            return tail in RUSSIAN_ENDINGS
        if self.form == "voiced":
            return bool(tail) and tail in KAZAKH_ENDINGS
        return tail in KAZAKH_ENDINGS or tail in RUSSIAN_ENDINGS


@dataclass(frozen=True)
class Gazetteer:
    pattern: re.Pattern[str]
    names: dict[str, list[Name]]  # compact key (no spaces or hyphens) -> candidates


def district_of(place: Place, by_name: dict[str, Place]) -> str | None:
    """The settlement or microdistrict a place is (or lies in) within the city; None for a
    place of the city as a whole or outside it. "Әбдіқадыров" (in Белкөл) -> "Белкөл"."""
    seen: set[str] = set()
    current: Place | None = place
    while current is not None and current.canonical not in seen:
        if current.kind in _AREA_KINDS and current.parent:
            return current.canonical
        seen.add(current.canonical)
        current = by_name.get(current.parent) if current.parent else None
    return None


@lru_cache(maxsize=16)
def gazetteer(places: tuple[Place, ...]) -> Gazetteer:
    """Names indexed by compact key and one trie-shaped regex over them, built once per profile."""
    by_name = {place.canonical: place for place in places}
    names: dict[str, list[Name]] = {}
    spaced: set[str] = set()
    for place in places:
        district = district_of(place, by_name)
        for written in place.names:
            for key, form in name_forms(match_key(written).strip()):
                spaced.add(key)
                entries = names.setdefault(SEPARATORS_RE.sub("", key), [])
                if not any(e.place == place and e.form == form for e in entries):
                    entries.append(Name(place, district, form))
    for candidates in names.values():
        candidates.sort(key=lambda name: name.form != "full")
    trie = _trie_regex(sorted(spaced))
    pattern = re.compile(rf"(?<!\w)(?:(?P<pre>{PRE_TYPE})[ \t]*)?(?P<name>{trie})(?P<tail>\w*)")
    return Gazetteer(pattern, names)


def name_forms(key: str) -> list[tuple[str, str]]:
    """The key, its spelling variants, and the stems Russian and Kazakh endings attach to."""
    if not key:
        return []
    # Latin "Abay"/"Beybarys" keys as "абаы"/"беыбарыс"; the 2018 alphabet writes и as ı.
    variants = {key, re.sub(r"(?<=[аеоуы])и", "ы", key), key.replace("и", "ы")}
    variants |= {phrase for variant in list(variants) for phrase in _adjective_cases(variant)}
    forms = [(variant, "full") for variant in sorted(variants)]
    for variant in sorted(variants):
        forms.extend(_stems(variant))
    return forms


def _stems(key: str) -> list[tuple[str, str]]:
    forms = []
    if key[-1] in RUSSIAN_STEM_FINALS and len(key) > 3:
        forms.append((key[:-1], "russian_stem"))
    if key.endswith(("ии", "ыи", "ои", "ая")) and len(key) > 5:
        forms.append((key[:-2], "russian_stem"))  # "Комсомольский" -> "Комсомольском"
    if re.search(r"[^аеиоуы ](ок|ек|ец)$", key) and len(key) > 4:
        forms.append((key[:-2] + key[-1], "russian_stem"))  # "рынок" -> "рынка"
    alternative = voiced(key)
    if alternative:
        forms.append((alternative, "voiced"))
    return forms


def _adjective_cases(key: str) -> list[str]:
    """A Russian phrase with its leading adjectives in every case: "центральная площадь" ->
    "центральнои площадь", "центральную площадь", ... (the noun takes its ending as a tail)."""
    words = key.split(" ")
    if len(words) < 2 or not _ADJECTIVE_RE.search(words[0]) or len(words[0]) < 5:
        return []
    stem = _ADJECTIVE_RE.sub("", words[0])
    return [" ".join([stem + ending, *words[1:]]) for ending in _ADJECTIVE_ENDINGS]


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
        # The separator branch (which may match nothing) goes last, so "сырдарья" is not
        # cut to "сыр" + "дар" by the alias "Syr Darya".
        for char, child in sorted(node.items(), key=lambda item: (item[0] == " ", item[0]))
        if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body
