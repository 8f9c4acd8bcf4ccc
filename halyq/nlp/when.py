"""When the problem happened, from what the post says ("кеше", "вчера", "12 қараша").

Relative words count back from the day the post was written, in Kyzylorda time:
бүгін/сегодня = that day, кеше/вчера = one day before, алдыңгүні/позавчера = two days before.
Durations say when the problem started: "3 күн болды", "3 дня нет воды", "3 күннен бері"
(three days now) give the post's day minus 3, a week minus 7. An ordinal counts the first day
as day one, so "третий день", "3-ші күн" (the third day) give minus 2. Explicit dates
("12.11.2026", "12 қараша", "12 ноября") without a year take the year that puts them nearest
to the post. When several expressions appear, the first one in the text wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from halyq.nlp.normalise import KeyedText, key_text

DEFAULT_TIMEZONE = "Asia/Qyzylorda"
_UTC_PLUS_5 = timezone(timedelta(hours=5), "UTC+5")

# Folded month stems (see normalise.match_key): Kazakh names, then Russian ones.
_MONTHS = {
    "кантар": 1, "акпан": 2, "наурыз": 3, "сауир": 4, "мамыр": 5, "маусым": 6, "шилде": 7,
    "тамыз": 8, "кыркуиек": 9, "казан": 10, "караша": 11, "желтоксан": 12,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "маи": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_NUMBERS = {
    "бир": 1, "еки": 2, "уш": 3, "торт": 4, "бес": 5, "алты": 6, "жети": 7, "сегиз": 8,
    "тогыз": 9, "он": 10, "один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5,
    "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}  # fmt: skip
_ORDINALS = {
    "екинши": 2, "ушинши": 3, "тортинши": 4, "бесинши": 5, "алтыншы": 6, "жетинши": 7,
    "второи": 2, "третии": 3, "четвертыи": 4, "пятыи": 5, "шестои": 6, "седьмои": 7,
}  # fmt: skip
_DAYS_BACK = {
    "бугин": 0, "бугун": 0, "сегодн": 0, "с утра": 0, "танертен": 0,
    "кеше": 1, "вчера": 1, "алдынгуни": 2, "алдынгы куни": 2, "позавчера": 2,
}  # fmt: skip
_WEEKDAYS = {
    "дуисенби": 0, "сеисенби": 1, "сарсенби": 2, "беисенби": 3, "жума": 4, "сенби": 5,
    "жексенби": 6, "понедельник": 0, "вторник": 1, "среду": 2, "четверг": 3, "пятниц": 4,
    "суббот": 5, "воскресень": 6,
}  # fmt: skip


def _alternatives(words: dict[str, int]) -> str:
    """A regex alternation of the keys, longest first, so a word wins over its own prefix."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_RELATIVE_RE = re.compile(
    r"(?<!\w)(?P<word>бугин|бугун|сегодн|с\s+утра|танертен|кеше|вчера|алдынгуни"
    r"|алдынгы\s+куни|позавчера)(?P<tail>\w{0,6})(?!\w)"
)
_NUMBER = rf"(?P<n>\d{{1,2}}|{_alternatives(_NUMBERS)})"
_DURATION_RE = re.compile(
    rf"(?<![\w.])(?P<before>через\s+)?{_NUMBER}\s+(?P<unit>кун\w{{0,8}}|дн(?:я|еи|и)|суток|сутки"
    r"|апта\w{0,6}|недел[иьюе]\w{0,1})(?!\w)(?P<later>\s+(?:кеиин|сон))?"
)
_ORDINAL_RE = re.compile(
    rf"(?<![\w.])(?:(?P<n>\d{{1,2}})\s*-\s*(?:ши|шы|инши|ынши|ии|ои|ыи|и)"
    rf"|(?P<word>{_alternatives(_ORDINALS)}))\s+(?:кун\w{{0,6}}|день|сутки)(?!\w)"
)
# "12.11" needs a two-digit month so that "1.5 литр" is not the first of May.
_NUMERIC_DATE_RE = re.compile(
    r"(?<![\w.])(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})"
    r"|(?P<d1>\d{1,2})\.(?P<m1>\d{2})"
    r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\w]|[.,]\d)"
)
_TEXT_DATE_RE = re.compile(
    rf"(?<![\w.])(?P<d>\d{{1,2}})(?:\s*-\s*\w{{1,4}})?\s*(?P<month>{_alternatives(_MONTHS)})"
    r"\w{0,8}(?!\w)(?:\s+(?P<y>\d{4})(?!\d))?"
)
_WEEKDAY_RE = re.compile(rf"(?<!\w)(?P<day>{_alternatives(_WEEKDAYS)})\w{{0,4}}(?!\w)")


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
    text: str, created_at: datetime | None, *, timezone_name: str = DEFAULT_TIMEZONE
) -> tuple[date | None, str | None]:
    """The date the post's event happened and the words that say so, or (None, None).

    "Кеше Абай даңғылында жарық болмады" written 2026-11-03 -> (2026-11-02, "Кеше").
    Without `created_at` only dates that carry their year can be resolved.
    """
    found = find_event_span(text, created_at, timezone_name=timezone_name)
    if found is None:
        return None, None
    event_date, start, end = found
    return event_date, text[start:end]


