"""The expressions of time that when.py resolves, in match-key form (see normalise.match_key).

Each rule is a pattern and a resolver that turns a match and the post's local time into
(date, time of day, weak). A weak expression ("бүгін", "таңертең" alone) is taken only in a
complaint: in news, weather talk and greetings it rarely dates an incident.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from halyq.nlp.morphology import KAZAKH_ENDINGS

# Folded month stems, Kazakh and Russian.
_KAZAKH_MONTHS = {
    "кантар": 1, "акпан": 2, "наурыз": 3, "сауир": 4, "мамыр": 5, "маусым": 6, "шилде": 7,
    "тамыз": 8, "кыркуиек": 9, "казан": 10, "караша": 11, "желтоксан": 12,
}  # fmt: skip
MONTHS = {
    **_KAZAKH_MONTHS,
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "мая": 5, "мае": 5, "маи": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
_NUMBERS = {
    "бир": 1, "еки": 2, "уш": 3, "торт": 4, "бес": 5, "алты": 6, "жети": 7, "сегиз": 8,
    "тогыз": 9, "он": 10, "один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4,
    "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9, "десять": 10,
}  # fmt: skip
_ORDINALS = {
    "екинши": 2, "ушинши": 3, "тортинши": 4, "бесинши": 5, "алтыншы": 6, "жетинши": 7,
    "второи": 2, "вторую": 2, "вторые": 2, "вторыи": 2, "третии": 3, "третью": 3, "третьи": 3,
    "четвертыи": 4, "четвертую": 4, "пятыи": 5, "пятую": 5, "шестои": 6, "седьмои": 7,
}  # fmt: skip
_DAYS_BACK = {"бугин": 0, "бугун": 0, "сегодн": 0, "кеше": 1, "вчера": 1, "вчерашн": 1,
              "алдынгуни": 2, "алдынгы куни": 2, "позавчера": 2, "ертен": -1, "завтра": -1,
              "завтрашн": -1, "бурсигуни": -2, "послезавтра": -2, "жана гана": 0,
              "только что": 0}  # fmt: skip
# Words that name the very moment of the post ("жаңа ғана", "только что").
_JUST_NOW = frozenset({"жана гана", "только что"})
WEEKDAYS = {
    "дуисенби": 0, "сеисенби": 1, "сарсенби": 2, "беисенби": 3, "жума": 4, "сенби": 5,
    "жексенби": 6, "понедельник": 0, "вторник": 1, "среду": 2, "среды": 2, "четверг": 3,
    "пятниц": 4, "суббот": 5, "воскресень": 6,
    # Russian typed in Latin letters, read back as Cyrillic: "s ponedelnika", "v pyatnicu".
    "понеделник": 0, "пятнис": 4, "воскресен": 6,
}  # fmt: skip
# Time-of-day words and what part of the day they name.
_PARTS = {
    "танертен": "morning", "таннан": "morning", "танги": "morning", "тангы": "morning",
    "тунгы": "night",
    "утр": "morning", "утом": "morning",
    "тусте": "day", "тустен": "day", "днем": "day", "обед": "day",
    "кешке": "evening", "кешкисин": "evening", "кешки": "evening", "кештен": "evening",
    "вечер": "evening", "тунде": "night", "тунги": "night", "ночь": "night", "ночи": "night",
    "ночью": "night", "тун": "night",
}  # fmt: skip


def _alternatives(words: dict[str, int] | dict[str, str]) -> str:
    """A regex alternation of the keys, longest first, so a word wins over its own prefix."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


Resolved = tuple[date, str | None, bool]  # date, time of day, weak
Resolver = Callable[[re.Match[str], datetime | None], Resolved | None]

