"""A new complaint becomes a case: it joins the open case of its incident, or opens one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from halyq.cases.fingerprint import store_bands
from halyq.cases.links import link_post
from halyq.cases.merge_rules import MergeRules
from halyq.cases.merging import complaint_of, find_incident, lock_incident
from halyq.cases.open import join_track, open_case
from halyq.cases.urgency import apply_urgency_deadlines, raise_urgency
from halyq.cases.workflow import OPEN_STATUSES, lock_case
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, Post
from halyq.notify.outbox import queue_case_notices


@dataclass(frozen=True)
class Filed:
    """The case a complaint is now in, and whether it opened that case or joined it."""

    case: Case
    how: Literal["opened", "merged"]


def file_complaint(
    session: Session,
    *,
    profile: CityProfile,
    calendar: WorkingCalendar,
    rules: MergeRules,
    post: Post,
    analysis: Analysis,
    now: datetime,
) -> Filed:
    """Merge the complaint into the open case of the same incident (logging the rule and its
    evidence), else open a new routed case. The post must not be in a case yet."""
    complaint = complaint_of(post, analysis)
    lock_incident(session, complaint, rules)
    match = find_incident(session, complaint, rules)
    if match is not None:
        case = lock_case(session, match.case_id)
        # Another worker may have closed it between the lookup and the lock.
        if case.status in OPEN_STATUSES:
            link_post(
                session, case, post, analysis, at=now, reason=match.reason(), details=match.evidence
            )
            join_track(session, profile=profile, calendar=calendar, case=case, post=post, now=now)
            raise_urgency(
                session, profile=profile, calendar=calendar, case=case, post=post,
                urgency=analysis.urgency, now=now,
            )  # fmt: skip
            store_bands(session, post.id, post.text)
            case.updated_at = now
            session.flush()
            return Filed(case, "merged")
    case = open_case(
        session, profile=profile, calendar=calendar, post=post, analysis=analysis, now=now
    )
    apply_urgency_deadlines(session, profile=profile, calendar=calendar, case=case, now=now)
    queue_case_notices(session, case, kind="new", now=now)
    return Filed(case, "opened")
