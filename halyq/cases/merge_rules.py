"""When two complaints are one incident: category families, time windows, distance, near-copies.

The defaults below suit Kyzylorda; a city changes them with an optional `merging.yaml` in its
profile folder (same keys as `MergeRules`, hours instead of timedeltas), for example:

    families:
      utilities: [water, heating, electricity, gas]
    window_hours: {default: 72, water: 48, street_lighting: 168}
    max_distance_m: 150
    secondary_min_score: 0.3
    near_copy: {jaccard: 0.6, window_hours: 336}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from halyq.city.profile import CityProfile, ProfileError

RULES_FILE = "merging.yaml"

# Categories a classifier confuses for one outage: no water, no heat and no power come
# together (electric pumps and gas boilers stop) and residents describe them loosely.
DEFAULT_FAMILIES: dict[str, tuple[str, ...]] = {
    "utilities": ("water", "heating", "electricity", "gas"),
}
# How long after the last post about it a new post still joins the incident. Outages are
# fixed in hours or days; a dark street or a pack of dogs is written about for a week. Roads
# keep the default: one street has many road problems (cracks, bumps, crossings) at once.
DEFAULT_WINDOW_HOURS: dict[str, int] = {
    "default": 72,
    "water": 48,
    "heating": 48,
    "electricity": 48,
    "gas": 24,
    "emergency": 24,
    "waste": 72,
    "street_lighting": 168,
    "stray_animals": 168,
}


@dataclass(frozen=True)
class MergeRules:
    """What makes a new complaint part of an open case rather than a case of its own."""

    family_of: dict[str, str] = field(default_factory=dict)  # category → family name
    windows: dict[str, timedelta] = field(default_factory=dict)  # category → window
    default_window: timedelta = timedelta(hours=72)
    max_distance_m: float = 150.0  # for posts that carry a map point
    # A runner-up category this strong counts too, but only with the exact same address.
    secondary_min_score: float = 0.3
    copy_jaccard: float = 0.6
    copy_window: timedelta = timedelta(days=14)

    def family(self, category: str) -> str:
        return self.family_of.get(category, category)

    def members(self, category: str) -> frozenset[str]:
        """The categories of `category`'s family, itself included."""
        family = self.family(category)
        return frozenset({category, *(c for c, f in self.family_of.items() if f == family)})

    def window(self, category: str) -> timedelta:
        return self.windows.get(category, self.default_window)

    @property
    def longest_window(self) -> timedelta:
        return max([self.default_window, *self.windows.values()])


def default_rules() -> MergeRules:
    return build_rules({}, Path(RULES_FILE))


def load_merge_rules(profile: CityProfile) -> MergeRules:
    """The profile's merging.yaml over the defaults; ProfileError names the file and field."""
    return _load(str(profile.root))


@lru_cache(maxsize=8)
def _load(root: str) -> MergeRules:
    path = Path(root) / RULES_FILE
    if not path.exists():
        return default_rules()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProfileError(path, None, None, str(exc)) from None
    if not isinstance(data, dict):
        raise ProfileError(path, 1, None, "expected a mapping of settings")
    return build_rules(data, path)


def build_rules(data: dict[str, Any], path: Path) -> MergeRules:
    """MergeRules from a parsed merging.yaml (missing keys keep the defaults)."""
    families = _mapping(data, "families", path, DEFAULT_FAMILIES)
    family_of = {}
    for name, members in families.items():
        if not isinstance(members, list | tuple) or not all(isinstance(m, str) for m in members):
            raise ProfileError(path, None, f"families.{name}", "must be a list of category codes")
        family_of.update({member: str(name) for member in members})
    hours = {**DEFAULT_WINDOW_HOURS, **_mapping(data, "window_hours", path, {})}
    windows = {
        str(code): timedelta(hours=_positive(value, path, f"window_hours.{code}"))
        for code, value in hours.items()
    }
    near_copy = _mapping(data, "near_copy", path, {})
    jaccard = _positive(near_copy.get("jaccard", 0.6), path, "near_copy.jaccard")
    if jaccard > 1:
        raise ProfileError(path, None, "near_copy.jaccard", "must be between 0 and 1")
    return MergeRules(
        family_of=family_of,
        windows={code: value for code, value in windows.items() if code != "default"},
        default_window=windows["default"],
        max_distance_m=_positive(data.get("max_distance_m", 150), path, "max_distance_m"),
        secondary_min_score=_positive(
            data.get("secondary_min_score", 0.3), path, "secondary_min_score"
        ),
        copy_jaccard=jaccard,
        copy_window=timedelta(
            hours=_positive(near_copy.get("window_hours", 336), path, "near_copy.window_hours")
        ),
    )


def _mapping(data: dict[str, Any], key: str, path: Path, default: Any) -> dict[str, Any]:
    value = data.get(key, default)
    if not isinstance(value, dict):
        raise ProfileError(path, None, key, "must be a mapping")
    return value


def _positive(value: Any, path: Path, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ProfileError(path, None, name, f"'{value}' must be a number above zero")
    return float(value)
