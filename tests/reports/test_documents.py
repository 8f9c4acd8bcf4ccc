"""Every format of the H1 2026 report, read back: the figures are there, in both languages."""

from __future__ import annotations

import json
import re
from datetime import date
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.engine import session_scope
from halyq.reports.build import build_report
from halyq.reports.formatting import Lang
from halyq.reports.periods import parse_period
from tests.reports.conftest import local

MADE = local(date(2026, 7, 10), 11)
# What the department's head wrote, sentence by sentence, in each language.
FIGURES = {
    "kk": [
        "2026 жылғы 30 маусымдағы жағдай бойынша қалада 487 үкіметтік емес ұйым тіркелген: "
        "301 қоғамдық бірлестік және 186 қоғамдық қор.",
        "жалпы сомасы 22 227 000 теңге (22,2 млн теңге) болатын 7 әлеуметтік жобаны іске асырды.",
        "Есептік кезеңде 52 ақпараттық-түсіндіру кездесуі өткізілді. Оның ішінде қалалық "
        "ақпараттық-түсіндіру тобы 37 кездесу, үкіметтік емес ұйымдар жобалар аясында 15 кездесу "
        "өткізді.",
        "Есептік кезеңде 3 медиаөнім дайындалды: 3 бейнеролик.",
        "Есептік кезеңде тұрғындардан 40 өтініш түсті.",
    ],
    "ru": [
        "По состоянию на 30 июня 2026 г. в городе зарегистрировано 487 неправительственных "
        "организаций: 301 общественное объединение и 186 общественных фондов.",
        "неправительственные организации реализовали 7 социальных проектов на общую сумму "
        "22 227 000 тенге (22,2 млн тенге).",
        "За отчётный период проведены 52 информационно-разъяснительные встречи. Из них 37 встреч "
        "провела городская информационно-разъяснительная группа, 15 встреч – "
        "неправительственные организации в рамках проектов.",
        "За отчётный период подготовлено 3 медиапродукта: 3 видеоролика.",
        "За отчётный период от жителей поступило 40 обращений.",
    ],
}
TITLES = {
    "kk": "2026 жылдың бірінші жартыжылдығында атқарылған жұмыс туралы есеп",
    "ru": "Отчёт о проделанной работе за первое полугодие 2026 года",
}
SHEETS = {
    "kk": ["ҮЕҰ", "Әлеуметтік тапсырыс", "Түсіндіру жұмысы", "Медиаөнімдер", "Өтініштер"],
    "ru": ["НПО", "Социальный заказ", "Разъяснительная работа", "Медиапродукты", "Обращения"],
}


@pytest.fixture
def h1(h1_sessions: sessionmaker[Session]) -> sessionmaker[Session]:
    return h1_sessions


def build(h1: sessionmaker[Session], profile: CityProfile, calendar: WorkingCalendar,
          lang: Lang, fmt: str) -> bytes:  # fmt: skip
    with session_scope(h1) as session:
        return build_report(
            session, period=parse_period("2026-H1"), lang=lang, fmt=fmt,  # type: ignore[arg-type]
            profile=profile, calendar=calendar, now=MADE,
        )  # fmt: skip


def flat(text: str) -> str:
    """One line, ordinary spaces: line breaks and no-break spaces do not change the words."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_docx_states_the_figures(
    h1: sessionmaker[Session], profile: CityProfile, calendar: WorkingCalendar, lang: Lang
) -> None:
    document = Document(BytesIO(build(h1, profile, calendar, lang, "docx")))
    text = flat(" ".join(paragraph.text for paragraph in document.paragraphs))
    for sentence in [TITLES[lang], *FIGURES[lang]]:
        assert flat(sentence) in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 5  # no campaigns section: that part does not exist yet
    assert len(document.inline_shapes) == 3  # NGOs by form, venues, appeals by category
    cells = [
        [flat(cell.text) for cell in row.cells] for table in document.tables for row in table.rows
    ]
    assert ["", "Барлығы" if lang == "kk" else "Итого", "", "", "22 227 000"] in cells
    assert document.core_properties.language == ("kk-KZ" if lang == "kk" else "ru-RU")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_pdf_states_the_figures_in_an_embedded_font(
    h1: sessionmaker[Session], profile: CityProfile, calendar: WorkingCalendar, lang: Lang
) -> None:
    reader = PdfReader(BytesIO(build(h1, profile, calendar, lang, "pdf")))
    text = flat(" ".join(page.extract_text() for page in reader.pages))
    for sentence in [TITLES[lang], *FIGURES[lang]]:
        assert flat(sentence) in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu" in name for name in fonts)
    assert "Сыр бойы" not in text  # the July article is outside the period


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_xlsx_has_a_sheet_per_section_and_numbers_as_numbers(
    h1: sessionmaker[Session], profile: CityProfile, calendar: WorkingCalendar, lang: Lang
) -> None:
    book = load_workbook(BytesIO(build(h1, profile, calendar, lang, "xlsx")))
    assert book.sheetnames == SHEETS[lang]
    values = [
        cell
        for row in book[SHEETS[lang][1]].iter_rows()
        for cell in row
        if cell.value == 22_227_000
    ]
    assert len(values) == 1 and values[0].number_format == "#,##0"
    assert isinstance(values[0].value, int)
    ngo_numbers = [row[1] for row in book[SHEETS[lang][0]].iter_rows(values_only=True)]
    assert 301 in ngo_numbers and 186 in ngo_numbers
    events = [row for row in book[SHEETS[lang][2]].iter_rows(values_only=True) if 37 in row]
    assert events and isinstance(events[0][1], int)


def test_json_keeps_the_skeleton(
    h1: sessionmaker[Session], profile: CityProfile, calendar: WorkingCalendar
) -> None:
    data = json.loads(build(h1, profile, calendar, "kk", "json"))
    assert {"period", "ngos", "projects", "events", "media", "appeals", "campaigns"} <= set(data)
    assert data["period"] == {"label": "2026-H1", "from": "2026-01-01", "to": "2026-06-30"}
    assert data["campaigns"] is None
    assert data["ngos"]["active"] == 487
    assert data["ngos"]["by_form"]["public_association"] == 301
    assert data["ngos"]["by_form"]["public_foundation"] == 186
    assert (data["projects"]["count"], data["projects"]["budget_tenge"]) == (7, 22_227_000)
    assert len(data["projects"]["items"]) == 7
    item = data["projects"]["items"][0]
    assert {"code", "title", "topic", "ngo", "budget_tenge", "indicators"} <= set(item)
    assert item["indicators"][0] == {"name": "meetings", "planned": 15, "actual": 15}
    events = data["events"]
    assert (events["count"], events["by_organiser"]) == (52, {"group": 37, "ngo": 15})
    assert events["by_venue_kind"]["state_institution"] == 14
    assert events["events_without_participants"] == 2
    assert isinstance(events["participants"], int)
    assert data["media"]["count"] == 3 and data["media"]["by_kind"]["video"] == 3
    assert data["appeals"]["received"] == 40
    assert set(data["appeals"]) >= {"by_channel", "by_category", "by_department", "resolved",
                                   "overdue", "median_first_response_hours"}  # fmt: skip
