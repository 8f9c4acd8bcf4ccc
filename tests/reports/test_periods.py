"""Report periods: halves, quarters, years, months and date ranges, and clear refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from halyq.reports.periods import PeriodError, date_range, parse_period


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("2026-h2", date(2026, 7, 1), date(2026, 12, 31)),
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),  # a leap year
        (" 2026-H1 ", date(2026, 1, 1), date(2026, 6, 30)),
    ],
)
def test_periods_cover_whole_days(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_canonical_labels() -> None:
    assert [parse_period(t).label for t in ("2026-h1", "2026-q3", "2026", "2026-11")] == [
        "2026-H1", "2026-Q3", "2026", "2026-11",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2026-H3", "'2026-H3' is not one of"),
        ("2026-Q5", "'2026-Q5' is not one of"),
        ("2026-13", "month 13 does not exist"),
        ("2026-00", "month 00 does not exist"),
        ("H1-2026", "is not one of"),
        ("", "is not one of"),
        ("1990", "before 1991"),
        ("2026-06-30", "is not one of"),
    ],
)
def test_bad_periods_say_what_is_accepted(text: str, says: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert says in str(caught.value)


def test_an_unknown_spelling_points_to_the_dates() -> None:
    with pytest.raises(
        PeriodError, match=r"2026-H1, 2026-H2, 2026-Q3, 2026 .* or give --from and --to"
    ):
        parse_period("first half")


def test_a_date_range_includes_both_days() -> None:
    period = date_range("2026-01-15", "2026-03-15")
    assert (period.start, period.end, period.kind) == (
        date(2026, 1, 15),
        date(2026, 3, 15),
        "range",
    )
    assert period.contains(date(2026, 3, 15)) and not period.contains(date(2026, 3, 16))
    assert date_range("2026-05-01", "2026-05-01").contains(date(2026, 5, 1))


@pytest.mark.parametrize(
    ("start", "end", "says"),
    [
        ("2026-03-15", "2026-01-15", "--to 2026-01-15 is before --from 2026-03-15"),
        ("15.01.2026", "2026-03-15", "--from '15.01.2026' is not an ISO date"),
        ("2026-01-15", "2026-02-30", "--to '2026-02-30' is not an ISO date"),
    ],
)
def test_bad_ranges_name_the_option(start: str, end: str, says: str) -> None:
    with pytest.raises(PeriodError, match=says):
        date_range(start, end)


def test_bounds_are_the_city_days() -> None:
    city = ZoneInfo("Asia/Qyzylorda")
    first, after = parse_period("2026-H1").bounds(city)
    # Kyzylorda is UTC+5: the half year starts at 19:00 UTC on 31 December.
    assert first == datetime(2025, 12, 31, 19, tzinfo=UTC)
    assert after == datetime(2026, 6, 30, 19, tzinfo=UTC)
