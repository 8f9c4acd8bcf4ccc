"""The case state machine: which status may follow which, who may move a case, and rerouting.

    new → assigned → in_progress → resolved → closed
    plus reopened, redirected (not our competence), rejected (not a problem) and duplicate
    (only by merging into the original case, see cases.manual).

Every change is a CaseEvent. Executors change their own department's cases; analysts and
admins any case; heads read only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.cases.audit import SYSTEM, record_event
from halyq.city.profile import CityProfile
from halyq.db.models import Case
from halyq.notify.outbox import queue_case_notices

# The one table of allowed transitions: status → the statuses it may go to.
TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset(
        {"assigned", "in_progress", "redirected", "forwarded", "rejected", "duplicate"}
    ),
    "assigned": frozenset(
        {"in_progress", "resolved", "redirected", "forwarded", "rejected", "duplicate"}
    ),
    "in_progress": frozenset({"resolved", "redirected", "forwarded", "rejected", "duplicate"}),
    "resolved": frozenset({"closed", "reopened"}),
    "closed": frozenset({"reopened"}),
    "reopened": frozenset(
        {"assigned", "in_progress", "resolved", "redirected", "forwarded", "rejected", "duplicate"}
    ),
    "redirected": frozenset({"closed", "reopened"}),
    # Sent with a cover letter to a body outside the akimat (police, ecology, ...): only by
    # cases.forwarding.forward_case, which writes the letter.
    "forwarded": frozenset({"closed", "reopened"}),
    "rejected": frozenset({"reopened"}),
    "duplicate": frozenset(),
}
STATUSES = tuple(TRANSITIONS)
# Moving to these needs a reason the resident or the auditor can read.
REASON_REQUIRED = frozenset({"redirected", "rejected", "reopened", "duplicate", "forwarded"})
# Reached only through their own action (merging, forwarding), never a plain transition.
OWN_ACTION_STATUSES = frozenset({"duplicate", "forwarded"})
# A case in one of these states needs nothing more from its department.
CLOSED_STATUSES = frozenset({"closed", "resolved", "rejected", "duplicate"})
# New complaints about the same incident may join a case in these states.
OPEN_STATUSES = frozenset(STATUSES) - CLOSED_STATUSES
# May change any case (merge, split, reroute, any transition).
SPECIALIST_ROLES = frozenset({"admin", "analyst", SYSTEM})
MAX_REASON_CHARS = 2000


class CaseActionError(ValueError):
    """A case action that cannot be done as asked; the message says why and what can."""


class ActionConflict(CaseActionError):
    """The case's current state does not allow the action (HTTP 409)."""


class ActionInvalid(CaseActionError):
    """The request itself is wrong: no reason, unknown department or status (HTTP 422)."""


class ActionForbidden(PermissionError):
    """This user's role or department may not change this case (HTTP 403)."""


class NotFound(LookupError):
    """What the action names does not exist (HTTP 404): a case, a post."""


class CaseNotFound(NotFound):
    pass


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user's name, role and department, or the system itself."""

    username: str
    role: str  # admin | analyst | executor | head | system
    department_code: str | None = None


SYSTEM_ACTOR = Actor(SYSTEM, SYSTEM)


def may_change(actor: Actor, case: Case) -> bool:
    """Executors their own department's cases, specialists any, heads none."""
    if actor.role in SPECIALIST_ROLES:
        return True
    return actor.role == "executor" and actor.department_code == case.department_code


def next_statuses(status: str) -> list[str]:
    """What a user may move a case in `status` to, in workflow order (duplicate is by merge)."""
    allowed = TRANSITIONS.get(status, frozenset())
    return [code for code in STATUSES if code in allowed and code not in OWN_ACTION_STATUSES]


