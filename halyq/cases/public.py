"""What anybody may see of a case: the status page and the Open311 read API show only this.

Never a post's text, an author, a phone, an IIN or a name. The place is given at street level
at most: a house number with the street and a flat number point at one household, so neither
is shown, and a map point is rounded to three decimals (about 100 m). Reasons are shown only
for `rejected`, `redirected` and `forwarded` (the resident must learn why), with personal data
removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from halyq.cases.workflow import CLOSED_STATUSES
from halyq.db.answers import CaseAnswer
from halyq.db.models import Case, CaseEvent
from halyq.nlp.pii import is_luhn_valid, redact

# Statuses whose reason the public sees: the resident must know why nothing will be done here
# (and, for a case forwarded to a body outside the akimat, where it went).
REASON_SHOWN = frozenset({"rejected", "redirected", "forwarded"})
POINT_DECIMALS = 3
_TRACKING_RE = re.compile(r"^\s*(?:№|N|No\.?)?\s*(\d{1,12})\s*[-–—]?\s*(\d)\s*$", re.IGNORECASE)
# A house or flat number after a street name: "Сейфуллина 18", "Абай даңғылы 45-те", "кв. 7".
_TRAILING_NUMBER_RE = re.compile(
    r"[\s,]+(?:(?:үй|д\.|дом|кв\.?|квартира|пәтер)\s*)?№?\s*\d+[\w/-]*\s*$", re.IGNORECASE
)
_FLAT_RE = re.compile(r"(?i)(?<!\w)(?:кв\.?|квартир\w*|пәтер\w*)\s*№?\s*\d+[\w/-]*")
FLAT_MASK = "[пәтер/кв.]"


@dataclass(frozen=True)
class PublicStep:
    """One status change: when, to what, and why only where REASON_SHOWN."""

    at: datetime
    status: str
    reason: str | None


@dataclass(frozen=True)
class PublicAnswer:
    text: str  # personal data removed
    lang: str
    at: datetime


@dataclass(frozen=True)
class PublicCase:
    """A case as the public sees it."""

    tracking_number: str
    token: str
    category: str
    status: str
    closed: bool
    department_code: str
    opened_at: datetime
    due_at: datetime
    updated_at: datetime
    place: str | None
    lat: float | None
    lon: float | None
    description: str
    answer: PublicAnswer | None
    duplicate_of: str | None  # the tracking number of the case it was merged into


def tracking_number(case_id: int) -> str:
    """ "1042-7": the case id and a Luhn check digit, so a mistyped number finds nothing."""
    digits = str(case_id)
    check = next(d for d in "0123456789" if is_luhn_valid(digits + d))
    return f"{digits}-{check}"


def case_id_of(number: str) -> int | None:
    """The case id in a tracking number as people type it ("№1042-7", "1042 7"), or None."""
    match = _TRACKING_RE.match(number or "")
    if match is None or not is_luhn_valid(match.group(1) + match.group(2)):
        return None
    return int(match.group(1))


def public_case(case: Case, answer: CaseAnswer | None) -> PublicCase:
    """The public view of a case with its current answer (None: not answered yet)."""
    lat, lon = public_point(case)
    return PublicCase(
        tracking_number=tracking_number(case.id),
        token=case.public_token,
        category=case.category,
        status=case.status,
        closed=case.status in CLOSED_STATUSES,
        department_code=case.department_code,
        opened_at=case.opened_at,
        due_at=case.due_at,
        updated_at=case.updated_at,
        place=public_place(case),
        lat=lat,
        lon=lon,
        description=public_text(case.summary),
        answer=PublicAnswer(answer.public_text, answer.lang, answer.at) if answer else None,
        duplicate_of=tracking_number(case.duplicate_of_id) if case.duplicate_of_id else None,
    )


def public_place(case: Case) -> str | None:
    """The street, area or settlement of a case: never the house, never a flat."""
    name = case.place_canonical or case.district
    if not name:
        return None
    while True:  # "Сейфуллина 18 кв 3" loses both numbers
        shorter = _TRAILING_NUMBER_RE.sub("", name)
        if shorter == name or not shorter.strip():
            break
        name = shorter
    return redact(name.strip()) or None


def public_point(case: Case) -> tuple[float | None, float | None]:
    if case.lat is None or case.lon is None:
        return None, None
    return round(case.lat, POINT_DECIMALS), round(case.lon, POINT_DECIMALS)


def public_text(text: str | None) -> str:
    """Personal data and flat numbers removed."""
    return _FLAT_RE.sub(FLAT_MASK, redact(text or ""))


def timeline(session: Session, case_id: int) -> list[PublicStep]:
    """The case's status changes, oldest first; no actors, reasons only where REASON_SHOWN."""
    query = (
        select(CaseEvent)
        .where(CaseEvent.case_id == case_id, CaseEvent.action.in_(("opened", "status")))
        .order_by(CaseEvent.id)
    )
    return [
        PublicStep(
            at=event.at,
            status=event.to_value or "",
            reason=public_text(event.reason) or None if event.to_value in REASON_SHOWN else None,
        )
        for event in session.scalars(query)
    ]


def case_by_token(session: Session, token: str) -> Case | None:
    return session.scalars(select(Case).where(Case.public_token == token)).one_or_none()


def case_by_number(session: Session, number: str) -> Case | None:
    case_id = case_id_of(number)
    return session.get(Case, case_id) if case_id is not None else None


def public_reasons(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    """Why each case was last rejected, redirected or forwarded, redacted: {case_id: why}."""
    if not case_ids:
        return {}
    latest = (
        select(func.max(CaseEvent.id))
        .where(
            CaseEvent.case_id.in_(case_ids),
            CaseEvent.action == "status",
            CaseEvent.to_value.in_(sorted(REASON_SHOWN)),
        )
        .group_by(CaseEvent.case_id)
    )
    rows = session.execute(
        select(CaseEvent.case_id, CaseEvent.reason).where(CaseEvent.id.in_(latest))
    )
    return {case_id: public_text(reason) for case_id, reason in rows if reason}
