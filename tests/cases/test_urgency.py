"""Urgency on merge, through the pipeline: a more urgent post raises its case's urgency and,
where the profile says so, brings its deadlines forward (never back)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.urgency import urgency_hours
from halyq.city.calendar import load_calendar
from halyq.city.profile import CityProfile, ProfileError, load_profile
from halyq.db.models import Case, CaseEvent
from halyq.pipeline import process_post
from tests.cases.conftest import T0, add_post

Db = sessionmaker[Session]
MEDIUM = "На Абая 12 прорвало трубу, вода хлещет, затапливает подвал, срочно!"
HIGH = "На Абая 12 второй день нет воды, помогите!"


def file_posts(db: Db, profile: CityProfile, *texts: str) -> Case:
    """Each text as a post an hour after the last, through process_post; the last one's case."""
    with db.begin() as session:
        for hour, text in enumerate(texts):
            at = T0 + timedelta(hours=hour)
            filed = process_post(session, profile, add_post(session, text, at=at), now=at)
            assert filed is not None
        return filed.case


def events(db: Db, case_id: int, action: str) -> list[CaseEvent]:
    with db() as session:
        query = select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == action)
        return list(session.scalars(query.order_by(CaseEvent.id)))


@pytest.fixture
def urgent_profile(tmp_path: Path, profile: CityProfile) -> CityProfile:
    """Kyzylorda with shorter deadlines for high urgency."""
    root = shutil.copytree(profile.root, tmp_path / "kyzylorda")
    (root / "urgency.yaml").write_text("high:\n  respond_hours: 2\n  resolve_hours: 8\n")
    return load_profile(root)


def test_a_more_urgent_post_raises_the_case_with_the_post_as_evidence(
    db: Db, profile: CityProfile
) -> None:
    case = file_posts(db, profile, MEDIUM, HIGH)
    with db() as session:
        stored = session.get(Case, case.id)
        assert stored is not None and stored.urgency == "high"
        assert stored.due_at == case.due_at  # Kyzylorda sets no urgency deadlines
        high_post = max(p.id for p in stored.posts)
    (raised,) = events(db, case.id, "urgency_raised")
    assert (raised.from_value, raised.to_value) == ("medium", "high")
    assert raised.details == {"post_id": high_post}
    assert f"post {high_post} is high" in (raised.reason or "")


def test_a_less_urgent_post_changes_nothing(db: Db, profile: CityProfile) -> None:
    case = file_posts(db, profile, HIGH, MEDIUM)
    assert case.urgency == "high"
    assert events(db, case.id, "urgency_raised") == []


def test_the_profiles_shorter_deadlines_apply_from_the_moment_of_raising(
    db: Db, urgent_profile: CityProfile
) -> None:
    case = file_posts(db, urgent_profile, MEDIUM, HIGH)
    calendar = load_calendar(urgent_profile)
    raised_at = T0 + timedelta(hours=1)
    assert case.respond_by == calendar.add_working_hours(raised_at, 2)
    assert case.due_at == calendar.add_working_hours(raised_at, 8)
    (raised,) = events(db, case.id, "urgency_raised")
    assert set(raised.details or {}) == {"post_id", "respond_by", "due_at"}
    assert "due_at" in (raised.reason or "")


def test_a_deadline_is_never_pushed_back(db: Db, tmp_path: Path, profile: CityProfile) -> None:
    root = shutil.copytree(profile.root, tmp_path / "slow")
    (root / "urgency.yaml").write_text("high:\n  respond_hours: 1\n  resolve_hours: 400\n")
    slow = load_profile(root)
    first = file_posts(db, slow, MEDIUM)
    due_before = first.due_at
    with db.begin() as session:
        at = T0 + timedelta(hours=1)
        filed = process_post(session, slow, add_post(session, HIGH, at=at), now=at)
        assert filed is not None and filed.how == "merged"
        case = filed.case
        assert case.due_at == due_before
        assert case.respond_by == load_calendar(slow).add_working_hours(at, 1)
    (raised,) = events(db, case.id, "urgency_raised")
    assert "due_at" not in (raised.details or {})


def test_a_case_opened_urgent_gets_the_shorter_deadlines_logged(
    db: Db, urgent_profile: CityProfile
) -> None:
    case = file_posts(db, urgent_profile, HIGH)
    assert case.due_at == load_calendar(urgent_profile).add_working_hours(T0, 8)
    (logged,) = events(db, case.id, "deadlines")
    assert logged.to_value == "high" and "due_at" in (logged.details or {})


def test_a_wrong_urgency_file_names_the_field(tmp_path: Path, profile: CityProfile) -> None:
    root = shutil.copytree(profile.root, tmp_path / "bad")
    (root / "urgency.yaml").write_text("high:\n  respond_hours: soon\n  resolve_hours: 8\n")
    with pytest.raises(ProfileError, match=r"urgency.yaml, field 'high.respond_hours'"):
        urgency_hours(load_profile(root))
