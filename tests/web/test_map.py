"""The cases map: GeoJSON of what a user may see, the profile's background, the pages and CSP.

Cases come through the real pipeline (POST /api/v1/posts) on a copy of the Kyzylorda profile
with the small test extract imported, so points have address, street and settlement precision.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from halyq.city.osm_store import OSM_FILE, import_osm
from halyq.city.profile import load_profile
from halyq.config import Settings
from halyq.db.types import utcnow
from halyq.web.app import create_app
from halyq.web.headers import tile_img_source
from tests.web.conftest import login, password_of

SignIn = Callable[[str], TestClient]
OSM_SAMPLE = Path(__file__).parent.parent / "city" / "data" / "sample.osm"
LEAFLET = Path(__file__).parent.parent.parent / "halyq/web/ui/static/vendor/leaflet"
TILES = "https://{s}.tiles.example.kz/{z}/{x}/{y}.png"
# name: (text, author); the pipeline reads each (see the comments for what it finds).
POSTS = {
    "water": ("Абай даңғылы 45 үйде үш күннен бері су жоқ, шұғыл көмектесіңіздер!", "Берік"),
    # the same incident: joins "water"; a name and a phone the map must never show
    "water_again": (
        "Абай даңғылы 45 үйде су жоқ. Мен Айгүл Сейітова, телефоным +7 701 123 45 67, "
        "хабарласыңыздар",
        "Айгүл Сейітова",
    ),
    "belkol_road": (
        "Белкөлдегі Әбдіқадыров көшесі 7 үйдің жанында жол ойық, көлік өте алмайды",
        "Д",
    ),
    "heating_nowhere": ("Қалада жылу жоқ, үйлер суық", "Е"),  # no place: unlocated
    "light_arai": ("Арайда жарық жоқ үш күн", "Ж"),  # Арай has no centre: city level, unlocated
    "pothole_abai": ("ул. Абая, д. 99 огромная яма на дороге, машины ломаются", "З"),  # street
    "pothole_zhibek": (
        "Жібек жолы көшесі 12а үйдің жанындағы жолда үлкен шұңқыр, көліктер бұзылып жатыр",
        "И",
    ),
}
MARKER_KEYS = {
    "id", "category", "category_label", "status", "status_label", "urgency", "urgency_label",
    "place", "precision", "precision_label", "district", "post_count", "residents", "due", "url",
}  # fmt: skip


@pytest.fixture(scope="module")
def mapped_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the Kyzylorda profile with the test OSM extract imported."""
    target = tmp_path_factory.mktemp("map") / "city"
    shutil.copytree(load_profile().root, target, ignore=shutil.ignore_patterns(OSM_FILE))
    import_osm(OSM_SAMPLE, target)
    return target


@pytest.fixture
def settings(db_url: str, tmp_path: Path, mapped_city: Path) -> Settings:
    """Overrides tests/web/conftest.py's: the app runs on the mapped profile, without tiles."""
    return Settings(
        database_url=db_url, secret_key="t" * 48, var_dir=tmp_path, city=str(mapped_city)
    )


@pytest.fixture
def seeded(signed_in: SignIn) -> dict[str, int]:
    """Each post of POSTS sent as a direct appeal: name -> the case it was filed in."""
    analyst = signed_in("analyst")
    token = analyst.get("/api/v1/me").json()["csrf_token"]
    cases = {}
    for name, (text, author) in POSTS.items():
        body = {"id": name, "text": text, "author": author, "source": "telegram:kzo"}
        response = analyst.post("/api/v1/posts", json=body, headers={"X-CSRF-Token": token})
        assert response.status_code == 201, response.text
        cases[name] = response.json()["case_id"]
    assert cases["water_again"] == cases["water"], "the second water post should join the first"
    return cases


