from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from halyq.city.calendar import WorkingCalendar, load_calendar
from halyq.city.profile import CityProfile

KZO = ZoneInfo("Asia/Qyzylorda")


@pytest.fixture(scope="module")
def calendar(profile: CityProfile) -> WorkingCalendar:
    return load_calendar(profile)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 12, 11), 3, date(2026, 12, 17)),  # 16 December: Independence Day
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday → Monday
        (date(2026, 3, 20), 1, date(2026, 3, 26)),  # Nauryz 21-25 March, with days observed
        (date(2026, 11, 27), 0, date(2026, 11, 27)),
    ],
)
def test_add_working_days(
    calendar: WorkingCalendar, start: date, days: int, expected: date
) -> None:
    assert calendar.add_working_days(start, days) == expected


def test_working_hours_stop_at_closing_time_and_skip_the_holiday(
    calendar: WorkingCalendar,
) -> None:
    # 17:00 on 15 December: one office hour left that day, 16th is a holiday.
    start = datetime(2026, 12, 15, 17, 0, tzinfo=KZO)
    assert calendar.add_working_hours(start, 4) == datetime(2026, 12, 17, 12, 0, tzinfo=KZO)


def test_a_post_at_night_starts_the_clock_next_morning(calendar: WorkingCalendar) -> None:
    start = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # 23:30 in Kyzylorda
    assert calendar.add_working_hours(start, 2) == datetime(2026, 11, 27, 11, 0, tzinfo=KZO)


def test_transfers_override_the_holiday_list() -> None:
    base = dict(zone=KZO, office_start=timedelta(hours=9), office_end=timedelta(hours=18))
    cal = WorkingCalendar(
        **base,
        extra_days_off=frozenset({date(2026, 12, 14)}),
        extra_working_days=frozenset({date(2026, 12, 12)}),
    )
    assert cal.is_working_day(date(2026, 12, 12))  # a Saturday made working
    assert not cal.is_working_day(date(2026, 12, 14))  # a Monday made a day off
