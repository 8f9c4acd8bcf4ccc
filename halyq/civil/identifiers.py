"""Kazakhstan's business identification number (БСН/БИН) of an NGO.

A BIN has 12 digits: year and month of registration (YYMM), the kind of entity (4 a resident
legal entity, 5 a non-resident one, 6 a joint individual entrepreneurship), a sign, a serial
number and a check digit. The check digit is the IIN's: weights 1..11, and when the remainder
is 10, weights 3..11,1,2; a remainder of 10 twice means no valid number has these digits.
The only PyPI package for Kazakh numbers (kz-iin-validator) parses a person's birth date and
refuses every BIN, so the check comes from halyq.nlp.pii, which the IIN redactor also uses.
"""

from __future__ import annotations

from halyq.nlp.pii import is_valid_iin

BIN_ENTITY_KINDS = frozenset("456")


def bin_problem(digits: str) -> str | None:
    """Why `digits` is not a BIN, in words, or None when it is one.

    "990740002243" → None; "990740002244" → "the check digit is wrong ...".
    """
    if len(digits) != 12 or not digits.isdigit():
        return f"'{digits}' is not a BIN: a BIN has exactly 12 digits"
    if not 1 <= int(digits[2:4]) <= 12:
        return f"'{digits}' is not a BIN: digits 3–4 are the month of registration (01–12)"
    if digits[4] not in BIN_ENTITY_KINDS:
        return (
            f"'{digits}' is not a BIN: its fifth digit {digits[4]} is not 4, 5 or 6 "
            "(the kind of legal entity); is it a person's IIN?"
        )
    if not is_valid_iin(digits):
        return f"'{digits}' is not a BIN: the check digit (the last one) is wrong; look for a typo"
    return None


def is_valid_bin(digits: str) -> bool:
    return bin_problem(digits) is None
