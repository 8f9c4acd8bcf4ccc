"""What a signed-in user may see of a case or a post, as API schemas (the pages use them too).

Below analyst, a post shows only its redacted text and its author's pseudonym; analysts and
admins also get the original text, the author's name and the link to the original.
"""

from __future__ import annotations

from datetime import datetime

from halyq.cases.queries import due_flag
from halyq.db.models import Case, Post, User
from halyq.web.api.schemas import (
    AnalysisPublic,
    CaseDetail,
    CaseEventPublic,
    CasePublic,
    PostInternal,
    PostPublic,
)
from halyq.web.auth import is_privileged


def post_view(post: Post, user: User, *, case_id: int | None) -> PostPublic:
    """The post as this user may see it."""
    analysis = post.analysis
    public = PostPublic(
        id=post.id,
        source=post.source,
        external_id=post.external_id,
        created_at=post.created_at,
        author=post.author_hash,
        text=analysis.redacted_text if analysis else None,
        analysis=AnalysisPublic.model_validate(analysis, from_attributes=True)
        if analysis
        else None,
        case_id=case_id,
        edited_at=post.edited_at,
        deleted_at=post.deleted_at,
    )
    if not is_privileged(user):
        return public
    return PostInternal(
        **public.model_dump(),
        original_text=post.text,
        author_name=post.author_name,
        url=post.url,
    )


def case_public(case: Case, *, post_count: int, now: datetime) -> CasePublic:
    """A list row: the case without its posts and history."""
    return CasePublic.model_validate(
        {
            **{name: getattr(case, name) for name in _CASE_FIELDS},
            "overdue": due_flag(case, now) == "overdue",
            "due_soon": due_flag(case, now) == "due_soon",
            "post_count": post_count,
        }
    )


def case_detail(case: Case, user: User, *, now: datetime) -> CaseDetail:
    """The case with its posts (as this user may see them) and its history."""
    row = case_public(case, post_count=len(case.posts), now=now)
    return CaseDetail(
        **row.model_dump(),
        posts=[post_view(post, user, case_id=case.id) for post in case.posts],
        events=[CaseEventPublic.model_validate(e, from_attributes=True) for e in case.events],
    )


_CASE_FIELDS = tuple(
    name for name in CasePublic.model_fields if name not in ("overdue", "due_soon", "post_count")
)
