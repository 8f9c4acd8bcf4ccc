"""Open311 GeoReport v2: services, filing with a key, reading with filters, errors, privacy."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.public import tracking_number
from halyq.city.profile import CityProfile
from halyq.config import Settings
from halyq.db.answers import ApiKey
from halyq.db.engine import session_scope
from halyq.db.models import Case, Post
from halyq.db.types import utcnow
from halyq.web.api.open311_keys import create_api_key, revoke_api_key
from halyq.web.app import create_app

MakeCase = Callable[..., int]
API = "/open311/v2"
PLANTED = (
    "Абай даңғылы 12, пәтер 5: үш күннен бері су жоқ! Хабарласыңыз: Айгүл Сейітова, "
    "+7 701 234 56 78, ЖСН 900101300126, aigul.s@mail.kz"
)
SECRETS = ("Сейітова", "701 234 56 78", "900101300126", "aigul.s@mail.kz", "пәтер 5")


@pytest.fixture
def key(sessions: sessionmaker[Session]) -> str:
    with session_scope(sessions) as session:
        return create_api_key(session, name="egov", now=utcnow())


def form(key: str, **fields: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": "water",
        "address_string": "Абай даңғылы 12",
        "description": "Үш күннен бері су жоқ, көмектесіңіздер",
        **fields,
    }


def xml_records(text: str) -> list[dict[str, str | None]]:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>')
    return [{child.tag: child.text for child in item} for item in ET.fromstring(text)]


def test_services_are_the_categories_in_json_and_xml(
    client: TestClient, profile: CityProfile
) -> None:
    as_json = client.get(f"{API}/services.json")
    assert as_json.headers["content-type"] == "application/json; charset=utf-8"
    services = {item["service_code"]: item for item in as_json.json()}
    assert set(services) == set(profile.categories)
    water = services["water"]
    assert (water["metadata"], water["type"], water["group"]) == (False, "realtime", "utilities")
    assert "Водоснабжение" in water["service_name"] and "Сумен" in water["service_name"]
    assert services["roads"]["group"] == "roads"
    as_xml = client.get(f"{API}/services.xml")
    assert as_xml.headers["content-type"] == "text/xml; charset=utf-8"
    rows = xml_records(as_xml.text)
    assert [row["service_code"] for row in rows] == list(services)
    assert rows[0]["metadata"] == "false" and rows[0]["group"] == "utilities"


def test_a_service_definition_has_no_attributes_and_unknown_codes_are_404(
    client: TestClient,
) -> None:
    assert client.get(f"{API}/services/water.json").json() == {
        "service_code": "water",
        "attributes": [],
    }
    definition = ET.fromstring(client.get(f"{API}/services/roads.xml").text)
    assert definition.tag == "service_definition" and definition.findtext("service_code") == "roads"
    assert definition.find("attributes") is not None and len(definition.find("attributes")) == 0  # type: ignore[arg-type]
    missing = client.get(f"{API}/services/pothole.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "service_code 'pothole' was not found"}]
    xml_missing = client.get(f"{API}/services/pothole.xml")
    error = ET.fromstring(xml_missing.text)
    assert (xml_missing.status_code, error.tag, error.findtext("error/code")) == (
        404,
        "errors",
        "404",
    )
    assert client.get(f"{API}/services.csv").status_code == 400
    assert client.get(f"{API}/nothing/here.json").json()[0]["code"] == 404


def test_posting_a_request_files_an_appeal_case_at_once(
    client: TestClient, key: str, sessions: sessionmaker[Session]
) -> None:
    extra = {"email": "aigul.s@mail.kz", "first_name": "Айгүл", "last_name": "Сейітова"}
    created = client.post(f"{API}/requests.json", data=form(key, phone="87012345678", **extra))
    assert created.status_code == 201, created.text
    [answer] = created.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    assert "/status/" in answer["service_notice"] and "срок" in answer["service_notice"]
    with session_scope(sessions) as session:
        case = session.scalars(select(Case)).one()
        assert tracking_number(case.id) == answer["service_request_id"]
        assert (case.track, case.category, case.department_code) == (
            "appeal",
            "water",
            "housing_utilities",
        )
        post = session.scalars(select(Post)).one()
        assert post.source == "open311" and "Абай даңғылы 12" in post.text
        assert post.raw["open311"]["email"] == "aigul.s@mail.kz"  # kept, privately
        assert post.raw["open311"]["phone"] == "87012345678"
        assert post.author_name == "Айгүл Сейітова" and post.author_hash
        assert session.scalar(select(ApiKey.last_used_at)) is not None
    in_xml = client.post(f"{API}/requests.xml", data=form(key, description="Су жоқ, көше бойы"))
    [row] = xml_records(in_xml.text)
    assert in_xml.status_code == 201 and row["service_request_id"] and row["account_id"] is None


def test_a_request_the_reader_finds_no_complaint_in_is_filed_all_the_same(
    client: TestClient, key: str, sessions: sessionmaker[Session]
) -> None:
    fields = form(
        key, service_code="roads", description="Сәлеметсіз бе", lat="44.8488", long="65.4823"
    )
    del fields["address_string"]
    created = client.post(f"{API}/requests.json", data=fields)
    assert created.status_code == 201, created.text
    with session_scope(sessions) as session:
        case = session.scalars(select(Case)).one()
        assert (case.category, case.track) == ("roads", "appeal")
        assert (case.lat, case.lon) == (44.8488, 65.4823)  # the resident's point
    shown = client.get(f"{API}/requests/{created.json()[0]['service_request_id']}.json").json()[0]
    assert (shown["lat"], shown["long"]) == (44.849, 65.482)  # rounded for the public


def test_a_request_filed_all_the_same_keeps_the_time_it_states(
    client: TestClient, key: str, sessions: sessionmaker[Session]
) -> None:
    fields = form(key, service_code="roads", description="Сәлеметсіз бе, кеше кешке жаздым")
    assert client.post(f"{API}/requests.json", data=fields).status_code == 201
    with session_scope(sessions) as session:
        case = session.scalars(select(Case)).one()
        # Read as no complaint, filed as an appeal: what the reader found of time stays.
        assert (case.category, case.started_precision) == ("roads", "part")


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"api_key": ""}, 403, "api_key is missing or invalid"),
        ({"api_key": "hq311_not-a-key"}, 403, "api_key is missing or invalid"),
        ({"service_code": ""}, 400, "service_code was not provided"),
        ({"service_code": "pothole"}, 404, "service_code 'pothole' was not found"),
        ({"address_string": ""}, 400, "a location is required"),
        ({"address_string": "", "lat": "44.85"}, 400, "lat and long both need to be sent"),
        ({"lat": "north", "long": "65"}, 400, "must be numbers"),
        ({"lat": "95", "long": "65"}, 400, "lat must be within -90..90"),
        ({"description": "ж" * 4001}, 400, "description has 4001 characters; at most 4000"),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url must be an http"),
    ],
)
def test_bad_requests_are_refused_in_the_specs_format(
    client: TestClient,
    key: str,
    sessions: sessionmaker[Session],
    change: dict[str, str],
    status: int,
    words: str,
) -> None:
    refused = client.post(f"{API}/requests.json", data={**form(key), **change})
    assert refused.status_code == status
    [error] = refused.json()
    assert error["code"] == status and words in error["description"]
    in_xml = client.post(f"{API}/requests.xml", data={**form(key), **change})
    assert ET.fromstring(in_xml.text).findtext("error/code") == str(status)
    with session_scope(sessions) as session:
        assert session.scalars(select(Post)).all() == []  # nothing stored


def test_a_revoked_key_and_a_json_body_are_refused(
    client: TestClient, key: str, sessions: sessionmaker[Session]
) -> None:
    as_json = client.post(f"{API}/requests.json", json=form(key))
    assert as_json.status_code == 400 and "x-www-form-urlencoded" in as_json.text
    with session_scope(sessions) as session:
        revoke_api_key(session, name="egov", now=utcnow())
    assert client.post(f"{API}/requests.json", data=form(key)).status_code == 403


def test_a_signed_in_browser_needs_no_csrf_token_but_still_a_key(
    signed_in: Callable[[str], TestClient], key: str
) -> None:
    browser = signed_in("admin")  # the session cookie grants nothing here
    assert browser.post(f"{API}/requests.json", data=form("")).status_code == 403
    assert browser.post(f"{API}/requests.json", data=form(key)).status_code == 201


@pytest.fixture
def strict_app(settings: Settings) -> Iterator[TestClient]:
    """The app with two requests a minute per key."""
    tight = settings.model_copy(update={"georeport_posts_per_minute": 2})
    with TestClient(create_app(tight)) as browser:
        yield browser


def test_each_key_is_rate_limited(
    strict_app: TestClient, key: str, sessions: sessionmaker[Session]
) -> None:
    with session_scope(sessions) as session:
        other = create_api_key(session, name="mobile_app", now=utcnow())
    for _ in range(2):
        assert strict_app.post(f"{API}/requests.json", data=form(key)).status_code == 201
    limited = strict_app.post(f"{API}/requests.json", data=form(key))
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "too many requests" in limited.json()[0]["description"]
    assert strict_app.post(f"{API}/requests.json", data=form(other)).status_code == 201


def _age(sessions: sessionmaker[Session], case_id: int, days: int) -> None:
    with session_scope(sessions) as session:
        moment = utcnow() - timedelta(days=days)
        session.execute(update(Case).where(Case.id == case_id).values(opened_at=moment))


def _ids(client: TestClient, query: str) -> set[str]:
    response = client.get(f"{API}/requests.json?{query}")
    assert response.status_code == 200, response.text
    return {item["service_request_id"] for item in response.json()}


def test_requests_are_filtered_as_the_spec_says(
    client: TestClient, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    water = make_case()
    roads = make_case(category="roads", department="roads_transport", status="resolved")
    old = make_case(category="heating")
    _age(sessions, old, 120)
    number = {case_id: tracking_number(case_id) for case_id in (water, roads, old)}
    assert _ids(client, "") == {number[water], number[roads]}  # the latest 90 days
    assert _ids(client, "status=open") == {number[water]}
    assert _ids(client, "status=closed") == {number[roads]}
    assert _ids(client, "status=open,closed") == {number[water], number[roads]}
    assert _ids(client, "service_code=roads") == {number[roads]}
    assert _ids(client, "service_code=roads&service_code=water") == {number[water], number[roads]}
    ids = f"service_request_id={number[old]},{number[water]}&service_code=roads"
    assert _ids(client, ids) == {number[old], number[water]}  # overrides the other filters
    since = (datetime.now(UTC) - timedelta(days=130)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(client, f"start_date={since}") == {number[old]}
    until = (datetime.now(UTC) - timedelta(days=100)).isoformat(timespec="seconds")
    assert _ids(client, f"end_date={until.replace('+', '%2B')}") == {number[old]}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("status=pending", "status 'pending' is not open or closed"),
        ("start_date=2026-11-01T00:00:00", "start_date needs a time zone"),
        ("end_date=yesterday", "end_date 'yesterday' is not a w3 date-time"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "span more than 90"),
        ("start_date=2026-06-01T00:00:00Z&end_date=2026-01-01T00:00:00Z", "before start_date"),
        ("service_request_id=12-3", "'12-3' is not a tracking number"),
    ],
)
def test_wrong_filters_are_400_naming_the_argument(
    client: TestClient, query: str, words: str
) -> None:
    response = client.get(f"{API}/requests.xml?{query}")
    assert response.status_code == 400
    assert words in (ET.fromstring(response.text).findtext("error/description") or "")


def test_one_request_by_its_number(client: TestClient, make_case: MakeCase) -> None:
    case_id = make_case(category="roads", department="roads_transport")
    number = tracking_number(case_id)
    [item] = client.get(f"{API}/requests/{number}.json").json()
    assert item["service_request_id"] == number and item["service_code"] == "roads"
    assert item["status"] == "open" and item["status_notes"] == "Жаңа / Новое"
    assert item["agency_responsible"].startswith("Жолаушылар көлігі")
    assert item["expected_datetime"].endswith("+05:00")
    assert item["address"] == "Абай даңғылы, Қызылорда қаласы"  # street level, no house
    for field in ("address_id", "zipcode", "media_url"):
        assert item[field] is None
    [row] = xml_records(client.get(f"{API}/requests/{number}.xml").text)
    assert row["service_request_id"] == number and row["zipcode"] is None
    wrong_digit = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert client.get(f"{API}/requests/{wrong_digit}.json").status_code == 404


def test_no_personal_data_leaves_through_the_read_api(
    client: TestClient,
    make_case: MakeCase,
    signed_in: Callable[[str], TestClient],
    key: str,
) -> None:
    rejected = make_case(text=PLANTED, author="Айгүл Сейітова")
    answered = make_case(text=PLANTED, author="Айгүл Сейітова")
    analyst = signed_in("analyst")
    token = analyst.get("/api/v1/me").json()["csrf_token"]
    headers = {"X-CSRF-Token": token}
    analyst.post(
        f"/api/v1/cases/{rejected}/transition",
        json={"to": "rejected", "reason": f"Мәселе жоқ. {PLANTED}"},
        headers=headers,
    )
    analyst.post(
        f"/api/v1/cases/{answered}/answer",
        json={"text": f"Құрметті тұрғын! Су берілді. {PLANTED}", "lang": "kk"},
        headers=headers,
    )
    media = "https://photos.example.kz/aigul.s@mail.kz/1.jpg"
    client.post(f"{API}/requests.json", data=form(key, description=PLANTED, media_url=media))
    for fmt in ("json", "xml"):
        body = client.get(f"{API}/requests.{fmt}").text
        for secret in SECRETS:
            assert secret not in body, (fmt, secret)
        assert "[телефон]" in body and "[ЖСН/ИИН]" in body and "[пәтер/кв.]" in body
    items = {i["service_request_id"]: i for i in client.get(f"{API}/requests.json").json()}
    assert items[tracking_number(rejected)]["status"] == "closed"
    assert items[tracking_number(rejected)]["status_notes"].startswith("Мәселе жоқ.")
    assert items[tracking_number(answered)]["status_notes"].startswith("Құрметті тұрғын!")


def test_a_plain_http_client_against_a_running_server(settings: Settings, key: str) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}{API}"
        with urllib.request.urlopen(f"{base}/services.json", timeout=10) as response:
            assert {s["service_code"] for s in json.load(response)} >= {"water", "roads"}
        body = urllib.parse.urlencode(form(key)).encode()
        with urllib.request.urlopen(f"{base}/requests.xml", data=body, timeout=30) as response:
            assert response.status == 201
            assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
            number = ET.fromstring(response.read()).findtext("request/service_request_id")
        with urllib.request.urlopen(f"{base}/requests/{number}.json", timeout=10) as response:
            assert json.load(response)[0]["service_code"] == "water"
        refused = urllib.parse.urlencode(form("hq311_wrong")).encode()
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(f"{base}/requests.json", data=refused, timeout=10)
        assert error.value.code == 403
        assert json.load(error.value)[0]["code"] == 403
    finally:
        server.should_exit = True
        thread.join(timeout=10)