_SINCE = r"(?:[ \t]+(?:бери|бастап))"
_PART = rf"(?P<part>{_alternatives(_PARTS)})\w{{0,6}}"
_CLOCK = r"(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?"
_CLOCK2 = r"(?P<h2>\d{1,2})(?:[:.](?P<mi2>\d{2}))?"
_CLOCK3 = r"(?P<h3>\d{1,2})(?:[:.](?P<mi3>\d{2}))?"
RELATIVE_RE = re.compile(
    r"(?<!\w)(?P<since>с[ \t]+|со[ \t]+)?(?P<word>бугин|бугун|сегодн|кеше|вчерашн|вчера|алдынгуни"
    r"|алдынгы[ \t]+куни|позавчера|послезавтра|завтрашн|завтра|ертен|бурсигуни"
    r"|жана[ \t]+гана|только[ \t]+что)(?P<tail>\w{0,6})(?!\w)"
)
# A part of the day right after a day word: "кеше кешке", "вчера вечером", "бүгін таңғы 5-тен".
PART_AFTER_RE = re.compile(
    rf"[ \t,]*(?:(?:около|в|с|примерно)[ \t]+)?(?:{_CLOCK}[ \t]*(?:-?\w{{0,4}})?[ \t]*)?{_PART}"
    rf"(?:[ \t]+(?:{_CLOCK2}[ \t]*-?\w{{0,4}}))?{_SINCE}?(?!\w)"
    rf"|[ \t,]*(?:около|в|с)[ \t]+{_CLOCK3}(?!\w)"
)
# A part of the day alone dates nothing ("кешке" is "in the evenings"); "since" does:
# "с утра", "с ночи", "с обеда", "таңертеңнен бері", "таңғы 6-дан бері".
_PART_ALONE_RE = re.compile(
    rf"(?<!\w)(?:(?P<since>(?:с|со|s)[ \t]+)(?P<part>утра|ночи|обеда|вечера)"
    rf"|(?:{_CLOCK}[ \t]*(?:-?\w{{0,4}})?[ \t]*)?"
    r"(?P<part2>танертен|таннан|танг[ыи]|тунг[ыи]|кештен|тустен)\w{0,4}"
    rf"(?:[ \t]+{_CLOCK2}[ \t]*-?(?:тан|ден|нан|тен|нен|дан))?(?P<after>{_SINCE}))(?!\w)"
)
_CLOCK_SINCE_RE = re.compile(
    r"(?<![\w.:])(?:с|s)[ \t]+(?:(?P<h>\d{1,2}):(?P<mi>\d{2})"
    r"|(?P<h3>\d{1,2})[ \t]*(?:час\w*|утра|вечера|ночи)(?:[ \t]+(?:утра|вечера|ночи))?)(?![\w.:])"
    r"(?![ \t]*(?:до|-|–)[ \t]*\d)"  # "с 7:30 до 8:30" is a timetable
    rf"|(?<![\w.:]){_CLOCK2}[ \t]*-?[ \t]*(?:тан|ден|нан|тен|нен|дан)[ \t]+бери(?!\w)"
)
_NUMBER = rf"(?P<n>\d{{1,3}}|{_alternatives(_NUMBERS)})"
_UNITS = (
    r"(?P<unit>кун\w{0,8}|дн(?:я|еи|и)|суток|сутки|апта\w{0,6}|недел[иьюе]\w{0,1}"
    r"|а[иы](?:дан|нан|\b)\w{0,3}|месяц\w{0,2}|месяс\w{0,2}|сагат\w{0,5}|час(?:а|ов)?|минут\w{0,2})"
)
DURATION_RE = re.compile(
    rf"(?<![\w.])(?P<before>через\s+|за\s+|каждые\s+)?(?P<already>уже\s+)?{_NUMBER}\s+{_UNITS}(?!\w)"
    r"(?P<after>\s+(?:кеиин|сон|катарынан|назад|бурын|болды|бери|бастап|бои\w*|как))?"
)
_BARE_DURATION_RE = re.compile(
    r"(?<!\w)(?:уже[ \t]+(?P<unit>неделю|месяц|месяс|сутки|год)|полчаса[ \t]+назад"
    r"|(?P<hour>час)[ \t]+назад)(?!\w)"
)
# A week or a month without a number, said of a problem: "не работают неделю", "месяц не
# вывозят", "апта бойы", "ай бойы". "раз в неделю", "на неделю" say how often or how long ahead.
_SPAN_OF_PROBLEM_RE = re.compile(
    r"(?<!\w)(?:не[ \t]+\w+(?:[ \t]+\w+)?[ \t]+(?P<ru>неделю|месяц)(?!\w)"
    r"|(?<!в )(?<!на )(?<!за )(?<!через )(?P<ru2>неделю|месяц)[ \t]+(?:нет|не|уже)(?!\w)"
    r"|(?<!\d )(?<!\d)(?P<kk>апта|аи)[ \t]+боиы(?!\w))"
)
# A season: "всё лето", "с зимы", "жаз бойы", "қыстан бері" -> the first day of the latest one.
_SEASONS = {"лет": 6, "зим": 12, "осен": 9, "весн": 3, "жаз": 6, "кыс": 12, "куз": 9, "коктем": 3}
_SEASON_RE = re.compile(
    r"(?<!\w)(?:(?:все|всю|с|со|целое|целую)[ \t]+(?P<ru>лет|зим|осен|весн)(?:о|а|у|ы|и|ь)?"
    r"|(?P<kk>жаз|кыс|куз|коктем)(?:ы|и)?(?:[ \t]+боиы|(?:дан|нан|тан|ден|нен|тен)[ \t]+бери))"
    r"(?!\w)"
)
ORDINAL_RE = re.compile(
    rf"(?<![\w.])(?:(?P<n>\d{{1,2}})\s*-\s*(?:ши|шы|инши|ынши|ии|ои|ыи|и|ю|я|е)"
    rf"|(?P<word>{_alternatives(_ORDINALS)}))\s+(?P<unit>кун\w{{0,6}}|день|сутки|недел[июе]"
    r"|апта\w{0,4}|месяц|аи\w{0,3})(?!\w)"
)
# "12.11" needs a two-digit month so that "1.5 литр" is not the first of May.
NUMERIC_DATE_RE = re.compile(
    r"(?<![\w.])(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4}|\d{2})"
    r"|(?P<d1>\d{1,2})\.(?P<m1>\d{2})"
    r"|(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))(?![\w]|[.,]\d)"
)
TEXT_DATE_RE = re.compile(
    rf"(?<![\w.])(?P<d>\d{{1,2}})(?:\s*-\s*\w{{1,4}})?(?:\s*[-–—]\s*\d{{1,2}}|\s+(?:по|на)\s+\d{{1,2}})?"
    rf"\s*(?P<month>{_alternatives(MONTHS)})\w{{0,8}}(?!\w)(?:\s+(?P<y>\d{{4}})(?!\d))?"
)
# A Kazakh month name in the genitive, "қаңтардың", "қазан айының" (only Kazakh names take it).
_GENITIVE_MONTH = rf"(?P<kk>{_alternatives(_KAZAKH_MONTHS)})(?:[ \t]+аиы|ы|и)?(?:н|д|т)(?:ын|ин)"
# "қаңтардың 25-інде", "ақпанның 10-ы күні", "қазан айының 15-інен бастап" (the 25th of ...).
GENITIVE_DATE_RE = re.compile(
    rf"(?<!\w){_GENITIVE_MONTH}[ \t]+(?P<d>\d{{1,2}})(?![\d.,:])"
    r"(?:[ \t]*-[ \t]*\w{1,6}|\w{0,6})"
)
# The beginning of a month: "қарашаның басында", "в начале ноября" -> its first day.
_MONTH_START_RE = re.compile(
    rf"(?<!\w)(?:{_GENITIVE_MONTH}[ \t]+басында"
    rf"|(?:в|с)[ \t]+начал[аеи][ \t]+(?P<ru>{_alternatives(MONTHS)})\w{{0,2}})(?!\w)"
)
_MONTH_ALONE_RE = re.compile(
    rf"(?<!\w)(?:(?P<prev>откен\s+жылдын\s+|прошлого\s+года\s+)?(?P<kk>{_alternatives(MONTHS)})"
    r"(?:(?:ы|и|сы|си)?(?:нан|нен|дан|ден|тан|тен)|\s+аиынан)\s+(?:бери|бастап)"
    rf"|(?:с|со|в|во|s|v)\s+(?P<ru>{_alternatives(MONTHS)})(?:а|я|е)?(?!\w))"
)
WEEKDAY_RE = re.compile(
    r"(?<!\w)(?<!бугин )(?<!сегодня )(?P<since>с\s+|со\s+)?"
    rf"(?P<day>{_alternatives(WEEKDAYS)})(?P<tail>\w{{0,6}})(?!\w)"
    r"(?P<after>\s+(?:бери|бастап))?"
)
LAST_PERIOD_RE = re.compile(
    r"(?<!\w)(?:откен\s+(?P<kk>апта|аи)\w{0,8}(?:\s+(?:бери|бастап))?"
    r"|(?:на|с|в)\s+прошл\w{2,3}\s+(?P<ru>недел|месяц)\w{0,2})(?!\w)"
)
# What makes a date a deadline or a holiday rather than when something happened. The key
# reads "й" as "и": "дейін" (until) is "деиин" there.
NOT_AN_EVENT_AFTER_RE = re.compile(
    r"\w*[ \t]*(?:[-–—][ \t]*)?"
    r"(?:!|[ \t,]*(?:мереке|кутты|праздник|поздравл|билим куни|деиин|шеиин))"
)
# A post that congratulates dates a holiday, not an incident: "Желтоқсанның 16-сы — ұлы күн",
# said after "Тәуелсіздік күні құтты болсын!".
GREETING_RE = re.compile(r"(?<!\w)(?:кутты\s+болсын|поздравля\w*|с\s+праздник\w*)(?!\w)")
NOT_AN_EVENT_BEFORE_RE = re.compile(r"(?:^|[^\w])(?:до|каждыи|каждую|каждое|по|ар|ар\s+бир)\s+$")


