"""Learning from the operators: a specialist corrects what Halyq read in a post.

A correction changes the post's analysis at once (the case page and the counts show the
corrected reading), survives the post being analysed again, is logged on the post's case, and
becomes a labelled example for `halyq train --with-corrections`.

Training uses the post's *redacted* text: the trained vocabulary is committed to a public
repository, and a phone number or name that appears in two corrected posts must not end up in it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from halyq.cases.audit import record_event
from halyq.cases.workflow import ActionInvalid, Actor, NotFound, check_specialist
from halyq.city.profile import CityProfile
from halyq.db.corrections import CORRECTABLE, Correction
from halyq.db.models import Analysis, Case, CasePost, Post
from halyq.db.types import utcnow
from halyq.nlp.models.corpus import Example

URGENCIES = ("low", "medium", "high")
MAX_NOTE_CHARS = 2000


class CorrectionError(ActionInvalid):
    """The correction cannot be taken; the message names the field (HTTP 422)."""


class PostNotFound(NotFound):
    pass


@dataclass(frozen=True)
class Corrected:
    """What a correction changed, and the case the post may have been filed into."""

    corrections: list[Correction]
    filed_case_id: int | None = None


def correct_post(
    session: Session,
    post_id: int,
    *,
    actor: Actor,
    profile: CityProfile,
    category: str | None = None,
    is_complaint: bool | None = None,
    urgency: str | None = None,
    note: str | None = None,
    now: datetime | None = None,
) -> Corrected:
    """Set the given fields of the post's analysis; unchanged fields are not recorded.

    A post newly marked as a complaint that is in no case yet is filed the way the worker
    files complaints (it joins its incident's open case or opens one).
    """
    check_specialist(actor, "correct what Halyq read")
    now = now or utcnow()
    wanted = _validated(profile, category=category, is_complaint=is_complaint, urgency=urgency)
    if note is not None and len(note) > MAX_NOTE_CHARS:
        raise CorrectionError(f"field 'note' is longer than {MAX_NOTE_CHARS} characters")
    post = session.get(Post, post_id)
    if post is None:
        raise PostNotFound(f"no post {post_id}")
    analysis = session.scalars(select(Analysis).where(Analysis.post_id == post_id)).one_or_none()
    if analysis is None:
        raise CorrectionError(f"post {post_id} is not analysed yet; correct it afterwards")
    made = []
    for field, value in wanted.items():
        old = _as_text(getattr(analysis, field))
        if old == value:
            continue
        made.append(
            Correction(
                post_id=post_id,
                field=field,
                old_value=old,
                new_value=value,
                actor=actor.username,
                note=note,
                at=now,
            )
        )
        _set(analysis, field, value)
    session.add_all(made)
    session.flush()
    case = _case_of(session, post_id)
    if case is not None:
        for correction in made:
            record_event(
                session,
                case,
                at=now,
                action="post_corrected",
                before=correction.old_value,
                after=correction.new_value,
                reason=note,
                actor=actor.username,
                details={"post_id": post_id, "field": correction.field},
            )
        return Corrected(made)
    if analysis.is_complaint and any(c.field == "is_complaint" for c in made):
        return Corrected(made, _file(session, profile, post, analysis, now))
    return Corrected(made)


def apply_corrections(session: Session, analysis: Analysis) -> None:
    """Put the newest correction of each field back on a freshly computed analysis."""
    for field, value in _latest(session, analysis.post_id).items():
        _set(analysis, field, value)


def labelled_examples(session: Session) -> list[Example]:
    """Every corrected post as a labelled example (only the corrected fields are labels)."""
    examples = []
    rows = session.execute(
        select(Post.id, Post.created_at, Analysis.redacted_text)
        .join(Analysis, Analysis.post_id == Post.id)
        .where(Post.id.in_(select(Correction.post_id)))
        .order_by(Post.id)
    )
    for post_id, created_at, text in rows:
        labels = _latest(session, post_id)
        examples.append(
            Example(
                text=text,
                source="corrections",
                group=f"correction:{post_id}",
                created_at=created_at,
                is_complaint=labels["is_complaint"] == "true" if "is_complaint" in labels else None,
                category=labels.get("category"),
                urgency=labels.get("urgency"),
            )
        )
    return examples


def write_labelled(examples: list[Example], out: TextIO) -> int:
    """The examples in the labelled-posts JSONL format that `halyq eval` and `train` read."""
    for example in examples:
        row: dict[str, Any] = {"id": example.group, "text": example.text}
        if example.created_at is not None:
            row["created_at"] = example.created_at.isoformat()
        for name in ("is_complaint", "category", "urgency"):
            if getattr(example, name) is not None:
                row[name] = getattr(example, name)
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(examples)


def history(session: Session, post_id: int) -> Iterator[Correction]:
    """The post's corrections, oldest first."""
    yield from session.scalars(
        select(Correction).where(Correction.post_id == post_id).order_by(Correction.id)
    )


def _validated(
    profile: CityProfile,
    *,
    category: str | None,
    is_complaint: bool | None,
    urgency: str | None,
) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if category is not None:
        if category not in profile.categories:
            raise CorrectionError(f"field 'category': '{category}' is not a category of the city")
        wanted["category"] = category
    if is_complaint is not None:
        wanted["is_complaint"] = _as_text(is_complaint) or ""
    if urgency is not None:
        if urgency not in URGENCIES:
            raise CorrectionError(f"field 'urgency': use one of {', '.join(URGENCIES)}")
        wanted["urgency"] = urgency
    if not wanted:
        raise CorrectionError(f"nothing to correct: give one of {', '.join(CORRECTABLE)}")
    return wanted


def _as_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _set(analysis: Analysis, field: str, value: str) -> None:
    if field == "is_complaint":
        analysis.is_complaint = value == "true"
    else:
        setattr(analysis, field, value)


def _latest(session: Session, post_id: int) -> dict[str, str]:
    latest: dict[str, str] = {}
    for correction in history(session, post_id):
        latest[correction.field] = correction.new_value
    return latest


def _case_of(session: Session, post_id: int) -> Case | None:
    return session.scalars(
        select(Case).join(CasePost, CasePost.case_id == Case.id).where(CasePost.post_id == post_id)
    ).first()


def _file(
    session: Session, profile: CityProfile, post: Post, analysis: Analysis, now: datetime
) -> int:
    # Imported here: the intake pulls in merging and routing, which only this path needs.
    from halyq.cases.intake import file_complaint
    from halyq.cases.merge_rules import load_merge_rules
    from halyq.city.calendar import load_calendar

    filed = file_complaint(
        session,
        profile=profile,
        calendar=load_calendar(profile),
        rules=load_merge_rules(profile),
        post=post,
        analysis=analysis,
        now=now,
    )
    return filed.case.id
