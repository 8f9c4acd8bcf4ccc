"""Working time in the city: public holidays, the government's transfers and office hours.

No library adds *working hours* across office hours, weekends and a national holiday list,
so that arithmetic is written here; the holiday list itself comes from `holidays`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import yaml

from halyq.city.profile import CityProfile, ProfileError


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo
    office_start: timedelta  # since midnight
    office_end: timedelta
    extra_days_off: frozenset[date]
    extra_working_days: frozenset[date]
    country: str = "KZ"

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays(self.country)

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off or day in self._holidays:
            return False
        return day.weekday() < 5

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (start itself does not count)."""
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The moment `hours` office hours after `start`, as an aware datetime in local time."""
        moment = start.astimezone(self.zone)
        left = timedelta(hours=hours)
        day = moment.date()
        while True:
            if self.is_working_day(day):
                opens, closes = self._office(day)
                begin = max(moment, opens)
                if begin < closes:
                    if begin + left <= closes:
                        return begin + left
                    left -= closes - begin
            day += timedelta(days=1)
            moment = self._office(day)[0]

    def _office(self, day: date) -> tuple[datetime, datetime]:
        midnight = datetime(day.year, day.month, day.day, tzinfo=self.zone)
        return midnight + self.office_start, midnight + self.office_end


def load_calendar(profile: CityProfile) -> WorkingCalendar:
    """The profile's calendar; calendar.yaml is optional and lists transferred days."""
    path = profile.root / "calendar.yaml"
    days_off, working = _read_transfers(path) if path.exists() else (frozenset(), frozenset())
    return WorkingCalendar(
        zone=ZoneInfo(profile.timezone),
        office_start=_since_midnight(profile.office_start.hour, profile.office_start.minute),
        office_end=_since_midnight(profile.office_end.hour, profile.office_end.minute),
        extra_days_off=days_off,
        extra_working_days=working,
    )


def _since_midnight(hour: int, minute: int) -> timedelta:
    return timedelta(hours=hour, minutes=minute)


def _read_transfers(path: Path) -> tuple[frozenset[date], frozenset[date]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _dates(data, "extra_days_off", path), _dates(data, "extra_working_days", path)


def _dates(data: dict[str, object], key: str, path: Path) -> frozenset[date]:
    values = data.get(key) or []
    if not isinstance(values, list):
        raise ProfileError(path, None, key, "must be a list of ISO dates")
    result = set()
    for value in values:
        try:
            result.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            raise ProfileError(path, None, key, f"'{value}' is not an ISO date") from None
    return frozenset(result)
