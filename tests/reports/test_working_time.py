"""Working hours between two moments on the city's calendar (office hours, weekends, holidays)."""

from __future__ import annotations

from datetime import date

from halyq.city.calendar import WorkingCalendar
from halyq.reports.working_time import working_day_hours, working_hours_between
from tests.reports.conftest import local


def test_a_weekend_adds_nothing(calendar: WorkingCalendar) -> None:
    friday, monday = local(date(2026, 6, 5), 17), local(date(2026, 6, 8), 10)
    assert working_hours_between(calendar, friday, monday) == 2.0


def test_within_one_day_and_outside_office_hours(calendar: WorkingCalendar) -> None:
    day = date(2026, 6, 9)
    assert working_hours_between(calendar, local(day, 9, 30), local(day, 12)) == 2.5
    assert working_hours_between(calendar, local(day, 6), local(day, 8)) == 0.0
    assert working_hours_between(calendar, local(day, 19), local(date(2026, 6, 10), 9, 45)) == 0.75


def test_a_public_holiday_is_not_working_time(calendar: WorkingCalendar) -> None:
    # 16 December, Independence Day, is a Wednesday in 2026.
    before, after = local(date(2026, 12, 15), 17), local(date(2026, 12, 17), 10)
    assert working_hours_between(calendar, before, after) == 2.0


def test_backwards_or_equal_is_zero(calendar: WorkingCalendar) -> None:
    moment = local(date(2026, 6, 9), 12)
    assert working_hours_between(calendar, moment, moment) == 0.0
    assert working_hours_between(calendar, moment, local(date(2026, 6, 8), 12)) == 0.0


def test_a_working_day_is_the_office_hours(calendar: WorkingCalendar) -> None:
    assert working_day_hours(calendar) == 9.0
    monday, next_monday = local(date(2026, 6, 8), 9), local(date(2026, 6, 15), 9)
    assert working_hours_between(calendar, monday, next_monday) == 45.0
