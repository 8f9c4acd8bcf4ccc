"""Merging rules: defaults and a city's merging.yaml, with errors naming the file and field."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest

from halyq.cases.merge_rules import default_rules, load_merge_rules
from halyq.city.profile import ProfileError, load_profile


def test_defaults_group_utilities_and_keep_other_categories_alone() -> None:
    rules = default_rules()
    assert rules.members("water") == {"water", "heating", "electricity", "gas"}
    assert rules.members("roads") == {"roads"}
    assert rules.window("water") == timedelta(hours=48)
    assert rules.window("street_lighting") == timedelta(days=7)
    assert rules.window("unknown") == timedelta(hours=72)
    assert rules.longest_window >= timedelta(days=7)


def _city(tmp_path: Path, merging: str) -> Path:
    folder = tmp_path / "city"
    shutil.copytree(load_profile("kyzylorda").root, folder)
    (folder / "merging.yaml").write_text(merging, encoding="utf-8")
    return folder


def test_a_city_file_overrides_the_defaults(tmp_path: Path) -> None:
    folder = _city(
        tmp_path,
        "families: {outages: [water, electricity]}\n"
        "window_hours: {water: 12, default: 24}\nnear_copy: {jaccard: 0.8}\n",
    )
    rules = load_merge_rules(load_profile(folder))
    assert rules.members("water") == {"water", "electricity"}
    assert rules.members("heating") == {"heating"}
    assert rules.window("water") == timedelta(hours=12)
    assert rules.window("waste") == timedelta(hours=72)  # default per category kept
    assert rules.default_window == timedelta(hours=24) and rules.copy_jaccard == 0.8


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("window_hours: {water: -1}", "window_hours.water"),
        ("families: {x: water}", "families.x"),
        ("near_copy: {jaccard: 2}", "near_copy.jaccard"),
        ("max_distance_m: far", "max_distance_m"),
    ],
)
def test_a_bad_file_names_the_field(tmp_path: Path, text: str, field: str) -> None:
    folder = _city(tmp_path, text)
    with pytest.raises(ProfileError, match=f"merging.yaml, field '{field}'"):
        load_merge_rules(load_profile(folder))
