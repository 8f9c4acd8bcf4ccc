"""The columns of the four registry lists, one definition for the workbook, forms and exports.

Each sheet of the import workbook, each web form and each export uses these names. The columns
issue 7 lists come first; the rest are optional extras. Labels are (Kazakh, Russian).
"""

from __future__ import annotations

from dataclasses import dataclass

from halyq.db.civil import (
    LEGAL_FORMS,
    MEDIA_KINDS,
    NGO_STATUSES,
    ORGANISERS,
    PROJECT_STATUSES,
    VENUE_KINDS,
)

SHEETS = ("ngos", "projects", "events", "media")  # also the order of import: references first
INDICATORS = ("meetings", "participants", "publications", "videos", "consultations")

CHOICE_LABELS: dict[str, tuple[str, str]] = {
    "public_association": ("Қоғамдық бірлестік", "Общественное объединение"),
    "public_foundation": ("Қоғамдық қор", "Общественный фонд"),
    "association": ("Қауымдастық (одақ)", "Ассоциация (союз)"),
    "private_institution": ("Жеке мекеме", "Частное учреждение"),
    "other": ("Басқа", "Другое"),
    "active": ("Жұмыс істейді", "Действует"),
    "liquidated": ("Таратылған", "Ликвидировано"),
    "planned": ("Жоспарланған", "Запланирован"),
    "completed": ("Аяқталған", "Завершён"),
    "cancelled": ("Тоқтатылған", "Отменён"),
    "group": ("Ақпараттық-түсіндіру тобы", "Информационно-разъяснительная группа"),
    "ngo": ("ҮЕҰ (жоба аясында)", "НПО (в рамках проекта)"),
    "state_institution": ("Мемлекеттік мекеме", "Государственное учреждение"),
    "school": ("Мектеп", "Школа"),
    "sports": ("Спорт нысаны", "Спортивный объект"),
    "settlement": ("Елді мекен", "Населённый пункт"),
    "video": ("Бейнеролик", "Видеоролик"),
    "article": ("Мақала", "Статья"),
    "post": ("Әлеуметтік желідегі жазба", "Пост в соцсетях"),
}
# A project's status "active" reads differently from an NGO's.
PROJECT_STATUS_LABELS = {**CHOICE_LABELS, "active": ("Жүзеге асырылуда", "Реализуется")}
INDICATOR_LABELS = {
    "meetings": ("Кездесулер", "Встречи"),
    "participants": ("Қатысушылар", "Участники"),
    "publications": ("Жарияланымдар", "Публикации"),
    "videos": ("Бейнероликтер", "Видеоролики"),
    "consultations": ("Кеңестер", "Консультации"),
}
SHEET_LABELS = {
    "ngos": ("ҮЕҰ", "НПО"),
    "projects": ("Әлеуметтік тапсырыс жобалары", "Проекты госсоцзаказа"),
    "events": ("Түсіндіру іс-шаралары", "Разъяснительные мероприятия"),
    "media": ("Медиаөнімдер", "Медиапродукты"),
}


@dataclass(frozen=True)
class Column:
    """One column: its name in the workbook, how its value is read, and what it means.

    `kind` is one of text, longtext, list, bin, date, datetime, year, count, tenge, choice.
    """

    name: str
    kind: str
    label: tuple[str, str]
    note: tuple[str, str] = ("", "")
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int = 500


