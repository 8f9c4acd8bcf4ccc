"""Geocoding: address point, else street line, else area or settlement, else the city."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from halyq.city.geocode import house_key
from halyq.city.osm_store import OSM_FILE, import_osm
from halyq.city.profile import CityProfile, load_profile
from halyq.nlp.ner_places import LocatedPlace, locate_places

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> CityProfile:
    """The Kyzylorda profile with the small test extract imported."""
    target = tmp_path_factory.mktemp("geo") / "city"
    shutil.copytree(load_profile().root, target, ignore=shutil.ignore_patterns(OSM_FILE))
    import_osm(DATA / "sample.osm", target)
    import_osm(DATA / "sample.geojson", target)
    return load_profile(target)


def located(text: str, profile: CityProfile) -> list[LocatedPlace]:
    found = locate_places(text, profile, use_ner=False)
    for place in found:
        assert text[place.start : place.end] == place.surface
    return found


def test_the_issue_example_gets_the_address_point(mapped: CityProfile) -> None:
    text = "Кеше түнде Абай даңғылы 45 үйде су жоқ, үш күннен бері жылу берілмей жатыр!"
    [place] = located(text, mapped)
    assert (place.canonical, place.house, place.precision) == ("Абай", "45", "address")
    assert (place.lat, place.lon) == (44.852, 65.501)
    assert place.district is None  # the city itself: the city akimat's departments


@pytest.mark.parametrize(
    ("text", "point", "precision"),
    [
        ("ул. Абая, д. 99", (44.85, 65.5), "street"),  # no such house: the avenue's line
        ("по ул. Жибек жолы, 12a", (44.841, 65.471), "address"),  # a building's outline
        ("Tokmagambetov koshesi 5a", (44.846, 65.507), "address"),  # from Overpass GeoJSON
        ("№12 мектепте жылу жоқ", (44.848, 65.495), "address"),
        ("школа №12", (44.848, 65.495), "address"),
        ("балабақша №7", (44.86, 65.52), "address"),
        ("3-емханада кезек", (44.855, 65.48), "address"),
        ("Арайда жарық жоқ", (44.85, 65.5), "city"),  # no centre known: the city's
    ],
)
def test_precision_falls_back_step_by_step(
    mapped: CityProfile, text: str, point: tuple[float, float], precision: str
) -> None:
    [place] = located(text, mapped)
    assert ((place.lat, place.lon), place.precision) == (point, precision)


def test_a_rural_settlement_is_its_own_district(mapped: CityProfile) -> None:
    settlement, street = located("Белкөлдегі Әбдіқадыров көшесі 7 үй", mapped)
    assert (settlement.precision, settlement.district) == ("settlement", "Белкөл")
    assert (settlement.lat, settlement.lon) == (44.815, 65.62)  # the village's OSM node
    assert (street.precision, street.district, street.lat) == ("address", "Белкөл", 44.816)
    [russian] = located("пос. Белколь без газа", mapped)
    assert russian.district == "Белкөл"


def test_an_unknown_place_has_no_point(mapped: CityProfile) -> None:
    [place] = located("Бұрыш көшесінде жарық жоқ", mapped)
    assert (place.canonical, place.precision, place.lat) == (None, None, None)


def test_without_osm_data_the_profile_coordinates_are_used(profile: CityProfile) -> None:
    [place] = located("Абай даңғылы 45", profile)
    assert (place.lat, place.lon, place.precision) == (44.85, 65.5, "city")


def test_without_osm_data_a_village_still_gets_its_own_centre(profile: CityProfile) -> None:
    """The shipped profile has settlement centres (GeoNames), not streets."""
    [village] = located("Тасбөгетте газ жоқ", profile)
    assert (village.precision, village.district) == ("settlement", "Тасбөгет")
    assert (village.lat, village.lon) == (44.77018, 65.55461)
    [street] = located("Белкөлдегі Әбдіқадыров көшесі 7 үй", profile)[1:]
    assert (street.precision, street.district, street.lat) == ("settlement", "Белкөл", 44.81384)


def test_house_keys_compare_latin_and_cyrillic_letters() -> None:
    assert house_key("12A") == house_key("12а") == house_key("12 а")
