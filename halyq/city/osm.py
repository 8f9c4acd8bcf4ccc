"""Read OpenStreetMap data into plain features: streets, address points, facilities, boundaries.

Reads `.osm` XML and `.osm.pbf` through pyosmium, and GeoJSON exported from Overpass
(overpass-turbo / osmtogeojson: feature ids like "way/123", tags in the properties). Each
OSM object becomes at most one `OsmFeature`, keyed by its type and id, so a re-import can
update it in place (see osm_store.py).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import osmium

STREET_HIGHWAYS = frozenset(
    {
        "motorway", "trunk", "primary", "secondary", "tertiary", "unclassified", "residential",
        "living_street", "pedestrian", "service", "road", "footway",
    }
)  # fmt: skip
FACILITY_AMENITIES = frozenset(
    {
        "school", "kindergarten", "clinic", "hospital", "doctors", "college", "university",
        "pharmacy", "police", "fire_station", "townhall", "post_office", "library",
    }
)  # fmt: skip
PLACE_VALUES = frozenset(
    {"city", "town", "village", "hamlet", "suburb", "neighbourhood", "quarter", "isolated_dwelling"}
)
# Tags worth keeping; the rest of OSM's tags are not needed to find or draw a place.
KEPT_TAGS = re.compile(
    r"^(name(:kk|:ru|:en|:kk-Latn)?|alt_name(:\w+)?|old_name(:\w+)?|official_name(:\w+)?|ref"
    r"|addr:(street|housenumber|place|city)|highway|amenity|healthcare|place|boundary"
    r"|admin_level|building)$"
)
_NUMBER_RE = re.compile(r"№\s*(\d{1,4})|(?<!\d)(\d{1,4})(?!\d)")

Geometry = dict[str, Any]  # GeoJSON geometry: {"type": ..., "coordinates": ...}


@dataclass(frozen=True)
class OsmFeature:
    """One OSM object Halyq uses. `kind`: street | address | facility | boundary | place."""

    key: str  # "node/123", "way/45", "relation/6"
    kind: str
    tags: dict[str, str]
    geometry: Geometry
    lat: float  # a representative point: the node, a vertex mid-way along a line, a ring centre
    lon: float

    @property
    def name(self) -> str | None:
        return self.tags.get("name:kk") or self.tags.get("name")

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "tags": dict(sorted(self.tags.items())),
            "lat": self.lat,
            "lon": self.lon,
            "geometry": self.geometry,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OsmFeature:
        return cls(
            key=data["key"],
            kind=data["kind"],
            tags=dict(data["tags"]),
            geometry=data["geometry"],
            lat=float(data["lat"]),
            lon=float(data["lon"]),
        )


def classify(tags: Mapping[str, str], geometry_type: str) -> str | None:
    """What Halyq keeps an object as, from its tags, or None to skip it."""
    if tags.get("boundary") == "administrative" and geometry_type in ("Polygon", "MultiPolygon"):
        return "boundary"
    if tags.get("amenity") in FACILITY_AMENITIES or tags.get("healthcare"):
        return "facility" if tags.get("name") or tags.get("ref") else None
    if tags.get("highway") in STREET_HIGHWAYS and "LineString" in geometry_type:
        return "street" if tags.get("name") else None
    if tags.get("place") in PLACE_VALUES and tags.get("name"):
        return "place"
    if tags.get("addr:housenumber") and (tags.get("addr:street") or tags.get("addr:place")):
        return "address"
    return None


def facility_number(tags: Mapping[str, str]) -> str | None:
    """The number of a school, kindergarten or clinic: "№12 мектеп-лицей" -> "12"."""
    for value in (tags.get("ref"), tags.get("name:kk"), tags.get("name"), tags.get("name:ru")):
        if value:
            found = _NUMBER_RE.search(value)
            if found:
                return found.group(1) or found.group(2)
    return None


def read_features(path: Path) -> list[OsmFeature]:
    """Every usable feature in an OSM XML, PBF or Overpass GeoJSON file, in key order.

    Raises ValueError (naming the file) when the file cannot be read.
    """
    name = path.name.lower()
    try:
        if name.endswith((".geojson", ".json")):
            found = list(_from_geojson(path))
        else:
            found = list(_from_osmium(path))
    except (RuntimeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: cannot read OSM data ({exc})") from None
    return sorted({f.key: f for f in found}.values(), key=lambda f: f.key)


def _make(key: str, tags: dict[str, str], geometry: Geometry) -> OsmFeature | None:
    kind = classify(tags, geometry["type"])
    if kind is None:
        return None
    lat, lon = representative_point(geometry)
    kept = {k: v for k, v in tags.items() if KEPT_TAGS.match(k)}
    return OsmFeature(key, kind, kept, geometry, round(lat, 7), round(lon, 7))


def _from_osmium(path: Path) -> Iterator[OsmFeature]:
    for obj in osmium.FileProcessor(str(path)).with_areas():
        tags = {tag.k: tag.v for tag in obj.tags}
        if not tags:
            continue
        geometry: Geometry | None
        if isinstance(obj, osmium.osm.Node):
            key = f"node/{obj.id}"
            geometry = {"type": "Point", "coordinates": [obj.location.lon, obj.location.lat]}
        elif isinstance(obj, osmium.osm.Way):
            key = f"way/{obj.id}"
            geometry = _way_geometry(obj, tags)
        elif isinstance(obj, osmium.osm.Area) and not obj.from_way():
            key = f"relation/{obj.orig_id()}"
            geometry = _area_geometry(obj)
        else:
            continue
        feature = _make(key, tags, geometry) if geometry else None
        if feature is not None:
            yield feature


def _way_geometry(way: Any, tags: Mapping[str, str]) -> Geometry | None:
    try:
        points = [[node.lon, node.lat] for node in way.nodes]
    except osmium.InvalidLocationError:
        return None
    if len(points) < 2:
        return None
    closed = points[0] == points[-1] and len(points) >= 4
    if closed and "highway" not in tags:
        return {"type": "Polygon", "coordinates": [points]}
    return {"type": "LineString", "coordinates": points}


def _area_geometry(area: Any) -> Geometry | None:
    polygons = []
    for outer in area.outer_rings():
        ring = [[node.lon, node.lat] for node in outer]
        holes = [[[n.lon, n.lat] for n in inner] for inner in area.inner_rings(outer)]
        polygons.append([ring, *holes])
    return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None


def _from_geojson(path: Path) -> Iterator[OsmFeature]:
    data = json.loads(path.read_text(encoding="utf-8"))
    for item in data.get("features", []):
        properties = item.get("properties") or {}
        key = str(item.get("id") or properties.get("@id") or properties.get("id") or "")
        if not re.fullmatch(r"(node|way|relation)/\d+", key):
            continue
        tags = properties.get("tags") or {
            k: str(v) for k, v in properties.items() if not k.startswith("@") and k != "id"
        }
        geometry = item.get("geometry")
        if geometry and geometry.get("coordinates"):
            feature = _make(key, {str(k): str(v) for k, v in tags.items()}, geometry)
            if feature is not None:
                yield feature


def representative_point(geometry: Geometry) -> tuple[float, float]:
    """(lat, lon) on or inside the geometry: the point, a line's middle, a ring's centre."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return coordinates[1], coordinates[0]
    if kind == "LineString":
        return _middle_of_line(coordinates)
    if kind == "MultiLineString":
        return _middle_of_line(max(coordinates, key=_line_length))
    if kind == "Polygon":
        return _ring_centre(coordinates[0])
    if kind == "MultiPolygon":
        return _ring_centre(max((polygon[0] for polygon in coordinates), key=len))
    raise KeyError(f"geometry type {kind}")


