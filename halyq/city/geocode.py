"""A place found in a post -> a point on the map, how precise it is, and its district.

In order: the OSM address point of the street and house; the numbered facility (school No 12);
the street's own line; the microdistrict or settlement (OSM place or boundary, else the
profile's coordinates); the city. Rural settlements are their own district, so their cases go
to their own akim. Works on files only (places.csv and osm.jsonl): no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from halyq.city.osm import OsmFeature, contains, facility_number
from halyq.city.osm_store import OSM_FILE, load_features
from halyq.city.profile import CityProfile, Place
from halyq.nlp.normalise import match_key
from halyq.nlp.places import PlaceMatch, find_places
from halyq.nlp.places_names import district_of
from halyq.nlp.places_unknown import facility_type

PRECISIONS = ("address", "street", "area", "settlement", "city")
_AREA_KINDS = frozenset({"microdistrict", "dacha", "landmark", "facility"})
_FACILITY_TYPES = {
    "school": "school", "kindergarten": "kindergarten", "clinic": "clinic",
    "doctors": "clinic", "hospital": "hospital", "college": "college",
}  # fmt: skip


@dataclass(frozen=True)
class GeoPoint:
    """Where a place is: `precision` is address | street | area | settlement | city."""

    lat: float
    lon: float
    precision: str
    district: str | None


@dataclass(frozen=True)
class GeoIndex:
    addresses: dict[tuple[str, str], tuple[float, float]]  # (canonical, house key) -> point
    streets: dict[str, tuple[float, float]]  # canonical -> a point on the street
    areas: dict[str, tuple[float, float]]  # canonical -> centre (OSM place or boundary)
    facilities: dict[tuple[str, str], tuple[float, float]]  # (type, number) -> point
    boundaries: tuple[tuple[str, OsmFeature], ...]  # (settlement canonical, boundary)
    places: dict[str, Place]


def house_key(house: str) -> str:
    """ "45А", "45 a", "45a" -> "45а"; "12/3" stays."""
    return match_key(house).replace(" ", "")


def geo_index(profile: CityProfile) -> GeoIndex:
    """The profile's places and OSM features, indexed for geocoding (cached per osm.jsonl)."""
    path = profile.root / OSM_FILE
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _index(profile.places, profile.root, stamp)


@lru_cache(maxsize=8)
def _index(places: tuple[Place, ...], root: Path, stamp: int) -> GeoIndex:
    """Built once per profile and version of its osm.jsonl (`stamp`)."""
    features = load_features(root)
    by_name = {place.canonical: place for place in places}
    addresses: dict[tuple[str, str], tuple[float, float]] = {}
    street_points: dict[str, list[OsmFeature]] = {}
    areas: dict[str, tuple[float, float]] = {}
    facilities: dict[tuple[str, str], tuple[float, float]] = {}
    boundaries: list[tuple[str, OsmFeature]] = []
    for feature in features:
        point = (feature.lat, feature.lon)
        street = feature.tags.get("addr:street") or feature.tags.get("addr:place")
        number = feature.tags.get("addr:housenumber")
        if street and number:
            canonical = _canonical(street, places)
            if canonical:
                addresses.setdefault((canonical, house_key(number)), point)
        if feature.kind == "street" and feature.name:
            canonical = _canonical(feature.name, places)
            if canonical:
                street_points.setdefault(canonical, []).append(feature)
        elif feature.kind in ("place", "boundary") and feature.name:
            canonical = _canonical(feature.name, places)
            if canonical and by_name[canonical].kind in ("settlement", "microdistrict", "dacha"):
                areas.setdefault(canonical, point)
                if feature.kind == "boundary":
                    boundaries.append((canonical, feature))
        elif feature.kind == "facility":
            kind = _FACILITY_TYPES.get(feature.tags.get("amenity", ""))
            numbered = facility_number(feature.tags)
            if kind and numbered:
                facilities.setdefault((kind, numbered), point)
    streets = {name: _street_point(ways) for name, ways in street_points.items()}
    return GeoIndex(addresses, streets, areas, facilities, tuple(boundaries), by_name)


def _canonical(name: str, places: tuple[Place, ...]) -> str | None:
    """The profile place an OSM name stands for: "Абай даңғылы" -> "Абай"."""
    found = [m for m in find_places(name, places) if m.canonical]
    return found[0].canonical if found else None


def _street_point(ways: Iterable[OsmFeature]) -> tuple[float, float]:
    """The middle of the street's longest piece: a point that lies on the street."""
    longest = max(ways, key=lambda way: len(way.geometry.get("coordinates", [])))
    return longest.lat, longest.lon


def geocode(match: PlaceMatch, index: GeoIndex) -> GeoPoint | None:
    """The best point for a place found in a post, or None when nothing is known of it.

    "Абай даңғылы 45" -> the OSM address point (precision "address"); "Абай" alone -> the
    avenue's line ("street"); "Белкөлде" -> the settlement ("settlement", district "Белкөл").
    """
    place = index.places.get(match.canonical) if match.canonical else None
    point, precision = _lookup(match, place, index)
    if point is None:
        return None
    district = match.district
    if place is not None and district is None:
        district = district_of(place, index.places)
    if district is None:
        district = _boundary_at(point, index)
    return GeoPoint(round(point[0], 7), round(point[1], 7), precision, district)


def _lookup(
    match: PlaceMatch, place: Place | None, index: GeoIndex
) -> tuple[tuple[float, float] | None, str]:
    if match.kind == "facility" and place is None:
        numbered = re.search(r"\d{1,3}", match.surface)
        kind = facility_type(match.surface)
        if numbered and kind and (kind, numbered.group()) in index.facilities:
            return index.facilities[(kind, numbered.group())], "address"
    if place is None:
        return None, "city"
    if match.house and (place.canonical, house_key(match.house)) in index.addresses:
        return index.addresses[(place.canonical, house_key(match.house))], "address"
    if place.canonical in index.streets:
        return index.streets[place.canonical], "street"
    return _area_point(place, index)


def _area_point(place: Place, index: GeoIndex) -> tuple[tuple[float, float] | None, str]:
    """The place's own centre, else that of the microdistrict, settlement or city it is in."""
    current: Place | None = place
    seen: set[str] = set()
    while current is not None and current.canonical not in seen:
        seen.add(current.canonical)
        precision = _precision(current.kind)
        if current.canonical in index.areas:
            return index.areas[current.canonical], precision
        if current.lat is not None and current.lon is not None:
            return (current.lat, current.lon), precision
        current = index.places.get(current.parent) if current.parent else None
    return None, "city"


def _precision(kind: str) -> str:
    if kind in ("street", "avenue"):
        return "street"
    if kind in _AREA_KINDS:
        return "area"
    return "settlement" if kind == "settlement" else "city"


def _boundary_at(point: tuple[float, float], index: GeoIndex) -> str | None:
    for name, boundary in index.boundaries:
        if contains(boundary.geometry, *point):
            return name
    return None
