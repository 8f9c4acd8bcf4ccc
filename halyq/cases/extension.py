"""The appeal track's two APC rules beyond the 15 working days: the one extension of the
deadline with its notice to the applicant, and the redirect of what is not our competence.

The Administrative Procedural Code (art. 76): the term "может быть продлен мотивированным
решением руководителя ... на разумный срок, но не более чем до двух месяцев ..., о чем
извещается участник административной процедуры в течение трех рабочих дней со дня продления
срока"; an appeal outside the body's competence is redirected "не позднее трех рабочих дней
со дня его поступления". "До двух месяцев" caps the whole term: the extended deadline is at
most two calendar months after the appeal arrived (not two months added to the 15 days).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.workflow import (
    CLOSED_STATUSES,
    ActionConflict,
    ActionInvalid,
    Actor,
    check_may_change,
    clean_reason,
    lock_case,
)
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Case, CaseEvent
from halyq.db.notices import CaseExtension
from halyq.notify.outbox import queue_case_notices

MAX_TERM_MONTHS = 2
NOTICE_WORKING_DAYS = 3
NOTICE_CHANNELS = ("email", "post", "sms", "phone", "egov", "in_person")
# A case in these states has left the department's hands: nothing to extend or redirect.
DONE_STATUSES = CLOSED_STATUSES | {"forwarded", "redirected"}
APPEAL_LEVELS = ("notice_overdue", "redirect_overdue")


def appeal_received_at(session: Session, case: Case) -> datetime:
    """When the appeal arrived: the case's opening, or the moment a formal appeal joined a
    case opened by a social-media signal."""
    joined = session.scalar(
        select(CaseEvent.at)
        .where(CaseEvent.case_id == case.id, CaseEvent.action == "track")
        .where(CaseEvent.to_value == "appeal")
        .order_by(CaseEvent.id)
        .limit(1)
    )
    return joined or case.opened_at


def latest_extension_day(calendar: WorkingCalendar, received: datetime) -> date:
    """The last working day the term can be extended to: two calendar months after the day
    the appeal arrived (31 December → 28/29 February), earlier if that day is a day off."""
    day: date = received.astimezone(calendar.zone).date() + relativedelta(months=MAX_TERM_MONTHS)
    while not calendar.is_working_day(day):
        day = date.fromordinal(day.toordinal() - 1)
    return day


def end_of_office_day(calendar: WorkingCalendar, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=calendar.zone) + calendar.office_end


def extend_deadline(
    session: Session,
    *,
    case_id: int,
    actor: Actor,
    reason: str | None,
    calendar: WorkingCalendar,
    now: datetime,
    until: date | None = None,
) -> Case:
    """Extend an appeal's resolution deadline once, to the end of `until` (default: the latest
    day allowed), with the head's reason; the applicant must be told within 3 working days."""
    case = lock_case(session, case_id)
    check_may_change(actor, case)
    _check_extendable(session, case, now)
    why = clean_reason(reason, required=True, what="extending the deadline")
    limit = latest_extension_day(calendar, appeal_received_at(session, case))
    day = until or limit
    _check_day(calendar, case, day, limit)
    new_due = end_of_office_day(calendar, day)
    notice_due = end_of_office_day(
        calendar,
        calendar.add_working_days(now.astimezone(calendar.zone).date(), NOTICE_WORKING_DAYS),
    )
    session.add(
        CaseExtension(
            case_id=case.id, extended_at=now, extended_by=actor.username, reason=why or "",
            original_due_at=case.due_at, extended_due_at=new_due, notice_due_at=notice_due,
        )
    )  # fmt: skip
    before, case.due_at, case.updated_at = case.due_at, new_due, now
    record_event(
        session, case, at=now, action="extended", before=before.astimezone(UTC).isoformat(),
        after=new_due.astimezone(UTC).isoformat(), reason=why, actor=actor.username,
        details={"limit": limit.isoformat(), "notice_due_at": notice_due.isoformat(),
                 "notice_due_local": notice_due.strftime("%d.%m.%Y %H:%M")},
    )  # fmt: skip
    session.flush()
    return case


def record_extension_notice(
    session: Session,
    *,
    case_id: int,
    actor: Actor,
    channel: str,
    now: datetime,
    at: datetime | None = None,
) -> Case:
    """Record that the applicant was told of the extension (how and when; default now).
    A notice after the three working days is recorded all the same, and stays flagged late."""
    case = lock_case(session, case_id)
    check_may_change(actor, case)
    if channel not in NOTICE_CHANNELS:
        raise ActionInvalid(f"unknown channel '{channel}'; one of: {', '.join(NOTICE_CHANNELS)}")
    extension = extension_of(session, case_id)
    if extension is None:
        raise ActionConflict(f"case {case_id} has no extension to give notice of")
    if extension.noticed_at is not None:
        when = extension.noticed_at.isoformat(timespec="minutes")
        raise ActionConflict(f"the notice of case {case_id}'s extension was recorded: {when}")
    moment = at or now
    if moment.tzinfo is None:
        raise ActionInvalid("the notice time needs a time zone")
    if not extension.extended_at <= moment <= now:
        raise ActionInvalid("the notice time must lie between the extension and now")
    extension.noticed_at, extension.notice_channel = moment, channel
    extension.noticed_by = actor.username
    late = moment > extension.notice_due_at
    record_event(
        session, case, at=now, action="extension_notice", after=channel, actor=actor.username,
        reason=f"applicant told {moment.isoformat(timespec='minutes')}"
        + (" (late: after three working days)" if late else ""),
        details={"at": moment.isoformat(), "late": late},
    )  # fmt: skip
    case.updated_at = now
    session.flush()
    return case


