"""Jinja2 for the pages: autoescape always on, bilingual labels, local Kyzylorda time.

Labels are Kazakh first, Russian second; codes the city profile does not know are shown as is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from halyq.city.profile import CityProfile
from halyq.web.csrf import csrf_token
from halyq.web.ui.highlight import highlight

TEMPLATES_DIR = Path(__file__).parent / "templates"

STATUS_LABELS = {
    "new": ("Жаңа", "Новое"),
    "assigned": ("Тағайындалды", "Назначено"),
    "in_progress": ("Орындалуда", "В работе"),
    "reopened": ("Қайта ашылды", "Переоткрыто"),
    "redirected": ("Қайта бағытталды", "Перенаправлено"),
    "resolved": ("Шешілді", "Решено"),
    "closed": ("Жабылды", "Закрыто"),
    "rejected": ("Қабылданбады", "Отклонено"),
    "duplicate": ("Қайталама", "Дубликат"),
    "forwarded": ("Құзырлы органға жіберілді", "Передано в уполномоченный орган"),
}
URGENCY_LABELS = {
    "high": ("Шұғыл", "Срочно"),
    "medium": ("Орташа", "Средняя"),
    "low": ("Төмен", "Низкая"),
}
TRACK_LABELS = {
    "signal": ("Сигнал (әлеуметтік желі)", "Сигнал (соцсеть)"),
    "appeal": ("Өтініш (ӘРПК)", "Обращение (АППК)"),
}
ACTION_LABELS = {
    "opened": ("Ашылды", "Открыто"),
    "routed": ("Бағытталды", "Направлено"),
    "status": ("Мәртебе өзгерді", "Смена статуса"),
    "post_linked": ("Жазба қосылды", "Пост привязан"),
    "rerouted": ("Қайта бағытталды", "Перенаправлено в другой отдел"),
    "merged": ("Іс біріктірілді", "Присоединено обращение"),
    "merged_into": ("Басқа іске біріктірілді", "Объединено с другим"),
    "split": ("Жазбалар бөлінді", "Посты выделены"),
    "split_from": ("Бөлініп ашылды", "Выделено из обращения"),
    "track": ("Түрі өзгерді", "Смена типа"),
    "escalated": ("Басшыға жіберілді", "Эскалировано руководителю"),
    "post_corrected": ("Талдау түзетілді", "Разбор поста исправлен"),
    "answered": ("Жауап жазылды", "Ответ записан"),
    "replied": ("Жауап жарияланды", "Ответ опубликован"),
    "extended": ("Мерзім ұзартылды", "Срок продлён"),
    "extension_notice": ("Өтініш берушіге хабарланды", "Заявитель уведомлён"),
    "urgency_raised": ("Шұғылдығы артты", "Срочность повышена"),
    "deadlines": ("Мерзімдер өзгерді", "Сроки изменены"),
}
SENTIMENT_LABELS = {
    "negative": ("Жағымсыз", "Негативная"),
    "neutral": ("Бейтарап", "Нейтральная"),
    "positive": ("Жағымды", "Позитивная"),
}
PLACE_KIND_LABELS = {
    "city": ("қала", "город"),
    "settlement": ("кент", "посёлок"),
    "microdistrict": ("шағын аудан", "микрорайон"),
    "dacha": ("саяжай", "дачи"),
    "street": ("көше", "улица"),
    "avenue": ("даңғыл", "проспект"),
    "landmark": ("бағдар", "ориентир"),
    "facility": ("нысан", "объект"),
}
PART_OF_DAY_LABELS = {
    "night": ("түнде", "ночью"),
    "morning": ("таңертең", "утром"),
    "day": ("күндіз", "днём"),
    "evening": ("кешке", "вечером"),
}
# How close a case's map point is (halyq.city.geocode.PRECISIONS).
PRECISION_LABELS = {
    "address": ("Мекенжай бойынша", "По адресу"),
    "street": ("Көше бойынша", "По улице"),
    "area": ("Шағын аудан бойынша", "По микрорайону"),
    "settlement": ("Елді мекен бойынша", "По населённому пункту"),
    "city": ("Тек қала деңгейінде", "Только до уровня города"),
}
# An APC rule a case is late on (halyq.cases.extension.late_flags).
LATE_LABELS = {
    "notice": ("Ұзарту туралы хабарланбады", "Заявитель не уведомлён о продлении"),
    "redirect": ("Құзырлы органға жіберілмеді", "Не перенаправлено по компетенции"),
}
ROLE_LABELS = {
    "admin": ("Әкімші", "Администратор"),
    "analyst": ("Талдаушы", "Аналитик"),
    "executor": ("Орындаушы", "Исполнитель"),
    "head": ("Басшы", "Руководитель"),
}


def make_templates(profile: CityProfile) -> Jinja2Templates:
    """Templates for one city: its category and department names, its time zone."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every page shows residents' text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    zone = ZoneInfo(profile.timezone)
    env.filters["local"] = lambda moment: local_time(moment, zone)
    env.filters["score"] = lambda value: f"{float(value):.2f}"
    env.filters["http_url"] = http_url
    env.globals["highlight"] = highlight
    env.globals.update(
        category_label=lambda code: _profile_label(profile.categories, code),
        department_label=lambda code: _profile_label(profile.departments, code),
        status_label=lambda code: STATUS_LABELS.get(code, (code, "")),
        urgency_label=lambda code: URGENCY_LABELS.get(code, (code, "")),
        track_label=lambda code: TRACK_LABELS.get(code, (code, "")),
        action_label=lambda code: ACTION_LABELS.get(code, (code, "")),
        sentiment_label=lambda code: SENTIMENT_LABELS.get(code, (code, "")),
        role_label=lambda code: ROLE_LABELS.get(code, (code, "")),
        place_kind_label=lambda code: PLACE_KIND_LABELS.get(code, (code, "")),
        precision_label=lambda code: PRECISION_LABELS.get(code, (code or "—", "")),
        started_label=lambda case: started_label(case.started_at, case.started_precision, zone),
        late_label=lambda code: LATE_LABELS.get(code, (code, "")),
        part_of_day_label=lambda code: PART_OF_DAY_LABELS.get(code, (code, code)),
        event_value=lambda action, value: event_value(profile, action, value),
        city_name=(profile.name_kk, profile.name_ru),
        category_codes=list(profile.categories),
    )
    return Jinja2Templates(env=env, context_processors=[_csrf_context])


