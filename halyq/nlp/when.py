"""When the problem happened, from what the post says ("кеше", "вчера", "12 қараша").

Relative words count back from the day the post was written, in Kyzylorda time:
бүгін/сегодня = that day, кеше/вчера = one day before, алдыңгүні/позавчера = two days before.
Durations say when the problem started: "3 күн болды", "3 дня нет воды", "3 күннен бері",
"үш күннен бері" (three days now) give the post's day minus 3, a week minus 7, a month the same
day a month before, hours count back from the post's time. An ordinal counts the first day as
day one, so "третий день", "третьи сутки", "3-ші күн" give minus 2 and "вторую неделю" minus 7.
"Since Monday" ("с понедельника", "дүйсенбіден бері") is the latest Monday before the post's
day; "на прошлой неделе", "өткен аптадан бері" a week before; "с марта", "маусымнан бері" the
first of that month. Explicit dates ("12.11", "12 қараша", "12 ноября") without a year take the
year nearest to the post; deadlines ("до 30 ноября") and holiday greetings ("с 8 Марта!") are
not events. A part of the day ("бүгін таңертең", "вчера вечером", "с 2 часов ночи") is kept as
the time of day. The post's event date is its first expression; find_events gives them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from halyq.nlp.normalise import key_text
from halyq.nlp.when_rules import (
    GENITIVE_DATE_RE,
    GREETING_RE,
    NOT_AN_EVENT_AFTER_RE,
    NOT_AN_EVENT_BEFORE_RE,
    NUMERIC_DATE_RE,
    PART_AFTER_RE,
    RELATIVE_RE,
    RULES,
    TEXT_DATE_RE,
    WEEKDAY_RE,
    part_of_day,
)

DEFAULT_TIMEZONE = "Asia/Qyzylorda"
_UTC_PLUS_5 = timezone(timedelta(hours=5), "UTC+5")
_DATES = (NUMERIC_DATE_RE, TEXT_DATE_RE, GENITIVE_DATE_RE, WEEKDAY_RE)


@dataclass(frozen=True)
class EventTime:
    """When the post's event happened: its date, a time of day if stated ("07:30" or
    "morning"/"day"/"evening"/"night"), and the offsets of the words that say so."""

    date: date
    time_of_day: str | None
    start: int
    end: int


def local_date(created_at: datetime, timezone_name: str = DEFAULT_TIMEZONE) -> date:
    """The calendar day of `created_at` in the city's time zone (naive means already local)."""
    if created_at.tzinfo is None:
        return created_at.date()
    try:
        return created_at.astimezone(_zone(timezone_name)).date()
    except OverflowError:  # the last hours of year 9999
        return created_at.date()


@lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No tz database on this machine: Kazakhstan has been UTC+5 everywhere since 2024.
        return _UTC_PLUS_5


def find_event_date(
    text: str,
    created_at: datetime | None,
    *,
    timezone_name: str = DEFAULT_TIMEZONE,
    complaint: bool | None = None,
) -> tuple[date | None, str | None]:
    """The date the post's event happened and the words that say so, or (None, None).

    "Кеше Абай даңғылында жарық болмады" written 2026-11-03 -> (2026-11-02, "Кеше").
    Without `created_at` only dates that carry their year can be resolved.
    """
    found = find_event(text, created_at, timezone_name=timezone_name, complaint=complaint)
    if found is None:
        return None, None
    return found.date, text[found.start : found.end]


def find_event_span(
    text: str,
    created_at: datetime | None,
    *,
    timezone_name: str = DEFAULT_TIMEZONE,
    complaint: bool | None = None,
) -> tuple[date, int, int] | None:
    """Like find_event_date, with the start and end offsets of the words in `text`."""
    found = find_event(text, created_at, timezone_name=timezone_name, complaint=complaint)
    return (found.date, found.start, found.end) if found else None


def find_event(
    text: str,
    created_at: datetime | None,
    *,
    timezone_name: str = DEFAULT_TIMEZONE,
    complaint: bool | None = None,
) -> EventTime | None:
    """The first expression of time in `text` (see find_events), or None."""
    found = find_events(text, created_at, timezone_name=timezone_name, complaint=complaint)
    return found[0] if found else None


def find_events(
    text: str,
    created_at: datetime | None,
    *,
    timezone_name: str = DEFAULT_TIMEZONE,
    complaint: bool | None = None,
) -> list[EventTime]:
    """Every expression of time in `text`, in text order and not overlapping, each resolved
    against `created_at` in the city's time zone, with the time of day when one is stated.

    "Кеше түнде су жоқ, үш күннен бері жылу жоқ" -> last night, and three days ago.

    Where two rules match at one place, the one listed first in RULES wins. A calendar date in
    a post that congratulates is the holiday's, not an incident's. "бүгін" (today) and
    "таңертең" (in the morning) alone are taken only when `complaint` is not False: in news
    and weather talk they rarely date an incident; "бүгін кешке" (this evening) is taken in
    any post. A day after the post ("ертең", "завтра") dates an announcement, never a
    complaint.
    """
    keyed = key_text(text)
    now = local_time(created_at, timezone_name) if created_at else None
    greeting = GREETING_RE.search(keyed.key) is not None
    candidates: list[tuple[int, int, int, date, str | None]] = []
    for rank, (pattern, resolve) in enumerate(RULES):
        for match in pattern.finditer(keyed.key):
            resolved = resolve(match, now)
            if resolved is None or (resolved[2] and complaint is False and not _timed(match)):
                continue
            if complaint and now is not None and resolved[0] > now.date():
                continue  # "обещали завтра починить": a complaint's problem began already
            if pattern in _DATES and (greeting or _not_an_event(keyed.key, match)):
                continue
            candidates.append((match.start(), rank, match.end(), resolved[0], resolved[1]))
    found: list[EventTime] = []
    taken_to = 0
    for start, _, end, day, part in sorted(candidates):
        if start < taken_to:
            continue
        if part is None and RELATIVE_RE.fullmatch(keyed.key, start, end):
            after = PART_AFTER_RE.match(keyed.key, end)
            if after:
                end, part = after.end(), part_of_day(after)
        taken_to = end
        text_start, text_end = keyed.span(start, end)
        found.append(EventTime(day, part, text_start, text_end))
    return found


def _timed(match: re.Match[str]) -> bool:
    """ "Бүгін кешке", "сегодня в 19:00": today with a time names a moment even in news and
    announcements, where a bare "бүгін" is mostly talk."""
    return match.re is RELATIVE_RE and PART_AFTER_RE.match(match.string, match.end()) is not None


def _not_an_event(key: str, match: re.Match[str]) -> bool:
    """A deadline ("до 30 ноября", "30 қарашаға дейін"), a habit ("каждый четверг") or a
    holiday greeting ("с 8 Марта!", "6 шілде мерекесі")."""
    before = NOT_AN_EVENT_BEFORE_RE.search(key, max(0, match.start() - 12), match.start())
    return bool(before or NOT_AN_EVENT_AFTER_RE.match(key, match.end()))


def local_time(created_at: datetime, timezone_name: str = DEFAULT_TIMEZONE) -> datetime:
    """`created_at` as a naive local time in the city's time zone (naive means local already)."""
    if created_at.tzinfo is None:
        return created_at
    try:
        return created_at.astimezone(_zone(timezone_name)).replace(tzinfo=None)
    except OverflowError:  # the last hours of year 9999
        return created_at.replace(tzinfo=None)
