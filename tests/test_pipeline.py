from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post
from halyq.pipeline import process_pending, process_post
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

KEY = "test-pseudonym-key-0123456789"
COMPLAINT = "Жібек жолы көшесі 12 үйде екі күннен бері су жоқ! Көмектесіңіздерші"
THANKS = "Рахмет әкімдікке, Абай даңғылындағы жолды тез жөндеп берді!"


def _store(sessions: sessionmaker[Session], *texts: str) -> None:
    with sessions.begin() as session:
        for number, text in enumerate(texts):
            store_post(
                session,
                PostIn(
                    source="telegram:kzo",
                    external_id=str(number),
                    text=text,
                    created_at=datetime(2026, 11, 2, 5, tzinfo=UTC),
                ),
                pseudonym_key=KEY,
            )


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_complaint_opens_one_routed_case_with_its_audit(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(sessions, COMPLAINT, THANKS)
    result = process_pending(sessions, profile, batch_size=1)
    assert result.as_dict() == {"analysed": 2, "cases_opened": 1, "failed": 0}
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        assert (case.category, case.department_code, case.status) == (
            "water",
            "housing_utilities",
            "new",
        )
        assert case.track == "signal"
        assert case.place_canonical == "Жібек жолы" and case.place_house == "12"
        assert case.opened_at < case.respond_by <= case.due_at
        actions = [e.action for e in session.scalars(select(CaseEvent).order_by(CaseEvent.id))]
        assert actions == ["opened", "routed", "post_linked"]
        assert _count(session, Analysis) == 2
        assert session.scalar(select(Post.analysed_at).where(Post.external_id == "1"))


def test_reprocessing_replaces_the_analysis_and_never_duplicates_a_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(sessions, COMPLAINT)
    process_pending(sessions, profile)
    with sessions.begin() as session:
        post = session.scalars(select(Post)).one()
        assert process_post(session, profile, post) is None
        assert process_post(session, profile, post) is None
    with sessions() as session:
        assert (_count(session, Case), _count(session, Analysis), _count(session, CasePost)) == (
            1,
            1,
            1,
        )
    assert process_pending(sessions, profile).analysed == 0  # nothing left waiting


def test_redacted_text_hides_the_phone_number(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(sessions, "Подъезде свет не горит уже неделю, звоните +7 701 234 56 78, ул. Абая 45")
    process_pending(sessions, profile)
    with sessions() as session:
        analysis = session.scalars(select(Analysis)).one()
        case = session.scalars(select(Case)).one()
    assert "234 56 78" not in analysis.redacted_text
    assert "234 56 78" not in case.summary
