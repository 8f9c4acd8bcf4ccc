"""Incident merging rules on the real databases: what joins an open case and what stays apart."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from halyq.cases.intake import Filed
from halyq.db.models import Case, CaseEvent
from tests.cases.conftest import T0, add_post, place

File = Callable[..., Filed]
Db = sessionmaker[Session]

BURST_KK = "Жібек жолы көшесі 12 үйдің алдында су құбыры жарылып кетті, үйде су жоқ!"
BURST_RU = "На Жибек жолы возле дома 12 прорвало трубу, вода хлещет на дорогу, воды нет."


def test_same_place_category_and_window_merge_with_the_evidence(db: Db, file: File) -> None:
    with db.begin() as session:
        first = file(session, add_post(session, BURST_KK), places=[place("Жібек жолы", "12")])
        later = add_post(session, BURST_RU, at=T0 + timedelta(hours=3))
        second = file(session, later, places=[place("Жібек жолы", "12")])
        assert first.how == "opened" and second.how == "merged"
        assert second.case.id == first.case.id
        event = session.scalars(select(CaseEvent).where(CaseEvent.to_value == str(later.id))).one()
        assert event.action == "post_linked" and event.actor == "system"
        assert event.details is not None
        assert event.details["rule"] == "same_place"
        assert event.details["address_match"] == "same house"
        assert event.details["window_hours"] == 48
        assert event.reason is not None and "Жібек жолы 12" in event.reason
        assert second.case.residents == 2
        assert second.case.last_post_at == later.created_at


@pytest.mark.parametrize(
    ("second_place", "category", "hours"),
    [
        (place("Жібек жолы", "14"), "water", 1),  # another house
        (place("Абай", "12"), "water", 1),  # another street
        (place("Жібек жолы", "12"), "roads", 1),  # another problem
        (place("Жібек жолы", "12"), "water", 24 * 30),  # a month later
        (place("Жібек жолы", "12"), "water", 49),  # past the 48-hour window for water
    ],
    ids=["other-house", "other-street", "other-problem", "month-later", "past-window"],
)
def test_different_house_problem_or_time_stays_apart(
    db: Db, file: File, second_place: dict[str, str], category: str, hours: int
) -> None:
    with db.begin() as session:
        first = file(session, add_post(session), places=[place("Жібек жолы", "12")])
        post = add_post(session, "Басқа мәтін, басқа шағым.", at=T0 + timedelta(hours=hours))
        second = file(session, post, category=category, places=[second_place])
        assert second.how == "opened" and second.case.id != first.case.id


def test_the_same_family_and_an_unknown_house_merge(db: Db, file: File) -> None:
    with db.begin() as session:
        first = file(session, add_post(session), category="electricity", places=[place("Белкөл")])
        post = add_post(session, "Белкөлде жарық жоқ, қазандық тоқтады, үй суып барады.")
        second = file(session, post, category="heating", places=[place("Белкөл", "7")])
        assert second.how == "merged" and second.case.id == first.case.id


def test_a_runner_up_category_counts_only_at_the_same_house(db: Db, file: File) -> None:
    scores = {"roads": 0.67, "water": 0.33}
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Жібек жолы", "12")]).case
        exact = file(
            session, add_post(session, "вода течёт по улице"), category="roads", scores=scores,
            places=[place("Жібек жолы", "12")],
        )  # fmt: skip
        vague = file(
            session, add_post(session, "вода течёт по улице"), category="roads", scores=scores,
            places=[place("Жібек жолы")],
        )  # fmt: skip
        assert exact.case.id == case.id and vague.case.id != case.id


def test_a_kazakh_and_a_russian_post_through_the_pipeline_join_one_case(
    db: Db, profile: object
) -> None:
    from halyq.pipeline import process_post

    with db.begin() as session:
        kk = process_post(session, profile, add_post(session, BURST_KK), now=T0)  # type: ignore[arg-type]
        ru_post = add_post(session, BURST_RU, at=T0 + timedelta(minutes=14))
        ru = process_post(session, profile, ru_post, now=T0)  # type: ignore[arg-type]
        assert kk is not None and ru is not None
        assert (kk.how, ru.how) == ("opened", "merged")
        assert ru.case.id == kk.case.id and ru.case.residents == 2


REPOST = (
    "Қымбатты әкімдік! Мұстафа Шоқай көшесіндегі балалар алаңында әткеншек сынып қалған, "
    "темірі шығып тұр, балалар жарақат алуы мүмкін. Тезірек жөндеңіздерші!"
)


def test_a_near_copy_joins_its_original_even_without_a_place(db: Db, file: File) -> None:
    with db.begin() as session:
        first = file(session, add_post(session, REPOST), category="landscaping")
        copy = add_post(session, "Репост: " + REPOST + " #Қызылорда", at=T0 + timedelta(days=5))
        second = file(session, copy, category="landscaping")
        assert second.how == "merged" and second.case.id == first.case.id
        event = session.scalars(select(CaseEvent).where(CaseEvent.to_value == str(copy.id))).one()
        assert event.details is not None and event.details["rule"] == "near_copy"
        assert event.details["jaccard"] >= 0.6 and "near-copy of post" in (event.reason or "")


def test_a_near_copy_about_another_house_stays_apart(db: Db, file: File) -> None:
    text = "Абай даңғылы {} үйде үш күннен бері ыстық су жоқ, ПИК телефон көтермейді, көмектесіңдер"
    with db.begin() as session:
        first = file(session, add_post(session, text.format(12)), places=[place("Абай", "12")])
        other = add_post(session, text.format(40), at=T0 + timedelta(hours=1))
        second = file(session, other, places=[place("Абай", "40")])
        assert second.how == "opened" and second.case.id != first.case.id


def test_short_identical_texts_are_not_near_copies(db: Db, file: File) -> None:
    with db.begin() as session:
        first = file(session, add_post(session, "Су жоқ!!!"), places=[place("Абай")])
        second = file(session, add_post(session, "Су жоқ!!!"), places=[place("Шұғыла")])
        assert second.case.id != first.case.id


def test_residents_are_distinct_authors_and_each_anonymous_post(db: Db, file: File) -> None:
    where = [place("Жібек жолы", "12")]
    with db.begin() as session:
        case = file(session, add_post(session, author="aigul"), places=where).case
        for author in ("aigul", "aigul", "marat", None, None):
            assert file(session, add_post(session, author=author), places=where).case is case
        assert case.residents == 4  # aigul, marat and two anonymous posts
        posts = session.scalar(select(Case.residents).where(Case.id == case.id))
        assert posts == 4


def test_closed_cases_take_no_new_posts(db: Db, file: File) -> None:
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Жібек жолы", "12")]).case
        case.status = "closed"
        again = file(session, add_post(session), places=[place("Жібек жолы", "12")])
        assert again.how == "opened"


def test_points_coarser_than_an_address_never_merge_by_distance(db: Db, file: File) -> None:
    # Without OSM data every place falls back to the city centre: one point, many incidents.
    centre = {"lat": 44.85, "lon": 65.5, "precision": "city"}
    area = {"lat": 44.86, "lon": 65.51, "precision": "area"}
    with db.begin() as session:
        first = file(session, add_post(session), places=[place("Абай", "45", **centre)]).case
        other = file(session, add_post(session), places=[place("Жібек жолы", "3", **centre)])
        assert other.how == "opened" and other.case.id != first.id
        inside = file(session, add_post(session), places=[place("Шұғыла", **area)]).case
        beside = file(session, add_post(session), places=[place("Арай", **area)])
        assert beside.case.id != inside.id


def test_map_points_within_the_distance_merge(db: Db, file: File) -> None:
    here = {"lat": 44.8480, "lon": 65.4820, "precision": "address"}
    near = {"lat": 44.8485, "lon": 65.4823, "precision": "address"}  # about 60 m away
    far = {"lat": 44.8600, "lon": 65.4820, "precision": "address"}  # about 1.3 km away
    with db.begin() as session:
        case = file(session, add_post(session), places=[place("Орталық алаң", **here)]).case
        close = file(session, add_post(session), places=[place("Саябақ", **near)])
        distant = file(session, add_post(session), places=[place("Базар", **far)])
        assert close.case.id == case.id and distant.case.id != case.id
        assert close.case.events[-1].details["address_match"] == "map point"  # type: ignore[index]


def test_an_appeal_joining_a_signal_makes_the_case_an_appeal(db: Db, file: File) -> None:
    where = [place("Жібек жолы", "12")]
    with db.begin() as session:
        case = file(session, add_post(session), places=where).case
        due = case.due_at
        appeal = add_post(session, source="webform", at=T0 + timedelta(hours=1))
        assert file(session, appeal, places=where).case is case
        assert case.track == "appeal" and case.due_at <= due
        assert [e.action for e in case.events][-1] == "track"
