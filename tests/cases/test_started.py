"""When a case's problem began: from what its posts say, else from its first post's time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.manual import split_case
from halyq.cases.workflow import Actor
from halyq.city.calendar import load_calendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CasePost, Post
from halyq.pipeline import process_post
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

KEY = "test-pseudonym-key-0123456789"
CITY = ZoneInfo("Asia/Qyzylorda")
# Saturday 14 November 2026, 09:00 in Kyzylorda.
MORNING = datetime(2026, 11, 14, 9, tzinfo=CITY)
_ids = count(1)


def _post(session: Session, text: str, at: datetime) -> Post:
    number = next(_ids)
    _, post = store_post(
        session,
        PostIn(
            source="telegram:kzo",
            external_id=f"s{number}",
            text=text,
            created_at=at,
            author=f"resident {number}",
        ),
        pseudonym_key=KEY,
    )
    return post


def _file(
    sessions: sessionmaker[Session], profile: CityProfile, text: str, at: datetime
) -> tuple[int, int]:
    """Store and read one post the way the worker does; (post id, case id)."""
    with sessions.begin() as session:
        post = _post(session, text, at)
        process_post(session, profile, post, now=at)
        case_id = session.scalar(select(CasePost.case_id).where(CasePost.post_id == post.id))
        assert case_id is not None, text
        return post.id, case_id


def _started(sessions: sessionmaker[Session], case_id: int) -> tuple[datetime, str]:
    with sessions() as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.started_at.astimezone(CITY), case.started_precision


def test_a_stated_part_of_the_day_starts_the_case_on_that_day(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    text = "Кеше түнде Абай даңғылы 45 үйде су жоқ, көмектесіңіздер!"
    post_id, case_id = _file(sessions, profile, text, MORNING)
    started, precision = _started(sessions, case_id)
    assert (started.date().isoformat(), precision) == ("2026-11-13", "part")
    with sessions() as session:
        analysis = session.scalars(select(Analysis).where(Analysis.post_id == post_id)).one()
        assert (analysis.event_time, analysis.event_surface) == ("night", "Кеше түнде")


def test_a_stated_clock_time_is_kept_to_the_minute(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _, case_id = _file(sessions, profile, "На Шугыле с 7:30 нет света во всём доме!", MORNING)
    assert _started(sessions, case_id) == (datetime(2026, 11, 14, 7, 30, tzinfo=CITY), "time")


def test_a_post_that_says_no_time_starts_the_case_when_it_was_written(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _, case_id = _file(sessions, profile, "Жібек жолы 12 үйде су жоқ! Көмектесіңіздер", MORNING)
    assert _started(sessions, case_id) == (MORNING, "post")


def test_a_later_post_that_dates_the_problem_earlier_moves_the_start_back(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    first = "Жібек жолы көшесі 12 үйде су жоқ! Көмектесіңіздер"
    _, case_id = _file(sessions, profile, first, MORNING)
    later = "Жибек жолы 12, воды нет уже третьи сутки, когда дадут?"
    _, joined = _file(sessions, profile, later, MORNING + timedelta(hours=2))
    assert joined == case_id
    assert _started(sessions, case_id) == (datetime(2026, 11, 12, tzinfo=CITY), "date")


def test_a_later_post_that_dates_the_problem_after_the_first_post_changes_nothing(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    first = "Жібек жолы көшесі 12 үйде су жоқ! Көмектесіңіздер"
    _, case_id = _file(sessions, profile, first, MORNING)
    later = "Жибек жолы 12: сегодня с 10:00 нет воды, когда дадут?"
    _, joined = _file(sessions, profile, later, MORNING + timedelta(hours=3))
    assert joined == case_id
    assert _started(sessions, case_id) == (MORNING, "post")


def test_an_edited_post_dates_its_case_anew(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    post_id, case_id = _file(sessions, profile, "Айтеке би 5 үйде жарық жоқ!", MORNING)
    with sessions.begin() as session:
        post = session.get(Post, post_id)
        assert post is not None
        post.text = "Айтеке би 5 үйде үш күннен бері жарық жоқ!"
        process_post(session, profile, post, now=MORNING + timedelta(hours=1))
    assert _started(sessions, case_id) == (datetime(2026, 11, 11, tzinfo=CITY), "date")


def test_a_split_dates_each_part_by_its_own_posts(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _, case_id = _file(sessions, profile, "Жібек жолы 12 үйде су жоқ!", MORNING)
    dated, joined = _file(
        sessions, profile, "Жибек жолы 12, воды нет третьи сутки!", MORNING + timedelta(hours=1)
    )
    assert joined == case_id
    with sessions.begin() as session:
        new_case = split_case(
            session, case_id=case_id, post_ids=[dated], profile=profile,
            actor=Actor("analyst", "analyst"), reason="басқа үй", calendar=load_calendar(profile),
            now=datetime(2026, 11, 14, 6, tzinfo=UTC),
        )  # fmt: skip
        new_id = new_case.id
    assert _started(sessions, case_id) == (MORNING, "post")
    assert _started(sessions, new_id) == (datetime(2026, 11, 12, tzinfo=CITY), "date")