def lock_case(session: Session, case_id: int) -> Case:
    """The case, row-locked until commit on PostgreSQL so concurrent changes queue up."""
    query = (
        select(Case)
        .where(Case.id == case_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    case = session.scalars(query).one_or_none()
    if case is None:
        raise CaseNotFound(f"no case {case_id}")
    return case


def transition(
    session: Session,
    *,
    case_id: int,
    to_status: str,
    actor: Actor,
    reason: str | None,
    now: datetime,
) -> Case:
    """Move a case to `to_status` if the table allows it and the actor may; logs the event."""
    case = lock_case(session, case_id)
    check_may_change(actor, case)
    if to_status == "duplicate":
        raise ActionInvalid(
            f"to mark case {case_id} a duplicate, merge it into the original case "
            "(POST /api/v1/cases/ORIGINAL/merge)"
        )
    if to_status == "forwarded":
        raise ActionInvalid(
            f"to forward case {case_id}, use POST /api/v1/cases/{case_id}/forward "
            "(it writes the cover letter)"
        )
    check_transition(case, to_status)
    if to_status == "resolved":
        from halyq.cases.answers import check_answered  # answers builds on this module

        check_answered(session, case)  # no case is resolved without an answer to its residents
    why = clean_reason(reason, required=to_status in REASON_REQUIRED, what=f"'{to_status}'")
    before, case.status, case.updated_at = case.status, to_status, now
    record_event(
        session, case, at=now, action="status", before=before, after=to_status,
        reason=why, actor=actor.username,
    )  # fmt: skip
    session.flush()
    return case


def reroute(
    session: Session,
    *,
    case_id: int,
    department: str,
    actor: Actor,
    reason: str | None,
    profile: CityProfile,
    now: datetime,
) -> Case:
    """Send an open case to another department; needs a reason, logged as `rerouted`."""
    case = lock_case(session, case_id)
    check_may_change(actor, case)
    if case.status in CLOSED_STATUSES:
        raise ActionConflict(f"case {case_id} is '{case.status}'; reopen it before rerouting")
    if department not in profile.departments:
        known = ", ".join(sorted(profile.departments))
        raise ActionInvalid(f"unknown department '{department}'; one of: {known}")
    if department == case.department_code:
        raise ActionInvalid(f"case {case_id} is already with '{department}'")
    why = clean_reason(reason, required=True, what="rerouting")
    before, case.department_code, case.updated_at = case.department_code, department, now
    record_event(
        session, case, at=now, action="rerouted", before=before, after=department,
        reason=why, actor=actor.username,
    )  # fmt: skip
    queue_case_notices(session, case, kind="new", now=now)  # new to that department
    session.flush()
    return case


def check_may_change(actor: Actor, case: Case) -> None:
    if not may_change(actor, case):
        if actor.role == "executor":
            raise ActionForbidden("executors change only their own department's cases")
        raise ActionForbidden(f"the role '{actor.role}' may not change cases")


def check_specialist(actor: Actor, what: str) -> None:
    if actor.role not in SPECIALIST_ROLES:
        raise ActionForbidden(f"only analysts and admins may {what}")


def check_transition(case: Case, to_status: str) -> None:
    if to_status not in TRANSITIONS:
        raise ActionInvalid(f"unknown status '{to_status}'; one of: {', '.join(STATUSES)}")
    if to_status not in TRANSITIONS.get(case.status, frozenset()):
        options = ", ".join(next_statuses(case.status)) or "nothing (it is final)"
        raise ActionConflict(
            f"case {case.id} is '{case.status}'; from there it can go to: {options}"
        )


def clean_reason(reason: str | None, *, required: bool, what: str) -> str | None:
    """The reason trimmed; ActionInvalid when one is required and missing or too long."""
    text = " ".join((reason or "").split())
    if required and not text:
        raise ActionInvalid(f"{what} needs a reason")
    if len(text) > MAX_REASON_CHARS:
        raise ActionInvalid(f"the reason has {len(text)} characters; at most {MAX_REASON_CHARS}")
    return text or None
