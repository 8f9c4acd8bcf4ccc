import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halyq.nlp.pii import find_pii, is_luhn_valid, is_valid_iin, redact

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


def test_a_card_number_that_passes_luhn_is_replaced() -> None:
    assert is_luhn_valid("4400430588127644")
    assert redact("Kaspi Gold: 4400 4305 8812 7644, анасы") == "Kaspi Gold: [карта], анасы"
    assert redact("карта 5522-0433-1975-6027") == "карта [карта]"


def test_a_long_number_that_fails_luhn_is_left_alone() -> None:
    assert not is_luhn_valid("4400430588127645")
    assert redact("Заказ 4400 4305 8812 7645") == "Заказ 4400 4305 8812 7645"


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "Мен, Жұмабаева Гүлнұр, 3 баланы тәрбиелеймін",
            "Мен, [аты-жөні/ФИО], 3 баланы тәрбиелеймін",
        ),
        ("Дәрігер Гүлмира Сейітқызына алғыс айтамын", "Дәрігер [аты-жөні/ФИО] алғыс айтамын"),
        (
            "Дежурный врач Ержан Муратович сам спустился",
            "Дежурный врач [аты-жөні/ФИО] сам спустился",
        ),
        ("Контактное лицо: Есенова Айгерим, тел.", "Контактное лицо: [аты-жөні/ФИО], тел."),
        ("Участковый Иванов А.К. не приходит", "Участковый [аты-жөні/ФИО] не приходит"),
        ("Ерлан Серікұлы Болатов келді", "[аты-жөні/ФИО] келді"),
        ("меня зовут Дана", "меня зовут [аты-жөні/ФИО]"),
    ],
)
def test_full_names_are_replaced(text: str, redacted: str) -> None:
    assert redact(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "Тоқмағамбетов көшесінде су жоқ",
        "На Гани Муратбаева, 28 прорыв трубы",
        "ул. Жахаева Ерлан жолы",  # a street, then a word
        "Назарбаев даңғылында кептеліс",
        "Шұғыла ықшамауданында жарық жоқ",
        "Спросите Айгуль, она знает",  # a lone given name identifies nobody
    ],
)
def test_streets_places_and_lone_given_names_stay(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        (
            "Сәуле Ахметова, 87015553322 хабарласыңыз",
            "[аты-жөні/ФИО], [телефон] хабарласыңыз",
        ),
        ("Менің атым Айгерім, 8 701 555 33 22", "Менің атым [аты-жөні/ФИО], [телефон]"),
        ("Звоните: Ахметова Сауле, 8-701-555-33-22", "Звоните: [аты-жөні/ФИО], [телефон]"),
        ("Иванов Сергей, +7 (701) 555-33-22, подъезд 2", "[аты-жөні/ФИО], [телефон], подъезд 2"),
        ("Айгерім, 8 701 555 33 22 жазыңыз", "[аты-жөні/ФИО], [телефон] жазыңыз"),
        ("Обращаться: Ерлан 87015553322", "Обращаться: [аты-жөні/ФИО] [телефон]"),
        ("Дана - +77015553322", "[аты-жөні/ФИО] - [телефон]"),
    ],
)
def test_a_name_before_a_phone_is_a_person_not_a_street_and_house(text: str, redacted: str) -> None:
    assert redact(text) == redacted


@pytest.mark.parametrize(
    "text",
    [
        "Гани Муратбаева, 28 үйде су жоқ",
        "На Гани Муратбаева, 12/3 прорыв трубы",
        "Шұғыла, 8 701 555 33 22",  # a microdistrict, not a given name before the phone
    ],
)
def test_a_street_and_house_next_to_a_name_stays_a_street(text: str) -> None:
    assert "[аты-жөні/ФИО]" not in redact(text)


def _iin(body: str) -> str | None:
    for digit in "0123456789":
        if is_valid_iin(body + digit):
            return body + digit
    return None


OPERATORS = st.sampled_from(["700", "701", "702", "705", "707", "747", "771", "775", "777", "778"])
SEPARATORS = st.sampled_from(["", " ", "-", " - ", ".", "  "])
PREFIXES = st.sampled_from(["+7", "+7 ", "8", "8 ", "7", "+7(", "8 (", ""])
# Surrounding text: words, spaces and punctuation, but no digits (they would make a longer number).
CONTEXT = st.lists(
    st.sampled_from([*"абвжқңүәіsuqjoкеш :,;!?()\n\t—«»@.-+/", "тел:", "ЖСН", "Айгүл"]),
    max_size=12,
).map("".join)


@st.composite
def phones(draw: st.DrawFn) -> str:
    operator, rest = draw(OPERATORS), draw(st.text("0123456789", min_size=7, max_size=7))
    prefix = draw(PREFIXES)
    closing = ")" if prefix.endswith("(") else ""
    parts = [operator + closing, rest[:3], rest[3:5], rest[5:]]
    return prefix + "".join(part + draw(SEPARATORS) for part in parts[:-1]) + parts[-1]


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@settings(max_examples=400, deadline=None)
@given(before=CONTEXT, phone=phones(), after=CONTEXT)
def test_no_phone_survives_redaction(before: str, phone: str, after: str) -> None:
    text = f"{before} {phone} {after}"
    redacted = redact(text)
    assert phone not in redacted
    assert _digits(phone)[-10:] not in _digits(redacted)


@settings(max_examples=300, deadline=None)
@given(
    before=CONTEXT,
    body=st.text("0123456789", min_size=11, max_size=11),
    after=CONTEXT,
)
def test_no_valid_iin_survives_redaction(before: str, body: str, after: str) -> None:
    iin = _iin(body)
    if iin is None:
        return  # no check digit makes this body valid: not an IIN
    redacted = redact(f"{before} {iin} {after}")
    assert iin not in _digits(redacted)


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(["Сәуле Ахметова", "Айгерім", "Ерлан Болатұлы", "Иванов Сергей", "Дана"]),
    gap=st.sampled_from([", ", " ", ": ", " - ", ","]),
    phone=phones(),
    after=CONTEXT,
)
def test_no_contact_name_or_phone_survives(name: str, gap: str, phone: str, after: str) -> None:
    redacted = redact(f"{name}{gap}{phone} {after}")
    assert name.split()[0] not in redacted
    assert _digits(phone)[-10:] not in _digits(redacted)
