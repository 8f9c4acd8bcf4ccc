from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from halyq.nlp.when import find_event_date, local_date

# 2026-11-02 20:30 UTC is already 2026-11-03 01:30 in Kyzylorda (UTC+5).
LATE_EVENING_UTC = datetime(2026, 11, 2, 20, 30, tzinfo=UTC)
POSTED = date(2026, 11, 3)


def test_created_at_is_converted_to_kyzylorda_time() -> None:
    assert local_date(LATE_EVENING_UTC) == POSTED
    assert local_date(datetime(2026, 11, 3, 1, 30)) == POSTED  # naive means local already


@pytest.mark.parametrize(
    ("text", "days_back", "surface"),
    [
        ("Бүгін су жоқ", 0, "Бүгін"),
        ("Сегодня опять нет света", 0, "Сегодня"),
        ("Кеше Абай даңғылында жарық болмады", 1, "Кеше"),
        ("Вчера отключили газ", 1, "Вчера"),
        ("Алдыңгүні басталды", 2, "Алдыңгүні"),
        ("Позавчера прорвало трубу", 2, "Позавчера"),
        # A duration counts back whole days: the problem started three days ago.
        ("3 күн болды су жоқ", 3, "3 күн"),
        ("Нет воды уже 3 дня", 3, "3 дня"),
        ("Үш күннен бері жарық жоқ", 3, "Үш күннен"),
        ("Бір апта болды", 7, "Бір апта"),
        # An ordinal counts the first day as day one: the third day began two days ago.
        ("Нет воды уже третий день", 2, "третий день"),
        ("Бүгін 3-ші күн", 0, "Бүгін"),
        ("3-ші күн су жоқ", 2, "3-ші күн"),
    ],
)
def test_relative_expressions(text: str, days_back: int, surface: str) -> None:
    found = find_event_date(text, LATE_EVENING_UTC)
    assert found == (POSTED - timedelta(days=days_back), surface)


@pytest.mark.parametrize(
    ("text", "expected", "surface"),
    [
        ("12.11.2026 су болмады", date(2026, 11, 12), "12.11.2026"),
        ("с 30.10 нет воды", date(2026, 10, 30), "30.10"),
        ("12 қарашада өшірді", date(2026, 11, 12), "12 қарашада"),
        ("с 28 октября нет отопления", date(2026, 10, 28), "28 октября"),
        ("12 ноября 2025 года", date(2025, 11, 12), "12 ноября 2025"),
        ("2026-10-30 күні", date(2026, 10, 30), "2026-10-30"),
    ],
)
def test_explicit_dates(text: str, expected: date, surface: str) -> None:
    assert find_event_date(text, LATE_EVENING_UTC) == (expected, surface)


def test_a_date_without_a_year_is_the_nearest_one() -> None:
    january = datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=5)))
    assert find_event_date("28 желтоқсаннан бері жылу жоқ", january)[0] == date(2026, 12, 28)


def test_a_weekday_is_the_latest_one_not_after_the_post() -> None:
    # 2026-11-03 is a Tuesday.
    assert find_event_date("в понедельник отключили свет", LATE_EVENING_UTC)[0] == date(2026, 11, 2)
    assert find_event_date("Сейсенбі күні", LATE_EVENING_UTC)[0] == POSTED


def test_future_counts_go_forward() -> None:
    assert find_event_date("через 3 дня обещали", LATE_EVENING_UTC) == (
        date(2026, 11, 6),
        "через 3 дня",
    )


def test_the_first_expression_wins() -> None:
    assert find_event_date("Кеше айттым, 12 қарашаға дейін", LATE_EVENING_UTC)[1] == "Кеше"


def test_without_created_at_only_full_dates_resolve() -> None:
    assert find_event_date("Вчера отключили свет", None) == (None, None)
    assert find_event_date("12.11.2026 отключили", None) == (date(2026, 11, 12), "12.11.2026")


@pytest.mark.parametrize(
    "text",
    ["Су жоқ", "1.5 литр су", "спорт кешені жабық", "сағат 10.30-да", "Абай 45 үй", ""],
)
def test_no_date(text: str) -> None:
    assert find_event_date(text, LATE_EVENING_UTC) == (None, None)


@pytest.mark.parametrize(
    "created_at", [datetime.max.replace(tzinfo=UTC), datetime.min.replace(tzinfo=UTC)]
)
@pytest.mark.parametrize("text", ["кеше", "через 3 дня", "3 күн", "третий день", "в понедельник"])
def test_the_ends_of_the_calendar_do_not_raise(created_at: datetime, text: str) -> None:
    found, _ = find_event_date(text, created_at)
    assert found is None or date.min <= found <= date.max