def _line_length(points: list[list[float]]) -> float:
    return sum(math.dist(a, b) for a, b in itertools.pairwise(points))


def _middle_of_line(points: list[list[float]]) -> tuple[float, float]:
    """The point half-way along the line (so it lies on the street, unlike a centroid)."""
    half, walked = _line_length(points) / 2, 0.0
    for a, b in itertools.pairwise(points):
        step = math.dist(a, b)
        if step and walked + step >= half:
            share = (half - walked) / step
            return a[1] + (b[1] - a[1]) * share, a[0] + (b[0] - a[0]) * share
        walked += step
    return points[0][1], points[0][0]


def _ring_centre(ring: list[list[float]]) -> tuple[float, float]:
    corners = ring[:-1] if len(ring) > 1 and ring[0] == ring[-1] else ring
    return (
        sum(point[1] for point in corners) / len(corners),
        sum(point[0] for point in corners) / len(corners),
    )


def contains(geometry: Geometry, lat: float, lon: float) -> bool:
    """True when (lat, lon) lies inside a Polygon or MultiPolygon (even-odd rule)."""
    if geometry["type"] == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return False
    return any(
        _in_ring(polygon[0], lat, lon) and not any(_in_ring(h, lat, lon) for h in polygon[1:])
        for polygon in polygons
    )


def _in_ring(ring: list[list[float]], lat: float, lon: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
