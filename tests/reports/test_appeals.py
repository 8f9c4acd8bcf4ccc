"""Residents' appeals in a report: received, resolved, overdue and how fast, from the audit
trail."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from halyq.city.calendar import WorkingCalendar
from halyq.db.engine import session_scope
from halyq.db.models import CasePost, Post
from halyq.reports.appeals import AppealFigures, count_appeals
from halyq.reports.periods import Period, parse_period
from tests.reports.conftest import add_case, answer, local, move

H1 = parse_period("2026-H1")
AFTER = local(date(2026, 11, 27), 12)  # when the report is made


def appeals(
    sessions: sessionmaker[Session],
    calendar: WorkingCalendar,
    period: Period = H1,
    now: datetime = AFTER,
) -> AppealFigures:
    with session_scope(sessions) as session:
        return count_appeals(session, period=period, calendar=calendar, now=now)


def test_received_within_the_city_days_by_channel_category_department(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        add_case(session, opened_at=local(date(2025, 12, 31), 23, 59))
        add_case(session, opened_at=local(date(2026, 1, 1), 0, 1), source="demo")
        add_case(session, opened_at=local(date(2026, 6, 30), 23, 59), category="roads",
                 department="roads_transport", source="webform")  # fmt: skip
        add_case(session, opened_at=local(date(2026, 7, 1), 0, 0))
        add_case(session, opened_at=local(date(2026, 3, 3)), source="telegram:kyzylorda_chat")
        later = add_case(session, opened_at=local(date(2026, 4, 4)), source="import")
        # An Instagram post written before the case's first one makes Instagram its channel.
        first = Post(source="instagram:akimat", external_id="ig1", text="Су жоқ",
                     created_at=local(date(2026, 4, 3)), raw={})  # fmt: skip
        session.add(first)
        session.flush()
        session.add(CasePost(case_id=later.id, post_id=first.id))
    figures = appeals(sessions, calendar)
    assert figures.received == 4
    assert figures.by_channel == {"demo": 1, "instagram": 1, "telegram": 1, "webform": 1}
    assert figures.by_category == {"water": 3, "roads": 1}
    assert {code: row.received for code, row in figures.by_department.items()} == {
        "housing_utilities": 3, "roads_transport": 1,
    }  # fmt: skip


def test_a_duplicate_is_not_a_separate_appeal(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        original = add_case(session, opened_at=local(date(2026, 2, 2)))
        copy = add_case(
            session, opened_at=local(date(2026, 2, 2), 11), due_at=local(date(2026, 2, 3))
        )
        copy.duplicate_of_id = original.id
        move(session, copy, "duplicate", local(date(2026, 2, 2), 12))
        move(session, original, "resolved", local(date(2026, 2, 3)))
    figures = appeals(sessions, calendar)
    assert (figures.received, figures.resolved, figures.overdue) == (1, 1, 0)
    # Only the original's response (a working day): the merge is not an answer.
    assert figures.median_first_response_hours == 9.0


def test_outcomes_count_when_they_happened(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        old = add_case(session, opened_at=local(date(2025, 11, 3)), due_at=local(date(2026, 3, 1)))
        move(session, old, "in_progress", local(date(2025, 11, 4)))
        move(session, old, "resolved", local(date(2026, 2, 2)))  # opened before, resolved within
        done_before = add_case(session, opened_at=local(date(2025, 10, 1)))
        move(session, done_before, "resolved", local(date(2025, 10, 2)))
        move(session, done_before, "closed", local(date(2025, 10, 3)))
        case = add_case(session, opened_at=local(date(2026, 5, 4)))
        move(session, case, "resolved", local(date(2026, 5, 5)))
        move(session, case, "reopened", local(date(2026, 5, 6)))
        move(session, case, "resolved", local(date(2026, 5, 7)))  # resolved twice: counted once
        move(session, case, "closed", local(date(2026, 5, 8)))
        sent = add_case(session, opened_at=local(date(2026, 5, 4)))
        move(session, sent, "redirected", local(date(2026, 5, 5)))
        refused = add_case(session, opened_at=local(date(2026, 6, 29)))
        move(session, refused, "rejected", local(date(2026, 7, 1), 9))  # after the period
    figures = appeals(sessions, calendar)
    assert (figures.received, figures.resolved, figures.closed) == (3, 2, 1)
    assert (figures.redirected, figures.rejected) == (1, 0)
    assert figures.by_department["housing_utilities"].resolved == 2


def test_overdue_open_at_the_end_or_resolved_late(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    opened, due = local(date(2026, 6, 1)), local(date(2026, 6, 5))
    with session_scope(sessions) as session:
        add_case(session, opened_at=opened, due_at=due)  # still new: late at the end
        late = add_case(session, opened_at=opened, due_at=due)
        move(session, late, "resolved", local(date(2026, 6, 10)))  # resolved late, within
        after = add_case(session, opened_at=opened, due_at=due)
        move(session, after, "resolved", local(date(2026, 7, 10)))  # open at the period's end
        add_case(session, opened_at=local(date(2026, 6, 28)), due_at=local(date(2026, 7, 3)))
        on_time = add_case(session, opened_at=opened, due_at=due)
        move(session, on_time, "resolved", local(date(2026, 6, 4)))
        sent = add_case(session, opened_at=opened, due_at=due)
        move(session, sent, "redirected", local(date(2026, 6, 2)))  # not ours any more
        edge = add_case(session, opened_at=opened, due_at=local(date(2026, 6, 30), 23, 59))
        move(session, edge, "resolved", local(date(2026, 6, 30), 23, 59))  # exactly on time
    figures = appeals(sessions, calendar)
    assert (figures.overdue_open_at_end, figures.overdue_resolved_late) == (2, 1)
    assert figures.overdue == 3
    assert figures.by_department["housing_utilities"].overdue == 3


def test_a_period_not_over_yet_is_judged_now(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        add_case(session, opened_at=local(date(2026, 7, 1)), due_at=local(date(2026, 7, 20)))
    year = parse_period("2026")
    assert appeals(sessions, calendar, year, now=local(date(2026, 7, 10))).overdue == 0
    assert appeals(sessions, calendar, year, now=local(date(2026, 7, 21))).overdue == 1


def test_medians_in_working_hours_by_department(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        friday = add_case(session, opened_at=local(date(2026, 6, 5), 17))
        answer(session, friday, local(date(2026, 6, 8), 10))  # Monday: 2 working hours
        move(session, friday, "resolved", local(date(2026, 6, 9), 10))  # 11 working hours
        tuesday = add_case(session, opened_at=local(date(2026, 6, 9), 9))
        move(session, tuesday, "in_progress", local(date(2026, 6, 9), 12))  # 3 hours
        answer(session, tuesday, local(date(2026, 6, 9), 13))
        move(session, tuesday, "resolved", local(date(2026, 6, 10), 9))  # 9 hours
        roads = add_case(session, opened_at=local(date(2026, 6, 9), 9), category="roads",
                         department="roads_transport")  # fmt: skip
        move(session, roads, "in_progress", local(date(2026, 6, 9), 10))
        silent = add_case(session, opened_at=local(date(2026, 6, 9), 9))
        answer(session, silent, local(date(2026, 7, 1), 9))  # answered after the period
    figures = appeals(sessions, calendar)
    assert figures.median_first_response_hours == 2.0  # of 2, 3 and 1
    assert figures.median_resolution_hours == 10.0  # of 11 and 9
    housing = figures.by_department["housing_utilities"]
    assert (housing.median_first_response_hours, housing.median_resolution_hours) == (2.5, 10.0)
    roads_row = figures.by_department["roads_transport"]
    assert (roads_row.median_first_response_hours, roads_row.median_resolution_hours) == (1.0, None)
    assert figures.working_day_hours == 9.0


def test_no_cases_no_figures(sessions: sessionmaker[Session], calendar: WorkingCalendar) -> None:
    figures = appeals(sessions, calendar)
    assert figures.received == figures.resolved == figures.overdue == 0
    assert figures.by_department == {} and figures.median_resolution_hours is None
    assert figures.by_channel == {}


def test_every_figure_is_a_case_count(
    sessions: sessionmaker[Session], calendar: WorkingCalendar
) -> None:
    with session_scope(sessions) as session:
        for day in range(1, 29):
            case = add_case(session, opened_at=local(date(2026, 2, day)))
            move(session, case, "in_progress", local(date(2026, 2, day)) + timedelta(hours=1))
    figures = appeals(sessions, calendar)
    assert figures.received == sum(figures.by_channel.values()) == 28
    assert sum(row.received for row in figures.by_department.values()) == 28
