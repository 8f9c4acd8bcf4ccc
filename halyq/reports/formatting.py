"""Numbers, money, dates and counted nouns as people in Kazakhstan write them.

Numbers come from Babel's CLDR data for `kk_KZ` and `ru_RU` (offline): thousands split by a
no-break space, a decimal comma — "22 227 000 теңге", "22,2 млн тенге". Dates are "30.06.2026",
"2026 жылғы 30 маусым" and "30 июня 2026 г.".

Russian nouns agree with the number in three forms, plus the genitive singular after a
fraction ("1 встреча", "2 встречи", "5 встреч", "2,5 рабочего часа"); CLDR's plural rules (via
Babel) pick the form, and each phrase used in a report lists its forms (`RuNoun`). Kazakh puts
no plural after a number ("37 кездесу"), so a Kazakh phrase has one form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal

Lang = Literal["kk", "ru"]
LANGS: tuple[Lang, ...] = ("kk", "ru")
_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU"}
_RU = Locale.parse("ru_RU")
CURRENCY = {"kk": "теңге", "ru": "тенге"}
NO_BREAK = "\u00a0"

# Kazakh months: the name; the form before "жағдай бойынша" (as of 30 маусымдағы); "in" June.
KK_MONTHS = (
    ("қаңтар", "қаңтардағы", "қаңтарда"),
    ("ақпан", "ақпандағы", "ақпанда"),
    ("наурыз", "наурыздағы", "наурызда"),
    ("сәуір", "сәуірдегі", "сәуірде"),
    ("мамыр", "мамырдағы", "мамырда"),
    ("маусым", "маусымдағы", "маусымда"),
    ("шілде", "шілдедегі", "шілдеде"),
    ("тамыз", "тамыздағы", "тамызда"),
    ("қыркүйек", "қыркүйектегі", "қыркүйекте"),
    ("қазан", "қазандағы", "қазанда"),
    ("қараша", "қарашадағы", "қарашада"),
    ("желтоқсан", "желтоқсандағы", "желтоқсанда"),
)


@dataclass(frozen=True)
class RuNoun:
    """A Russian phrase in the forms a number asks for: 1 встреча, 2 встречи, 5 встреч, and
    after a fraction (2,5 встречи); `fraction` defaults to the `few` form."""

    one: str
    few: str
    many: str
    fraction: str = ""

    def form(self, number: float) -> str:
        category = ru_plural(number)
        if category == "other":
            return self.fraction or self.few
        return {"one": self.one, "few": self.few}.get(category, self.many)


def ru_plural(number: float) -> str:
    """CLDR's category for Russian: one (1, 21), few (2–4, 22), many (5, 11, 12), other (1,5)."""
    if isinstance(number, float) and not number.is_integer():
        return "other"
    return str(_RU.plural_form(abs(int(number))))


def counted(number: float, lang: Lang, kk: str, ru: RuNoun) -> str:
    """The number written out and the phrase in agreement: "37 кездесу" / "37 встреч"."""
    return count_kk(number, kk) if lang == "kk" else count_ru(number, ru)


def count_kk(number: float, word: str) -> str:
    """ "37 кездесу": Kazakh keeps the noun singular after a number."""
    return f"{format_number(number, 'kk')}{NO_BREAK}{word}"


def count_ru(number: float, noun: RuNoun) -> str:
    """ "1 встреча", "2 встречи", "37 встреч", "2,5 встречи"."""
    return f"{format_number(number, 'ru')}{NO_BREAK}{noun.form(number)}"


def format_number(number: float, lang: Lang) -> str:
    """22227000 → "22 227 000"; 3.25 → "3,3" (at most one decimal)."""
    return str(format_decimal(number, format="#,##0.#", locale=_LOCALES[lang]))


def format_money(tenge: int, lang: Lang) -> str:
    """Exact whole tenge: "22 227 000 теңге" / "22 227 000 тенге"."""
    return f"{format_number(tenge, lang)}{NO_BREAK}{CURRENCY[lang]}"


def format_money_short(tenge: int, lang: Lang) -> str:
    """Rounded for a sentence: "22,2 млн теңге" / "22,2 млн тенге"."""
    short = format_compact_decimal(tenge, locale=_LOCALES[lang], fraction_digits=1)
    return f"{short}{NO_BREAK}{CURRENCY[lang]}"


def format_day(day: date) -> str:
    """30.06.2026 (the same in both languages)."""
    return day.strftime("%d.%m.%Y")


def format_long_date(day: date, lang: Lang) -> str:
    """The date in words: "2026 жылғы 30 маусым" / "30 июня 2026 г."."""
    if lang == "kk":
        return f"{day.year}{NO_BREAK}жылғы {day.day}{NO_BREAK}{KK_MONTHS[day.month - 1][0]}"
    return str(format_date(day, "long", locale=_LOCALES[lang])).replace(" ", NO_BREAK)


def as_of(day: date, lang: Lang) -> str:
    """The words for "as of" a day.

    "2026 жылғы 30 маусымдағы жағдай бойынша" / "по состоянию на 30 июня 2026 г.".
    """
    if lang == "kk":
        month = KK_MONTHS[day.month - 1][1]
        return f"{day.year}{NO_BREAK}жылғы {day.day}{NO_BREAK}{month} жағдай бойынша"
    return f"по состоянию на {format_long_date(day, lang)}"


HOUR_RU = RuNoun("рабочий час", "рабочих часа", "рабочих часов", "рабочего часа")
DAY_RU = RuNoun("рабочий день", "рабочих дня", "рабочих дней", "рабочего дня")


def format_duration(hours: float, day_hours: float, lang: Lang) -> str:
    """Working time as a reader wants it: "3,5 жұмыс сағаты" under a working day, else days
    ("2,1 рабочего дня")."""
    if hours < day_hours:
        return counted(round(hours, 1), lang, "жұмыс сағаты", HOUR_RU)
    return counted(round(hours / day_hours, 1), lang, "жұмыс күні", DAY_RU)
