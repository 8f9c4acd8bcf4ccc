"""Posts in cases: link a post, move posts between cases, keep each case's counts right.

A case counts residents, not posts: distinct author pseudonyms among its posts, and each
anonymous post as one resident. The count, the span of the posts' times and when the problem
began are stored on the case and recomputed from its posts whenever they change, so they can
never drift.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import case as sql_case
from sqlalchemy import distinct, func, select, update
from sqlalchemy.orm import Session

from halyq.cases.audit import SYSTEM, record_event
from halyq.cases.started import refresh_started, take_start
from halyq.db.models import Analysis, Case, CasePost, Post


def link_post(
    session: Session,
    case: Case,
    post: Post,
    analysis: Analysis,
    *,
    at: datetime,
    reason: str | None,
    details: dict[str, Any] | None = None,
    actor: str = SYSTEM,
) -> None:
    """Put a post (in no case yet) into the case, log why, and count it: one more resident
    unless its author already wrote in this case. The caller holds the case's row lock."""
    known_author = post.author_hash is not None and session.scalar(
        select(CasePost.post_id)
        .join(Post, Post.id == CasePost.post_id)
        .where(CasePost.case_id == case.id, Post.author_hash == post.author_hash)
        .limit(1)
    )
    session.add(CasePost(case_id=case.id, post_id=post.id, linked_at=at))
    record_event(
        session, case, at=at, action="post_linked", after=str(post.id),
        reason=reason, actor=actor, details=details,
    )  # fmt: skip
    case.residents += 0 if known_author else 1
    case.first_post_at = min(case.first_post_at, post.created_at)
    case.last_post_at = max(case.last_post_at, post.created_at)
    take_start(case, post, analysis)


def move_posts(session: Session, *, source: Case, target: Case, post_ids: Sequence[int]) -> None:
    """Re-link these posts of `source` to `target` and recount both."""
    session.flush()
    session.execute(
        update(CasePost)
        .where(CasePost.case_id == source.id, CasePost.post_id.in_(list(post_ids)))
        .values(case_id=target.id)
    )
    session.expire(source, ["posts"])
    session.expire(target, ["posts"])
    refresh_counts(session, source)
    refresh_counts(session, target)


def refresh_counts(session: Session, case: Case) -> None:
    """Recompute residents and the first and last post times from the case's posts."""
    session.flush()
    anonymous = func.sum(sql_case((Post.author_hash.is_(None), 1), else_=0))
    query = (
        select(
            func.count(distinct(Post.author_hash)),
            anonymous,
            func.min(Post.created_at),
            func.max(Post.created_at),
        )
        .join(CasePost, CasePost.post_id == Post.id)
        .where(CasePost.case_id == case.id)
    )
    named, unnamed, first, last = session.execute(query).one()
    case.residents = int(named or 0) + int(unnamed or 0)
    case.first_post_at = first or case.opened_at
    case.last_post_at = last or case.opened_at
    refresh_started(session, case)


def post_ids_of(session: Session, case_id: int) -> list[int]:
    query = select(CasePost.post_id).where(CasePost.case_id == case_id).order_by(CasePost.post_id)
    return list(session.scalars(query))
