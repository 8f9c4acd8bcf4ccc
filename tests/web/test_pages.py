from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.db.engine import session_scope
from halyq.db.models import Case, CaseEvent

SignIn = Callable[[str], TestClient]
MakeCase = Callable[..., int]
ROW = re.compile(r'<tr class="(?:overdue|due-soon)?">')


def rows(html: str) -> int:
    return len(ROW.findall(html))


def test_open_cases_page_lists_open_cases_with_counts(
    signed_in: SignIn, make_case: MakeCase
) -> None:
    open_id = make_case(category="water", posts=2)
    make_case(category="roads", department="roads_transport")
    make_case(status="resolved")
    page = signed_in("head").get("/")
    assert page.status_code == 200
    assert f'href="/cases/{open_id}"' in page.text
    assert rows(page.text) == 2
    assert "Сумен жабдықтау және кәріз" in page.text  # category name, from the profile
    assert "Тұрғын үй-коммуналдық шаруашылығы бөлімі" in page.text  # department
    assert "Абай даңғылы, 12" in page.text
    assert '<td data-label="Жазбалар" class="num">2</td>' in page.text
    assert 'href="/?department=housing_utilities">' in page.text


def test_filters_narrow_the_list(signed_in: SignIn, make_case: MakeCase) -> None:
    make_case(category="water", urgency="high")
    make_case(category="heating", urgency="medium")
    make_case(category="water", urgency="medium", status="in_progress")
    browser = signed_in("analyst")
    assert rows(browser.get("/?category=water").text) == 2
    assert rows(browser.get("/?category=water&urgency=medium").text) == 1
    assert rows(browser.get("/?status=in_progress").text) == 1
    assert rows(browser.get("/?department=&category=&status=&urgency=").text) == 3
    assert rows(browser.get("/?department=education").text) == 0


def test_overdue_cases_are_highlighted(signed_in: SignIn, make_case: MakeCase) -> None:
    make_case(due_in=timedelta(hours=-1))
    page = signed_in("head").get("/").text
    assert '<tr class="overdue">' in page
    assert "Мерзімі өтті" in page


def test_times_are_shown_in_kyzylorda_time(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    with session_scope(sessions) as session:
        case = session.get(Case, case_id)
        assert case is not None
        local = (case.due_at + timedelta(hours=5)).strftime("%d.%m.%Y %H:%M")
    assert local in signed_in("head").get("/").text


def test_the_list_is_paged_by_fifty(signed_in: SignIn, make_case: MakeCase) -> None:
    for _ in range(51):
        make_case()
    browser = signed_in("head")
    first = browser.get("/?category=water")
    assert rows(first.text) == 50
    assert '<span class="badge">51</span>' in first.text
    assert 'href="/?category=water&amp;page=2"' in first.text
    second = browser.get("/?category=water&page=2")
    assert rows(second.text) == 1
    assert "2 / 2" in second.text


def test_executor_sees_only_their_departments_cases(signed_in: SignIn, make_case: MakeCase) -> None:
    own = make_case(department="housing_utilities")
    other = make_case(department="roads_transport", category="roads")
    browser = signed_in("water_exec")
    page = browser.get("/").text
    assert f'href="/cases/{own}"' in page
    assert f'href="/cases/{other}"' not in page
    assert 'name="department"' not in page  # no department filter for an executor
    assert browser.get(f"/cases/{own}").status_code == 200
    assert browser.get(f"/cases/{other}").status_code == 404
    assert browser.get("/?department=roads_transport").status_code == 403


def test_case_page_shows_posts_analysis_and_history(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case(text="Абай даңғылы 12 суық су жоқ")
    page = signed_in("head").get(f"/cases/{case_id}")
    assert page.status_code == 200
    text = page.text
    assert "Абай даңғылы 12 суық су жоқ" in text
    assert "0.93" in text and "0.81" in text  # complaint score, category score
    assert "Жағымсыз" in text  # sentiment
    assert "Іс тарихы" in text and "Бағытталды" in text  # history: routed
    assert "test-1" in text


def test_posts_are_redacted_below_analyst(signed_in: SignIn, make_case: MakeCase) -> None:
    case_id = make_case(
        text="Менің нөмірім +7 701 123 45 67, Айгүл",
        redacted="Менің нөмірім [PHONE], [NAME]",
        author="Айгүл Сейітова",
    )
    for username in ("head", "water_exec"):
        page = signed_in(username).get(f"/cases/{case_id}").text
        assert "[PHONE]" in page
        assert "701 123" not in page and "Сейітова" not in page and "t.me" not in page
    for username in ("analyst", "admin"):
        page = signed_in(username).get(f"/cases/{case_id}").text
        assert "[PHONE]" in page and "+7 701 123 45 67" in page and "Айгүл Сейітова" in page


def test_script_in_a_post_is_shown_as_text(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    attack = "<script>alert(1)</script>"
    case_id = make_case(text=f"Су жоқ {attack}")
    with session_scope(sessions) as session:
        session.add(CaseEvent(case_id=case_id, actor="system", action="status", reason=attack))
    for username in ("head", "analyst"):
        page = signed_in(username).get(f"/cases/{case_id}").text
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>" not in signed_in("head").get("/").text


def test_a_javascript_link_from_a_post_is_not_a_link(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    case_id = make_case()
    with session_scope(sessions) as session:
        case = session.scalars(select(Case).where(Case.id == case_id)).one()
        case.posts[0].url = "javascript:alert(1)"
    assert "javascript:" not in signed_in("analyst").get(f"/cases/{case_id}").text


def test_missing_case_is_a_404_page(signed_in: SignIn) -> None:
    response = signed_in("head").get("/cases/999999")
    assert response.status_code == 404
    assert "Такой страницы нет" in response.text


def test_a_bad_page_number_is_an_error_page(signed_in: SignIn) -> None:
    response = signed_in("head").get("/?page=zero")
    assert response.status_code == 422
    assert "text/html" in response.headers["content-type"]


def test_the_list_flags_an_appeal_not_sent_on_to_its_body(
    signed_in: SignIn, make_case: MakeCase, sessions: sessionmaker[Session]
) -> None:
    late = make_case(category="public_order", department="police")
    on_time = make_case(category="public_order", department="police")
    with session_scope(sessions) as session:
        for case_id, hours in ((late, -1), (on_time, 5)):
            case = session.get(Case, case_id)
            assert case is not None
            case.track = "appeal"
            case.respond_by = case.opened_at + timedelta(hours=2 + hours)
    page = signed_in("analyst").get("/").text
    assert page.count("Құзырлы органға жіберілмеді") == 1
    row = page[page.index(f'href="/cases/{late}"') :]
    assert row.index("Құзырлы органға жіберілмеді") < row.index("</tr>")