def find_event_span(
    text: str, created_at: datetime | None, *, timezone_name: str = DEFAULT_TIMEZONE
) -> tuple[date, int, int] | None:
    """Like find_event_date, with the start and end offsets of the words in `text`."""
    keyed = key_text(text)
    today = local_date(created_at, timezone_name) if created_at else None
    best: tuple[int, int, date] | None = None
    for pattern, resolve in _RULES:
        found = _first(keyed, pattern, resolve, today)
        if found and (best is None or found[0] < best[0]):
            best = found
    if best is None:
        return None
    start, end = keyed.span(best[0], best[1])
    return best[2], start, end


_Resolver = Callable[[re.Match[str], date | None], date | None]


def _first(
    keyed: KeyedText, pattern: re.Pattern[str], resolve: _Resolver, today: date | None
) -> tuple[int, int, date] | None:
    for match in pattern.finditer(keyed.key):
        found = resolve(match, today)
        if found is not None:
            return match.start(), match.end(), found
    return None


def _relative(match: re.Match[str], today: date | None) -> date | None:
    word = re.sub(r"\s+", " ", match["word"])
    if today is None or (word == "кеше" and match["tail"] not in ("", "ги", "ден")):
        return None  # "кешені" (its complex) is not a form of "кеше" (yesterday)
    return _shift(today, -_DAYS_BACK[word])


def _duration(match: re.Match[str], today: date | None) -> date | None:
    if today is None:
        return None
    count = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"]]
    days = count * 7 if match["unit"].startswith(("апта", "недел")) else count
    if days > 366:
        return None
    ahead = match["before"] or match["later"]  # "через 3 дня", "3 күннен кейін"
    return _shift(today, days if ahead else -days)


def _ordinal(match: re.Match[str], today: date | None) -> date | None:
    number = int(match["n"]) if match["n"] else _ORDINALS[match["word"]]
    if today is None or not 1 <= number <= 366:
        return None
    return _shift(today, 1 - number)


def _numeric_date(match: re.Match[str], today: date | None) -> date | None:
    day = match["d"] or match["d1"] or match["d2"] or match["d3"]
    month = match["m"] or match["m1"] or match["m2"] or match["m3"]
    year = match["y"] or match["y2"] or match["y3"]
    return _make_date(int(day), int(month), year, today)


def _text_date(match: re.Match[str], today: date | None) -> date | None:
    return _make_date(int(match["d"]), _MONTHS[match["month"]], match["y"], today)


def _weekday(match: re.Match[str], today: date | None) -> date | None:
    if today is None:
        return None
    return _shift(today, -((today.weekday() - _WEEKDAYS[match["day"]]) % 7))


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # before year 1 or after year 9999
        return None


def _make_date(day: int, month: int, year: str | None, today: date | None) -> date | None:
    """A valid date; a missing year is the one nearest to `today`."""
    if year is not None:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
        return _valid(full_year, month, day)
    if today is None:
        return None
    options = [_valid(today.year + shift, month, day) for shift in (-1, 0, 1)]
    dates = [d for d in options if d is not None]
    return min(dates, key=lambda d: abs(d - today)) if dates else None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_RULES: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (_RELATIVE_RE, _relative),
    (_DURATION_RE, _duration),
    (_ORDINAL_RE, _ordinal),
    (_NUMERIC_DATE_RE, _numeric_date),
    (_TEXT_DATE_RE, _text_date),
    (_WEEKDAY_RE, _weekday),
)
