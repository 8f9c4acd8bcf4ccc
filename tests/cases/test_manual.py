"""Specialists merge and split cases by hand; both cases keep the story."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.intake import Filed
from halyq.cases.links import post_ids_of
from halyq.cases.manual import merge_cases, split_case
from halyq.cases.workflow import ActionConflict, ActionForbidden, ActionInvalid, Actor
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Case
from tests.cases.conftest import T0, add_post, place

Db = sessionmaker[Session]
ANALYST = Actor("aigerim", "analyst")
EXECUTOR = Actor("water_exec", "executor", "housing_utilities")


def _two_cases(db: Db, file: Callable[..., Filed]) -> tuple[int, int]:
    with db.begin() as session:
        first = file(session, add_post(session, author="a"), places=[place("Абай", "12")])
        file(session, add_post(session, author="b"), places=[place("Абай", "12")])
        other = file(session, add_post(session, author="a"), places=[place("Абай", "14")])
        return first.case.id, other.case.id


def test_merge_moves_the_posts_and_marks_the_duplicate(db: Db, file: Callable[..., Filed]) -> None:
    original_id, duplicate_id = _two_cases(db, file)
    with db.begin() as session:
        merge_cases(
            session, original_id=original_id, duplicate_id=duplicate_id, actor=ANALYST,
            reason="бір үй, екі кіреберіс / один дом", now=T0 + timedelta(hours=2),
        )  # fmt: skip
    with db() as session:
        original, duplicate = session.get(Case, original_id), session.get(Case, duplicate_id)
        assert original is not None and duplicate is not None
        assert (duplicate.status, duplicate.duplicate_of_id) == ("duplicate", original_id)
        assert post_ids_of(session, duplicate_id) == []
        assert len(post_ids_of(session, original_id)) == 3
        assert original.residents == 2  # authors a and b; a wrote twice
        assert [e.action for e in duplicate.events][-2:] == ["status", "merged_into"]
        merged = original.events[-1]
        assert (merged.action, merged.from_value, merged.actor) == (
            "merged",
            str(duplicate_id),
            "aigerim",
        )
        assert merged.reason is not None and merged.reason.startswith("бір үй")
        assert merged.details is not None and merged.details["rule"] == "manual"


def test_merge_refusals(db: Db, file: Callable[..., Filed]) -> None:
    original_id, duplicate_id = _two_cases(db, file)

    def merge(actor: Actor = ANALYST, reason: str = "same", into: int = original_id) -> None:
        with db.begin() as session:
            merge_cases(
                session, original_id=into, duplicate_id=duplicate_id, actor=actor,
                reason=reason, now=T0,
            )  # fmt: skip

    with pytest.raises(ActionForbidden, match="only analysts and admins"):
        merge(actor=EXECUTOR)
    with pytest.raises(ActionInvalid, match="needs a reason"):
        merge(reason="")
    with pytest.raises(ActionInvalid, match="into itself"):
        merge(into=duplicate_id)
    merge()
    with pytest.raises(ActionConflict, match="'duplicate'"):
        merge()


def test_split_moves_chosen_posts_into_a_new_routed_case(
    db: Db, file: Callable[..., Filed], profile: CityProfile, calendar: WorkingCalendar
) -> None:
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Абай", "12")]).case
        strays = [add_post(session, at=T0 + timedelta(hours=h)) for h in (1, 2)]
        for post in strays:
            file(session, post, category="heating", places=[place("Абай", "12")])
        case_id, moved = case.id, [post.id for post in strays]
    with db.begin() as session:
        new_case = split_case(
            session, case_id=case_id, post_ids=moved, actor=ANALYST, reason="жылу, су емес",
            profile=profile, calendar=calendar, now=T0 + timedelta(hours=3),
        )  # fmt: skip
        new_id = new_case.id
        assert new_case.category == "heating" and new_case.department_code == "housing_utilities"
        assert new_case.residents == 2 and new_case.first_post_at == T0 + timedelta(hours=1)
    with db() as session:
        assert post_ids_of(session, new_id) == sorted(moved)
        source = session.get(Case, case_id)
        assert source is not None and source.residents == 1
        assert source.events[-1].action == "split" and source.events[-1].to_value == str(new_id)
        new = session.get(Case, new_id)
        assert new is not None
        assert new.events[0].action == "opened"
        assert new.events[-1].action == "split_from"


def test_split_refusals(
    db: Db, file: Callable[..., Filed], profile: CityProfile, calendar: WorkingCalendar
) -> None:
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Абай", "12")]).case
        only = post_ids_of(session, case.id)
        case_id = case.id

    def split(post_ids: list[int], actor: Actor = ANALYST, reason: str = "x") -> None:
        with db.begin() as session:
            split_case(
                session, case_id=case_id, post_ids=post_ids, actor=actor, reason=reason,
                profile=profile, calendar=calendar, now=T0,
            )  # fmt: skip

    with pytest.raises(ActionForbidden):
        split(only, actor=EXECUTOR)
    with pytest.raises(ActionInvalid, match="leave at least one post"):
        split(only)
    with pytest.raises(ActionInvalid, match="not in case"):
        split([999_999])
    with pytest.raises(ActionInvalid, match="choose the posts"):
        split([])
