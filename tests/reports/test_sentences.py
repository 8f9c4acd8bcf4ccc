"""The report's sentences agree with their numbers and say "none" plainly, in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from halyq.reports import sentences
from halyq.reports.appeals import AppealFigures
from halyq.reports.civil_counts import EventFigures, MediaFigures, NgoFigures, ProjectFigures

END = date(2026, 6, 30)
FORMS = ("public_association", "public_foundation", "association", "private_institution", "other")


def plain(lines: list[str]) -> str:
    return " ".join(lines).replace("\u00a0", " ")


def ngos(**counts: int) -> NgoFigures:
    return NgoFigures(active=sum(counts.values()), by_form={f: counts.get(f, 0) for f in FORMS})


def events(group: int, ngo: int, *, participants: int = 0, unknown: int = 0) -> EventFigures:
    return EventFigures(
        count=group + ngo, by_organiser={"group": group, "ngo": ngo},
        by_venue_kind={"school": group + ngo}, by_topic={}, participants=participants,
        events_without_participants=unknown,
    )  # fmt: skip


def appeals(**figures: object) -> AppealFigures:
    values: dict[str, object] = {
        "received": 0, "by_channel": {}, "by_category": {}, "by_department": {}, "resolved": 0,
        "closed": 0, "redirected": 0, "rejected": 0, "overdue": 0, "overdue_open_at_end": 0,
        "overdue_resolved_late": 0, "median_first_response_hours": None,
        "median_resolution_hours": None, "working_day_hours": 9.0,
    }  # fmt: skip
    return AppealFigures.model_validate({**values, **figures})


@pytest.mark.parametrize(
    ("counts", "ru"),
    [
        ({"public_association": 1}, "зарегистрирована 1 неправительственная организация: "
                                    "1 общественное объединение."),
        ({"public_foundation": 2}, "зарегистрированы 2 неправительственные организации: "
                                   "2 общественных фонда."),
        ({"public_association": 21, "association": 1, "other": 3},
         "зарегистрировано 25 неправительственных организаций: 21 общественное объединение, "
         "1 ассоциация (союз) и 3 организации иной формы."),
    ],
)  # fmt: skip
def test_ngos_in_russian_agree_with_the_number(counts: dict[str, int], ru: str) -> None:
    assert plain(sentences.ngos(ngos(**counts), END, "ru")).endswith(ru)


def test_ngos_in_kazakh_keep_the_noun_singular() -> None:
    text = plain(sentences.ngos(ngos(public_association=2, private_institution=5), END, "kk"))
    assert text == (
        "2026 жылғы 30 маусымдағы жағдай бойынша қалада 7 үкіметтік емес ұйым тіркелген: "
        "2 қоғамдық бірлестік және 5 жеке мекеме."
    )


def test_nothing_to_report_is_said_plainly() -> None:
    no_projects = ProjectFigures(count=0, budget_tenge=0, items=[])
    no_media = MediaFigures(count=0, by_kind={}, by_partner={})
    kk = plain([*sentences.ngos(ngos(), END, "kk"), *sentences.projects(no_projects, "kk"),
                *sentences.events(events(0, 0), "kk"), *sentences.media(no_media, "kk"),
                *sentences.appeals(appeals(), "kk")])  # fmt: skip
    ru = plain([*sentences.ngos(ngos(), END, "ru"), *sentences.projects(no_projects, "ru"),
                *sentences.events(events(0, 0), "ru"), *sentences.media(no_media, "ru"),
                *sentences.appeals(appeals(), "ru")])  # fmt: skip
    assert "қалада тіркелген үкіметтік емес ұйым жоқ" in kk
    assert "ақпараттық-түсіндіру кездесулері өткізілмеді" in kk
    assert "тұрғындардан өтініш түскен жоқ" in kk and "Қарау мерзімі бұзылған өтініш жоқ" in kk
    assert "неправительственные организации в городе не зарегистрированы" in ru
    assert "проекты в рамках государственного социального заказа не реализовывались" in ru
    assert "медиапродукты не подготавливались" in ru and "Нарушений сроков нет" in ru
    assert not re.search(r"\b0\b", kk + ru)  # no "0 встреч": absent figures are said in words


def test_events_by_one_organiser_and_unknown_participants() -> None:
    ru = plain(sentences.events(events(0, 2, participants=21, unknown=1), "ru"))
    assert "проведены 2 информационно-разъяснительные встречи" in ru
    assert "Из них 2 встречи провели неправительственные организации в рамках проектов." in ru
    assert "участников встреч – 21 человек (по 1 встрече число участников не указано)" in ru
    one = plain(sentences.events(events(1, 0, participants=40), "ru"))
    assert "проведена 1 информационно-разъяснительная встреча. Из них 1 встречу провела" in one
    kk = plain(sentences.events(events(37, 0, participants=1480, unknown=3), "kk"))
    assert "Оның ішінде қалалық ақпараттық-түсіндіру тобы 37 кездесу өткізді." in kk
    assert "барлығы 1 480 адам қатысты (3 кездесу бойынша қатысушылар саны көрсетілмеген)" in kk


def test_appeal_times_in_hours_or_days() -> None:
    figures = appeals(received=2, by_channel={"webform": 1, "telegram": 1}, resolved=1,
                      overdue=1, overdue_open_at_end=1, median_first_response_hours=1.5,
                      median_resolution_hours=31.5)  # fmt: skip
    ru = plain(sentences.appeals(figures, "ru"))
    assert "поступило 2 обращения. По каналам поступления: форма обращения на сайте – 1, " \
           "Telegram – 1." in ru  # fmt: skip
    assert "Срок рассмотрения нарушен по 1 обращению" in ru
    assert (
        "до первого ответа – 1,5 рабочего часа; медиана времени до решения – 3,5 рабочего дня" in ru
    )
    kk = plain(sentences.appeals(figures, "kk"))
    assert "1 өтініш бойынша қарау мерзімі бұзылды" in kk
    assert "1,5 жұмыс сағаты" in kk and "3,5 жұмыс күні" in kk
