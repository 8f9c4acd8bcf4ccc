from datetime import UTC, datetime

import pytest

from halyq.city.profile import CityProfile, load_profile


@pytest.fixture(scope="session")
def profile() -> CityProfile:
    return load_profile("kyzylorda")


@pytest.fixture
def winter_morning() -> datetime:
    """2026-01-15 09:00 in Kyzylorda (UTC+5)."""
    return datetime(2026, 1, 15, 4, 0, tzinfo=UTC)


@pytest.fixture
def summer_morning() -> datetime:
    """2026-07-15 09:00 in Kyzylorda (UTC+5)."""
    return datetime(2026, 7, 15, 4, 0, tzinfo=UTC)
