"""Posting the answer back under a resident's post, where the channel's connector can.

A connector that can post replies registers a function here under its channel's name (the
part of a post's `source` before ":", e.g. "telegram"). None of today's channels does, so
`reply` says "not supported" for every source and the case page offers the reply as text to
paste by hand, with a link to the post. Nothing here pretends to have posted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.open import track_for
from halyq.db.models import Case, Post


@dataclass(frozen=True)
class ReplyResult:
    posted: bool
    message: str
    url: str | None = None  # the reply on the platform, when it was posted


Replier = Callable[[Post, str], ReplyResult]
# Channel name → the function that posts a reply there.
REPLIERS: dict[str, Replier] = {}


def channel(source: str) -> str:
    return source.split(":", 1)[0]


def is_social(post: Post) -> bool:
    """A post on a social network (a signal), as opposed to a formal appeal."""
    return track_for(post.source) == "signal"


def can_reply(post: Post, repliers: Mapping[str, Replier] = REPLIERS) -> bool:
    return is_social(post) and channel(post.source) in repliers


def reply(post: Post, text: str, repliers: Mapping[str, Replier] = REPLIERS) -> ReplyResult:
    """Post `text` under `post` through its channel's connector, or say why not."""
    name = channel(post.source)
    replier = repliers.get(name) if is_social(post) else None
    if replier is None:
        return ReplyResult(
            posted=False,
            message=f"posting replies to '{name}' is not supported; copy the reply and paste "
            "it under the post",
        )
    return replier(post, text)


def reply_text(public_answer: str, status_url: str) -> str:
    """The answer as a reply under a public post: personal data removed, with the status link."""
    return f"{public_answer}\n\nӨтініштің барысы / Ход обращения: {status_url}"


def post_replies(
    session: Session,
    case: Case,
    text: str,
    *,
    actor: str,
    now: datetime,
    repliers: Mapping[str, Replier] = REPLIERS,
) -> list[ReplyResult]:
    """Post `text` under each social post of the case whose channel can take it; each reply
    posted is a `replied` event. Returns one result per social post, posted or not."""
    results = []
    for post in case.posts:
        if not is_social(post):
            continue
        result = reply(post, text, repliers)
        if result.posted:
            record_event(
                session, case, at=now, action="replied", after=result.url, actor=actor,
                details={"post_id": post.id, "source": post.source},
            )  # fmt: skip
        results.append(result)
    return results
