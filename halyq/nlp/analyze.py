"""Read one post: language, complaint, category, department, urgency, mood, places, when,
and the text with personal data removed. Pure: no database, no network, no clock.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.classify import read_evidence
from halyq.nlp.language import detect_language
from halyq.nlp.models.linear import LinearReader, default_reader
from halyq.nlp.ner_places import LocatedPlace, locate_places
from halyq.nlp.normalise import blank_spans
from halyq.nlp.pii import redact
from halyq.nlp.verdict import decide
from halyq.nlp.when import find_events

MODEL_VERSION = "linear-0.5"


@dataclass(frozen=True)
class StatedTime:
    """One expression of time in a post: its words, their offsets in the original text, the
    date it resolves to and the time of day when stated."""

    surface: str
    start: int
    end: int
    date: date
    time: str | None  # "07:30", or morning | day | evening | night

    def to_contract(self) -> dict[str, Any]:
        return {
            "surface": self.surface,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat(),
            "time": self.time,
        }


@dataclass(frozen=True)
class Analysis:
    """Everything read from one post (models and rules). Offsets in `places` refer to the original
    text, not to `redacted_text`."""

    lang: str  # kk | ru | mixed | other
    is_complaint: bool
    complaint_score: float
    category: str | None  # None unless a complaint; "other" for a complaint of no known kind
    category_scores: dict[str, float]
    department: str | None
    urgency: str  # high | medium | low; it matters for complaints only
    sentiment: str  # negative | neutral | positive
    places: list[LocatedPlace]
    # Every expression of time, in text order; the first one dates the event.
    times: tuple[StatedTime, ...]
    redacted_text: str
    model_version: str = MODEL_VERSION

    @property
    def event_date(self) -> date | None:
        return self.times[0].date if self.times else None

    @property
    def event_surface(self) -> str | None:
        return self.times[0].surface if self.times else None

    @property
    def event_time(self) -> str | None:
        """ "07:30", or morning | day | evening | night, when the first time states it."""
        return self.times[0].time if self.times else None

    def to_contract(self, post_id: str) -> dict[str, Any]:
        """The JSON record other parts of Halyq and integrations read (keys in this order)."""
        return {
            "id": post_id,
            "lang": self.lang,
            "is_complaint": self.is_complaint,
            "complaint_score": round(self.complaint_score, 3),
            "category": self.category if self.is_complaint else None,
            "department": self.department if self.is_complaint else None,
            "urgency": self.urgency,
            "sentiment": self.sentiment,
            "places": [asdict(place) for place in self.places],
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "event_surface": self.event_surface,
            "redacted_text": self.redacted_text,
            "event_time": self.event_time,
            "times": [stated.to_contract() for stated in self.times],
        }


def analyze(
    text: str,
    *,
    created_at: datetime | None,
    profile: CityProfile,
    reader: LinearReader | None = None,
) -> Analysis:
    """Analyse one post with the city's profile; linear in the length of `text`.

    `created_at` is when the post was written (timezone-aware); it anchors "кеше"/"вчера" and
    the heating season. Without it relative dates stay unknown. `reader` is the trained
    models (default: the artefacts shipped in halyq/nlp/models).
    """
    # The gazetteer first; the Kazakh NER model only when it finds nothing. Points from OSM.
    places = locate_places(text, profile)
    # Place names are not evidence: "Жібек жолы" is a street, not a complaint about a road.
    without_places = blank_spans(text, [(place.start, place.end) for place in places])
    verdict = decide(
        read_evidence(without_places),
        reader=reader or default_reader(),
        created_at=created_at,
        timezone_name=profile.timezone,
    )
    times = tuple(
        StatedTime(
            text[found.start : found.end], found.start, found.end, found.date, found.time_of_day
        )
        for found in find_events(
            without_places,
            created_at,
            timezone_name=profile.timezone,
            complaint=verdict.is_complaint,
        )
    )
    category = verdict.category
    known = profile.categories.get(category) if category else None
    return Analysis(
        lang=detect_language(text),
        is_complaint=verdict.is_complaint,
        complaint_score=verdict.complaint_score,
        category=category,
        category_scores=verdict.category_scores,
        department=known.default_department if known else None,
        urgency=verdict.urgency,
        sentiment=verdict.sentiment,
        places=places,
        times=times,
        redacted_text=redact(text),
    )
