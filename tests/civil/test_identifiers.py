"""BIN checks, against check digits computed in the test by the published algorithm
(conftest.check_digit: weights 1..11, then 3..11,1,2 when the remainder is 10)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halyq.civil.identifiers import bin_problem, is_valid_bin

BODIES = st.builds(
    lambda yymm, kind, serial: f"{yymm}{kind}0{serial:05d}",
    st.sampled_from(["0305", "1001", "1512", "2406"]),
    st.sampled_from("456"),
    st.integers(0, 99999),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=BODIES)
def test_only_the_computed_check_digit_is_valid(
    body: str, bin_check_digit: Callable[[str], int | None]
) -> None:
    expected = bin_check_digit(body)
    valid = [digit for digit in "0123456789" if is_valid_bin(body + digit)]
    assert valid == ([] if expected is None else [str(expected)])


def test_second_weights_decide_when_the_first_remainder_is_ten(
    bin_check_digit: Callable[[str], int | None],
) -> None:
    def first_remainder(body: str) -> int:
        return sum(int(d) * w for d, w in zip(body, range(1, 12), strict=True)) % 11

    bodies = (f"100540{n:05d}" for n in range(100000))
    body = next(b for b in bodies if first_remainder(b) == 10 and bin_check_digit(b) is not None)
    digit = bin_check_digit(body)
    assert digit is not None and is_valid_bin(f"{body}{digit}")
    assert not is_valid_bin(f"{body}{(digit + 1) % 10}")


def test_no_digit_completes_a_number_whose_remainder_is_ten_twice(
    bin_check_digit: Callable[[str], int | None],
) -> None:
    body = next(
        f"100540{n:05d}" for n in range(100000) if bin_check_digit(f"100540{n:05d}") is None
    )
    assert not any(is_valid_bin(body + digit) for digit in "0123456789")


def test_problems_say_what_is_wrong(
    new_bin: Callable[..., str], bin_check_digit: Callable[[str], int | None]
) -> None:
    good = new_bin(123)
    assert bin_problem(good) is None
    wrong_check = good[:11] + str((int(good[11]) + 1) % 10)
    assert "check digit" in (bin_problem(wrong_check) or "")
    assert "12 digits" in (bin_problem(good[:11]) or "")
    assert "12 digits" in (bin_problem(good[:11] + "x") or "")
    assert "month" in (bin_problem("101340001234") or "")
    # A person's IIN (fifth digit 0–3: the day of birth) is not a BIN, even with a right check.
    person = "8501153" + "0012"
    iin = person + str(bin_check_digit(person))
    assert "IIN" in (bin_problem(iin) or "")
