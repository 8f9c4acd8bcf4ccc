"""Reading cell and form values: money exactly, dates in three spellings, counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halyq.civil import values


@pytest.mark.parametrize(
    "given_value",
    [
        "22 227 000",
        "22227000",
        "22 227 000,00",
        "22\u00a0227\u00a0000",
        "22 227 000 тг",
        "22 227 000 теңге",
        "22.227.000,00",
        "22,227,000",
        "22,227,000.00",
        22227000,
        22227000.0,
    ],
)
def test_tenge_reads_the_ways_people_write_it(given_value: object) -> None:
    assert values.tenge(given_value) == 22_227_000


@pytest.mark.parametrize(
    ("given_value", "says"),
    [
        ("22 227 000,50", "tiyn"),
        ("1500.5", "tiyn"),
        (1500.5, "fraction"),
        ("-5 000", "negative"),
        (-1, "negative"),
        ("двадцать", "not an amount"),
        ("1,000.000,00", "not an amount"),
        ("1,000,00", "not an amount"),
        (True, "not a number"),
        (1e20, "too large"),
    ],
)
def test_tenge_refuses_with_a_reason(given_value: object, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        values.tenge(given_value)


@given(st.integers(0, 10**15), st.sampled_from([" ", "\u00a0", ".", ","]), st.booleans())
def test_tenge_grouped_any_way_reads_back_exactly(amount: int, sep: str, tiyn: bool) -> None:
    grouped = f"{amount:,}".replace(",", sep)
    decimal = "," if sep != "," else "."
    assert values.tenge(grouped + (f"{decimal}00" if tiyn else "")) == amount


@pytest.mark.parametrize(
    "given_value",
    ["2026-03-11", "11.03.2026", "11.3.2026", datetime(2026, 3, 11, 0, 0),
     date(2026, 3, 11), " 2026-03-11 ", "2026-03-11T00:00:00"],
)  # fmt: skip
def test_dates(given_value: object) -> None:
    assert values.day(given_value) == date(2026, 3, 11)


@pytest.mark.parametrize(
    ("given_value", "says"),
    [("31.02.2026", "not a date"), ("2026-13-01", "not a date"), ("вчера", "not a date"),
     (46000, "number, not a date"), ("03/11/2026", "not a date")],
)  # fmt: skip
def test_bad_dates(given_value: object, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        values.day(given_value)


def test_moment_without_zone_is_kyzylorda_time() -> None:
    assert values.moment("2026-03-11 14:30") == datetime(2026, 3, 11, 9, 30, tzinfo=UTC)
    assert values.moment(datetime(2026, 3, 11, 14, 30)) == datetime(2026, 3, 11, 9, 30, tzinfo=UTC)
    assert values.moment("2026-03-11T14:30+00:00") == datetime(2026, 3, 11, 14, 30, tzinfo=UTC)
    assert values.moment("11.03.2026") == datetime(2026, 3, 10, 19, 0, tzinfo=UTC)
    assert values.moment(None) is None


def test_counts_and_years() -> None:
    assert values.count("1 200") == 1200
    assert values.count(15.0) == 15
    assert values.count("") is None
    for bad, says in (("-3", "negative"), ("12.5", "whole number"), (2.5, "fraction")):
        with pytest.raises(ValueError, match=says):
            values.count(bad)
    assert values.year("2026") == 2026
    with pytest.raises(ValueError, match="year"):
        values.year(26)


def test_bin_typed_as_a_number_gets_its_leading_zero_back() -> None:
    assert values.bin_digits(30540000123) == "030540000123"
    assert values.bin_digits("0305 4000 0123") == "030540000123"


def test_choice_accepts_code_or_label_in_either_language() -> None:
    labels = {"public_foundation": ("Қоғамдық қор", "Общественный фонд")}
    allowed = ("public_association", "public_foundation")
    for spelling in ("public_foundation", "қоғамдық қор", "ОБЩЕСТВЕННЫЙ ФОНД"):
        assert values.choice(spelling, allowed, labels) == "public_foundation"
    with pytest.raises(ValueError, match="not one of: public_association, public_foundation"):
        values.choice("ТОО", allowed, labels)


def test_text_list_and_length() -> None:
    assert values.text_list("жастар; отбасы;; жастар\nспорт") == ["жастар", "отбасы", "спорт"]
    assert values.text(101.0) == "101"
    with pytest.raises(ValueError, match="at most 5"):
        values.text("abcdef", max_length=5)
