"""The registry's pages in-process on both databases: roles, forms, CSRF, files, exports."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.config import Settings
from halyq.db.civil import Ngo, Project, ProjectDocument
from halyq.db.engine import session_scope

Browser = Callable[[str], TestClient]
Token = Callable[[TestClient], str]
NGO_FORM = {
    "name_kk": "«Сенім» қоры",
    "name_ru": "Фонд «Сенім»",
    "legal_form": "public_foundation",
    "registered_on": "2015-04-01",
    "status": "",
    "liquidated_on": "",
    "address": "",
    "leader": "",
    "contacts": "",
    "activities": "жастар; отбасы",
}


def create_ngo(client: TestClient, token: str, bin_digits: str, **changes: str) -> str:
    form = {**NGO_FORM, "bin": bin_digits, "csrf_token": token, **changes}
    response = client.post("/civil/ngos/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def add_project(sessions: sessionmaker[Session]) -> int:
    with session_scope(sessions) as session:
        project = Project(code="P-1", title="Жоба", year=2026, budget_tenge=22_227_000)
        session.add(project)
        session.flush()
        return project.id


def test_executor_has_no_access(browser: Browser, sessions: sessionmaker[Session]) -> None:
    executor = browser("executor")
    project = add_project(sessions)
    for path in (
        "/civil",
        "/civil/ngos",
        "/civil/projects",
        "/civil/events/export?format=csv",
        f"/civil/projects/{project}",
        "/civil/ngos/new",
        "/civil/workbook/import",
        f"/civil/projects/{project}/documents/1",
    ):
        assert executor.get(path, follow_redirects=False).status_code == 403, path
    assert "/civil" not in executor.get("/").text


def test_head_reads_but_cannot_change(
    browser: Browser, token_of: Token, new_bin: Callable[..., str], sessions: sessionmaker[Session]
) -> None:
    analyst, head = browser("analyst"), browser("head")
    location = create_ngo(analyst, token_of(analyst), new_bin(1))
    page = head.get(location)
    assert page.status_code == 200 and "«Сенім» қоры" in page.text
    assert "/edit" not in page.text and "/civil/ngos/new" not in head.get("/civil/ngos").text
    assert 'href="/civil"' in head.get("/civil/ngos").text
    token = token_of(head)
    refused = head.post(
        "/civil/ngos/new", data={**NGO_FORM, "bin": new_bin(2), "csrf_token": token}
    )
    assert refused.status_code == 403
    assert head.post(f"{location}/edit", data={**NGO_FORM, "csrf_token": token}).status_code == 403
    project = add_project(sessions)
    upload = head.post(
        f"/civil/projects/{project}/documents",
        data={"title": "Шарт", "csrf_token": token},
        files={"file": ("a.pdf", b"%PDF-1.4", "application/pdf")},
    )
    assert upload.status_code == 403
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(Ngo)) == 1
        assert session.scalar(select(func.count()).select_from(ProjectDocument)) == 0


def test_analyst_creates_and_edits_with_errors_named(
    browser: Browser, token_of: Token, new_bin: Callable[..., str], sessions: sessionmaker[Session]
) -> None:
    analyst = browser("analyst")
    token = token_of(analyst)
    location = create_ngo(analyst, token, new_bin(1))
    bad = analyst.post(
        "/civil/ngos/new",
        data={**NGO_FORM, "bin": new_bin(1), "legal_form": "ТОО", "csrf_token": token},
    )
    assert bad.status_code == 422
    assert "legal_form" in bad.text and "another record already has bin" not in bad.text
    taken = analyst.post(
        "/civil/ngos/new", data={**NGO_FORM, "bin": new_bin(1), "csrf_token": token}
    )
    assert taken.status_code == 422 and "another record already has bin" in taken.text
    assert 'value="«Сенім» қоры"' in taken.text  # the form comes back filled in
    edited = analyst.post(
        f"{location}/edit",
        data={
            **NGO_FORM,
            "bin": new_bin(1),
            "status": "liquidated",
            "liquidated_on": "2026-05-01",
            "name_ru": "<script>x</script>",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert edited.status_code == 303
    page = analyst.get(location).text
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert "01.05.2026" in page
    with session_scope(sessions) as session:
        ngo = session.scalars(select(Ngo)).one()
        assert ngo.status == "liquidated" and ngo.activities == ["жастар", "отбасы"]


def test_project_form_keeps_budget_exact_and_indicators(
    browser: Browser, token_of: Token, new_bin: Callable[..., str], sessions: sessionmaker[Session]
) -> None:
    analyst = browser("analyst")
    token = token_of(analyst)
    create_ngo(analyst, token, new_bin(1))
    form = {
        "code": "GSZ-1",
        "title": "Жоба",
        "topic": "",
        "ngo_bin": new_bin(1),
        "budget_tenge": "22 227 000,00",
        "year": "2026",
        "starts_on": "",
        "ends_on": "",
        "status": "active",
        "planned_meetings": "20",
        "actual_meetings": "15",
        "csrf_token": token,
    }
    response = analyst.post("/civil/projects/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    page = analyst.get(response.headers["location"]).text
    assert "22 227 000 ₸" in page and "75%" in page
    fraction = analyst.post(
        "/civil/projects/new", data={**form, "code": "GSZ-2", "budget_tenge": "100,50"}
    )
    assert fraction.status_code == 422 and "tiyn" in fraction.text
    with session_scope(sessions) as session:
        assert session.scalar(select(Project.budget_tenge)) == 22_227_000


def test_forms_need_the_csrf_token(browser: Browser, new_bin: Callable[..., str]) -> None:
    analyst = browser("analyst")
    response = analyst.post("/civil/ngos/new", data={**NGO_FORM, "bin": new_bin(1)})
    assert response.status_code == 403 and "CSRF" in response.text
    wrong = analyst.post("/civil/ngos/new", data={**NGO_FORM, "bin": new_bin(1), "csrf_token": "x"})
    assert wrong.status_code == 403


def test_document_upload_and_download(
    browser: Browser, token_of: Token, sessions: sessionmaker[Session], settings: Settings
) -> None:
    analyst, head = browser("analyst"), browser("head")
    project = add_project(sessions)
    content = b"%PDF-1.4 shart"
    response = analyst.post(
        f"/civil/projects/{project}/documents",
        data={"title": "Шарт", "csrf_token": token_of(analyst)},
        files={"file": ('..\\шарт "1".pdf', content, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert (
        settings.var_dir / "civil" / hashlib.sha256(content).hexdigest()
    ).read_bytes() == content
    page = head.get(f"/civil/projects/{project}").text
    assert "Шарт" in page
    with session_scope(sessions) as session:
        document = session.scalars(select(ProjectDocument)).one()
    download = head.get(f"/civil/projects/{project}/documents/{document.id}")
    assert download.status_code == 200 and download.content == content
    disposition = download.headers["content-disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''") and '"' not in disposition
    assert "%D1%88%D0%B0%D1%80%D1%82" in disposition and ".." not in disposition
    assert head.get(f"/civil/projects/{project + 1}/documents/{document.id}").status_code == 404


def test_a_browser_uploads_a_document_of_several_megabytes(
    browser: Browser, token_of: Token, sessions: sessionmaker[Session], settings: Settings
) -> None:
    analyst = browser("analyst")
    project = add_project(sessions)
    content = b"%PDF-1.4 " + bytes(range(256)) * (3 * 4096)  # 3 MB
    response = analyst.post(
        f"/civil/projects/{project}/documents",
        data={"csrf_token": token_of(analyst), "title": "Есеп"},
        files={"file": ("esep.pdf", content, "application/pdf")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    stored = settings.var_dir / "civil" / hashlib.sha256(content).hexdigest()
    assert stored.read_bytes() == content


def test_upload_over_20_mb_is_refused_and_leaves_nothing(
    browser: Browser, token_of: Token, sessions: sessionmaker[Session], settings: Settings
) -> None:
    analyst = browser("analyst")
    project = add_project(sessions)
    # As a browser sends it: the token is a form field ahead of the file, so the CSRF check
    # reads only that far and leaves the size to the route.
    response = analyst.post(
        f"/civil/projects/{project}/documents",
        data={"csrf_token": token_of(analyst), "title": "Үлкен"},
        files={"file": ("big.pdf", b"0" * (20 * 1024 * 1024 + 1), "application/pdf")},
    )
    assert response.status_code == 413 and "larger than 20 MB" in response.text
    with session_scope(sessions) as session:
        assert session.scalar(select(func.count()).select_from(ProjectDocument)) == 0
    assert list((settings.var_dir / "civil").iterdir()) == []


def test_web_import_shows_summary_and_bad_rows(
    browser: Browser,
    token_of: Token,
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
) -> None:
    analyst = browser("analyst")
    path = write_workbook(
        {"ngos": [[new_bin(1), "А", "Б", "other"], [new_bin(2), "А", "", "other"]]}
    )
    response = analyst.post(
        "/civil/workbook/import",
        data={"csrf_token": token_of(analyst)},
        files={"file": ("registry.xlsx", path.read_bytes())},
    )
    assert response.status_code == 200
    assert "ngos, row 3, column C (name_ru): is required" in response.text
    assert "projects: no such sheet; nothing imported" in response.text
    broken = analyst.post(
        "/civil/workbook/import",
        data={"csrf_token": token_of(analyst)},
        files={"file": ("broken.xlsx", b"not a workbook")},
    )
    assert broken.status_code == 422 and "not a readable XLSX workbook" in broken.text
    template = analyst.get("/civil/workbook/template")
    assert template.status_code == 200 and template.content.startswith(b"PK")


def test_list_filters_pages_and_exports(
    browser: Browser,
    write_workbook: Callable[..., Path],
    new_bin: Callable[..., str],
    sessions: sessionmaker[Session],
) -> None:
    rows = [
        [new_bin(n), f"Ұйым {n:02d}", f"Организация {n:02d}", "public_association"]
        for n in range(1, 56)
    ]
    rows.append([new_bin(90), "Қор", "Фонд", "public_foundation"])
    from halyq.civil.workbook import import_workbook

    with session_scope(sessions) as session, write_workbook({"ngos": rows}).open("rb") as source:
        import_workbook(session, source)
    head = browser("head")
    first = head.get("/civil/ngos?legal_form=public_association")
    assert first.status_code == 200 and ">55<" in first.text and "Ұйым 50" in first.text
    assert "Ұйым 51" not in first.text and "page=2" in first.text
    second = head.get("/civil/ngos?legal_form=public_association&page=2")
    assert "Ұйым 51" in second.text and "Қор" not in second.text
    assert "format=csv" in first.text and "legal_form=public_association" in first.text
    exported = head.get("/civil/ngos/export?legal_form=public_foundation&format=csv")
    assert exported.status_code == 200 and exported.content.startswith(b"\xef\xbb\xbf")
    assert "attachment" in exported.headers["content-disposition"]
    assert exported.content.decode("utf-8-sig").splitlines()[1].split(",")[1] == "Қор"
    xlsx = head.get("/civil/ngos/export?format=xlsx&q=ұйым 0")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert head.get("/civil/events?date_from=yesterday").status_code == 422
    assert head.get("/civil/ngos/export?format=pdf").status_code == 422
    assert head.get("/civil/people").status_code == 404


@pytest.mark.parametrize("sheet", ["projects", "events", "media"])
def test_every_list_and_its_new_form_render(browser: Browser, sheet: str) -> None:
    admin = browser("admin")
    assert admin.get(f"/civil/{sheet}").status_code == 200
    assert admin.get(f"/civil/{sheet}/new").status_code == 200


def test_saving_an_edit_form_unchanged_keeps_every_value(
    browser: Browser,
    token_of: Token,
    write_workbook: Callable[..., Path],
    sessions: sessionmaker[Session],
) -> None:
    headers = {"media": ["date", "title", "kind", "partner", "published_at", "reach"]}
    path = write_workbook(
        {"media": [["2026-04-08", "Бейнеролик", "video", "Агенттік", "2026-04-08 12:00", 20428]]},
        headers,
    )
    from halyq.civil.workbook import import_workbook
    from halyq.db.civil import MediaProduct

    with session_scope(sessions) as session, path.open("rb") as source:
        import_workbook(session, source)
        before = session.scalars(select(MediaProduct)).one()
        snapshot = (
            before.date,
            before.title,
            before.kind,
            before.partner,
            before.published_at,
            before.reach,
            before.updated_at,
        )
    analyst = browser("analyst")
    page = analyst.get(f"/civil/media/{before.id}/edit").text
    fields = dict(re.findall(r'<input name="([a-z_]+)" value="([^"]*)"', page))
    fields |= dict(re.findall(r'<input type="[a-z-]+" name="([a-z_]+)" value="([^"]*)"', page))
    fields |= dict(
        re.findall(r'<select name="([a-z_]+)">.*?<option value="([^"]*)" selected', page, re.S)
    )
    assert fields["published_at"] == "2026-04-08T12:00" and fields["kind"] == "video"
    saved = analyst.post(
        f"/civil/media/{before.id}/edit",
        data={**fields, "csrf_token": token_of(analyst)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    with session_scope(sessions) as session:
        after = session.scalars(select(MediaProduct)).one()
        assert (
            after.date,
            after.title,
            after.kind,
            after.partner,
            after.published_at,
            after.reach,
            after.updated_at,
        ) == snapshot