def features(browser: TestClient, query: str = "") -> tuple[dict[int, dict[str, Any]], int]:
    """{case id: feature}, unlocated count."""
    response = browser.get(f"/api/v1/map/cases{query}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["type"] == "FeatureCollection" and body["truncated"] is False
    return {f["id"]: f for f in body["features"]}, body["unlocated"]


def test_located_cases_are_points_in_lon_lat_order(
    signed_in: SignIn, seeded: dict[str, int]
) -> None:
    drawn, unlocated = features(signed_in("head"))
    located = ("water", "belkol_road", "pothole_abai", "pothole_zhibek")
    assert set(drawn) == {seeded[name] for name in located}
    assert unlocated == 2  # "Қалада ..." has no place, Арай only the city's centre
    water = drawn[seeded["water"]]
    assert water["geometry"] == {"type": "Point", "coordinates": [65.501, 44.852]}  # lon, lat
    marker = water["properties"]
    assert set(marker) == MARKER_KEYS
    assert (marker["place"], marker["precision"], marker["district"]) == (
        "Абай, 45",
        "address",
        None,
    )
    assert (marker["post_count"], marker["residents"], marker["urgency"]) == (2, 2, "high")
    water_names = load_profile().categories["water"]
    assert marker["category"] == "water"
    assert marker["category_label"] == {"kk": water_names.name_kk, "ru": water_names.name_ru}
    assert marker["precision_label"]["ru"] == "По адресу"
    assert marker["url"] == f"/cases/{seeded['water']}"
    belkol = drawn[seeded["belkol_road"]]["properties"]
    assert (belkol["precision"], belkol["district"]) == ("settlement", "Белкөл")
    assert drawn[seeded["pothole_abai"]]["properties"]["precision"] == "street"


def test_no_post_text_author_or_phone_ever(signed_in: SignIn, seeded: dict[str, int]) -> None:
    for username in ("admin", "analyst", "head", "water_exec"):
        body = signed_in(username).get("/api/v1/map/cases").text
        for private in ("Айгүл", "Сейітова", "701", "123 45 67", "телефон", "Берік", "су жоқ"):
            assert private not in body, (username, private)
    one = signed_in("analyst").get(f"/api/v1/map/cases/{seeded['water']}").text
    assert "Айгүл" not in one and "701" not in one and "су жоқ" not in one


def test_an_executor_sees_only_their_departments_cases(
    signed_in: SignIn, seeded: dict[str, int]
) -> None:
    roads = signed_in("roads_exec")
    drawn, unlocated = features(roads)
    assert set(drawn) == {seeded["pothole_abai"], seeded["pothole_zhibek"]}
    assert unlocated == 0
    water_drawn, water_unlocated = features(signed_in("water_exec"))
    assert set(water_drawn) == {seeded["water"]}
    assert water_unlocated == 2  # heating and electricity are housing_utilities' too
    assert roads.get("/api/v1/map/cases?department=housing_utilities").status_code == 403
    assert roads.get(f"/api/v1/map/cases/{seeded['water']}").status_code == 404


def test_the_case_lists_filters_and_district_and_dates(
    signed_in: SignIn, seeded: dict[str, int]
) -> None:
    head = signed_in("head")
    roads = {seeded["pothole_abai"], seeded["pothole_zhibek"], seeded["belkol_road"]}
    assert set(features(head, "?category=roads")[0]) == roads
    high, high_unlocated = features(head, "?urgency=high")
    assert set(high) == {seeded["water"]} and high_unlocated == 2
    assert set(features(head, "?department=akim_belkol")[0]) == {seeded["belkol_road"]}
    assert set(features(head, "?district=Белкөл")[0]) == {seeded["belkol_road"]}
    assert features(head, "?district=Арай") == ({}, 1)
    assert features(head, "?status=closed") == ({}, 0)
    today = utcnow().date()
    assert len(features(head, f"?opened_from={today - timedelta(days=1)}")[0]) == 4
    assert features(head, f"?opened_from={today + timedelta(days=2)}") == ({}, 0)
    assert features(head, f"?opened_to={today - timedelta(days=2)}") == ({}, 0)
    assert features(head, "?opened_from=&opened_to=&category=")[1] == 2  # empty form fields


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?opened_from=27.11.2026", "opened_from: '27.11.2026' is not a date"),
        ("?opened_from=2026-11-20&opened_to=2026-11-01", "opened_from is after opened_to"),
    ],
)
def test_a_wrong_date_is_a_clear_422(signed_in: SignIn, query: str, message: str) -> None:
    response = signed_in("head").get(f"/api/v1/map/cases{query}")
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_one_cases_point_and_none_for_city_level(signed_in: SignIn, seeded: dict[str, int]) -> None:
    head = signed_in("head")
    feature = head.get(f"/api/v1/map/cases/{seeded['pothole_zhibek']}").json()
    assert feature["geometry"]["coordinates"] == [65.471, 44.841]
    assert feature["properties"]["precision"] == "address"
    assert head.get(f"/api/v1/map/cases/{seeded['light_arai']}").status_code == 404
    assert head.get("/api/v1/map/cases/999999").status_code == 404


