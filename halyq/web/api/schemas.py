"""The shapes the JSON API accepts and returns, one per use.

`PostPublic` is what every role may see (redacted text, pseudonymous author); `PostInternal`
adds the original text, the author's name and the link, for analysts and admins only.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from halyq.sources.records import MAX_TEXT_CHARS

MAX_PER_PAGE = 200
Item = TypeVar("Item")


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int = Field(description="Items matching the filters, on all pages.")
    page: int
    per_page: int


class Health(BaseModel):
    status: Literal["ok", "error"]
    database: Literal["ok", "unavailable"]


class Me(BaseModel):
    username: str
    role: str
    department_code: str | None
    csrf_token: str = Field(description="Send it as X-CSRF-Token with POST, PUT, PATCH, DELETE.")


class AnalysisPublic(BaseModel):
    lang: str
    is_complaint: bool
    complaint_score: float
    category: str | None
    category_scores: dict[str, float]
    urgency: str
    sentiment: str
    places: list[dict[str, Any]]
    event_date: date | None
    event_surface: str | None = None
    event_time: str | None = Field(
        None, description="The stated time of day: '07:30', or morning | day | evening | night."
    )
    times: list[dict[str, Any]] | None = Field(
        None,
        description="Every expression of time in the post, in text order: surface, start, end,"
        " date, time. Null for a post read before they were kept.",
    )
    model_version: str
    analysed_at: datetime


class PostPublic(BaseModel):
    id: int
    source: str
    external_id: str
    created_at: datetime
    author: str | None = Field(description="Pseudonym: stable per author, not reversible.")
    text: str | None = Field(description="Personal data removed; null until analysed.")
    analysis: AnalysisPublic | None
    case_id: int | None
    edited_at: datetime | None = Field(None, description="The channel's last edit, if any.")
    deleted_at: datetime | None = Field(
        None, description="When the channel deleted it; listed only with include_deleted=true."
    )


class PostInternal(PostPublic):
    original_text: str
    author_name: str | None
    url: str | None


class CaseEventPublic(BaseModel):
    at: datetime
    actor: str
    action: str
    from_value: str | None
    to_value: str | None
    reason: str | None
    details: dict[str, Any] | None = Field(
        None, description="Evidence, e.g. the merge rule and what matched."
    )


class CasePublic(BaseModel):
    id: int
    category: str
    department_code: str
    status: str
    track: str
    urgency: str
    summary: str
    place_canonical: str | None
    place_kind: str | None
    place_house: str | None
    lat: float | None
    lon: float | None
    place_precision: str | None = Field(
        None, description="How close the point is: address | street | area | settlement."
    )
    district: str | None = Field(
        None, description="The settlement of the city administration the place lies in."
    )
    started_at: datetime = Field(
        description="When the problem began: the earliest moment its posts state, else the "
        "first post's time."
    )
    started_precision: Literal["time", "part", "date", "post"] = Field(
        description="How much of started_at is known: a clock time, a part of the day, a day, "
        "or nothing stated (the first post's time)."
    )
    opened_at: datetime
    respond_by: datetime
    due_at: datetime
    updated_at: datetime
    overdue: bool
    due_soon: bool = Field(description="Open, and due within 24 hours.")
    post_count: int
    residents: int = Field(
        description="Distinct authors of its posts; each anonymous post counts as one."
    )
    duplicate_of_id: int | None = Field(description="The case this one was merged into.")


class AnswerOut(BaseModel):
    lang: Literal["kk", "ru"]
    text: str = Field(description="As the executor wrote it.")
    public_text: str = Field(description="Personal data removed: what the public sees.")
    author: str
    at: datetime


class CaseDetail(CasePublic):
    # Internal first: a validated dict with the original text must not fall back to public.
    posts: list[PostInternal | PostPublic]
    events: list[CaseEventPublic]
    answer: AnswerOut | None = Field(None, description="The current answer to the residents.")
    tracking_number: str | None = Field(None, description="The number residents look it up by.")
    status_url: str | None = Field(None, description="The public status page, no sign-in.")


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=4000, description="Placeholders filled in.")
    lang: Literal["kk", "ru"]


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: str = Field(description="The new status, e.g. assigned, in_progress, resolved.")
    reason: str | None = Field(
        None, max_length=2000, description="Required for redirected, rejected and reopened."
    )


class RerouteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    department: str = Field(description="The department code to send the case to.")
    reason: str = Field(max_length=2000)


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: int = Field(description="The duplicate case, merged into the case in the path.")
    reason: str = Field(max_length=2000)


class SplitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    post_ids: list[int] = Field(min_length=1, description="Posts to move into a new case.")
    reason: str = Field(max_length=2000)


class PostCreate(BaseModel):
    """A direct appeal or a post forwarded by an integration; `id` is the sender's own id."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=255, description="The sender's id for this post.")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    created_at: datetime | None = Field(
        None, description="ISO 8601; without a zone it is Kyzylorda time; default: now."
    )
    author: str | None = Field(None, max_length=255)
    source: str = Field("api", min_length=1, max_length=128)
    url: str | None = Field(None, max_length=2048)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("id", "text", "source")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value


class PostCreated(BaseModel):
    post_id: int
    result: Literal["added", "updated", "unchanged"]
    case_id: int | None


class CasePage(Page[CasePublic]):
    """A page of cases."""


class PostPage(Page[PostInternal | PostPublic]):
    """A page of posts: internal for analysts and admins, public for the others."""
