"""Where and when marked on the case page, through the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from types import SimpleNamespace

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile
from halyq.db.engine import session_scope
from halyq.pipeline import process_post
from halyq.sources.records import PostIn
from halyq.sources.store import store_post
from halyq.web.ui.highlight import highlight

TEXT = "Кеше түнде Абай даңғылы 45 үйде су жоқ <b>тез</b> көмектесіңіздер! 87011234567"
TWO_TIMES = "Кеше түнде Абай даңғылы 45 үйде су жоқ, үш күннен бері жылу берілмей жатыр!"


def _filed_case(sessions: sessionmaker[Session], profile: CityProfile, text: str = TEXT) -> int:
    """`text` stored and read as the worker does; the case it opened."""
    with session_scope(sessions) as session:
        _, post = store_post(
            session,
            PostIn(source="telegram:kzo", external_id="h1", text=text,
                   created_at=datetime(2026, 11, 3, 5, tzinfo=UTC)),
            pseudonym_key="test-pseudonym-key-0123456789",
        )  # fmt: skip
        filed = process_post(session, profile, post)
        assert filed is not None
        return filed.case.id


def test_pieces_mark_places_and_time_and_keep_every_character() -> None:
    analysis = SimpleNamespace(
        places=[{"surface": "Абай даңғылы 45 үйде"}], event_surface="Кеше түнде"
    )
    pieces = highlight(TEXT, analysis)
    assert "".join(piece for piece, _ in pieces) == TEXT
    assert ("Абай даңғылы 45 үйде", "place") in pieces
    assert ("Кеше түнде", "when") in pieces
    assert highlight(TEXT, None) == [(TEXT, None)]
    assert highlight(None, analysis) == []


def test_every_stated_time_is_marked_and_one_read_earlier_falls_back_to_its_first() -> None:
    times = [{"surface": "Кеше түнде"}, {"surface": "үш күннен бері"}]
    pieces = highlight(TWO_TIMES, SimpleNamespace(places=[], times=times))
    assert [piece for piece, kind in pieces if kind == "when"] == ["Кеше түнде", "үш күннен бері"]
    earlier = SimpleNamespace(places=[], times=None, event_surface="Кеше түнде")
    assert [p for p, kind in highlight(TWO_TIMES, earlier) if kind == "when"] == ["Кеше түнде"]


def test_a_surface_missing_from_the_shown_text_is_simply_not_marked() -> None:
    analysis = SimpleNamespace(places=[{"surface": "Айгүл Сейітова"}], event_surface=None)
    assert highlight("[аты-жөні] су жоқ", analysis) == [("[аты-жөні] су жоқ", None)]


def test_the_case_page_marks_where_and_when(
    signed_in: Callable[[str], TestClient],
    sessions: sessionmaker[Session],
    profile: CityProfile,
) -> None:
    case_id = _filed_case(sessions, profile)
    for username in ("head", "analyst"):
        page = signed_in(username).get(f"/cases/{case_id}").text
        assert '<mark class="place">Абай даңғылы 45 үйде</mark>' in page
        assert '<mark class="when">Кеше түнде</mark>' in page
        assert "&lt;b&gt;тез&lt;/b&gt;" in page and "<b>тез</b>" not in page
        assert "87011234567" not in page.split("<details>")[0]  # redacted for the head


def test_the_case_page_and_api_say_when_the_problem_began(
    signed_in: Callable[[str], TestClient],
    sessions: sessionmaker[Session],
    profile: CityProfile,
) -> None:
    case_id = _filed_case(sessions, profile)
    client = signed_in("analyst")
    page = client.get(f"/cases/{case_id}").text
    assert "02.11.2026, түнде" in page and "02.11.2026, ночью" in page
    case = client.get(f"/api/v1/cases/{case_id}").json()
    assert (case["started_at"], case["started_precision"]) == ("2026-11-01T19:00:00Z", "part")
    assert case["posts"][0]["analysis"]["event_time"] == "night"


def test_the_case_page_and_api_list_every_time_the_post_states(
    signed_in: Callable[[str], TestClient],
    sessions: sessionmaker[Session],
    profile: CityProfile,
) -> None:
    case_id = _filed_case(sessions, profile, TWO_TIMES)
    client = signed_in("analyst")
    page = client.get(f"/cases/{case_id}").text
    assert '<mark class="when">Кеше түнде</mark>' in page
    assert '<mark class="when">үш күннен бері</mark>' in page
    assert "31.10.2026" in page  # three days before the post's day, 3 November
    analysis = client.get(f"/api/v1/cases/{case_id}").json()["posts"][0]["analysis"]
    assert [(t["surface"], t["date"], t["time"]) for t in analysis["times"]] == [
        ("Кеше түнде", "2026-11-02", "night"),
        ("үш күннен бері", "2026-10-31", None),
    ]