NGO_COLUMNS = (
    Column(
        "bin",
        "bin",
        ("БСН", "БИН"),
        required=True,
        note=("12 цифр, бақылау цифры тексеріледі", "12 цифр, контрольный разряд проверяется"),
    ),
    Column("name_kk", "text", ("Атауы (қазақша)", "Название (на казахском)"), required=True),
    Column("name_ru", "text", ("Атауы (орысша)", "Название (на русском)"), required=True),
    Column(
        "legal_form",
        "choice",
        ("Ұйымдық-құқықтық нысаны", "Организационно-правовая форма"),
        required=True,
        choices=LEGAL_FORMS,
    ),
    Column(
        "registered_on",
        "date",
        ("Тіркелген күні", "Дата регистрации"),
        note=("2026-03-11, 11.03.2026 немесе Excel күні", "2026-03-11, 11.03.2026 или дата Excel"),
    ),
    Column(
        "status",
        "choice",
        ("Мәртебесі", "Статус"),
        choices=NGO_STATUSES,
        note=("бос болса: active", "если пусто: active"),
    ),
    Column(
        "liquidated_on",
        "date",
        ("Таратылған күні", "Дата ликвидации"),
        note=("тек таратылған ұйымға", "только для ликвидированных"),
    ),
    Column("address", "text", ("Мекенжайы", "Адрес")),
    Column("leader", "text", ("Басшысы", "Руководитель"), max_length=255),
    Column("contacts", "longtext", ("Байланыс", "Контакты"), max_length=2000),
    Column(
        "activities",
        "list",
        ("Қызмет бағыттары", "Направления деятельности"),
        note=("нүктелі үтірмен бөлінеді", "через точку с запятой"),
    ),
)
PROJECT_COLUMNS = (
    Column(
        "code",
        "text",
        ("Коды", "Код"),
        required=True,
        max_length=64,
        note=("жобаның бірегей коды", "уникальный код проекта"),
    ),
    Column("title", "text", ("Атауы", "Название"), required=True, max_length=1000),
    Column("topic", "text", ("Тақырыбы", "Тема")),
    Column(
        "ngo_bin",
        "bin",
        ("Орындаушы ҮЕҰ-ның БСН-і", "БИН НПО-исполнителя"),
        note=("ngos парағында немесе базада болуы керек", "должен быть на листе ngos или в базе"),
    ),
    Column(
        "budget_tenge",
        "tenge",
        ("Бюджеті, теңге", "Бюджет, тенге"),
        required=True,
        note=("бүтін теңге: 22 227 000", "целые тенге: 22 227 000"),
    ),
    Column("year", "year", ("Жылы", "Год"), required=True),
    Column("starts_on", "date", ("Басталу күні", "Дата начала")),
    Column("ends_on", "date", ("Аяқталу күні", "Дата окончания")),
    Column(
        "status",
        "choice",
        ("Мәртебесі", "Статус"),
        choices=PROJECT_STATUSES,
        note=("бос болса: active", "если пусто: active"),
    ),
)
EVENT_COLUMNS = (
    Column("date", "date", ("Күні", "Дата"), required=True),
    Column("title", "text", ("Атауы", "Название"), required=True, max_length=1000),
    Column(
        "organiser", "choice", ("Ұйымдастырушы", "Организатор"), required=True, choices=ORGANISERS
    ),
    Column(
        "project_code",
        "text",
        ("Жоба коды", "Код проекта"),
        max_length=64,
        note=("ҮЕҰ кездесуі болса", "для встреч НПО"),
    ),
    Column("venue", "text", ("Өткен орны", "Место проведения")),
    Column(
        "venue_kind",
        "choice",
        ("Орын түрі", "Тип площадки"),
        choices=VENUE_KINDS,
        note=("бос болса: other", "если пусто: other"),
    ),
    Column("topic", "text", ("Тақырыбы", "Тема")),
    Column("participants", "count", ("Қатысушылар саны", "Число участников")),
    Column("speakers", "longtext", ("Спикерлер", "Спикеры"), max_length=2000),
)
MEDIA_COLUMNS = (
    Column("date", "date", ("Күні", "Дата"), required=True),
    Column("title", "text", ("Атауы", "Название"), required=True, max_length=1000),
    Column("kind", "choice", ("Түрі", "Вид"), required=True, choices=MEDIA_KINDS),
    Column("partner", "text", ("Серіктес", "Партнёр")),
    Column("project_code", "text", ("Жоба коды", "Код проекта"), max_length=64),
    Column("published_where", "text", ("Қайда жарияланды", "Где опубликовано"), max_length=1000),
    Column(
        "published_at",
        "datetime",
        ("Жарияланған уақыты", "Когда опубликовано"),
        note=("Қызылорда уақытымен", "по времени Кызылорды"),
    ),
    Column("reach", "count", ("Қамту (қаралым)", "Охват (просмотры)")),
)


def indicator_columns() -> tuple[Column, ...]:
    """planned_meetings, actual_meetings, ...: optional columns of the projects sheet."""
    columns = []
    for name in INDICATORS:
        kk, ru = INDICATOR_LABELS[name]
        columns.append(Column(f"planned_{name}", "count", (f"{kk} (жоспар)", f"{ru} (план)")))
        columns.append(Column(f"actual_{name}", "count", (f"{kk} (нақты)", f"{ru} (факт)")))
    return tuple(columns)


COLUMNS: dict[str, tuple[Column, ...]] = {
    "ngos": NGO_COLUMNS,
    "projects": PROJECT_COLUMNS + indicator_columns(),
    "events": EVENT_COLUMNS,
    "media": MEDIA_COLUMNS,
}


def choice_label(code: str | None, column: str = "") -> tuple[str, str]:
    """The (kk, ru) words for an allowed value; the code itself when it has none."""
    labels = PROJECT_STATUS_LABELS if column == "project_status" else CHOICE_LABELS
    return labels.get(code or "", (code or "—", ""))
