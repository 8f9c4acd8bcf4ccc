"""The profile's answer templates (answers.yaml) and the reply-posting hook."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cases.reply import ReplyResult, can_reply, post_replies, reply
from halyq.city.answers import load_answer_templates
from halyq.city.profile import PROFILES_DIR, ProfileError, load_profile
from halyq.cli import app
from halyq.db.models import Case, CaseEvent, CasePost, Post
from tests.cases.conftest import T0, add_post

Db = sessionmaker[Session]
CODES = ("water", "heating", "roads", "other")
GOOD = """\
default:
  kk: "Құрметті тұрғын! №{number} өтінішіңіз қаралды."
  ru: "Уважаемый житель! Обращение № {number} рассмотрено."
utilities:
  categories: [water, heating]
  kk: "Су берілді ({place}, {date})."
  ru: "Вода подана ({place}, {date})."
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_families_and_the_default_cover_every_category(tmp_path: Path) -> None:
    templates = load_answer_templates(write(tmp_path, GOOD), CODES)
    assert templates is not None
    assert templates.for_category("heating")["ru"] == "Вода подана ({place}, {date})."
    assert templates.for_category("roads") == templates.default
    assert load_answer_templates(tmp_path / "nowhere", CODES) is None  # the file is optional


@pytest.mark.parametrize(
    ("text", "line", "key", "words"),
    [
        (GOOD.replace("default:", "other:"), None, "default", "is required"),
        (GOOD.replace("[water, heating]", "[water, sewage]"), 5, "utilities", "'sewage' is not"),
        (GOOD + "roads:\n  kk: Жол\n", 9, "roads.ru", "is required"),
        (GOOD + "roads:\n  kk: ''\n  ru: Дорога\n", 9, "roads.kk", "is empty"),
        (GOOD.replace("{date}).", "{when})."), 6, "utilities.kk", "unknown placeholder {when}"),
        (GOOD.replace('({place}, {date})."\n  ru', '({place."\n  ru'), 6, "utilities.kk", "braces"),
        (GOOD + "water:\n  kk: Су\n  ru: Вода\n", None, "water", "already has a template"),
        (GOOD + "roads:\n  kk: Жол\n  ru: Дорога\n  en: Road\n", 9, "roads", "unknown field 'en'"),
        (GOOD + "roads: [Жол]\n", 8, "roads", "expected kk, ru"),
        ("- just\n- a list\n", 1, None, "expected a mapping"),
        (GOOD + "  bad indent: [\n", None, None, r"\S"),
    ],
)
def test_errors_name_the_file_the_line_and_the_key(
    tmp_path: Path, text: str, line: int | None, key: str | None, words: str
) -> None:
    with pytest.raises(ProfileError, match=words) as error:
        load_answer_templates(write(tmp_path, text), CODES)
    assert error.value.path == tmp_path / "answers.yaml"
    if line is not None:
        assert error.value.line == line
    assert error.value.field_name == key


def test_the_bundled_profile_loads_its_templates_and_city_check_reports_a_broken_one(
    tmp_path: Path,
) -> None:
    bundled = load_profile("kyzylorda").answers
    assert bundled is not None
    assert set(bundled.by_category) >= {"water", "roads", "public_order", "stray_animals"}
    assert all(len(text) >= 80 for text in bundled.default.values())  # enough for an appeal
    copy = tmp_path / "city"
    shutil.copytree(PROFILES_DIR / "kyzylorda", copy)
    (copy / "answers.yaml").write_text(GOOD.replace("{date}", "{day}"), encoding="utf-8")
    checked = CliRunner().invoke(app, ["city", "check", str(copy)])
    assert checked.exit_code != 0
    assert "answers.yaml, line 6, field 'utilities.kk'" in checked.output + checked.stderr


def _social_case(db: Db) -> int:
    with db.begin() as session:
        case = Case(
            category="water", department_code="housing_utilities", urgency="medium", summary="s",
            opened_at=T0, respond_by=T0, due_at=T0, updated_at=T0, first_post_at=T0,
            last_post_at=T0,
        )  # fmt: skip
        session.add(case)
        session.flush()
        for source in ("telegram:kyzylorda_chat", "open311"):
            post = add_post(session, source=source)
            session.add(CasePost(case_id=case.id, post_id=post.id))
        return case.id


def test_no_channel_of_today_can_post_a_reply(db: Db) -> None:
    case_id = _social_case(db)
    with db.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        telegram = next(post for post in case.posts if post.source.startswith("telegram"))
        assert not can_reply(telegram)
        result = reply(telegram, "Су берілді.")
        assert result == ReplyResult(
            posted=False,
            message="posting replies to 'telegram' is not supported; copy the reply and paste "
            "it under the post",
        )
        results = post_replies(session, case, "Су берілді.", actor="analyst", now=T0)
        assert [r.posted for r in results] == [False]  # the Open311 appeal is no social post


def test_a_connector_that_can_reply_is_used_and_logged(db: Db) -> None:
    case_id = _social_case(db)
    sent: list[tuple[str, str]] = []

    def telegram(post: Post, text: str) -> ReplyResult:
        sent.append((post.external_id, text))
        return ReplyResult(True, "posted", url=f"https://t.me/c/{post.external_id}")

    with db.begin() as session:
        case = session.get(Case, case_id)
        assert case is not None
        when = T0 + timedelta(hours=1)
        results = post_replies(
            session, case, "Су берілді.", actor="analyst", now=when, repliers={"telegram": telegram}
        )
        assert [r.posted for r in results] == [True] and len(sent) == 1
        event = session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "replied")
        ).one()
        assert (event.actor, event.to_value) == ("analyst", f"https://t.me/c/{sent[0][0]}")