def render(
    request: Request, name: str, context: dict[str, Any], *, status_code: int = 200
) -> HTMLResponse:
    """Render a page with the app's templates (the request carries the app)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """'25.03.2025 14:05' in the city's zone; empty for None."""
    return moment.astimezone(zone).strftime("%d.%m.%Y %H:%M") if moment else ""


def started_label(moment: datetime, precision: str, zone: ZoneInfo) -> tuple[str, str]:
    """When a case's problem began, saying no more than its posts did; (kk, ru), ru empty
    when the words are the same."""
    local = moment.astimezone(zone)
    day = local.strftime("%d.%m.%Y")
    if precision == "time":
        return local_time(moment, zone), ""
    if precision == "part":
        part = "night" if local.hour < 6 else "morning" if local.hour < 12 else "day"
        part = "evening" if local.hour >= 18 else part
        kk, ru = PART_OF_DAY_LABELS[part]
        return f"{day}, {kk}", f"{day}, {ru}"
    if precision == "date":
        return day, ""
    first = local_time(moment, zone)
    return f"жазбаларда айтылмаған; алғашқы жазба {first}", f"в постах не указано; первый {first}"


def event_value(profile: CityProfile, action: str, value: str | None) -> str:
    """An audit value in words: a department's or a status's name instead of its code."""
    if value is None:
        return "—"
    if action in ("routed", "rerouted"):
        return _profile_label(profile.departments, value)[0]
    if action in ("opened", "status"):
        return STATUS_LABELS.get(value, (value, ""))[0]
    if action == "urgency_raised":
        return URGENCY_LABELS.get(value, (value, ""))[0]
    return value


def http_url(url: str | None) -> str | None:
    """The link only if it is http(s): a `javascript:` URL from a post must never be a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def _profile_label(names: Any, code: str | None) -> tuple[str, str]:
    item = names.get(code) if code else None
    return (item.name_kk, item.name_ru) if item else (code or "—", "")


def _csrf_context(request: Request) -> dict[str, Any]:
    return {"csrf_token": csrf_token(request.session)}
