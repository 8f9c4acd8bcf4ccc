"""A Telethon Message as a PostIn, made exactly as the Telegram Desktop export importer
(halyq.sources.telegram_export) makes one from `result.json`: the same source, id, text,
author key and raw field names, so the live feed and an export of one chat meet.
"""

from __future__ import annotations

from typing import Any

from telethon.tl import types

from halyq.sources.records import MAX_TEXT_CHARS, PostIn


def post_from_message(message: Any, chat: Any) -> PostIn | None:
    """A Telethon Message as the Desktop export importer would store it; None for service
    messages and messages with neither text nor caption. Raises ValueError for a text over
    the 65,536-character limit.

    The chat id is the bare one (1234567890), as in the export's `result.json`, not Telethon's
    "marked" -1001234567890: both channels then write to the same `telegram:<chat id>` source.
    """
    if not isinstance(message, types.Message):
        return None
    text = message.message or ""
    if not text.strip():
        return None
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"text has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    name, from_id = _sender(message, chat)
    reply_to = message.reply_to
    raw: dict[str, Any] = {
        "id": message.id,
        "type": "message",
        "date_unixtime": str(int(message.date.timestamp())),
        "from": name,
        "from_id": from_id,
        "text": text,
    }
    if isinstance(reply_to, types.MessageReplyHeader) and reply_to.reply_to_msg_id:
        raw["reply_to_message_id"] = reply_to.reply_to_msg_id
    if message.edit_date:
        raw["edited_unixtime"] = str(int(message.edit_date.timestamp()))
    if message.post_author:
        raw["author"] = message.post_author
    if message.fwd_from:
        raw["forwarded_from"] = _forwarded_from(message.fwd_from)
    raw.update(_media(message.media))
    return PostIn(
        source=f"telegram:{chat.id}",
        external_id=str(message.id),
        text=text,
        created_at=message.date,
        author=name,
        author_key=from_id,  # as the export importer: names change, ids do not
        url=f"https://t.me/{chat.username}/{message.id}"
        if getattr(chat, "username", None)
        else None,
        reply_to=_same_chat_reply(reply_to),
        raw=raw,
        edited_at=message.edit_date,
    )


def _sender(message: Any, chat: Any) -> tuple[str | None, str | None]:
    """(display name, export-style id "user123" / "channel123") of who wrote the message; a
    channel's own post is the channel's, as in the export."""
    peer = message.from_id
    if isinstance(peer, types.PeerUser):
        from_id = f"user{peer.user_id}"
    elif isinstance(peer, types.PeerChannel):
        from_id = f"channel{peer.channel_id}"
    elif isinstance(peer, types.PeerChat):
        from_id = f"chat{peer.chat_id}"
    else:
        return title(chat), f"channel{chat.id}"
    sender = message.sender
    return (title(sender) if sender is not None else None), from_id


def title(entity: Any) -> str:
    if isinstance(entity, types.User):
        if entity.deleted:
            return "Deleted Account"
        return " ".join(part for part in (entity.first_name, entity.last_name) if part) or ""
    return str(getattr(entity, "title", "") or "")


def _same_chat_reply(header: Any) -> str | None:
    # A reply to a message in another chat (a cross-chat quote) is no thread of this source.
    if not isinstance(header, types.MessageReplyHeader) or not header.reply_to_msg_id:
        return None
    return None if header.reply_to_peer_id is not None else str(header.reply_to_msg_id)


def _forwarded_from(header: types.MessageFwdHeader) -> str | None:
    if header.from_name:
        return str(header.from_name)
    peer = header.from_id
    if isinstance(peer, types.PeerUser):
        return f"user{peer.user_id}"
    if isinstance(peer, types.PeerChannel):
        return f"channel{peer.channel_id}"
    return None


# The export's `media_type` names; where a document has several marks, the first here wins.
_KIND_ORDER = ("sticker", "animation", "video_message", "voice_message", "video_file", "audio_file")


def _media(media: Any) -> dict[str, Any]:
    """The export's media fields: `photo`, or `media_type` and `file_name` (never the file)."""
    if isinstance(media, types.MessageMediaPhoto):
        return {"photo": "(not downloaded)"}
    if isinstance(media, types.MessageMediaDocument) and isinstance(media.document, types.Document):
        return _document(media.document)
    kinds = {
        types.MessageMediaGeo: "location",
        types.MessageMediaVenue: "location",
        types.MessageMediaContact: "contact",
        types.MessageMediaPoll: "poll",
        types.MessageMediaWebPage: "webpage",
    }
    kind = kinds.get(type(media))
    return {"media_type": kind} if kind else {}


def _document(document: types.Document) -> dict[str, Any]:
    fields: dict[str, Any] = {"mime_type": document.mime_type}
    marks = set()
    for attribute in document.attributes:
        if isinstance(attribute, types.DocumentAttributeFilename):
            fields["file_name"] = attribute.file_name
        elif isinstance(attribute, types.DocumentAttributeAudio):
            marks.add("voice_message" if attribute.voice else "audio_file")
        elif isinstance(attribute, types.DocumentAttributeVideo):
            marks.add("video_message" if attribute.round_message else "video_file")
        elif isinstance(attribute, types.DocumentAttributeSticker):
            marks.add("sticker")
        elif isinstance(attribute, types.DocumentAttributeAnimated):
            marks.add("animation")
    kind = next((kind for kind in _KIND_ORDER if kind in marks), None)
    return {**fields, "media_type": kind} if kind else fields
