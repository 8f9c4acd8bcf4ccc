"""Forwarding: a case for a body outside the akimat (police, ecology, anti-corruption,
emergencies) goes there with a ready cover letter and becomes `forwarded`.

The letter is kept as written (`ForwardLetter`), and the status event carries the reason, the
department and the SHA-256 of the letter's plain text, so the audit trail proves what was sent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.letters.compose import LetterError, compose_letter, letter_sha256
from halyq.cases.workflow import (
    ActionInvalid,
    Actor,
    check_specialist,
    check_transition,
    clean_reason,
    lock_case,
    reroute,
)
from halyq.city.profile import CityProfile
from halyq.db.models import Case, CasePost, Post
from halyq.db.notices import ForwardLetter


def external_departments(profile: CityProfile) -> list[str]:
    """The codes of the bodies outside the akimat a case can be forwarded to."""
    return [code for code, dept in profile.departments.items() if dept.is_external]


def forward_case(
    session: Session,
    *,
    case_id: int,
    actor: Actor,
    reason: str | None,
    profile: CityProfile,
    now: datetime,
    department: str | None = None,
) -> Case:
    """Forward the case to `department` (default: its own, which must be outside the akimat)
    with a cover letter; analysts and admins only. Sending it elsewhere first reroutes it."""
    case = lock_case(session, case_id)
    check_specialist(actor, "forward cases")
    target = department or case.department_code
    outside = external_departments(profile)
    if target not in outside:
        raise ActionInvalid(
            f"'{target}' is not a body outside the akimat; a case is forwarded to one of: "
            f"{', '.join(outside)} (reroute it inside the akimat instead)"
        )
    check_transition(case, "forwarded")
    why = clean_reason(reason, required=True, what="forwarding")
    if target != case.department_code:
        case = reroute(
            session, case_id=case_id, department=target, actor=actor, reason=why,
            profile=profile, now=now,
        )  # fmt: skip
    try:
        blocks = compose_letter(
            profile, case=case, posts=_posts(session, case_id), department=target, at=now
        )
    except LetterError as exc:
        raise ActionInvalid(f"the cover letter cannot be written: {exc}") from None
    letter = ForwardLetter(
        case_id=case.id, department_code=target, created_at=now, created_by=actor.username,
        reason=why or "", blocks=blocks, sha256=letter_sha256(blocks),
    )  # fmt: skip
    session.add(letter)
    session.flush()
    before, case.status, case.updated_at = case.status, "forwarded", now
    record_event(
        session, case, at=now, action="status", before=before, after="forwarded", reason=why,
        actor=actor.username,
        details={"department": target, "letter_id": letter.id, "letter_sha256": letter.sha256},
    )  # fmt: skip
    session.flush()
    return case


def latest_letter(session: Session, case_id: int) -> ForwardLetter | None:
    """The last cover letter the case was forwarded with, or None."""
    query = (
        select(ForwardLetter)
        .where(ForwardLetter.case_id == case_id)
        .order_by(ForwardLetter.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def _posts(session: Session, case_id: int) -> list[Post]:
    query = (
        select(Post)
        .join(CasePost, CasePost.post_id == Post.id)
        .where(CasePost.case_id == case_id)
        .order_by(Post.created_at, Post.id)
    )
    return list(session.scalars(query))
