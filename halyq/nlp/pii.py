"""Personal data in a post: phones, IINs, e-mails, bank cards and names, found and replaced.

`redact` is what analysts and the public status page see: "Звоните 8 701 234 56 78" becomes
"Звоните [телефон]". An IIN (ЖСН/ИИН, the 12-digit personal number) is replaced only when its
check digit is right, and a card number only when it passes the Luhn check, so an order or
account number is left alone. Names: see names.py. Overlapping finds are merged, so a phone
is never half-replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from halyq.nlp.names import name_spans
from halyq.nlp.normalise import blank_spans

REPLACEMENTS = {
    "email": "[email]",
    "iin": "[ЖСН/ИИН]",
    "card": "[карта]",
    "phone": "[телефон]",
    "name": "[аты-жөні/ФИО]",
}
# An e-mail may contain digits, an IIN or a card is no phone; a name is the weakest claim.
_PRIORITY = {"email": 0, "iin": 1, "card": 2, "phone": 3, "name": 4}

# Bounded repetitions and a look-behind at the start keep every pattern linear on long texts.
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_TWELVE_DIGITS_RE = re.compile(r"(?<!\d)\d{12}(?!\d)")
# +7 / 8 / 7 and ten more digits, with spaces, dashes, dots or brackets between any of them.
_KZ_PHONE_RE = re.compile(r"(?<!\d)(?:\+[ \t]?7|8|7)(?:[ \t\-–.()]{0,3}\d){10}(?!\d)")
# Ten digits without the country prefix: "701 234 56 78", "(7242) 40-12-34".
_KZ_NATIONAL_RE = re.compile(r"(?<![\d+])\(?7(?:[ \t\-–.()]{0,3}\d){9}(?!\d)")
# 13 to 19 digits in groups ("4400 4305 8812 7644"); kept only when the Luhn check passes.
_CARD_RE = re.compile(r"(?<!\d)\d(?:[ \t\-]?\d){12,18}(?!\d)")
# A six-digit city number is only taken when the post says it is a phone: "тел: 23-45-67".
_LOCAL_PHONE_RE = re.compile(
    r"(?i)(?:тел(?:ефон)?|tel|phone|ұялы|байланыс)[.:]?[ \t]{0,3}(?:№[ \t]?)?"
    r"(?P<number>\d{2}[ \t\-]?\d{2}[ \t\-]?\d{2})(?!\d)"
)
_IIN_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))


@dataclass(frozen=True)
class PiiSpan:
    """Personal data at text[start:end] and what replaces it."""

    start: int
    end: int
    kind: str  # email | iin | card | phone | name
    replacement: str


def is_valid_iin(digits: str) -> bool:
    """Kazakhstan IIN/BIN check digit: weights 1..11; on remainder 10 weights 3..11,1,2;
    remainder 10 again means the number is invalid."""
    if len(digits) != 12 or not digits.isdigit():
        return False
    numbers = [int(d) for d in digits]
    for weights in _IIN_WEIGHTS:
        remainder = sum(n * w for n, w in zip(numbers, weights, strict=False)) % 11
        if remainder != 10:
            return remainder == numbers[11]
    return False


def is_luhn_valid(digits: str) -> bool:
    """The check every bank card number passes: "4400430588127644" -> True."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def find_pii(text: str) -> list[PiiSpan]:
    """All personal data in `text`, in text order; overlapping finds are merged into one span
    of the kind that matters most, so no part of a phone or IIN is left in the open."""
    phones = _phone_spans(text)
    candidates = [
        *((m.start(), m.end(), "email") for m in _EMAIL_RE.finditer(text)),
        *((m.start(), m.end(), "iin") for m in _TWELVE_DIGITS_RE.finditer(text)
          if is_valid_iin(m.group())),
        *((m.start(), m.end(), "card") for m in _CARD_RE.finditer(text)
          if is_luhn_valid(re.sub(r"\D", "", m.group()))),
        *phones,
        *((start, end, "name") for start, end in name_spans(text, [p[:2] for p in phones])),
    ]  # fmt: skip
    candidates.sort(key=lambda c: (c[0], _PRIORITY[c[2]], c[0] - c[1]))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in candidates:
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            stronger = kind if _PRIORITY[kind] < _PRIORITY[last_kind] else last_kind
            merged[-1] = (last_start, max(last_end, end), stronger)
            continue
        merged.append((start, end, kind))
    return [PiiSpan(start, end, kind, REPLACEMENTS[kind]) for start, end, kind in merged]


def _phone_spans(text: str) -> list[tuple[int, int, str]]:
    """Kazakh formats by pattern, then whatever else the phonenumbers library finds."""
    spans = [(m.start(), m.end(), "phone") for m in _KZ_PHONE_RE.finditer(text)]
    spans += [(m.start(), m.end(), "phone") for m in _KZ_NATIONAL_RE.finditer(text)]
    spans += [(*m.span("number"), "phone") for m in _LOCAL_PHONE_RE.finditer(text)]
    # The library is slow per number; blanking what the patterns found leaves it the rest
    # (other countries' formats) without shifting any offset.
    rest = blank_spans(text, [(start, end) for start, end, _ in spans])
    spans += [(m.start, m.end, "phone") for m in phonenumbers.PhoneNumberMatcher(rest, "KZ")]
    return spans


def redact(text: str) -> str:
    """`text` with phones, valid IINs, e-mails, cards and full names replaced by [телефон],
    [ЖСН/ИИН], [email], [карта] and [аты-жөні/ФИО]."""
    pieces: list[str] = []
    position = 0
    for span in find_pii(text):
        pieces.append(text[position : span.start])
        pieces.append(span.replacement)
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