def test_background_is_the_profiles_geometry(signed_in: SignIn) -> None:
    response = signed_in("water_exec").get("/api/v1/map/background")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/geo+json")
    by_name = {f["properties"]["name"]: f for f in response.json()["features"]}
    abai = by_name["Абай даңғылы"]
    assert abai["geometry"]["type"] == "LineString"
    assert abai["geometry"]["coordinates"][0] == [65.49, 44.85]
    assert by_name["Белкөл кенті"]["geometry"]["type"] == "MultiPolygon"  # an osmium area
    assert by_name["Белкөл"]["geometry"] == {"type": "Point", "coordinates": [65.62, 44.815]}
    kinds = {f["properties"]["kind"] for f in response.json()["features"]}
    assert kinds == {"street", "boundary", "settlement"}


def test_the_map_needs_a_signed_in_user(client: TestClient) -> None:
    assert client.get("/api/v1/map/cases").status_code == 401
    assert client.get("/api/v1/map/background").status_code == 401
    page = client.get("/map", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_the_page_without_tiles(signed_in: SignIn, seeded: dict[str, int]) -> None:
    response = signed_in("head").get("/map?category=heating")
    html = response.text
    assert response.status_code == 200
    assert 'href="/map"' in html  # the top navigation
    assert 'data-tiles=""' in html and 'data-background="/api/v1/map/background"' in html
    assert 'data-cases="/api/v1/map/cases?category=heating"' in html
    assert re.search(r'id="unlocated">1 істің', html)  # the heating case has no place
    assert '<script src="/static/map.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script: the CSP forbids it"
    assert "img-src 'self' data:;" in response.headers["content-security-policy"]
    assert "Жабылғандары да" in html and 'name="opened_from"' in html
    assert '<option value="heating" selected>' in html  # the filter shows what was chosen


def test_the_page_with_tiles_allows_their_host(app: Any, settings: Settings) -> None:
    tiled = settings.model_copy(update={"map_tiles": TILES, "map_attribution": "© Akimat <GIS>"})
    with TestClient(create_app(tiled)) as browser:
        assert login(browser, "head", password_of("head")).status_code == 303
        response = browser.get("/map")
    policy = response.headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.kz;" in policy
    assert "script-src 'self';" in policy
    assert f'data-tiles="{TILES}"' in response.text
    assert 'data-attribution="© Akimat &lt;GIS&gt;"' in response.text


def test_the_case_page_shows_its_point_or_says_city_level(
    signed_in: SignIn, seeded: dict[str, int]
) -> None:
    head = signed_in("head")
    located = head.get(f"/cases/{seeded['belkol_road']}").text
    assert f'data-feature="/api/v1/map/cases/{seeded["belkol_road"]}"' in located
    assert "/static/vendor/leaflet/leaflet.js" in located and 'id="case-no-point"' not in located
    assert "Елді мекен бойынша" in located and "По населённому пункту" in located  # precision
    city_level = head.get(f"/cases/{seeded['light_arai']}").text
    assert 'id="case-no-point"' in city_level and 'id="case-map"' not in city_level
    assert "leaflet.js" not in city_level


def test_vendored_leaflet_is_served(client: TestClient) -> None:
    version = re.search(r"^# Leaflet (\S+)", (LEAFLET / "SOURCE.md").read_text(encoding="utf-8"))
    assert version is not None
    script = client.get("/static/vendor/leaflet/leaflet.js")
    assert script.status_code == 200 and f'version="{version.group(1)}"' in script.text
    assert client.get("/static/vendor/leaflet/leaflet.css").status_code == 200
    icon = client.get("/static/vendor/leaflet/images/marker-icon.png")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/png"
    assert client.get("/static/map.js").status_code == 200
    assert "BSD 2-Clause" in (LEAFLET / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("template", "source"),
    [
        (TILES, "https://*.tiles.example.kz"),
        ("http://10.0.0.5:8080/tiles/{z}/{x}/{y}.png", "http://10.0.0.5:8080"),
        ("/tiles/{z}/{x}/{y}.png", None),  # this site: 'self' covers it
        ("", None),
    ],
)
def test_tile_settings_give_the_img_source(template: str, source: str | None) -> None:
    settings = Settings(map_tiles=template)
    assert tile_img_source(settings.map_tiles) == source


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("https://tiles.example.kz/{z}/{x}.png", "must contain {y}"),
        ("ftp://tiles.example.kz/{z}/{x}/{y}.png", "must start with https://"),
        ("//tiles.example.kz/{z}/{x}/{y}.png", "must start with https://"),
        ("https://tiles.example.kz/{z}/{x}/{y}.png; script-src *", "no spaces"),
        ("https://tiles.{z}.kz/{z}/{x}/{y}.png", "only {s} may stand in the host"),
    ],
)
def test_a_wrong_tile_template_is_refused(template: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        Settings(map_tiles=template)
