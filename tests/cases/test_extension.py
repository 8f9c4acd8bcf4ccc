"""The appeal extension and the redirect rule, on real Kyzylorda calendar dates (16 December,
Independence Day, is a day off)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.escalation import escalate_due
from halyq.cases.extension import (
    escalate_appeal_rules,
    extend_deadline,
    extension_of,
    late_flags,
    late_notices,
    late_redirects,
    latest_extension_day,
    record_extension_notice,
)
from halyq.cases.forwarding import forward_case
from halyq.cases.intake import Filed
from halyq.cases.workflow import ActionConflict, ActionForbidden, ActionInvalid, Actor
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Case, CaseEvent, User
from halyq.db.notices import Notification
from tests.cases.conftest import add_post, place

Db = sessionmaker[Session]
QYZYLORDA = ZoneInfo("Asia/Qyzylorda")
ARRIVED = datetime(2026, 12, 11, 10, 0, tzinfo=QYZYLORDA)  # a Friday
EXECUTOR = Actor("water_exec", "executor", "housing_utilities")
ANALYST = Actor("analyst", "analyst")


def local(moment: datetime) -> datetime:
    return moment.astimezone(QYZYLORDA)


def appeal(
    db: Db, file: Callable[..., Filed], *, category: str = "water", source: str = "webform"
) -> int:
    with db.begin() as session:
        post = add_post(session, "Су жоқ", at=ARRIVED, source=source)
        return file(session, post, category=category, places=[place("Абай", "3")]).case.id


def extend(db: Db, calendar: WorkingCalendar, case_id: int, **options: object) -> None:
    with db.begin() as session:
        args: dict[str, object] = {"actor": EXECUTOR, "reason": "сараптама керек", "now": ARRIVED}
        extend_deadline(session, case_id=case_id, calendar=calendar, **{**args, **options})  # type: ignore[arg-type]


def test_an_appeal_is_due_for_redirect_three_working_days_after_arrival(
    db: Db, file: Callable[..., Filed]
) -> None:
    case_id = appeal(db, file)
    with db() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.track == "appeal"
        assert local(case.respond_by) == datetime(2026, 12, 17, 18, 0, tzinfo=QYZYLORDA)


def test_one_extension_to_two_months_after_arrival_with_notice_due_in_three_working_days(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar
) -> None:
    case_id = appeal(db, file)
    with db() as session:
        original = session.get(Case, case_id).due_at  # type: ignore[union-attr]
    extend(db, calendar, case_id)
    with db() as session:
        extension = extension_of(session, case_id)
        assert extension is not None
        assert local(extension.extended_due_at) == datetime(2027, 2, 11, 18, 0, tzinfo=QYZYLORDA)
        assert local(extension.notice_due_at) == datetime(2026, 12, 17, 18, 0, tzinfo=QYZYLORDA)
        assert extension.original_due_at == original
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "extended")
        ).one()
        assert (event.actor, event.reason) == ("water_exec", "сараптама керек")
        assert event.from_value == original.isoformat()
        assert event.to_value == extension.extended_due_at.isoformat()
    with pytest.raises(ActionConflict, match="the APC allows one extension only"):
        extend(db, calendar, case_id, until=date(2027, 1, 15))


def test_the_two_months_end_at_the_last_working_day(calendar: WorkingCalendar) -> None:
    # 31 December + 2 months is 28 February 2027, a Sunday: Friday the 26th is the last day.
    assert latest_extension_day(calendar, datetime(2026, 12, 31, 12, tzinfo=QYZYLORDA)) == date(
        2027, 2, 26
    )
    assert latest_extension_day(calendar, datetime(2027, 1, 6, 12, tzinfo=QYZYLORDA)) == date(
        2027, 3, 5
    )  # 6 March is a Saturday; Friday the 5th stands


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (date(2027, 2, 12), "is past 2027-02-11"),
        (date(2026, 12, 16), "not after the current deadline"),
        (date(2027, 1, 7), "is not a working day"),
    ],
)
def test_a_wrong_date_is_refused_and_nothing_changes(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar, until: date, message: str
) -> None:
    case_id = appeal(db, file)
    with pytest.raises(ActionInvalid, match=message):
        extend(db, calendar, case_id, until=until)
    with db() as session:
        assert extension_of(session, case_id) is None


def test_a_chosen_working_day_is_the_new_deadline(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar
) -> None:
    case_id = appeal(db, file)
    extend(db, calendar, case_id, until=date(2027, 1, 20))
    with db() as session:
        extension = extension_of(session, case_id)
        assert extension is not None
        assert local(extension.extended_due_at) == datetime(2027, 1, 20, 18, 0, tzinfo=QYZYLORDA)


def test_signals_reasonless_requests_and_other_departments_are_refused(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar
) -> None:
    signal = appeal(db, file, source="telegram:chat")
    with pytest.raises(ActionInvalid, match="only APC appeals"):
        extend(db, calendar, signal)
    case_id = appeal(db, file, category="roads")
    with pytest.raises(ActionForbidden):
        extend(db, calendar, case_id)
    with pytest.raises(ActionInvalid, match="needs a reason"):
        extend(db, calendar, case_id, actor=ANALYST, reason="")
    with pytest.raises(ActionConflict, match="deadline passed"):
        extend(db, calendar, case_id, actor=ANALYST, now=ARRIVED + timedelta(days=40))


def test_the_notice_is_recorded_once_and_a_late_one_stays_flagged(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar
) -> None:
    on_time, late = appeal(db, file), appeal(db, file, category="roads")
    extend(db, calendar, on_time)
    extend(db, calendar, late, actor=ANALYST)
    now = datetime(2026, 12, 21, 9, tzinfo=QYZYLORDA)
    with db.begin() as session:
        record_extension_notice(
            session, case_id=on_time, actor=EXECUTOR, channel="email", now=now,
            at=datetime(2026, 12, 17, 17, 0, tzinfo=QYZYLORDA),
        )  # fmt: skip
        record_extension_notice(session, case_id=late, actor=ANALYST, channel="post", now=now)
    with db() as session:
        assert [e.case_id for e in late_notices(session, now=now)] == [late]
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.action == "extension_notice").order_by(CaseEvent.id)
        ).all()
        assert [(e.to_value, (e.details or {})["late"]) for e in events] == [
            ("email", False),
            ("post", True),
        ]
    with db.begin() as session, pytest.raises(ActionConflict, match="was recorded"):
        record_extension_notice(session, case_id=on_time, actor=EXECUTOR, channel="sms", now=now)
    with db.begin() as session, pytest.raises(ActionInvalid, match="unknown channel 'fax'"):
        record_extension_notice(session, case_id=late, actor=ANALYST, channel="fax", now=now)


def test_a_missing_notice_is_escalated_once_and_the_department_told(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar, profile: CityProfile
) -> None:
    case_id = appeal(db, file)
    with db.begin() as session:
        session.add(
            User(username="water_head", password_hash="x", role="head", email="h@example.kz",
                 department_code="housing_utilities", is_active=True)
        )  # fmt: skip
    extend(db, calendar, case_id)
    before = datetime(2026, 12, 17, 17, tzinfo=QYZYLORDA)
    after = datetime(2026, 12, 18, 9, tzinfo=QYZYLORDA)
    with db.begin() as session:
        assert escalate_appeal_rules(session, profile=profile, now=before)["notice_overdue"] == 0
        assert escalate_appeal_rules(session, profile=profile, now=after)["notice_overdue"] == 1
        assert escalate_appeal_rules(session, profile=profile, now=after)["notice_overdue"] == 0
        kinds = session.scalars(select(Notification.kind).where(Notification.case_id == case_id))
        assert list(kinds) == ["notice_overdue"]


def test_an_appeal_for_another_body_must_be_forwarded_within_three_working_days(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    police = appeal(db, file, category="public_order")
    appeal(db, file, category="public_order", source="telegram:chat")  # a signal: no APC rule
    appeal(db, file)  # the akimat's own appeal
    due = datetime(2026, 12, 17, 18, 0, tzinfo=QYZYLORDA)
    with db.begin() as session:
        assert late_redirects(session, profile, now=due) == []
        late = late_redirects(session, profile, now=due + timedelta(minutes=1))
        assert [case.id for case in late] == [police]
        done = escalate_appeal_rules(session, profile=profile, now=due + timedelta(minutes=1))
        assert done == {"notice_overdue": 0, "redirect_overdue": 1}
        forward_case(session, case_id=police, actor=ANALYST, reason="полиция", profile=profile,
                     now=due + timedelta(hours=1))  # fmt: skip
        assert late_redirects(session, profile, now=due + timedelta(days=1)) == []


def test_times_are_aware(db: Db, file: Callable[..., Filed], calendar: WorkingCalendar) -> None:
    case_id = appeal(db, file)
    extend(db, calendar, case_id)
    with db.begin() as session, pytest.raises(ActionInvalid, match="between the extension"):
        record_extension_notice(
            session, case_id=case_id, actor=EXECUTOR, channel="phone",
            now=datetime(2026, 12, 14, 9, tzinfo=UTC), at=datetime(2026, 12, 1, tzinfo=UTC),
        )  # fmt: skip


def test_an_extended_case_is_escalated_again_as_its_new_deadline_nears(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar
) -> None:
    case_id = appeal(db, file)
    with db.begin() as session:
        old_due = session.get(Case, case_id).due_at  # type: ignore[union-attr]
        assert escalate_due(session, now=old_due - timedelta(hours=2))["due_soon"] == 1
    extend(db, calendar, case_id, now=old_due - timedelta(hours=1))
    with db.begin() as session:
        new_due = session.get(Case, case_id).due_at  # type: ignore[union-attr]
        # Right after the extension nothing is due; near the new deadline it is, once.
        assert escalate_due(session, now=old_due + timedelta(hours=1))["overdue"] == 0
        assert escalate_due(session, now=new_due - timedelta(hours=2))["due_soon"] == 1
        assert escalate_due(session, now=new_due - timedelta(hours=1))["due_soon"] == 0
        assert escalate_due(session, now=new_due + timedelta(hours=1))["overdue"] == 1


def test_a_page_of_cases_is_flagged_late_on_the_notice_and_the_redirect(
    db: Db, file: Callable[..., Filed], calendar: WorkingCalendar, profile: CityProfile
) -> None:
    extended, police, own = (
        appeal(db, file),
        appeal(db, file, category="public_order"),
        appeal(db, file),
    )
    extend(db, calendar, extended)
    due = datetime(2026, 12, 17, 18, 0, tzinfo=QYZYLORDA)  # notice and redirect both due
    with db() as session:
        cases = [session.get(Case, i) for i in (extended, police, own)]
        page = [case for case in cases if case is not None]
        assert late_flags(session, profile, page, now=due) == {}
        flags = late_flags(session, profile, page, now=due + timedelta(minutes=1))
        assert flags == {extended: ["notice"], police: ["redirect"]}
        assert late_flags(session, profile, [], now=due) == {}
