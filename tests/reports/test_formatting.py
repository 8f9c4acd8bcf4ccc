"""Numbers, money, dates and counted nouns as they are written in Kazakhstan."""

from __future__ import annotations

from datetime import date

import pytest

from halyq.reports.formatting import (
    NO_BREAK,
    RuNoun,
    as_of,
    count_kk,
    count_ru,
    format_day,
    format_duration,
    format_long_date,
    format_money,
    format_money_short,
    format_number,
)
from halyq.reports.periods import date_range, parse_period
from halyq.reports.titles import period_line, period_name, report_title

MEETING = RuNoun("встреча", "встречи", "встреч")


def plain(text: str) -> str:
    """The text with its no-break spaces shown as ordinary ones, for readable expectations."""
    return text.replace(NO_BREAK, " ").replace("\u202f", " ")


def test_thousands_are_split_by_a_no_break_space() -> None:
    assert format_money(22_227_000, "kk") == f"22{NO_BREAK}227{NO_BREAK}000{NO_BREAK}теңге"
    assert plain(format_money(22_227_000, "ru")) == "22 227 000 тенге"
    assert plain(format_number(1_000_000_000_001, "ru")) == "1 000 000 000 001"
    assert format_number(487, "kk") == "487"


def test_decimals_take_a_comma_and_one_digit() -> None:
    assert format_number(3.26, "ru") == "3,3"
    assert format_number(1.5, "kk") == "1,5"
    assert format_number(2.0, "ru") == "2"


def test_short_money_in_millions() -> None:
    assert plain(format_money_short(22_227_000, "kk")) == "22,2 млн теңге"
    assert plain(format_money_short(22_227_000, "ru")) == "22,2 млн тенге"
    assert plain(format_money_short(1_250_000_000, "ru")) == "1,2 млрд тенге"


def test_dates() -> None:
    day = date(2026, 6, 30)
    assert format_day(day) == "30.06.2026"
    assert plain(format_long_date(day, "kk")) == "2026 жылғы 30 маусым"
    assert plain(format_long_date(day, "ru")) == "30 июня 2026 г."
    assert plain(format_long_date(date(2026, 1, 1), "ru")) == "1 января 2026 г."


@pytest.mark.parametrize(
    ("day", "kk", "ru"),
    [
        (
            date(2026, 6, 30),
            "2026 жылғы 30 маусымдағы жағдай бойынша",
            "по состоянию на 30 июня 2026 г.",
        ),
        (
            date(2026, 4, 30),
            "2026 жылғы 30 сәуірдегі жағдай бойынша",
            "по состоянию на 30 апреля 2026 г.",
        ),
        (
            date(2026, 7, 31),
            "2026 жылғы 31 шілдедегі жағдай бойынша",
            "по состоянию на 31 июля 2026 г.",
        ),
        (
            date(2026, 9, 30),
            "2026 жылғы 30 қыркүйектегі жағдай бойынша",
            "по состоянию на 30 сентября 2026 г.",
        ),
        (
            date(2026, 12, 31),
            "2026 жылғы 31 желтоқсандағы жағдай бойынша",
            "по состоянию на 31 декабря 2026 г.",
        ),
    ],
)
def test_as_of_puts_the_month_in_the_right_case(day: date, kk: str, ru: str) -> None:
    assert plain(as_of(day, "kk")) == kk
    assert plain(as_of(day, "ru")) == ru


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (1, "1 встреча"), (2, "2 встречи"), (4, "4 встречи"), (5, "5 встреч"), (11, "11 встреч"),
        (12, "12 встреч"), (14, "14 встреч"), (21, "21 встреча"), (22, "22 встречи"),
        (25, "25 встреч"), (37, "37 встреч"), (101, "101 встреча"), (111, "111 встреч"),
        (0, "0 встреч"),
    ],
)  # fmt: skip
def test_russian_nouns_agree_with_the_number(number: int, words: str) -> None:
    assert plain(count_ru(number, MEETING)) == words


def test_a_fraction_takes_the_genitive_singular() -> None:
    hours = RuNoun("рабочий час", "рабочих часа", "рабочих часов", "рабочего часа")
    assert plain(count_ru(2.5, hours)) == "2,5 рабочего часа"
    assert plain(count_ru(21, hours)) == "21 рабочий час"


def test_kazakh_keeps_the_noun_singular() -> None:
    assert plain(count_kk(37, "кездесу")) == "37 кездесу"
    assert plain(count_kk(1, "кездесу")) == "1 кездесу"


def test_durations_switch_from_hours_to_working_days() -> None:
    assert plain(format_duration(3.5, 9, "kk")) == "3,5 жұмыс сағаты"
    assert plain(format_duration(3.5, 9, "ru")) == "3,5 рабочего часа"
    assert plain(format_duration(5, 9, "ru")) == "5 рабочих часов"
    assert plain(format_duration(18.9, 9, "ru")) == "2,1 рабочего дня"
    assert plain(format_duration(45, 9, "ru")) == "5 рабочих дней"
    assert plain(format_duration(45, 9, "kk")) == "5 жұмыс күні"


@pytest.mark.parametrize(
    ("period", "kk", "ru"),
    [
        ("2026-H1", "2026 жылдың бірінші жартыжылдығында атқарылған жұмыс туралы есеп",
         "Отчёт о проделанной работе за первое полугодие 2026 года"),
        ("2026-H2", "2026 жылдың екінші жартыжылдығында атқарылған жұмыс туралы есеп",
         "Отчёт о проделанной работе за второе полугодие 2026 года"),
        ("2026-Q3", "2026 жылдың үшінші тоқсанында атқарылған жұмыс туралы есеп",
         "Отчёт о проделанной работе за третий квартал 2026 года"),
        ("2026", "2026 жылы атқарылған жұмыс туралы есеп",
         "Отчёт о проделанной работе за 2026 год"),
        ("2026-11", "2026 жылғы қарашада атқарылған жұмыс туралы есеп",
         "Отчёт о проделанной работе за ноябрь 2026 года"),
    ],
)  # fmt: skip
def test_report_titles_name_the_period(period: str, kk: str, ru: str) -> None:
    assert plain(report_title(parse_period(period), "kk")) == kk
    assert plain(report_title(parse_period(period), "ru")) == ru


def test_titles_of_a_date_range() -> None:
    period = date_range("2026-01-15", "2026-03-15")
    assert plain(report_title(period, "ru")) == (
        "Отчёт о проделанной работе за период с 15.01.2026 по 15.03.2026"
    )
    assert plain(report_title(period, "kk")) == (
        "2026 жылғы 15 қаңтар – 2026 жылғы 15 наурыз аралығында атқарылған жұмыс туралы есеп"
    )
    assert plain(period_name(period, "ru")) == "15 января 2026 г. – 15 марта 2026 г."
    assert period_line(period, "kk") == "Есептік кезең: 15.01.2026 – 15.03.2026"
