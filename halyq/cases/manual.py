"""Specialists correct the merging by hand: merge a duplicate case into its original, or split
posts out of a case into a new one. Each needs a reason and leaves events on both cases."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.links import move_posts, post_ids_of, refresh_counts
from halyq.cases.open import open_case
from halyq.cases.workflow import (
    CLOSED_STATUSES,
    ActionConflict,
    ActionInvalid,
    Actor,
    check_specialist,
    check_transition,
    clean_reason,
    lock_case,
)
from halyq.city.calendar import WorkingCalendar
from halyq.city.profile import CityProfile
from halyq.db.models import Analysis, Case, CasePost, Post


def merge_cases(
    session: Session,
    *,
    original_id: int,
    duplicate_id: int,
    actor: Actor,
    reason: str | None,
    now: datetime,
) -> Case:
    """Merge case `duplicate_id` into `original_id`: its posts move over, it becomes
    `duplicate` pointing at the original, and both histories say who, when and why."""
    check_specialist(actor, "merge cases")
    why = clean_reason(reason, required=True, what="merging")
    if original_id == duplicate_id:
        raise ActionInvalid(f"case {original_id} cannot be merged into itself")
    # Lock in id order so two opposite merges cannot deadlock.
    locked = {cid: lock_case(session, cid) for cid in sorted((original_id, duplicate_id))}
    original, duplicate = locked[original_id], locked[duplicate_id]
    if original.status in CLOSED_STATUSES:
        raise ActionConflict(
            f"case {original_id} is '{original.status}'; merge into an open case"
            + (
                f" (it is a duplicate of {original.duplicate_of_id})"
                if original.duplicate_of_id
                else ""
            )
        )
    check_transition(duplicate, "duplicate")
    moved = post_ids_of(session, duplicate_id)
    move_posts(session, source=duplicate, target=original, post_ids=moved)
    before = duplicate.status
    duplicate.status, duplicate.duplicate_of_id = "duplicate", original.id
    duplicate.updated_at = original.updated_at = now
    details = {"rule": "manual", "posts": moved, "original": original.id, "duplicate": duplicate.id}
    record_event(
        session, duplicate, at=now, action="status", before=before, after="duplicate",
        reason=why, actor=actor.username,
    )  # fmt: skip
    record_event(
        session, duplicate, at=now, action="merged_into", after=str(original.id),
        reason=why, actor=actor.username, details=details,
    )  # fmt: skip
    record_event(
        session, original, at=now, action="merged", before=str(duplicate.id),
        reason=f"{why} (posts {_ids(moved)})", actor=actor.username, details=details,
    )  # fmt: skip
    session.flush()
    return original


def split_case(
    session: Session,
    *,
    case_id: int,
    post_ids: Sequence[int],
    actor: Actor,
    reason: str | None,
    profile: CityProfile,
    calendar: WorkingCalendar,
    now: datetime,
) -> Case:
    """Move these posts of a case into a new case (opened and routed from the earliest of
    them, as the pipeline would) and return the new case. At least one post must stay."""
    check_specialist(actor, "split cases")
    why = clean_reason(reason, required=True, what="splitting")
    source = lock_case(session, case_id)
    wanted = sorted(set(post_ids))
    current = set(post_ids_of(session, case_id))
    if not wanted:
        raise ActionInvalid("choose the posts to split out")
    strangers = [pid for pid in wanted if pid not in current]
    if strangers:
        raise ActionInvalid(f"posts {_ids(strangers)} are not in case {case_id}")
    if len(wanted) == len(current):
        raise ActionInvalid(f"leave at least one post in case {case_id}; reroute it instead")
    posts = list(session.scalars(select(Post).where(Post.id.in_(wanted)).order_by(Post.created_at)))
    first, analysis = posts[0], _analysis_of(session, posts[0])
    session.flush()
    session.execute(
        delete(CasePost).where(CasePost.case_id == case_id, CasePost.post_id.in_(wanted))
    )
    session.expire(source, ["posts"])
    new_case = open_case(
        session, profile=profile, calendar=calendar, post=first, analysis=analysis, now=now,
        reason=f"split from case {case_id}: {why}", actor=actor.username,
    )  # fmt: skip
    session.add_all(
        CasePost(case_id=new_case.id, post_id=post.id, linked_at=now) for post in posts[1:]
    )
    refresh_counts(session, source)
    refresh_counts(session, new_case)
    details = {"rule": "manual", "posts": wanted, "from": case_id, "to": new_case.id}
    source.updated_at = now
    record_event(
        session, source, at=now, action="split", after=str(new_case.id),
        reason=f"{why} (posts {_ids(wanted)})", actor=actor.username, details=details,
    )  # fmt: skip
    record_event(
        session, new_case, at=now, action="split_from", before=str(case_id),
        reason=f"{why} (posts {_ids(wanted)})", actor=actor.username, details=details,
    )  # fmt: skip
    session.flush()
    return new_case


def _analysis_of(session: Session, post: Post) -> Analysis:
    analysis = session.scalars(select(Analysis).where(Analysis.post_id == post.id)).one_or_none()
    if analysis is None:
        raise ActionConflict(f"post {post.id} has no analysis yet; let the worker read it first")
    return analysis


def _ids(ids: Sequence[int]) -> str:
    return ", ".join(str(i) for i in ids)
