"""OpenStreetMap features kept with the city profile, in `osm.jsonl` (one feature a line).

Keyed by OSM type and id: importing the same data again changes nothing, importing a newer
extract updates the features that changed and adds the new ones; nothing is ever duplicated.
Features missing from a later file are kept, because an extract may cover part of the city.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from halyq.city.osm import OsmFeature, read_features

OSM_FILE = "osm.jsonl"


@dataclass(frozen=True)
class ImportSummary:
    """What an import did, openstates-style: features inserted, updated, left as they were."""

    file: str
    insert: int
    update: int
    noop: int
    kinds: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "insert": self.insert,
            "update": self.update,
            "noop": self.noop,
            "kinds": self.kinds,
        }


def import_osm(source: Path, profile_root: Path) -> ImportSummary:
    """Merge the features of `source` (.osm, .osm.pbf, Overpass GeoJSON) into the profile."""
    imported = read_features(source)
    target = profile_root / OSM_FILE
    stored = {feature.key: feature for feature in load_features(profile_root)}
    insert = update = noop = 0
    kinds: dict[str, int] = {}
    for feature in imported:
        kinds[feature.kind] = kinds.get(feature.kind, 0) + 1
        before = stored.get(feature.key)
        if before is None:
            insert += 1
        elif before.as_json() != feature.as_json():
            update += 1
        else:
            noop += 1
            continue
        stored[feature.key] = feature
    if insert or update:
        _write(target, sorted(stored.values(), key=lambda f: f.key))
    return ImportSummary(str(target), insert, update, noop, dict(sorted(kinds.items())))


def load_features(profile_root: Path) -> tuple[OsmFeature, ...]:
    """The profile's stored features (none when it has no osm.jsonl); cached per file version."""
    path = profile_root / OSM_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return ()
    return _load(path, stamp)


@lru_cache(maxsize=8)
def _load(path: Path, stamp: int) -> tuple[OsmFeature, ...]:
    features = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                features.append(OsmFeature.from_json(json.loads(line)))
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}, line {number}: not an OSM feature ({exc})") from None
    return tuple(features)


def _write(path: Path, features: list[OsmFeature]) -> None:
    """Write to a temporary file and rename, so readers never see half a file."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for feature in features:
                out.write(json.dumps(feature.as_json(), ensure_ascii=False) + "\n")
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
