"""The words of a case notice, Kazakh first and Russian after it.

A notice carries the case number, its category, the street (never the house: a house and a
complaint can point to one family), the due time and a link to the case page; nothing a
resident wrote and nothing that names one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from halyq.city.profile import CityProfile
from halyq.db.models import Case

# kind → (Kazakh, Russian) headline; {n} is the case number.
HEADLINES = {
    "new": ("Жаңа іс №{n}", "Новое обращение №{n}"),
    "due_soon": ("Іс №{n}: шешу мерзімі жақын", "Обращение №{n}: срок решения скоро истекает"),
    "overdue": ("Іс №{n}: шешу мерзімі өтті", "Обращение №{n}: срок решения истёк"),
    "notice_overdue": (
        "Іс №{n}: мерзімнің ұзартылғаны туралы өтініш берушіге хабарланбады",
        "Обращение №{n}: заявитель не извещён о продлении срока",
    ),
    "redirect_overdue": (
        "Іс №{n}: өтініш үш жұмыс күні ішінде құзыретті органға жолданбады",
        "Обращение №{n}: не перенаправлено в уполномоченный орган за три рабочих дня",
    ),
}


@dataclass(frozen=True)
class Message:
    subject: str  # one line, both languages
    text: str  # the body, Kazakh paragraph then Russian


def case_payload(case: Case) -> dict[str, Any]:
    """What a notice about `case` may show, frozen when the notice is written."""
    return {
        "case_id": case.id,
        "category": case.category,
        "street": case.place_canonical,
        "department": case.department_code,
        "track": case.track,
        "due_at": case.due_at.isoformat(),
    }


def compose(
    kind: str, payload: dict[str, Any], *, public_url: str, profile: CityProfile
) -> Message:
    """The subject and text of one notice; names come from the city profile."""
    number = payload["case_id"]
    zone = ZoneInfo(profile.timezone)
    category = profile.categories.get(payload["category"])
    category_kk = category.name_kk if category else payload["category"]
    category_ru = category.name_ru if category else payload["category"]
    kk, ru = (line.format(n=number) for line in HEADLINES[kind])
    due = datetime.fromisoformat(payload["due_at"]).astimezone(zone).strftime("%d.%m.%Y %H:%M")
    street_kk = payload.get("street") or "көрсетілмеген"
    street_ru = payload.get("street") or "не указано"
    link = f"{public_url.rstrip('/')}/cases/{number}"
    text = "\n".join(
        [
            kk,
            f"Санаты: {category_kk}",
            f"Орны: {street_kk}",
            f"Шешу мерзімі: {due}",
            "",
            ru,
            f"Категория: {category_ru}",
            f"Место: {street_ru}",
            f"Срок решения: {due}",
            "",
            link,
        ]
    )
    return Message(subject=f"Halyq: {kk} / {ru}", text=text)
