"""Places with the learned fallback and a point on the map: what a case needs from a post.

The gazetteer (places.py) runs on every post; the Kazakh NER model (ner.py) only when the
gazetteer finds nothing, which keeps the average cost per post low. Then each place gets its
point, precision and district from city/geocode.py.

    locate_places("Кеше түнде Абай даңғылы 45 үйде су жоқ", profile)
    -> [LocatedPlace(surface="Абай даңғылы 45 үйде", canonical="Абай", house="45",
                     lat=..., lon=..., district=None, precision="address"), ...]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from halyq.city.geocode import geo_index, geocode
from halyq.city.profile import CityProfile, Place
from halyq.nlp.ner import PLACE_LABELS, NerModel, load_model
from halyq.nlp.places import PlaceMatch, find_places
from halyq.nlp.places_unknown import unlisted_name

_SETTLEMENT_WORDS_RE = re.compile(r"(?:ауыл|аудан|кент|село|поселок|посёлок|район)\w*$", re.I)
_ENTITY_KINDS = {"LOCATION": "landmark", "FACILITY": "facility"}


@dataclass(frozen=True)
class LocatedPlace(PlaceMatch):
    """A PlaceMatch with its point filled in; `precision` says how close the point is:
    address | street | area | settlement | city (None: no point known)."""

    precision: str | None = None
    # What to call a place the profile does not list ("Бірлік көшесі" for "Бірлік көшесінде
    # 12 үйде"); None for a listed one, whose canonical name says it.
    name: str | None = None


def find_places_with_ner(
    text: str, places: Iterable[Place], *, model: NerModel | None = None
) -> list[PlaceMatch]:
    """find_places(); when it finds nothing, the NER model's GPE, LOCATION and FACILITY
    entities, as places with canonical None ("Жаңақорған ауданында" -> a settlement)."""
    found = find_places(text, places)
    if found:
        return found
    tagger = model if model is not None else load_model()
    return [
        PlaceMatch(entity.text, entity.start, entity.end, None, _kind(entity.label, entity.text),
                   None, None, None, None)
        for entity in tagger.entities(text, PLACE_LABELS)
    ]  # fmt: skip


def _kind(label: str, text: str) -> str:
    if label == "GPE":
        return "settlement" if _SETTLEMENT_WORDS_RE.search(text) else "city"
    return _ENTITY_KINDS.get(label, "landmark")


def locate_places(
    text: str, profile: CityProfile, *, use_ner: bool = True, model: NerModel | None = None
) -> list[LocatedPlace]:
    """Every place in `text` with its point, precision and district (see module docstring)."""
    if use_ner:
        found = find_places_with_ner(text, profile.places, model=model)
    else:
        found = find_places(text, profile.places)
    index = geo_index(profile)
    located = []
    for match in found:
        point = geocode(match, index)
        fields = asdict(match)
        if point is not None:
            fields.update(lat=point.lat, lon=point.lon, district=point.district)
        precision = point.precision if point else None
        name = (
            None if match.canonical else unlisted_name(_without_house(match.surface, match.house))
        )
        located.append(LocatedPlace(**fields, precision=precision, name=name))
    return located


def _without_house(surface: str, house: str | None) -> str:
    """The words before the house number: "Бірлік көшесінде 12 үйде" -> "Бірлік көшесінде"."""
    digits = re.match(r"\d+", house or "")
    if digits is None:
        return surface
    before = rf"[\s,]+(?:д\.?|дом|үй|уи)?\s*{digits.group()}(?!\d)"
    starts = [found.start() for found in re.finditer(before, surface)]
    return surface[: starts[-1]] if starts and starts[-1] > 0 else surface
