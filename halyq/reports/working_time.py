"""How many office hours lie between two moments, on the city's working calendar.

The calendar (halyq.city.calendar) adds working hours to a moment; a report needs the inverse,
the working time a department took, which no library computes over a custom holiday list and
transferred days, so it is counted here day by day.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from halyq.city.calendar import WorkingCalendar


def working_hours_between(calendar: WorkingCalendar, start: datetime, end: datetime) -> float:
    """Office hours on working days within [start, end]; 0 when end is not after start.

    Friday 17:00 to Monday 10:00 with office hours 09–18 is 2.0 hours.
    """
    if end <= start:
        return 0.0
    first, last = start.astimezone(calendar.zone), end.astimezone(calendar.zone)
    total = timedelta()
    day = first.date()
    while day <= last.date():
        if calendar.is_working_day(day):
            midnight = datetime.combine(day, time(), calendar.zone)
            opens = max(first, midnight + calendar.office_start)
            closes = min(last, midnight + calendar.office_end)
            if closes > opens:
                total += closes - opens
        day += timedelta(days=1)
    return total.total_seconds() / 3600


def working_day_hours(calendar: WorkingCalendar) -> float:
    """The length of one working day in hours (9.0 for 09:00–18:00)."""
    return (calendar.office_end - calendar.office_start).total_seconds() / 3600
