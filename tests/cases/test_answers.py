"""Answers to residents: saving, who may, the resolve rule, drafts, and the public record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.answers import (
    MAX_ANSWER_CHARS,
    check_answered,
    drafts,
    latest_answer,
    latest_answers,
    save_answer,
)
from halyq.cases.intake import Filed
from halyq.cases.public import (
    case_id_of,
    public_case,
    public_place,
    public_text,
    timeline,
    tracking_number,
)
from halyq.cases.workflow import (
    ActionConflict,
    ActionForbidden,
    ActionInvalid,
    Actor,
    transition,
)
from halyq.city.profile import CityProfile
from halyq.db.answers import CaseAnswer
from halyq.db.engine import make_engine
from halyq.db.migrate import downgrade, upgrade
from halyq.db.models import Case, CaseEvent
from tests.cases.conftest import T0, add_post, place

Db = sessionmaker[Session]
EXECUTOR = Actor("water_exec", "executor", "housing_utilities")
ANALYST = Actor("analyst", "analyst")
LATER = T0 + timedelta(hours=2)


@pytest.fixture
def case_id(db: Db, file: Callable[..., Filed]) -> int:
    with db.begin() as session:
        return file(session, add_post(session), places=[place("Жібек жолы", "12")]).case.id


def answer(db: Db, case_id: int, text: str = "Су берілді.", actor: Actor = EXECUTOR) -> int:
    with db.begin() as session:
        return save_answer(
            session, case_id=case_id, text=text, lang="kk", actor=actor, now=LATER
        ).id


def move(db: Db, case_id: int, to: str, reason: str | None = None) -> None:
    with db.begin() as session:
        transition(session, case_id=case_id, to_status=to, actor=EXECUTOR, reason=reason, now=LATER)


def test_each_save_is_kept_and_logged_and_the_newest_is_the_answer(db: Db, case_id: int) -> None:
    first = answer(db, case_id, "Жөнделді. Сұрақтар: 8 701 234 56 78, Айгүл Сейітова")
    second = answer(db, case_id, "Құбыр жөнделді,\r\nсу берілді.  ")
    with db() as session:
        current = latest_answer(session, case_id)
        assert current is not None and current.id == second
        assert current.text == "Құбыр жөнделді,\nсу берілді."
        old = session.get(CaseAnswer, first)
        assert (
            old is not None and old.public_text == "Жөнделді. Сұрақтар: [телефон], [аты-жөні/ФИО]"
        )
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "answered")
        ).all()
        assert [(e.actor, e.to_value, e.details) for e in events] == [
            ("water_exec", "kk", {"answer_id": first, "chars": len(old.text)}),
            ("water_exec", "kk", {"answer_id": second, "chars": len(current.text)}),
        ]
        assert latest_answers(session, [case_id, 999_999]) == {case_id: current}


def test_an_answer_is_never_changed_in_place(db: Db, case_id: int) -> None:
    answer_id = answer(db, case_id)
    with pytest.raises(ValueError, match="save a new answer instead"), db.begin() as session:
        row = session.get(CaseAnswer, answer_id)
        assert row is not None
        row.text = "басқа"
        session.flush()


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("   \n ", "kk", "the answer is empty"),
        ("ж" * (MAX_ANSWER_CHARS + 1), "kk", f"at most {MAX_ANSWER_CHARS}"),
        ("Мекенжай: {place}, жөнделді", "kk", "still has the placeholder {place}"),
        ("Fixed.", "en", "unknown answer language 'en'"),
    ],
)
def test_bad_answers_are_refused(db: Db, case_id: int, text: str, lang: str, words: str) -> None:
    with pytest.raises(ActionInvalid, match=words), db.begin() as session:
        save_answer(session, case_id=case_id, text=text, lang=lang, actor=EXECUTOR, now=LATER)


@pytest.mark.parametrize(
    "actor",
    [Actor("head", "head"), Actor("roads_exec", "executor", "roads_transport")],
    ids=["head", "other-department"],
)
def test_heads_and_other_departments_may_not_answer(db: Db, case_id: int, actor: Actor) -> None:
    with pytest.raises(ActionForbidden):
        answer(db, case_id, actor=actor)


def test_a_case_is_resolved_only_with_an_answer_and_again_after_reopening(
    db: Db, case_id: int
) -> None:
    move(db, case_id, "in_progress")
    with pytest.raises(ActionConflict, match="no answer to its residents"):
        move(db, case_id, "resolved")
    answer(db, case_id, "Жөнделді.")  # a short answer will do for a social-media signal
    move(db, case_id, "resolved")
    move(db, case_id, "reopened", reason="су әлі жоқ")
    with pytest.raises(ActionConflict, match="reopened after its answer"):
        move(db, case_id, "resolved")
    answer(db, case_id, "Екінші рет тексерілді, су берілді.")
    move(db, case_id, "resolved")


def test_a_formal_appeal_needs_a_reasoned_answer(db: Db, case_id: int) -> None:
    with db.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        case.track = "appeal"
    move(db, case_id, "in_progress")
    answer(db, case_id, "Жөнделді.")
    with pytest.raises(ActionConflict, match="formal appeal: its answer has 9 characters"):
        move(db, case_id, "resolved")
    answer(
        db,
        case_id,
        "Құрметті тұрғын! Жібек жолы көшесіндегі су құбырындағы ақау жойылып, су берілді.",
    )
    move(db, case_id, "resolved")
    with db() as session:
        case = session.get(Case, case_id)
        assert case is not None and case.status == "resolved"
        check_answered(session, case)


def test_drafts_fill_the_categorys_template_in_both_languages(
    db: Db, case_id: int, profile: CityProfile
) -> None:
    with db() as session:
        case = session.get(Case, case_id)
        assert case is not None
        texts = drafts(profile, case, today=date(2026, 11, 27))
        assert set(texts) == {"kk", "ru"}
        number = tracking_number(case_id)
        assert f"№{number}" in texts["kk"] and f"№ {number}" in texts["ru"]
        assert "коммуналдық желідегі ақау" in texts["kk"]  # the utilities family's template
        assert "Отдел жилищно-коммунального хозяйства" in texts["ru"]
        assert "27.11.2026" in texts["kk"] and "(адрес: Жібек жолы)" in texts["ru"]
        assert "{" not in texts["kk"] + texts["ru"]
        case.category, case.department_code = "religion", "internal_policy"
        other = drafts(profile, case, today=date(2026, 11, 27))
        assert "(Дін мәселелері, мекенжай: Жібек жолы)" in other["kk"]  # the default template
        session.rollback()
    assert drafts(replace(profile, answers=None), case, today=date(2026, 11, 27)) == {}


def test_tracking_numbers_carry_a_check_digit() -> None:
    for case_id in (1, 7, 42, 1042, 99_999, 123_456_789):
        number = tracking_number(case_id)
        assert case_id_of(number) == case_id and case_id_of(f" № {number} ") == case_id
        digits = number.replace("-", "")
        for position in range(len(digits)):  # every single mistyped digit is caught
            for wrong in "0123456789":
                if wrong != digits[position]:
                    assert case_id_of(digits[:position] + wrong + digits[position + 1 :]) is None
    assert case_id_of("") is None and case_id_of("abc") is None


@pytest.mark.parametrize(
    ("canonical", "district", "shown"),
    [
        ("Абай даңғылы 45-те", None, "Абай даңғылы"),
        ("на Сейфуллина 18 кв 3", None, "на Сейфуллина"),
        ("ул. Мектеп 5, кв. 12", None, "ул. Мектеп"),
        ("СПМК-70", None, "СПМК-70"),
        ("№12 мектеп", None, "№12 мектеп"),
        (None, "Белкөл", "Белкөл"),
        (None, None, None),
    ],
)
def test_the_public_place_is_street_level_at_most(
    canonical: str | None, district: str | None, shown: str | None
) -> None:
    case = Case(place_canonical=canonical, place_house="45", district=district)
    assert public_place(case) == shown


def test_public_text_removes_personal_data_and_flats() -> None:
    text = "Айгүл Сейітова, Абай 12, пәтер 5, кв.7; aigul@mail.kz"
    assert public_text(text) == "[аты-жөні/ФИО], Абай 12, [пәтер/кв.], [пәтер/кв.]; [email]"


def test_the_public_record_and_timeline(db: Db, case_id: int) -> None:
    move(db, case_id, "redirected", reason="Құзырет емес. Айгүл Сейітова жазды: 87012345678")
    with db() as session:
        case = session.get(Case, case_id)
        assert case is not None
        public = public_case(case, latest_answer(session, case_id))
        assert (public.tracking_number, public.place, public.answer) == (
            tracking_number(case_id),
            "Жібек жолы",
            None,
        )
        assert public.closed is False and public.token == case.public_token
        steps = timeline(session, case_id)
    assert [(s.status, s.reason) for s in steps] == [
        ("new", None),
        ("redirected", "Құзырет емес. [аты-жөні/ФИО] жазды: [телефон]"),
    ]


def test_upgrading_gives_every_existing_case_its_own_token(database_url: str) -> None:
    upgrade(database_url, "0005")
    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO departments VALUES ('d', 'Д', 'Д', 'akimat')"))
        for case_id in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO cases (id, category, department_code, status, track, urgency,"
                    " summary, opened_at, respond_by, due_at, updated_at, residents,"
                    " first_post_at, last_post_at) VALUES (:id, 'water', 'd', 'new', 'signal',"
                    " 'high', 's', :at, :at, :at, :at, 1, :at, :at)"
                ),
                {"id": case_id, "at": "2026-11-09 10:00:00"},
            )
    engine.dispose()
    upgrade(database_url, "0006")
    engine = make_engine(database_url)
    with engine.connect() as conn:
        tokens = [row[0] for row in conn.execute(text("SELECT public_token FROM cases"))]
    engine.dispose()
    assert len(tokens) == 3 == len(set(tokens)) and all(len(token) == 16 for token in tokens)
    downgrade(database_url, "0005")
