from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from halyq.cases.open import deadlines, route, routing_reason, track_for
from halyq.city.calendar import load_calendar
from halyq.city.profile import CityProfile

KZO = ZoneInfo("Asia/Qyzylorda")


@pytest.mark.parametrize(
    ("source", "track"),
    [
        ("telegram:kyzylorda_chat", "signal"),
        ("instagram:akimat", "signal"),
        ("import", "signal"),
        ("webform", "appeal"),
        ("email:akimat@kzo", "appeal"),
        ("open311", "appeal"),
    ],
)
def test_track_follows_the_channel(source: str, track: str) -> None:
    assert track_for(source) == track


def test_unknown_category_goes_to_triage(profile: CityProfile) -> None:
    assert route(profile, "water") == "housing_utilities"
    assert route(profile, "no-such-category") == profile.triage_department == "internal_policy"
    assert route(profile, "no-such-category", "Белкөл") == "internal_policy"


def test_a_settlement_goes_to_its_own_akim_first(profile: CityProfile) -> None:
    assert route(profile, "water", "Белкөл") == "akim_belkol"
    assert route(profile, "roads", "Ақжарма") == "akim_akzharma"
    assert "its akim's office first" in routing_reason(profile, "water", "Белкөл")
    # Bodies outside the akimat stay with the category: the akim cannot act for the police.
    assert route(profile, "public_order", "Белкөл") == "police"
    # A district the profile has no office for changes nothing.
    assert route(profile, "water", "Жалағаш") == "housing_utilities"


def test_signal_deadlines_use_the_category_hours(profile: CityProfile) -> None:
    calendar = load_calendar(profile)
    start = datetime(2026, 12, 15, 10, 0, tzinfo=KZO)  # Tuesday; the 16th is a holiday
    respond, due = deadlines(profile, calendar, category="water", track="signal", start=start)
    assert respond == datetime(2026, 12, 15, 14, 0, tzinfo=KZO)  # 4 office hours
    # 24 office hours: 8 on the 15th, none on the 16th, 9 on the 17th, 7 on the 18th.
    assert due == datetime(2026, 12, 18, 16, 0, tzinfo=KZO)


def test_appeal_deadlines_are_working_days_under_the_apc(profile: CityProfile) -> None:
    calendar = load_calendar(profile)
    start = datetime(2026, 12, 11, 15, 0, tzinfo=KZO)
    redirect_by, due = deadlines(profile, calendar, category="roads", track="appeal", start=start)
    assert redirect_by == datetime(2026, 12, 17, 18, 0, tzinfo=KZO)  # 3 working days
    # 15 working days: 1 January, 2 January (a Saturday, observed on the 4th) are off.
    assert due == datetime(2027, 1, 6, 18, 0, tzinfo=KZO)
