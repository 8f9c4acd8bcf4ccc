"""The case state machine: every allowed transition, forbidden ones, roles, rerouting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.answers import save_answer
from halyq.cases.intake import Filed
from halyq.cases.workflow import (
    STATUSES,
    TRANSITIONS,
    ActionConflict,
    ActionForbidden,
    ActionInvalid,
    Actor,
    CaseNotFound,
    check_transition,
    may_change,
    next_statuses,
    reroute,
    transition,
)
from halyq.city.profile import CityProfile
from halyq.db.models import Case, CaseEvent
from tests.cases.conftest import T0, add_post, place

Db = sessionmaker[Session]
ANALYST = Actor("analyst", "analyst")
ADMIN = Actor("admin", "admin")
HEAD = Actor("head", "head")
OWN_EXECUTOR = Actor("water_exec", "executor", "housing_utilities")
OTHER_EXECUTOR = Actor("roads_exec", "executor", "roads_transport")
ALLOWED = [(a, b) for a, targets in TRANSITIONS.items() for b in sorted(targets)]
FORBIDDEN = [
    ("new", "closed"),
    ("new", "resolved"),
    ("new", "reopened"),
    ("assigned", "new"),
    ("in_progress", "assigned"),
    ("resolved", "in_progress"),
    ("closed", "resolved"),
    ("closed", "new"),
    ("rejected", "closed"),
    ("duplicate", "reopened"),
    ("duplicate", "new"),
    ("redirected", "in_progress"),
]


def case_in(status: str, department: str = "housing_utilities") -> Case:
    return Case(id=1, status=status, department_code=department)


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_every_allowed_transition_passes_the_check(before: str, after: str) -> None:
    check_transition(case_in(before), after)


@pytest.mark.parametrize(("before", "after"), FORBIDDEN)
def test_forbidden_transitions_name_what_is_allowed(before: str, after: str) -> None:
    with pytest.raises(ActionConflict, match=f"is '{before}'; from there it can go to"):
        check_transition(case_in(before), after)


def test_the_table_covers_every_status_and_only_known_ones() -> None:
    assert set(TRANSITIONS) == set(STATUSES)
    assert all(targets <= set(STATUSES) for targets in TRANSITIONS.values())
    assert TRANSITIONS["duplicate"] == frozenset()
    assert next_statuses("new") == ["assigned", "in_progress", "redirected", "rejected"]
    with pytest.raises(ActionInvalid, match="unknown status 'done'"):
        check_transition(case_in("new"), "done")


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (ADMIN, True),
        (ANALYST, True),
        (OWN_EXECUTOR, True),
        (OTHER_EXECUTOR, False),
        (HEAD, False),
        (Actor("orphan", "executor", None), False),
    ],
    ids=["admin", "analyst", "own-executor", "other-executor", "head", "executor-no-dept"],
)
def test_who_may_change_a_case(actor: Actor, allowed: bool) -> None:
    assert may_change(actor, case_in("new")) is allowed


@pytest.fixture
def case_id(db: Db, file: Callable[..., Filed]) -> int:
    with db.begin() as session:
        return file(session, add_post(session), places=[place("Жібек жолы", "12")]).case.id


def _move(db: Db, case_id: int, to: str, actor: Actor = OWN_EXECUTOR, reason: str = "") -> None:
    with db.begin() as session:
        transition(
            session, case_id=case_id, to_status=to, actor=actor, reason=reason,
            now=T0 + timedelta(hours=1),
        )  # fmt: skip


def _answer(db: Db, case_id: int, actor: Actor = OWN_EXECUTOR) -> None:
    """Resolving needs an answer to the residents (cases.answers)."""
    with db.begin() as session:
        save_answer(
            session, case_id=case_id, text="Су берілді.", lang="kk", actor=actor,
            now=T0 + timedelta(hours=1),
        )  # fmt: skip


def test_a_case_goes_from_new_to_closed_with_one_event_each(db: Db, case_id: int) -> None:
    path = ["assigned", "in_progress", "resolved", "closed", "reopened", "resolved", "closed"]
    for status in path:
        if status == "resolved":
            _answer(db, case_id)
        _move(db, case_id, status, reason="жөнделді" if status != "reopened" else "су әлі жоқ")
    with db() as session:
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "status")
        ).all()
        assert [(e.from_value, e.to_value) for e in events] == list(
            zip(["new", *path[:-1]], path, strict=True)
        )
        assert {e.actor for e in events} == {"water_exec"}
        assert session.get(Case, case_id).status == "closed"  # type: ignore[union-attr]


@pytest.mark.parametrize("status", ["rejected", "redirected", "reopened"])
def test_some_statuses_need_a_reason(db: Db, case_id: int, status: str) -> None:
    if status == "reopened":
        _move(db, case_id, "in_progress", actor=ANALYST)
        _answer(db, case_id, actor=ANALYST)
        _move(db, case_id, "resolved", actor=ANALYST)
    with pytest.raises(ActionInvalid, match="needs a reason"):
        _move(db, case_id, status, reason="   ")
    _move(db, case_id, status, reason="мәселе емес / не проблема")


def test_duplicate_only_by_merging(db: Db, case_id: int) -> None:
    with pytest.raises(ActionInvalid, match="merge it into the original"):
        _move(db, case_id, "duplicate", actor=ADMIN, reason="x")


@pytest.mark.parametrize("actor", [HEAD, OTHER_EXECUTOR], ids=["head", "other-executor"])
def test_heads_and_other_departments_cannot_move_a_case(db: Db, case_id: int, actor: Actor) -> None:
    with pytest.raises(ActionForbidden):
        _move(db, case_id, "assigned", actor=actor)
    with db() as session:
        assert session.get(Case, case_id).status == "new"  # type: ignore[union-attr]


def test_a_missing_case_is_not_found(db: Db) -> None:
    with pytest.raises(CaseNotFound, match="no case 999999"):
        _move(db, 999_999, "assigned")


def test_reroute_needs_a_reason_and_is_logged(db: Db, case_id: int, profile: CityProfile) -> None:
    def send(department: str, reason: str, actor: Actor = OWN_EXECUTOR) -> None:
        with db.begin() as session:
            reroute(
                session, case_id=case_id, department=department, actor=actor, reason=reason,
                profile=profile, now=T0,
            )  # fmt: skip

    with pytest.raises(ActionInvalid, match="needs a reason"):
        send("roads_transport", "")
    with pytest.raises(ActionInvalid, match="unknown department 'nowhere'"):
        send("nowhere", "x")
    with pytest.raises(ActionForbidden):
        send("roads_transport", "жол бөлімінікі", actor=HEAD)
    send("roads_transport", "жол бөлімінікі / это дороги")
    with pytest.raises(ActionForbidden):  # no longer the water executor's case
        send("housing_utilities", "қайтару", actor=OWN_EXECUTOR)
    with db() as session:
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "rerouted")
        ).one()
        assert (event.from_value, event.to_value) == ("housing_utilities", "roads_transport")
        assert event.reason == "жол бөлімінікі / это дороги" and event.actor == "water_exec"


def test_unroutable_categories_go_to_the_triage_queue(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    with db.begin() as session:
        filed = file(session, add_post(session), category="unheard_of")
        assert filed.case.department_code == profile.triage_department
        routed = [e for e in filed.case.events if e.action == "routed"]
        assert routed and "triage" in (routed[0].reason or "")


def test_events_cannot_be_changed(db: Db, case_id: int) -> None:
    with db() as session:
        event = session.scalars(select(CaseEvent).where(CaseEvent.case_id == case_id)).first()
        assert event is not None
        event.reason = "rewritten history"
        with pytest.raises(ValueError, match="cannot be changed"):
            session.flush()
        session.rollback()
