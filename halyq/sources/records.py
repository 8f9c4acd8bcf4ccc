"""PostIn: the one shape every channel hands to storage, validated at the edge."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

# Longer than any social network allows (Facebook: 63,206); a 5 MB "post" is a mistake or an attack.
MAX_TEXT_CHARS = 65_536
DEFAULT_ZONE = ZoneInfo("Asia/Qyzylorda")
# Clocks and time zones differ by hours, not days: further ahead than this is a wrong date.
FUTURE_SLACK = timedelta(days=1)


class BadRecord(ValueError):
    """A record that cannot become a post; the message names the field."""


@dataclass(frozen=True)
class PostIn:
    source: str
    external_id: str
    text: str
    created_at: datetime | None = None  # aware; None means "when we received it"
    author: str | None = None
    url: str | None = None
    reply_to: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    edited_at: datetime | None = None  # aware; when the channel says it was last edited
    # What identifies the author on the channel ("user123456"); pseudonymised instead of the
    # display name, which people change. None: the display name (`author`) is used.
    author_key: str | None = None
    # `author` is already a pseudonym (from `halyq posts export`): kept as is, no name stored.
    author_is_pseudonym: bool = False


@dataclass(frozen=True)
class Rejected:
    """An item of an input that cannot become a post, with its place in the input
    ("message 1045", "row 7, column 'Күні'", "byte 1,048,576"). `fatal`: the input breaks
    here and nothing after it could be read."""

    place: str
    message: str
    fatal: bool = False

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


def parse_time(value: str, zone: ZoneInfo = DEFAULT_ZONE) -> datetime:
    """ISO 8601; a time without a zone is local Kyzylorda time."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def check_not_future(moment: datetime | None, field_name: str, now: datetime | None = None) -> None:
    """Raise BadRecord when `moment` is more than a day ahead of `now` (default: the clock)."""
    if moment is not None and moment > (now or datetime.now(UTC)) + FUTURE_SLACK:
        raise BadRecord(f"field '{field_name}' is in the future: {moment.isoformat()}")


def post_from_json(
    obj: Any,
    *,
    default_source: str = "import",
    pseudonymous_authors: bool = False,
    now: datetime | None = None,
) -> PostIn:
    """Validate one decoded JSON object from an import file; raises BadRecord.

    With `pseudonymous_authors`, `author` is a pseudonym already (as `halyq posts export`
    writes it) and is stored as one."""
    external_id, text = id_and_text(obj)
    record = PostIn(
        source=_optional_str(obj, "source") or default_source,
        external_id=external_id,
        text=text,
        created_at=_optional_time(obj, "created_at", now),
        author=_optional_str(obj, "author"),
        url=_optional_str(obj, "url"),
        reply_to=_optional_str(obj, "reply_to"),
        raw=obj,
        edited_at=_optional_time(obj, "edited_at", now),
        author_is_pseudonym=pseudonymous_authors,
    )
    check_lengths(record)
    return record


# The widths of the posts table's columns.
_LIMITS = {"source": 128, "external_id": 255, "author": 255, "url": 2048, "reply_to": 255}


def check_lengths(record: PostIn) -> None:
    """Raise BadRecord when a field is wider than its column."""
    for name, limit in _LIMITS.items():
        value = getattr(record, name)
        if value is not None and len(value) > limit:
            field_name = "id" if name == "external_id" else name
            raise BadRecord(f"field '{field_name}' is longer than {limit} characters")


def id_and_text(obj: Any) -> tuple[str, str]:
    """The two fields every post needs, checked; raises BadRecord naming the field."""
    if not isinstance(obj, dict):
        raise BadRecord(f"expected a JSON object, got {type(obj).__name__}")
    external_id = obj.get("id")
    if isinstance(external_id, bool) or not isinstance(external_id, str | int):
        raise BadRecord("field 'id' is required and must be a string or an integer")
    if isinstance(external_id, str) and not external_id.strip():
        raise BadRecord("field 'id' is empty")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadRecord("field 'text' is required and must be a non-empty string")
    if len(text) > MAX_TEXT_CHARS:
        raise BadRecord(
            f"field 'text' has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}"
        )
    return str(external_id).strip(), text


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and key == "reply_to":
        return str(value)
    if not isinstance(value, str):
        raise BadRecord(f"field '{key}' must be a string, got {type(value).__name__}")
    return value.strip() or None


def _optional_time(obj: dict[str, Any], key: str, now: datetime | None) -> datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadRecord(f"field '{key}' must be an ISO 8601 string, got {type(value).__name__}")
    try:
        moment = parse_time(value)
    except ValueError:
        raise BadRecord(f"field '{key}' is not ISO 8601: {value[:40]!r}") from None
    check_not_future(moment, key, now)
    return moment
