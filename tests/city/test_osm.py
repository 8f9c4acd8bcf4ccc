"""OpenStreetMap import: reading XML, PBF and Overpass GeoJSON; idempotent re-import."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import osmium
import pytest
from typer.testing import CliRunner

from halyq.city.osm import contains, facility_number, read_features
from halyq.city.osm_store import OSM_FILE, import_osm, load_features
from halyq.city.profile import CityProfile
from halyq.cli import app

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "sample.osm"


@pytest.fixture
def city(tmp_path: Path, profile: CityProfile) -> Path:
    target = tmp_path / "city"
    shutil.copytree(profile.root, target, ignore=shutil.ignore_patterns(OSM_FILE))
    return target


def test_xml_gives_streets_addresses_facilities_and_boundaries() -> None:
    features = {f.key: f for f in read_features(SAMPLE)}
    assert features["way/100"].kind == "street"
    assert features["way/100"].geometry["type"] == "LineString"
    assert (features["way/100"].lat, features["way/100"].lon) == (44.85, 65.5)  # mid-way
    assert features["node/4"].tags["addr:housenumber"] == "45"
    assert features["way/102"].kind == "address"  # a building's outline with its address
    assert features["node/5"].kind == "facility"
    assert facility_number(features["node/5"].tags) == "12"
    assert facility_number(features["node/7"].tags) == "3"
    boundary = features["relation/200"]
    assert (boundary.kind, boundary.geometry["type"]) == ("boundary", "MultiPolygon")
    assert contains(boundary.geometry, 44.816, 65.62)
    assert not contains(boundary.geometry, 44.85, 65.5)
    # An unnamed service road and a bare outline are of no use to Halyq.
    assert "way/104" not in features and "way/103" not in features


def test_pbf_reads_like_xml(tmp_path: Path) -> None:
    pbf = tmp_path / "sample.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(SAMPLE)):
            writer.add(obj)
    assert [f.as_json() for f in read_features(pbf)] == [f.as_json() for f in read_features(SAMPLE)]


def test_overpass_geojson() -> None:
    features = {f.key: f for f in read_features(DATA / "sample.geojson")}
    assert features["way/300"].kind == "street"
    assert features["node/301"].tags["addr:housenumber"] == "5а"
    assert features["node/302"].kind == "facility"
    assert "node/303" not in features  # a bakery is not a facility Halyq routes to


def test_reimport_updates_and_never_duplicates(city: Path, tmp_path: Path) -> None:
    first = import_osm(SAMPLE, city)
    assert (first.insert, first.update, first.noop) == (10, 0, 0)
    assert first.kinds == {"address": 3, "boundary": 1, "facility": 3, "place": 1, "street": 2}
    again = import_osm(SAMPLE, city)
    assert (again.insert, again.update, again.noop) == (0, 0, 10)
    changed = tmp_path / "changed.osm"
    changed.write_text(
        SAMPLE.read_text(encoding="utf-8").replace("№12 мектеп-гимназия", "№12 мектеп-лицей"),
        encoding="utf-8",
    )
    third = import_osm(changed, city)
    assert (third.insert, third.update, third.noop) == (0, 1, 9)
    stored = load_features(city)
    assert len(stored) == 10
    assert next(f for f in stored if f.key == "node/5").name == "№12 мектеп-лицей"
    lines = (city / OSM_FILE).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len({json.loads(line)["key"] for line in lines}) == 10


def test_other_sources_add_to_what_is_stored(city: Path) -> None:
    import_osm(SAMPLE, city)
    summary = import_osm(DATA / "sample.geojson", city)
    assert summary.insert == 3
    assert len(load_features(city)) == 13


def test_a_broken_file_is_named(city: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"broken\.geojson"):
        import_osm(broken, city)


def test_the_command_imports_into_the_named_profile(city: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["city", "import-osm", str(SAMPLE), "--city", str(city)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["insert"] == 10
    again = runner.invoke(app, ["city", "import-osm", str(SAMPLE), "--city", str(city)])
    assert json.loads(again.stdout)["noop"] == 10
    missing = runner.invoke(
        app, ["city", "import-osm", str(city / "nope.osm"), "--city", str(city)]
    )
    assert missing.exit_code == 1
