from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from halyq.city.profile import CityProfile, ProfileError, load_profile


def test_kyzylorda_profile_holds_the_reference_lists(profile: CityProfile) -> None:
    assert profile.code == "kyzylorda"
    assert profile.timezone == "Asia/Qyzylorda"
    assert profile.department_for("heating").code == "housing_utilities"
    assert profile.department_for("public_transport").code == "roads_transport"
    assert profile.departments["police"].is_external
    belkol = next(p for p in profile.places if p.canonical == "Белкөл")
    assert belkol.kind == "settlement"
    assert "Белколь" in belkol.aliases and "Belkol" in belkol.aliases
    assert len(profile.categories) == 22


@pytest.fixture
def city(tmp_path: Path, profile: CityProfile) -> Path:
    target = tmp_path / "city"
    shutil.copytree(profile.root, target)
    return target


def _break_line(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_unknown_department_names_file_line_and_field(city: Path) -> None:
    _break_line(city / "categories.csv", 3, "housing_utilities", "heating_dept")
    with pytest.raises(ProfileError) as info:
        load_profile(city)
    assert info.value.path == city / "categories.csv"
    assert (info.value.line, info.value.field_name) == (3, "default_department")
    assert "heating_dept" in str(info.value)


def test_bad_place_kind_names_its_line(city: Path) -> None:
    _break_line(city / "places.csv", 4, ",settlement,", ",village-ish,")
    with pytest.raises(ProfileError, match=r"places.csv, line 4, field 'kind'"):
        load_profile(city)


def test_non_numeric_deadline_is_reported(city: Path) -> None:
    _break_line(city / "categories.csv", 2, ",4,24", ",four,24")
    with pytest.raises(ProfileError, match=r"line 2, field 'respond_hours'.*'four'"):
        load_profile(city)


def test_missing_column_and_missing_file(city: Path) -> None:
    text = (city / "departments.csv").read_text(encoding="utf-8")
    (city / "departments.csv").write_text(text.replace(",kind", ",type", 1), encoding="utf-8")
    with pytest.raises(ProfileError, match=r"departments.csv, line 1, field 'kind'"):
        load_profile(city)
    (city / "profile.yaml").unlink()
    with pytest.raises(ProfileError, match=r"profile\.yaml: file is missing"):
        load_profile(city)


def test_unknown_city_lists_the_bundled_ones() -> None:
    with pytest.raises(ProfileError, match="kyzylorda"):
        load_profile("atlantis")


def test_places_carry_aliases_parents_and_what_else_a_name_means(profile: CityProfile) -> None:
    places = {p.canonical: p for p in profile.places}
    assert places["Қызылорда"].lat == 44.85 and places["Қызылорда"].lon == 65.5
    assert places["Әбдіқадыров"].parent == "Белкөл"
    assert places["Абай"].also_means == "person"
    assert places["Желтоқсан"].also_means == "month"
    assert "Abay" in places["Абай"].aliases and "Абая" in places["Абай"].aliases
    reference = (profile.root / "reference.txt").read_text(encoding="utf-8").split()
    assert {"Қызылорда", "Белкөл", "Абай"} <= set(reference)


@pytest.mark.parametrize(
    ("line", "old", "new", "field"),
    [
        (2, ",44.85,65.50,", ",95,65.50,", "lat"),
        (2, ",44.85,65.50,", ",44.85,east,", "lon"),
        (5, ",Қызылорда,,,", ",Атлантида,,,", "parent"),
        (11, ",given_name", ",nickname", "also_means"),
        (5, "Қызылжарма,settlement", "Белкөл,settlement", "canonical_kk"),
    ],
)
def test_place_errors_name_file_line_and_field(
    city: Path, line: int, old: str, new: str, field: str
) -> None:
    _break_line(city / "places.csv", line, old, new)
    with pytest.raises(ProfileError) as info:
        load_profile(city)
    assert info.value.path == city / "places.csv"
    assert (info.value.line, info.value.field_name) == (line, field)


def test_a_settlement_office_must_name_a_known_settlement(city: Path) -> None:
    path = city / "departments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("akim_belkol,"))
    _break_line(path, number, ",settlement,Белкөл", ",settlement,Атлантида")
    with pytest.raises(ProfileError, match=r"departments.csv, field 'settlement'.*Атлантида"):
        load_profile(city)
    _break_line(path, number, ",settlement,Атлантида", ",settlement,")
    with pytest.raises(ProfileError, match=rf"departments.csv, line {number}, field 'settlement'"):
        load_profile(city)