def part_of_day(match: re.Match[str]) -> str | None:
    """ "07:30" when a clock time is given, else "morning", "day", "evening" or "night"."""
    groups = match.groupdict()
    suffix = next((s for s in ("", "2", "3") if groups.get(f"h{s}") is not None), None)
    hour = groups.get(f"h{suffix}") if suffix is not None else None
    if hour is not None and int(hour) < 24:
        minutes = groups.get(f"mi{suffix}") or "00"
        value = int(hour)
        if (
            groups.get("part")
            and _PARTS.get(_part_key(groups["part"])) in ("evening",)
            and value < 12
        ):
            value += 12
        return f"{value:02d}:{minutes}"
    part = groups.get("part")
    return _PARTS.get(_part_key(part)) if part else None


def _part_key(word: str) -> str:
    return next(
        (key for key in sorted(_PARTS, key=len, reverse=True) if word.startswith(key)), word
    )


def shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # before year 1 or after year 9999
        return None


def months_back(day: date, months: int) -> date | None:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        found = valid(year, month + 1, min(day.day, candidate))
        if found is not None:
            return found
    return None


def valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def make_date(day: int, month: int, year: str | None, today: date | None) -> date | None:
    """A valid date; a missing year is the one nearest to `today`."""
    if year is not None:
        return valid(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if today is None:
        return None
    options = [valid(today.year + step, month, day) for step in (-1, 0, 1)]
    dates = [d for d in options if d is not None]
    return min(dates, key=lambda d: abs(d - today)) if dates else None


def _relative(match: re.Match[str], now: datetime | None) -> Resolved | None:
    word = re.sub(r"\s+", " ", match["word"])
    tail = match["tail"]
    if now is None or (word == "кеше" and tail not in ("", "ги", "ден", "гиден")):
        return None  # "кешені" (its complex) is not a form of "кеше" (yesterday)
    if word == "кеше" and _STREET_THING_RE.match(match.string, match.end()):
        return None  # "кеше жарыгы": "көше жарығы" (street lighting) typed without "ө"
    if word in ("бугин", "бугун") and tail not in ("", "ги", "нен", "ден"):
        return None  # "бүгінге дейін" (to this day)
    if word in ("ертен", "бурсигуни") and tail not in ("", "ги", "нен", "ден"):
        return None  # "ертеңге дейін" (by tomorrow) is a deadline
    if word in ("завтра", "послезавтра", *_JUST_NOW) and tail:
        return None  # "завтрак" (breakfast)
    if word in _JUST_NOW:
        return now.date(), f"{now.hour:02d}:{now.minute:02d}", False
    if _DAYS_BACK[word] < 0 and _in_a_question(match):
        return None  # "Ертең концерт бола ма?" asks; "ертең су болмайды" announces
    found = shift(now.date(), -_DAYS_BACK[word])
    weak = _DAYS_BACK[word] == 0 and not match["since"]
    return (found, None, weak) if found else None


# What a street has, possessed ("жарығы", "шамдары"): after "кеше" it means "көше" (street)
# written without Kazakh letters, not "кеше" (yesterday), which is never followed by a possessed
# noun of its own ("кеше жарық болмады": yesterday there was no light).
_STREET_THING_RE = re.compile(r"[ \t]+(?:жарыг[ыи]|шам[ыи]|шамдар[ыи]|жарыктар[ыи]|жолы|аты)(?!\w)")


def _in_a_question(match: re.Match[str]) -> bool:
    end = re.search(r"[.!?\n]", match.string[match.end() :])
    return end is not None and end.group() == "?"


def _part_alone(match: re.Match[str], now: datetime | None) -> Resolved | None:
    if now is None:
        return None
    part = match["part"] or match["part2"]
    hour = match["h"] or match["h2"]
    label = _PARTS.get(_part_key(part))
    time_of_day = (
        f"{int(hour) + (12 if label == 'evening' and int(hour) < 12 else 0):02d}:00"
        if hour
        else label
    )
    return now.date(), time_of_day, False


def _clock_since(match: re.Match[str], now: datetime | None) -> Resolved | None:
    hour = match["h"] or match["h2"] or match["h3"]
    if now is None or int(hour) > 23:
        return None
    minutes = match["mi"] or match["mi2"] or "00"
    evening = re.search(r"вечера", match.group())
    return (
        now.date(),
        f"{int(hour) + (12 if evening and int(hour) < 12 else 0):02d}:{minutes}",
        False,
    )


_LOCATIVE = ("да", "де", "та", "те")


def _duration(match: re.Match[str], now: datetime | None) -> Resolved | None:
    if now is None:
        return None
    unit, after = match["unit"], (match["after"] or "").strip()
    before = (match["before"] or "").strip()
    stem = re.match(r"кун|апта|а[иы]|сагат|минут", unit)
    ending = unit[stem.end() :] if stem else ""
    if after == "катарынан" or before in ("за", "каждые") or ending.endswith(_LOCATIVE):
        return None  # "3 күн қатарынан" (three days running), "бір аптада" (within a week)
    cued = match["already"] or after or re.search(r"(?:дан|нан|тан)$", unit)
    if unit.startswith(("сагат", "час", "минут", "аи", "аы", "месяц", "месяс")) and not cued:
        return None  # "кезегі 2 ай" (a two-month queue) says how long, not since when
    if unit.startswith("минут") and after != "назад":
        return None  # "жду уже 40 минут": a wait, not when a problem began
    count = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"]]
    ahead = before == "через" or after in ("кеиин", "сон")
    return _back(now, unit, -count if ahead else count)


def _back(now: datetime, unit: str, count: int) -> Resolved | None:
    """`count` units before `now` (after it when negative)."""
    if unit.startswith(("сагат", "час")):
        moment = now - timedelta(hours=count)
        return moment.date(), f"{moment.hour:02d}:{moment.minute:02d}", False
    if unit.startswith("минут"):
        moment = now - timedelta(minutes=count)
        return moment.date(), f"{moment.hour:02d}:{moment.minute:02d}", False
    if unit.startswith(("аи", "аы", "месяц", "месяс")):
        found = months_back(now.date(), count) if abs(count) <= 24 else None
    else:
        days = count * 7 if unit.startswith(("апта", "недел")) else count
        found = shift(now.date(), -days) if abs(days) <= 366 else None
    return (found, None, False) if found else None


def _bare_duration(match: re.Match[str], now: datetime | None) -> Resolved | None:
    if now is None:
        return None
    if match["unit"] is None:
        minutes = 60 if match["hour"] else 30
        moment = now - timedelta(minutes=minutes)
        return moment.date(), f"{moment.hour:02d}:{moment.minute:02d}", False
    unit = {"неделю": "апта", "месяц": "месяц", "месяс": "месяц", "сутки": "кун", "год": "кун"}[
        match["unit"]
    ]
    return _back(now, unit, 365 if match["unit"] == "год" else 1)


def _span_of_problem(match: re.Match[str], now: datetime | None) -> Resolved | None:
    if now is None:
        return None
    unit = match["ru"] or match["ru2"] or match["kk"]
    return _back(now, "апта" if unit in ("неделю", "апта") else "месяц", 1)


def _season(match: re.Match[str], now: datetime | None) -> Resolved | None:
    """The first day of the latest such season begun by the post: "всё лето" in August is
    1 June; "с зимы" in February is 1 December of the year before."""
    if now is None:
        return None
    month = _SEASONS[match["ru"] or match["kk"]]
    year = now.year if month <= now.month else now.year - 1
    return date(year, month, 1), None, False


def _ordinal(match: re.Match[str], now: datetime | None) -> Resolved | None:
    number = int(match["n"]) if match["n"] else _ORDINALS[match["word"]]
    if now is None or not 1 <= number <= 366:
        return None
    return _back(now, match["unit"], number - 1)


def _numeric_date(match: re.Match[str], now: datetime | None) -> Resolved | None:
    day = match["d"] or match["d1"] or match["d2"] or match["d3"]
    month = match["m"] or match["m1"] or match["m2"] or match["m3"]
    year = match["y"] or match["y2"] or match["y3"]
    found = make_date(int(day), int(month), year, now.date() if now else None)
    return (found, None, False) if found else None


def _text_date(match: re.Match[str], now: datetime | None) -> Resolved | None:
    found = make_date(
        int(match["d"]), MONTHS[match["month"]], match["y"], now.date() if now else None
    )
    return (found, None, False) if found else None


def _genitive_date(match: re.Match[str], now: datetime | None) -> Resolved | None:
    found = make_date(
        int(match["d"]), _KAZAKH_MONTHS[match["kk"]], None, now.date() if now else None
    )
    return (found, None, False) if found else None


def _month_alone(match: re.Match[str], now: datetime | None) -> Resolved | None:
    """The first day of the latest such month not after the post: "с марта", "маусымнан бері",
    "қарашаның басында" (early November)."""
    if now is None:
        return None
    month = MONTHS[match["kk"] or match["ru"]]
    year = now.year if month <= now.month else now.year - 1
    if match.groupdict().get("prev"):
        year = now.year - 1
    return date(year, month, 1), None, False


def _weekday(match: re.Match[str], now: datetime | None) -> Resolved | None:
    day, tail = match["day"], match["tail"]
    if now is None or (day in _KAZAKH_WEEKDAYS and tail not in KAZAKH_ENDINGS):
        return None  # "сенбілік" (a clean-up day) is not Saturday
    if day not in _KAZAKH_WEEKDAYS and tail not in _RUSSIAN_WEEKDAY_TAILS:
        return None
    back = (now.date().weekday() - WEEKDAYS[day]) % 7
    since = match["since"] or match["after"] or tail in ("ден", "нен", "тен")
    if since and back == 0:
        back = 7  # "с понедельника" said on a Monday: the Monday before
    found = shift(now.date(), -back)
    return (found, None, False) if found else None


_KAZAKH_WEEKDAYS = frozenset(list(WEEKDAYS)[:7])
_RUSSIAN_WEEKDAY_TAILS = frozenset({"", "а", "у", "ы", "е", "я", "ю"})


def _last_period(match: re.Match[str], now: datetime | None) -> Resolved | None:
    if now is None:
        return None
    unit = match["kk"] or match["ru"]
    return _back(now, "апта" if unit in ("апта", "недел") else "месяц", 1)


RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (RELATIVE_RE, _relative),
    (DURATION_RE, _duration),
    (_BARE_DURATION_RE, _bare_duration),
    (_SPAN_OF_PROBLEM_RE, _span_of_problem),
    (_SEASON_RE, _season),
    (ORDINAL_RE, _ordinal),
    (NUMERIC_DATE_RE, _numeric_date),
    (TEXT_DATE_RE, _text_date),
    (GENITIVE_DATE_RE, _genitive_date),
    (_MONTH_ALONE_RE, _month_alone),
    (_MONTH_START_RE, _month_alone),
    (WEEKDAY_RE, _weekday),
    (LAST_PERIOD_RE, _last_period),
    (_CLOCK_SINCE_RE, _clock_since),
    (_PART_ALONE_RE, _part_alone),
)
