"""The answer to the residents of a case: drafted from the city's templates, saved, required
before the case is resolved.

Each save is a new CaseAnswer row and an `answered` CaseEvent; the newest row is the answer.
Resolving needs an answer saved since the case was last reopened (the old one did not solve
it). A social-media signal may be resolved with a short answer ("Жөнделді, рахмет!"); a formal
appeal under the Administrative Procedural Code needs a reasoned one, at least
MIN_APPEAL_ANSWER_CHARS long, which every template of the profile is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.public import public_place, public_text, tracking_number
from halyq.cases.workflow import (
    ActionConflict,
    ActionInvalid,
    Actor,
    check_may_change,
    lock_case,
)
from halyq.city.profile import Category, CityProfile, Department
from halyq.db.answers import ANSWER_LANGS, CaseAnswer
from halyq.db.models import Case, CaseEvent

MAX_ANSWER_CHARS = 4000  # Open311's limit for a description; a letter, not a report
MIN_APPEAL_ANSWER_CHARS = 80
_PLACEHOLDER_RE = re.compile(r"\{(?:number|place|department|category|date)\}")


def save_answer(
    session: Session, *, case_id: int, text: str, lang: str, actor: Actor, now: datetime
) -> CaseAnswer:
    """Store a new answer (the executor's text and its redacted public copy) and log it."""
    case = lock_case(session, case_id)
    check_may_change(actor, case)
    if case.status == "duplicate":
        raise ActionConflict(
            f"case {case_id} was merged into case {case.duplicate_of_id}; answer that case"
        )
    clean = _checked_text(text, lang)
    answer = CaseAnswer(
        case_id=case.id, lang=lang, text=clean, public_text=public_text(clean),
        author=actor.username, at=now,
    )  # fmt: skip
    session.add(answer)
    session.flush()
    case.updated_at = now
    record_event(
        session, case, at=now, action="answered", after=lang, actor=actor.username,
        details={"answer_id": answer.id, "chars": len(clean)},
    )  # fmt: skip
    session.flush()
    return answer


def latest_answer(session: Session, case_id: int) -> CaseAnswer | None:
    return latest_answers(session, [case_id]).get(case_id)


def latest_answers(session: Session, case_ids: Sequence[int]) -> dict[int, CaseAnswer]:
    """The current answer of each case that has one: {case_id: answer}, in one query."""
    if not case_ids:
        return {}
    newest = (
        select(func.max(CaseAnswer.id))
        .where(CaseAnswer.case_id.in_(case_ids))
        .group_by(CaseAnswer.case_id)
    )
    rows = session.scalars(select(CaseAnswer).where(CaseAnswer.id.in_(newest)))
    return {row.case_id: row for row in rows}


def check_answered(session: Session, case: Case) -> None:
    """ActionConflict unless the case may be resolved: answered since it was last reopened,
    and, for a formal appeal, at reasoned length."""
    last = session.scalars(
        select(CaseEvent)
        .where(
            CaseEvent.case_id == case.id,
            or_(
                CaseEvent.action == "answered",
                and_(CaseEvent.action == "status", CaseEvent.to_value == "reopened"),
            ),
        )
        .order_by(CaseEvent.id.desc())
        .limit(1)
    ).first()
    where = f"on the case page or by POST /api/v1/cases/{case.id}/answer"
    if last is None:
        raise ActionConflict(f"case {case.id} has no answer to its residents yet; save one {where}")
    if last.action != "answered":
        raise ActionConflict(
            f"case {case.id} was reopened after its answer; save a new one {where}"
        )
    answer = latest_answer(session, case.id)
    if case.track == "appeal" and answer is not None and len(answer.text) < MIN_APPEAL_ANSWER_CHARS:
        raise ActionConflict(
            f"case {case.id} is a formal appeal: its answer has {len(answer.text)} characters; "
            f"a reasoned answer has at least {MIN_APPEAL_ANSWER_CHARS}"
        )


def drafts(profile: CityProfile, case: Case, *, today: date) -> dict[str, str]:
    """{"kk": text, "ru": text}: the profile's template for the case's category, filled in;
    empty when the city has no answers.yaml."""
    if profile.answers is None:
        return {}
    templates = profile.answers.for_category(case.category)
    return {
        lang: text.format(**_values(profile, case, lang, today)) for lang, text in templates.items()
    }


def _values(profile: CityProfile, case: Case, lang: str, today: date) -> dict[str, str]:
    department = profile.departments.get(case.department_code)
    category = profile.categories.get(case.category)
    kazakh = lang == "kk"

    def name(item: Department | Category | None, code: str) -> str:
        return (item.name_kk if kazakh else item.name_ru) if item else code

    return {
        "number": tracking_number(case.id),
        "place": public_place(case) or (profile.name_kk if kazakh else profile.name_ru),
        "department": name(department, case.department_code),
        "category": name(category, case.category),
        "date": today.strftime("%d.%m.%Y"),
    }


def _checked_text(text: str, lang: str) -> str:
    if lang not in ANSWER_LANGS:
        raise ActionInvalid(f"unknown answer language '{lang}'; one of: {', '.join(ANSWER_LANGS)}")
    clean = "\n".join(line.rstrip() for line in (text or "").strip().splitlines())
    if not clean:
        raise ActionInvalid("the answer is empty")
    if len(clean) > MAX_ANSWER_CHARS:
        raise ActionInvalid(f"the answer has {len(clean)} characters; at most {MAX_ANSWER_CHARS}")
    left = _PLACEHOLDER_RE.search(clean)
    if left:
        raise ActionInvalid(f"the answer still has the placeholder {left.group(0)}; write it out")
    return clean
