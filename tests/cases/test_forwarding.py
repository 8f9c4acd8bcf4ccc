"""Forwarding to bodies outside the akimat: the transitions, who may, and the cover letter."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from io import BytesIO

import pytest
from docx import Document
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.forwarding import external_departments, forward_case, latest_letter
from halyq.cases.intake import Filed
from halyq.cases.letters.compose import letter_text
from halyq.cases.letters.word import letter_docx
from halyq.cases.workflow import (
    TRANSITIONS,
    ActionConflict,
    ActionForbidden,
    ActionInvalid,
    Actor,
    next_statuses,
    transition,
)
from halyq.city.profile import CityProfile
from halyq.db.models import CaseEvent
from tests.cases.conftest import T0, add_post, place

Db = sessionmaker[Session]
ANALYST = Actor("analyst", "analyst")
NAME, PHONE = "Айгүл Сейітова", "87011234567"
TEXT = f"Абай даңғылы 12 жанында төбелес болды, полиция келмеді. {NAME}, тел {PHONE}"
REDACTED = "Абай даңғылы 12 жанында төбелес болды, полиция келмеді. [аты-жөні], тел [телефон]"
AT = T0 + timedelta(hours=2)


def police_case(
    db: Db, file: Callable[..., Filed], *, source: str = "telegram:chat", house: str = "12"
) -> int:
    with db.begin() as session:
        post = add_post(session, TEXT, source=source)
        post.url = "https://t.me/kyzylorda_chat/501"
        filed = file(session, post, category="public_order", places=[place("Абай даңғылы", house)])
        filed.case.summary = REDACTED
        assert filed.case.department_code == "police"
        return filed.case.id


def test_forwarded_is_reached_only_by_forwarding_and_leads_to_closed_or_reopened() -> None:
    assert TRANSITIONS["forwarded"] == frozenset({"closed", "reopened"})
    for status in ("new", "assigned", "in_progress", "reopened"):
        assert "forwarded" in TRANSITIONS[status]
        assert "forwarded" not in next_statuses(status)
    assert all("forwarded" not in TRANSITIONS[s] for s in ("resolved", "closed", "rejected"))


def test_forwarding_writes_the_letter_and_logs_its_hash(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    case_id = police_case(db, file)
    with db.begin() as session:
        case = forward_case(
            session, case_id=case_id, actor=ANALYST, reason="полиция құзыреті", profile=profile,
            now=AT,
        )  # fmt: skip
        assert case.status == "forwarded"
    with db() as session:
        letter = latest_letter(session, case_id)
        assert letter is not None and letter.department_code == "police"
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.to_value == "forwarded")
        ).one()
    text = letter_text(letter.blocks)
    assert letter.sha256 == hashlib.sha256(text.encode()).hexdigest()
    assert event.action == "status" and event.reason == "полиция құзыреті"
    assert event.details == {
        "department": "police", "letter_id": letter.id, "letter_sha256": letter.sha256,
    }  # fmt: skip
    kk, ru = text.split("—" * 40)
    assert "Полиция басқармасы" in kk and "Управление полиции" in ru
    assert "Қоғамдық тәртіп және қауіпсіздік" in kk and "Общественный порядок" in ru
    assert "Абай даңғылы, 12" in kk and "Абай даңғылы, 12" in ru
    assert "12.11.2026" in kk and "Исх. № __________ от 12.11.2026" in ru
    assert "https://t.me/kyzylorda_chat/501" in kk and "https://t.me/kyzylorda_chat/501" in ru
    assert "Ішкі саясат бөлімінің басшысы" in kk and "Руководитель отдела внутренней" in ru
    assert "әлеуметтік желілердегі" in kk and "в социальных сетях" in ru
    assert NAME not in text and PHONE not in text and "[телефон]" in text


def test_an_appeals_letter_says_the_original_is_attached(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    case_id = police_case(db, file, source="webform")
    with db.begin() as session:
        forward_case(
            session, case_id=case_id, actor=ANALYST, reason="ӘРПК", profile=profile, now=AT
        )
        letter = latest_letter(session, case_id)
        assert letter is not None
        text = letter_text(letter.blocks)
    assert "Өтініштің түпнұсқасы қоса беріліп отыр" in text
    assert "Оригинал обращения прилагается" in text


def test_a_case_of_the_akimat_is_forwarded_to_the_body_named_after_rerouting(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    with db.begin() as session:
        case_id = file(session, add_post(session), places=[place("Абай", "1")]).case.id
    with db.begin() as session, pytest.raises(ActionInvalid, match="is not a body outside"):
        forward_case(session, case_id=case_id, actor=ANALYST, reason="x", profile=profile, now=AT)
    with db.begin() as session:
        case = forward_case(
            session, case_id=case_id, actor=ANALYST, reason="ағынды су өзенге", profile=profile,
            now=AT, department="ecology",
        )  # fmt: skip
        assert (case.department_code, case.status) == ("ecology", "forwarded")
        actions = session.scalars(
            select(CaseEvent.action).where(CaseEvent.case_id == case_id).order_by(CaseEvent.id)
        ).all()
    assert actions[-2:] == ["rerouted", "status"]
    assert "ecology" in external_departments(profile)


@pytest.mark.parametrize(
    "actor", [Actor("head", "head"), Actor("police_exec", "executor", "police")]
)
def test_only_analysts_and_admins_forward(
    db: Db, file: Callable[..., Filed], profile: CityProfile, actor: Actor
) -> None:
    case_id = police_case(db, file)
    with db.begin() as session, pytest.raises(ActionForbidden, match="analysts and admins"):
        forward_case(session, case_id=case_id, actor=actor, reason="x", profile=profile, now=AT)


def test_forwarding_needs_a_reason_and_an_open_case(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    case_id = police_case(db, file)
    with db.begin() as session, pytest.raises(ActionInvalid, match="forwarding needs a reason"):
        forward_case(session, case_id=case_id, actor=ANALYST, reason=" ", profile=profile, now=AT)
    with db.begin() as session, pytest.raises(ActionInvalid, match="/forward"):
        transition(session, case_id=case_id, to_status="forwarded", actor=ANALYST,
                   reason="x", now=AT)  # fmt: skip
    with db.begin() as session:
        transition(session, case_id=case_id, to_status="rejected", actor=ANALYST,
                   reason="жалған хабар", now=AT)  # fmt: skip
    with db.begin() as session, pytest.raises(ActionConflict, match="is 'rejected'"):
        forward_case(session, case_id=case_id, actor=ANALYST, reason="x", profile=profile, now=AT)


def test_a_forwarded_case_closes_or_reopens(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    first, second = police_case(db, file), police_case(db, file, house="40")
    with db.begin() as session:
        for case_id in (first, second):
            forward_case(session, case_id=case_id, actor=ANALYST, reason="x", profile=profile,
                         now=AT)  # fmt: skip
        closed = transition(session, case_id=first, to_status="closed", actor=ANALYST,
                            reason=None, now=AT)  # fmt: skip
        reopened = transition(session, case_id=second, to_status="reopened", actor=ANALYST,
                              reason="полиция қайтарды", now=AT)  # fmt: skip
        assert (closed.status, reopened.status) == ("closed", "reopened")
    with db.begin() as session, pytest.raises(ActionConflict, match="is 'closed'"):
        forward_case(session, case_id=first, actor=ANALYST, reason="x", profile=profile, now=AT)


def test_the_docx_lays_out_both_letters(
    db: Db, file: Callable[..., Filed], profile: CityProfile
) -> None:
    case_id = police_case(db, file)
    with db.begin() as session:
        forward_case(session, case_id=case_id, actor=ANALYST, reason="x", profile=profile, now=AT)
        letter = latest_letter(session, case_id)
        assert letter is not None
        data = letter_docx(letter.blocks, title=f"№{case_id}", at=AT)
    document = Document(BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    kazakh = paragraphs.index("Өтінішті құзыреті бойынша жолдау туралы")
    russian = paragraphs.index("О направлении обращения по компетенции")
    assert kazakh < russian
    assert any("https://t.me/kyzylorda_chat/501" in p for p in paragraphs[kazakh:russian])
    assert document.core_properties.title == f"№{case_id}"
    title = document.paragraphs[kazakh]
    assert title.runs[0].bold and title.alignment == 1  # centred
    assert not any(NAME in p or PHONE in p for p in paragraphs)
