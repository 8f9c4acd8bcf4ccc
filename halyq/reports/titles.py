"""How a report names its period and itself, in Kazakh and Russian.

"2026 жылдың бірінші жартыжылдығында атқарылған жұмыс туралы есеп" /
"Отчёт о проделанной работе за первое полугодие 2026 года".
"""

from __future__ import annotations

from babel import Locale

from halyq.reports.formatting import KK_MONTHS, NO_BREAK, Lang, format_day, format_long_date
from halyq.reports.periods import Period

KK_ORDINALS = ("бірінші", "екінші", "үшінші", "төртінші")
RU_ORDINALS_NEUTER = ("первое", "второе")
RU_ORDINALS_MASCULINE = ("первый", "второй", "третий", "четвёртый")
_RU_MONTHS = Locale.parse("ru_RU").months["stand-alone"]["wide"]


def period_name(period: Period, lang: Lang) -> str:
    """The period in the nominative: "2026 жылдың бірінші жартыжылдығы" /
    "первое полугодие 2026 года"."""
    year, number = f"{period.start.year}{NO_BREAK}", period.number
    if period.kind == "half":
        if lang == "kk":
            return f"{year}жылдың {KK_ORDINALS[number - 1]} жартыжылдығы"
        return f"{RU_ORDINALS_NEUTER[number - 1]} полугодие {year}года"
    if period.kind == "quarter":
        if lang == "kk":
            return f"{year}жылдың {KK_ORDINALS[number - 1]} тоқсаны"
        return f"{RU_ORDINALS_MASCULINE[number - 1]} квартал {year}года"
    if period.kind == "month":
        if lang == "kk":
            return f"{year}жылғы {KK_MONTHS[number - 1][0]}"
        return f"{_RU_MONTHS[number]} {year}года"
    if period.kind == "year":
        return f"{year}жыл" if lang == "kk" else f"{year}год"
    return _span(period, lang)


def report_title(period: Period, lang: Lang) -> str:
    """The document's title."""
    if lang == "kk":
        return f"{_kk_within(period)} атқарылған жұмыс туралы есеп"
    within = period_name(period, lang)
    if period.kind == "range":
        within = f"период с {format_day(period.start)} по {format_day(period.end)}"
    return f"Отчёт о проделанной работе за {within}"


def period_line(period: Period, lang: Lang) -> str:
    """ "Есептік кезең: 01.01.2026 – 30.06.2026" / "Отчётный период: 01.01.2026 – 30.06.2026"."""
    words = "Есептік кезең" if lang == "kk" else "Отчётный период"
    return f"{words}: {format_day(period.start)} – {format_day(period.end)}"


def _kk_within(period: Period) -> str:
    """The Kazakh locative: "… жартыжылдығында", "… тоқсанында", "2026 жылы", "… қарашада"."""
    year = period.start.year
    if period.kind == "half":
        return f"{year}{NO_BREAK}жылдың {KK_ORDINALS[period.number - 1]} жартыжылдығында"
    if period.kind == "quarter":
        return f"{year}{NO_BREAK}жылдың {KK_ORDINALS[period.number - 1]} тоқсанында"
    if period.kind == "year":
        return f"{year}{NO_BREAK}жылы"
    if period.kind == "month":
        return f"{year}{NO_BREAK}жылғы {KK_MONTHS[period.number - 1][2]}"
    return f"{_span(period, 'kk')} аралығында"


def _span(period: Period, lang: Lang) -> str:
    return f"{format_long_date(period.start, lang)} – {format_long_date(period.end, lang)}"
