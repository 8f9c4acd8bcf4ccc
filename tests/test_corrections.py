from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from halyq.cases.workflow import ActionForbidden, Actor
from halyq.city.profile import CityProfile
from halyq.cli import app
from halyq.corrections import (
    CorrectionError,
    PostNotFound,
    correct_post,
    labelled_examples,
    write_labelled,
)
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post
from halyq.pipeline import process_pending, process_post
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

KEY = "test-pseudonym-key-0123456789"
ANALYST = Actor("aigerim", "analyst")
WATER = "Жібек жолы көшесі 12 үйде екі күннен бері су жоқ! Тел 8 701 123 45 67"
THANKS = "Рахмет әкімдікке, Абай даңғылындағы жолды тез жөндеп берді!"


def _store_and_read(sessions: sessionmaker[Session], profile: CityProfile, *texts: str) -> None:
    with sessions.begin() as session:
        for number, text in enumerate(texts):
            store_post(
                session,
                PostIn(
                    source="telegram:kzo",
                    external_id=str(number),
                    text=text,
                    created_at=datetime(2026, 11, 2, 5, tzinfo=UTC),
                    author=f"resident {number}",
                ),
                pseudonym_key=KEY,
            )
    process_pending(sessions, profile)


def _post(session: Session, external_id: str) -> Post:
    return session.scalars(select(Post).where(Post.external_id == external_id)).one()


def test_a_correction_changes_the_reading_and_is_logged_on_the_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, WATER)
    with sessions.begin() as session:
        post = _post(session, "0")
        assert post.analysis is not None and post.analysis.category == "water"
        urgency_read = post.analysis.urgency
        assert urgency_read != "medium"
        made = correct_post(
            session, post.id, actor=ANALYST, profile=profile, category="housing",
            urgency="medium", note="it is the building's own pipe",
        )  # fmt: skip
        assert [(c.field, c.old_value, c.new_value) for c in made.corrections] == [
            ("category", "water", "housing"),
            ("urgency", urgency_read, "medium"),
        ]
    with sessions() as session:
        analysis = session.scalars(select(Analysis)).one()
        assert (analysis.category, analysis.urgency) == ("housing", "medium")
        events = session.scalars(
            select(CaseEvent).where(CaseEvent.action == "post_corrected").order_by(CaseEvent.id)
        ).all()
        assert [(e.from_value, e.to_value, e.actor, e.reason) for e in events] == [
            ("water", "housing", "aigerim", "it is the building's own pipe"),
            (urgency_read, "medium", "aigerim", "it is the building's own pipe"),
        ]
        assert events[0].details == {"post_id": analysis.post_id, "field": "category"}


def test_the_same_value_again_records_nothing(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, WATER)
    with sessions.begin() as session:
        post = _post(session, "0")
        made = correct_post(session, post.id, actor=ANALYST, profile=profile, category="water")
        assert made.corrections == []


def test_a_correction_outlives_a_new_reading(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, WATER)
    with sessions.begin() as session:
        post = _post(session, "0")
        correct_post(session, post.id, actor=ANALYST, profile=profile, category="housing")
    with sessions.begin() as session:
        process_post(session, profile, _post(session, "0"))  # as after an edit
    with sessions() as session:
        assert session.scalars(select(Analysis.category)).one() == "housing"


def test_marking_a_post_as_a_complaint_files_it_into_a_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, THANKS)
    with sessions.begin() as session:
        post = _post(session, "0")
        assert post.analysis is not None and not post.analysis.is_complaint
        made = correct_post(
            session, post.id, actor=ANALYST, profile=profile, is_complaint=True, category="roads"
        )
        assert made.filed_case_id is not None
    with sessions() as session:
        case = session.get(Case, made.filed_case_id)
        assert case is not None and case.category == "roads"
        assert session.scalars(select(CasePost.post_id)).one() == post.id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"category": "unicorns"}, "field 'category'"),
        ({"urgency": "extreme"}, "field 'urgency'"),
        ({}, "nothing to correct"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    sessions: sessionmaker[Session],
    profile: CityProfile,
    changes: dict[str, str],
    message: str,
) -> None:
    _store_and_read(sessions, profile, WATER)
    with sessions.begin() as session:
        post = _post(session, "0")
        with pytest.raises(CorrectionError, match=message):
            correct_post(session, post.id, actor=ANALYST, profile=profile, **changes)  # type: ignore[arg-type]
    with sessions() as session:
        assert session.scalars(select(Analysis.category)).one() == "water"
        assert labelled_examples(session) == []


def test_only_specialists_correct_and_unknown_posts_are_named(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, WATER)
    with sessions.begin() as session:
        post = _post(session, "0")
        with pytest.raises(ActionForbidden):
            correct_post(
                session, post.id, actor=Actor("head", "head"), profile=profile, urgency="low"
            )
        with pytest.raises(PostNotFound, match="no post 999"):
            correct_post(session, 999, actor=ANALYST, profile=profile, urgency="low")


def test_corrections_become_redacted_labelled_examples(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store_and_read(sessions, profile, WATER, THANKS)
    with sessions.begin() as session:
        water, thanks = _post(session, "0"), _post(session, "1")
        correct_post(session, water.id, actor=ANALYST, profile=profile, category="housing")
        correct_post(session, water.id, actor=ANALYST, profile=profile, category="water")
        correct_post(
            session, thanks.id, actor=ANALYST, profile=profile, is_complaint=True, category="roads"
        )
    with sessions() as session:
        examples = labelled_examples(session)
    assert [(e.category, e.is_complaint) for e in examples] == [("water", None), ("roads", True)]
    assert all("701" not in e.text for e in examples)  # the phone number is not trained on
    out = io.StringIO()
    assert write_labelled(examples, out) == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert rows[1]["is_complaint"] is True and rows[1]["category"] == "roads"
    assert "is_complaint" not in rows[0]


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:The number of unique classes")
def test_the_cli_exports_corrections_and_trains_on_them(
    sessions: sessionmaker[Session], profile: CityProfile, db_url: str, tmp_path: Path
) -> None:
    _store_and_read(sessions, profile, WATER, THANKS)
    with sessions.begin() as session:
        thanks = _post(session, "1")
        correct_post(
            session, thanks.id, actor=ANALYST, profile=profile, is_complaint=True, category="roads"
        )
    env = {"HALYQ_DATABASE_URL": db_url, "HALYQ_VAR_DIR": str(tmp_path)}
    exported = CliRunner().invoke(app, ["corrections", "export"], env=env)
    assert exported.exit_code == 0, exported.output
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [(r["category"], r["is_complaint"]) for r in rows] == [("roads", True)]

    models = tmp_path / "models"
    trained = CliRunner().invoke(
        app,
        ["train", "--limit", "40", "--folder", str(models), "--with-corrections", "--no-ner"],
        env=env,
    )
    assert trained.exit_code == 0, trained.output
    card = (models / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "| operators' corrections | 1 |" in card
    assert "Effect of the operators' corrections" in card
