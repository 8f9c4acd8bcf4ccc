"""Report periods: `2026-H1`, `2026-H2`, `2026-Q3`, `2026`, `2026-11`, or two ISO dates.

Both ends are inclusive days; the last day is the one NGOs are counted "at the end" of.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Kind = Literal["half", "quarter", "year", "month", "range"]

_PATTERNS: tuple[tuple[Kind, re.Pattern[str]], ...] = (
    ("half", re.compile(r"(\d{4})-H([12])", re.IGNORECASE)),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)),
    ("month", re.compile(r"(\d{4})-(\d{2})")),
    ("year", re.compile(r"(\d{4})()")),
)
PERIOD_HELP = "2026-H1, 2026-H2, 2026-Q3, 2026 (a year), 2026-11 (a month)"


class PeriodError(ValueError):
    """A period that cannot be read; the message says what was given and what is accepted."""


@dataclass(frozen=True)
class Period:
    """The days `start`..`end`, both inclusive, and how they were asked for."""

    kind: Kind
    start: date
    end: date
    label: str  # the canonical spelling: "2026-H1", "2026-11", "2026-01-01..2026-03-15"
    number: int = 0  # the half, quarter or month; 0 for a year or a range

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[first moment, moment after the last day) in the city's time zone."""
        after = self.end + timedelta(days=1)
        return datetime.combine(self.start, time(), zone), datetime.combine(after, time(), zone)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def parse_period(text: str) -> Period:
    """`2026-H1` → 1 January..30 June 2026, and so on; PeriodError for anything else."""
    value = text.strip()
    for kind, pattern in _PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            return _period(kind, int(match.group(1)), int(match.group(2) or 0), text)
    raise PeriodError(f"period '{text}' is not one of: {PERIOD_HELP}; or give --from and --to")


def date_range(start: str, end: str) -> Period:
    """Two ISO dates, both days included; PeriodError when either is bad or end < start."""
    first, last = _iso(start, "--from"), _iso(end, "--to")
    if last < first:
        raise PeriodError(f"--to {last.isoformat()} is before --from {first.isoformat()}")
    return Period("range", first, last, f"{first.isoformat()}..{last.isoformat()}")


def _period(kind: Kind, year: int, number: int, text: str) -> Period:
    if year < 1991:  # the Republic's registers start with independence
        raise PeriodError(f"period '{text}': year {year} is before 1991")
    if kind == "year":
        return Period(kind, date(year, 1, 1), date(year, 12, 31), str(year))
    if kind == "month" and not 1 <= number <= 12:
        raise PeriodError(f"period '{text}': month {number:02d} does not exist")
    months = {"half": 6, "quarter": 3, "month": 1}[kind]
    first_month = (number - 1) * months + 1
    last_month = first_month + months - 1
    last_day = monthrange(year, last_month)[1]
    suffix = {"half": f"H{number}", "quarter": f"Q{number}", "month": f"{number:02d}"}[kind]
    start, end = date(year, first_month, 1), date(year, last_month, last_day)
    return Period(kind, start, end, f"{year}-{suffix}", number)


def _iso(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{option} '{text}' is not an ISO date such as 2026-06-30") from None
