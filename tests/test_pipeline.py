from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from halyq.city.profile import CityProfile
from halyq.commands import DEMO_POSTS
from halyq.db.models import Analysis, Case, CaseEvent, CasePost, Post
from halyq.pipeline import process_pending, process_post
from halyq.sources.importer import import_posts
from halyq.sources.jsonl import read_posts
from halyq.sources.records import PostIn
from halyq.sources.store import store_post

KEY = "test-pseudonym-key-0123456789"
COMPLAINT = "Жібек жолы көшесі 12 үйде екі күннен бері су жоқ! Көмектесіңіздерші"
THANKS = "Рахмет әкімдікке, Абай даңғылындағы жолды тез жөндеп берді!"


GOLD = Path(__file__).parent.parent / "data" / "merging" / "demo-incidents.json"
BURST_RU = "На Жибек жолы возле дома 12 прорвало трубу, воды в доме нет с утра. Когда починят?"


def _store(sessions: sessionmaker[Session], *texts: str, minutes: int = 0) -> None:
    with sessions.begin() as session:
        for number, text in enumerate(texts):
            store_post(
                session,
                PostIn(
                    source="telegram:kzo",
                    external_id=str(number),
                    text=text,
                    created_at=datetime(2026, 11, 2, 5, tzinfo=UTC)
                    + timedelta(minutes=minutes * number),
                    author=f"resident {number}",
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
    assert result.as_dict() == {"analysed": 2, "cases_opened": 1, "merged": 0, "failed": 0}
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


def test_a_russian_post_about_the_same_burst_pipe_joins_the_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(sessions, COMPLAINT, BURST_RU, minutes=20)
    assert process_pending(sessions, profile).as_dict() == {
        "analysed": 2,
        "cases_opened": 1,
        "merged": 1,
        "failed": 0,
    }
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        assert case.residents == 2
        reasons = [e.reason for e in case.events if e.action == "post_linked" and e.reason]
        assert len(reasons) == 1 and "Жібек жолы 12" in reasons[0]


def test_the_demo_incidents_each_become_one_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    with DEMO_POSTS.open("rb") as stream:
        import_posts(sessions, read_posts(stream), pseudonym_key=KEY)
    process_pending(sessions, profile)
    with sessions() as session:
        rows = session.execute(select(CasePost.case_id, Post.external_id).join(Post))
        case_of = {external_id: case_id for case_id, external_id in rows}
    members = defaultdict(set)
    for external_id, case_id in case_of.items():
        members[case_id].add(external_id)
    for incident in json.loads(GOLD.read_text(encoding="utf-8"))["incidents"]:
        cases = {case_of.get(post) for post in incident["complaints"]}
        assert len(cases) == 1 and None not in cases, incident["name"]
        assert members[cases.pop()] <= set(incident["complaints"]) | set(incident["mentions"])


# PostgreSQL only: SQLite has a single writer, so there are no concurrent workers to serialise.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_with_posts_about_one_incident_open_one_case(
    sessions: sessionmaker[Session], profile: CityProfile, engine: Engine
) -> None:
    assert engine.dialect.name == "postgresql"
    _store(sessions, COMPLAINT, BURST_RU, minutes=20)
    first_holds_lock = threading.Event()
    outcomes: dict[str, str] = {}

    def work(external_id: str, *, first: bool) -> None:
        if not first:
            first_holds_lock.wait(5)
        with sessions.begin() as session:
            post = session.scalars(select(Post).where(Post.external_id == external_id)).one()
            filed = process_post(session, profile, post)
            assert filed is not None
            outcomes[external_id] = filed.how
            if first:
                first_holds_lock.set()
                time.sleep(0.5)  # the second worker now waits on the incident lock

    threads = [
        threading.Thread(target=work, args=("0",), kwargs={"first": True}),
        threading.Thread(target=work, args=("1",), kwargs={"first": False}),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcomes == {"0": "opened", "1": "merged"}
    with sessions() as session:
        assert _count(session, Case) == 1


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_a_deadlocked_batch_is_rolled_back_and_run_again(
    sessions: sessionmaker[Session], profile: CityProfile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from halyq import pipeline

    _store(sessions, COMPLAINT)
    real = pipeline._process_batch
    calls = []

    def deadlock_once(*args: object) -> pipeline.PipelineResult:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("SELECT pg_advisory_xact_lock(...)", {}, _Deadlock())
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_process_batch", deadlock_once)
    assert process_pending(sessions, profile).cases_opened == 1
    assert len(calls) == 2  # the deadlock, then the retry
    with sessions() as session:
        assert _count(session, Case) == 1


def test_a_complaint_from_a_settlement_goes_to_its_akim_first(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(sessions, "Белкөлде Әбдіқадыров көшесі 5 үйде кешеден бері су жоқ, көмектесіңіздер!")
    process_pending(sessions, profile)
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        routed = session.scalars(select(CaseEvent).where(CaseEvent.action == "routed")).one()
    assert (case.district, case.department_code) == ("Белкөл", "akim_belkol")
    assert routed.reason == "category water in Белкөл: its akim's office first"


def test_posts_about_one_unlisted_street_in_two_case_forms_make_one_case(
    sessions: sessionmaker[Session], profile: CityProfile
) -> None:
    _store(
        sessions,
        "Бірлік көшесінде 12 үйде екі күннен бері су жоқ! Көмектесіңіздерші",
        "Бірлік көшесі 12 үйдің тұрғындарымыз, таңнан бері су берілмеді, қашан береді?",
        minutes=30,
    )
    result = process_pending(sessions, profile)
    assert (result.cases_opened, result.merged) == (1, 1)
    with sessions() as session:
        case = session.scalars(select(Case)).one()
        assert (case.place_canonical, case.place_house) == ("Бірлік көшесі", "12")
