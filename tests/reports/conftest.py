"""Realistic registry and case rows for report tests, added through the ORM models.

`add_h1_2026()` lays down the internal policy department's first half of 2026 as its head
reported it (487 NGOs = 301 + 186, 7 projects for 22 227 000 tenge, 37 group meetings, 15 NGO
meetings, 3 videos) with rows just outside the period that must not count.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import count
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.audit import record_event
from halyq.city.calendar import WorkingCalendar, load_calendar
from halyq.city.profile import CityProfile
from halyq.city.sync import sync_departments
from halyq.db.civil import MediaProduct, Ngo, OutreachEvent, Project, ProjectIndicator
from halyq.db.engine import make_engine, make_sessionmaker, session_scope
from halyq.db.migrate import upgrade
from halyq.db.models import Case, CaseEvent, CasePost, Post

# The web app's fixtures, for tests/reports/test_web.py: an app per database, a browser per role.
from tests.web.conftest import app, client, password_hashes, settings, signed_in  # noqa: F401

CITY = ZoneInfo("Asia/Qyzylorda")
_numbers = count(1)

NGO_NAMES = ("Жастар үні", "Ақ ниет", "Болашақ", "Сыр елі", "Мейірім", "Адал ұрпақ", "Жарқын")
H1_PROJECTS = (  # code, title, topic, budget in tenge
    ("SZ-2026-01", "Діни экстремизм мен терроризмнің алдын алу", "дін", 4_500_000),
    (
        "SZ-2026-02",
        "Сыбайлас жемқорлықтың алдын алу: құқықтық және психологиялық кеңес",
        "сыбайлас жемқорлыққа қарсы іс-қимыл",
        3_200_000,
    ),
    ("SZ-2026-03", "Отбасылық құндылықтарды насихаттау", "отбасы", 2_800_000),
    ("SZ-2026-04", "Өңірлік журналистер фестивалі", "бұқаралық ақпарат құралдары", 3_727_000),
    (
        "SZ-2026-05",
        "Мүмкіндігі шектеулі балаларға арналған қолөнер шеберханасы",
        "әлеуметтік",
        2_500_000,
    ),
    ("SZ-2026-06", "Жастардың құқықтық сауаттылығын арттыру", "жастар", 2_600_000),
    ("SZ-2026-07", "Мемлекеттік тілді дамыту", "тіл", 2_900_000),
)


@pytest.fixture
def calendar(profile: CityProfile) -> WorkingCalendar:
    return load_calendar(profile)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def h1_sessions(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    postgres_base_url: str | None,
    profile: CityProfile,
) -> Iterator[sessionmaker[Session]]:
    """One database per module and backend holding `add_h1_2026` and `add_h1_appeals`, for
    tests that only read it (loading 500 NGOs for each test would cost seconds)."""
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('h1')}/halyq.db"
    else:
        if not postgres_base_url:
            pytest.skip("no PostgreSQL (see tests/conftest.py)")
        schema = f"halyq_test_{uuid.uuid4().hex[:12]}"
        admin = make_engine(postgres_base_url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in postgres_base_url else "?"
        url = f"{postgres_base_url}{sep}options={quote(f'-csearch_path={schema}')}"
    upgrade(url)
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    with session_scope(sessions) as session:
        sync_departments(session, profile)
        add_h1_2026(session)
        add_h1_appeals(session)
    yield sessions
    engine.dispose()
    if schema and postgres_base_url:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Kyzylorda, stored as UTC like every timestamp."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CITY).astimezone(UTC)


def add_ngo(
    session: Session,
    *,
    legal_form: str = "public_association",
    registered_on: date | None = date(2015, 3, 12),
    status: str = "active",
    liquidated_on: date | None = None,
) -> Ngo:
    number = next(_numbers)
    name = NGO_NAMES[number % len(NGO_NAMES)]
    kk_form, ru_form = (
        ("қоғамдық қоры", "Общественный фонд")
        if legal_form == "public_foundation"
        else ("қоғамдық бірлестігі", "Общественное объединение")
    )
    ngo = Ngo(
        bin=f"{60440000000 + number:012d}",
        name_kk=f"«{name} {number}» {kk_form}",
        name_ru=f"{ru_form} «{name} {number}»",
        legal_form=legal_form,
        registered_on=registered_on,
        status=status,
        liquidated_on=liquidated_on,
        activities=["жастар саясаты"],
    )
    session.add(ngo)
    return ngo


def add_project(
    session: Session,
    *,
    code: str,
    budget: int,
    year: int = 2026,
    starts_on: date | None = date(2026, 2, 1),
    ends_on: date | None = date(2026, 11, 30),
    ngo: Ngo | None = None,
    title: str = "Жастардың құқықтық сауаттылығын арттыру",
    topic: str | None = "жастар",
    status: str = "active",
    indicators: dict[str, tuple[int | None, int | None]] | None = None,
) -> Project:
    project = Project(
        code=code, title=title, topic=topic, ngo=ngo, budget_tenge=budget, year=year,
        starts_on=starts_on, ends_on=ends_on, status=status,
    )  # fmt: skip
    for name, (planned, actual) in (indicators or {}).items():
        project.indicators.append(ProjectIndicator(name=name, planned=planned, actual=actual))
    session.add(project)
    session.flush()
    return project


def add_event(
    session: Session,
    *,
    on: date,
    organiser: str = "group",
    venue_kind: str = "school",
    topic: str | None = "Діни экстремизмнің алдын алу",
    participants: int | None = 40,
    project: Project | None = None,
) -> OutreachEvent:
    number = next(_numbers)
    event = OutreachEvent(
        date=on, title=f"Түсіндіру кездесуі №{number}", organiser=organiser, project=project,
        venue=f"№{number % 30 + 1} мектеп-лицей", venue_kind=venue_kind, topic=topic,
        participants=participants,
    )  # fmt: skip
    session.add(event)
    session.flush()
    return event


def add_media(
    session: Session, *, on: date, kind: str = "video", partner: str | None = "ҚазАқпарат"
) -> MediaProduct:
    number = next(_numbers)
    product = MediaProduct(date=on, title=f"Бейнеролик №{number}", kind=kind, partner=partner)
    session.add(product)
    session.flush()
    return product


def add_case(
    session: Session,
    *,
    opened_at: datetime,
    due_at: datetime | None = None,
    category: str = "water",
    department: str = "housing_utilities",
    source: str = "telegram:kyzylorda_chat",
) -> Case:
    """A case with its post and its first events, as the pipeline leaves a new complaint."""
    number = next(_numbers)
    post = Post(
        source=source, external_id=f"r{number}", author_hash=f"h{number}", text="Су жоқ",
        created_at=opened_at - timedelta(minutes=5), raw={}, analysed_at=opened_at,
    )  # fmt: skip
    session.add(post)
    session.flush()
    case = Case(
        category=category, department_code=department, status="new", track="signal",
        urgency="medium", summary="Су жоқ", opened_at=opened_at,
        respond_by=opened_at + timedelta(hours=4), due_at=due_at or opened_at + timedelta(days=3),
        updated_at=opened_at, first_post_at=post.created_at, last_post_at=post.created_at,
    )  # fmt: skip
    session.add(case)
    session.flush()
    session.add(CasePost(case_id=case.id, post_id=post.id, linked_at=opened_at))
    session.add(CaseEvent(case_id=case.id, at=opened_at, actor="system", action="opened",
                          to_value="new", reason=f"complaint in post {post.id}"))  # fmt: skip
    session.flush()
    return case


def move(session: Session, case: Case, to_status: str, at: datetime) -> None:
    """The case moves to `to_status` at `at`, logged as the workflow logs it (the report reads
    only the audit trail; the workflow's own rules are tested in tests/cases)."""
    reason = "тексеріліп жатыр" if to_status in ("redirected", "rejected", "reopened") else None
    before, case.status, case.updated_at = case.status, to_status, at
    record_event(session, case, at=at, action="status", before=before, after=to_status,
                 reason=reason, actor="analyst")  # fmt: skip
    session.flush()


def answer(session: Session, case: Case, at: datetime) -> None:
    """An executor saves the answer to the case's residents (an `answered` event)."""
    record_event(session, case, at=at, action="answered", after="kk", actor="water_exec")
    session.flush()


def add_h1_2026(session: Session) -> None:
    """The first half of 2026 as the department's head reported it, and rows around it."""
    ngos = [add_ngo(session, legal_form="public_association") for _ in range(300)]
    # Liquidated after the period's end: it still counts.
    add_ngo(session, legal_form="public_association", status="liquidated",
            liquidated_on=date(2026, 8, 14))  # fmt: skip
    for _ in range(186):
        add_ngo(session, legal_form="public_foundation", registered_on=date(2019, 5, 20))
    for gone in (date(2024, 2, 1), date(2026, 6, 30), date(2026, 3, 3)):
        add_ngo(session, legal_form="public_foundation", status="liquidated", liquidated_on=gone)
    add_ngo(session, registered_on=date(2026, 7, 1))  # registered the day after the end
    projects = [
        add_project(
            session,
            code=code,
            title=title,
            topic=topic,
            budget=budget,
            ngo=ngo,
            starts_on=date(2026, 3, 1),
            ends_on=date(2026, 11, 30),
            indicators={
                "meetings": (15, 15 if code == "SZ-2026-01" else 6),
                "participants": (600, 640),
            },
        )
        for (code, title, topic, budget), ngo in zip(H1_PROJECTS, ngos[:7], strict=True)
    ]
    add_project(session, code="SZ-2025-09", budget=5_000_000, year=2025,
                starts_on=date(2025, 3, 1), ends_on=date(2025, 12, 31), ngo=ngos[0])  # fmt: skip
    add_project(session, code="SZ-2026-11", budget=1_000_000, starts_on=date(2026, 7, 1),
                ends_on=date(2026, 12, 20), ngo=ngos[1])  # fmt: skip
    venues = ["state_institution"] * 14 + ["school"] * 15 + ["sports"] * 8
    for number, venue in enumerate(venues):
        add_event(session, on=date(2026, 1 + number % 6, 5 + number % 20), venue_kind=venue,
                  participants=None if number in (3, 9) else 35 + number)  # fmt: skip
    for number in range(15):
        add_event(session, on=date(2026, 3 + number % 4, 2 + number), organiser="ngo",
                  project=projects[0], topic="Терроризмнің алдын алу", participants=45)  # fmt: skip
    add_event(session, on=date(2025, 12, 31))
    add_event(session, on=date(2026, 7, 1))
    for day in (date(2026, 2, 10), date(2026, 4, 22), date(2026, 6, 30)):
        add_media(session, on=day)
    add_media(session, on=date(2026, 7, 2), kind="article", partner="Сыр бойы")


def add_h1_appeals(session: Session) -> None:
    """Forty complaints over the half year: most answered and resolved, some late, some open."""
    kinds = (  # category, department, source
        ("water", "housing_utilities", "telegram:kyzylorda_chat"),
        ("heating", "housing_utilities", "instagram:kyzylorda_akimat"),
        ("roads", "roads_transport", "telegram:kyzylorda_chat"),
        ("street_lighting", "housing_utilities", "webform"),
        ("waste", "housing_utilities", "2gis"),
        ("education", "education", "email"),
    )
    for number in range(40):
        category, department, source = kinds[number % len(kinds) if number % 5 else 0]
        opened = local(date(2026, 1 + number % 6, 3 + number % 24), 9 + number % 8)
        case = add_case(session, opened_at=opened, due_at=opened + timedelta(days=3),
                        category=category, department=department, source=source)  # fmt: skip
        if number % 7 == 6:
            continue  # still new: overdue at the period's end
        move(session, case, "in_progress", opened + timedelta(hours=1 + number % 5))
        if number % 9 == 8:
            move(session, case, "redirected", opened + timedelta(hours=30))
        elif number % 8 != 7:
            late = number % 6 == 0
            resolved = opened + timedelta(days=5 if late else 1, hours=2)
            answer(session, case, resolved - timedelta(minutes=30))
            move(session, case, "resolved", resolved)
