import pytest

from halyq.nlp.pii import find_pii, is_valid_iin, redact

VALID_IIN = "870412300129"
VALID_IIN_SECOND_WEIGHTS = "870412300005"  # first remainder is 10, the second weights decide
INVALID_IIN = "870412300123"


@pytest.mark.parametrize(
    "phone",
    [
        "+7 701 234 56 78",
        "8 (7242) 23-45-67",
        "87011234567",
        "8-701-123-45-67",
        "+77011234567",
        "+7 (777) 123-45-67",
        "8 777 000 00 00",
    ],
)
def test_kazakhstan_phone_formats_are_replaced(phone: str) -> None:
    assert redact(f"Звоните {phone}, спросите Айгуль") == "Звоните [телефон], спросите Айгуль"


def test_a_city_number_is_replaced_when_the_post_says_it_is_a_phone() -> None:
    assert redact("Диспетчер тел: 23-45-67") == "Диспетчер тел: [телефон]"


def test_a_foreign_number_is_found_by_the_phonenumbers_library() -> None:
    assert redact("Uzbek nomer +998 90 123 45 67") == "Uzbek nomer [телефон]"


def test_checksum_valid_iins_are_replaced() -> None:
    assert is_valid_iin(VALID_IIN)
    assert is_valid_iin(VALID_IIN_SECOND_WEIGHTS)
    text = f"Менің ЖСН {VALID_IIN}, анамдікі {VALID_IIN_SECOND_WEIGHTS}"
    assert redact(text) == "Менің ЖСН [ЖСН/ИИН], анамдікі [ЖСН/ИИН]"


def test_an_iin_with_a_wrong_check_digit_is_left_alone() -> None:
    assert not is_valid_iin(INVALID_IIN)
    assert redact(f"Номер заявки {INVALID_IIN}") == f"Номер заявки {INVALID_IIN}"


def test_an_iin_whose_second_remainder_is_ten_is_never_valid() -> None:
    assert not any(is_valid_iin(f"87041230008{digit}") for digit in range(10))


@pytest.mark.parametrize("bad", ["12345", "87041230012a", "8704123001290"])
def test_iin_needs_exactly_twelve_digits(bad: str) -> None:
    assert not is_valid_iin(bad)


def test_email_is_replaced_and_its_digits_are_not_a_phone() -> None:
    text = "Пишите 87011234567@mail.ru или aidana.k@gov.kz."
    assert redact(text) == "Пишите [email] или [email]."


def test_spans_point_into_the_original_text() -> None:
    text = f"Айдана, тел +7 701 234 56 78, ИИН {VALID_IIN}, a@b.kz"
    spans = find_pii(text)
    assert [s.kind for s in spans] == ["phone", "iin", "email"]
    assert [text[s.start : s.end] for s in spans] == ["+7 701 234 56 78", VALID_IIN, "a@b.kz"]


@pytest.mark.parametrize(
    "text",
    [
        "Абай даңғылы 45 үй, 12.11.2026 су жоқ",
        "Ремонт за 2 500 000 тенге, 3 дня, дом 12/3",
        "Счёт № 123456789012",
    ],
)
def test_dates_amounts_and_house_numbers_are_not_personal_data(text: str) -> None:
    assert redact(text) == text