def extension_of(session: Session, case_id: int) -> CaseExtension | None:
    return session.scalars(select(CaseExtension).where(CaseExtension.case_id == case_id)).first()


def late_notices(session: Session, *, now: datetime) -> list[CaseExtension]:
    """Extensions whose notice to the applicant is overdue (none yet, three working days
    passed) or was given late."""
    query = (
        select(CaseExtension)
        .where(
            or_(
                and_(CaseExtension.noticed_at.is_(None), CaseExtension.notice_due_at < now),
                CaseExtension.noticed_at > CaseExtension.notice_due_at,
            )
        )
        .order_by(CaseExtension.notice_due_at, CaseExtension.id)
    )
    return list(session.scalars(query))


def late_redirects(session: Session, profile: CityProfile, *, now: datetime) -> list[Case]:
    """Open appeals with a body outside the akimat that were not forwarded or redirected
    within three working days of arrival (their `respond_by`)."""
    outside = [code for code, dept in profile.departments.items() if dept.is_external]
    query = (
        select(Case)
        .where(Case.track == "appeal", Case.department_code.in_(outside))
        .where(Case.status.not_in(sorted(DONE_STATUSES)), Case.respond_by < now)
        .order_by(Case.respond_by, Case.id)
    )
    return list(session.scalars(query))


def late_flags(
    session: Session, profile: CityProfile, cases: list[Case], *, now: datetime
) -> dict[int, list[str]]:
    """For a page of cases, which are late on an APC rule: `notice` (the applicant not yet told
    of an extension within three working days) and `redirect` (an appeal for a body outside
    the akimat not sent on within three working days). One query, whatever the page."""
    outside = {code for code, dept in profile.departments.items() if dept.is_external}
    flags: dict[int, list[str]] = {}
    ids = [case.id for case in cases]
    if ids:
        noticed = select(CaseExtension.case_id).where(
            CaseExtension.case_id.in_(ids),
            CaseExtension.noticed_at.is_(None),
            CaseExtension.notice_due_at < now,
        )
        for case_id in session.scalars(noticed):
            flags.setdefault(case_id, []).append("notice")
    for case in cases:
        if (
            case.track == "appeal"
            and case.department_code in outside
            and case.status not in DONE_STATUSES
            and case.respond_by < now
        ):
            flags.setdefault(case.id, []).append("redirect")
    return flags


def escalate_appeal_rules(
    session: Session, *, profile: CityProfile, now: datetime
) -> dict[str, int]:
    """An `escalated` event (and notices to the department) for each case newly late on the
    extension notice or the redirect; once per case and level."""
    late = {
        "notice_overdue": [
            e.case_id for e in late_notices(session, now=now) if e.noticed_at is None
        ],
        "redirect_overdue": [case.id for case in late_redirects(session, profile, now=now)],
    }
    done = {}
    for level, case_ids in late.items():
        fresh = [case_id for case_id in case_ids if not _escalated(session, case_id, level)]
        for case_id in fresh:
            case = session.get(Case, case_id)
            assert case is not None
            record_event(
                session, case, at=now, action="escalated", before=case.department_code,
                after=level, reason=_LEVEL_REASONS[level],
            )  # fmt: skip
            queue_case_notices(session, case, kind=level, now=now)
        done[level] = len(fresh)
    session.flush()
    return done


_LEVEL_REASONS = {
    "notice_overdue": "the applicant was not told of the extension within three working days",
    "redirect_overdue": "an appeal outside the akimat's competence was not redirected within "
    "three working days of arrival",
}


def _escalated(session: Session, case_id: int, level: str) -> bool:
    query = select(
        exists().where(
            CaseEvent.case_id == case_id,
            CaseEvent.action == "escalated",
            CaseEvent.to_value == level,
        )
    )
    return bool(session.scalar(query))


def _check_extendable(session: Session, case: Case, now: datetime) -> None:
    if case.track != "appeal":
        raise ActionInvalid(
            f"case {case.id} is a signal, not an appeal: only APC appeals have an extension"
        )
    if case.status in DONE_STATUSES:
        raise ActionConflict(f"case {case.id} is '{case.status}'; there is nothing to extend")
    done = extension_of(session, case.id)
    if done is not None:
        raise ActionConflict(
            f"case {case.id} was extended on {done.extended_at.date().isoformat()} until "
            f"{done.extended_due_at.date().isoformat()}; the APC allows one extension only"
        )
    if case.due_at < now:
        raise ActionConflict(
            f"case {case.id}'s deadline passed at {case.due_at.isoformat(timespec='minutes')}; "
            "an extension must be decided before it"
        )


def _check_day(calendar: WorkingCalendar, case: Case, day: date, limit: date) -> None:
    due_day = case.due_at.astimezone(calendar.zone).date()
    if day <= due_day:
        raise ActionInvalid(f"{day.isoformat()} is not after the current deadline {due_day}")
    if day > limit:
        raise ActionInvalid(
            f"{day.isoformat()} is past {limit.isoformat()}: the APC allows at most two months "
            "from the appeal's arrival"
        )
    if not calendar.is_working_day(day):
        raise ActionInvalid(f"{day.isoformat()} is not a working day; choose a working day")
