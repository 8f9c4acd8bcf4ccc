"""Is a post a complaint, about what, how urgent and in what mood: weighted rules.

The first, rule-based analysis ("rules-0.1"). Since "linear-0.2" the trained models
(verdict.py) read the same evidence as features and decide complaint, category and sentiment;
urgency is still decided here. Evidence comes from lexicon.yaml, matched on the match key, so
Kazakh, Russian, plain-Cyrillic Kazakh and Latin Kazakh are read alike.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from halyq.nlp.lexicon import Hit, default_lexicon
from halyq.nlp.normalise import match_key
from halyq.nlp.when import DEFAULT_TIMEZONE, local_date

COLD_MONTHS = frozenset({10, 11, 12, 1, 2, 3, 4})
UTILITIES = frozenset({"water", "heating", "electricity", "gas"})
# Heating and gas outages are an emergency in the cold months; in summer they can wait a day.
_SEASONAL_UTILITIES = frozenset({"heating", "gas"})
_OUTAGE_REACH = 3  # words between "су"/"свет" and "жоқ"/"нет" in one outage report
# Categories where children, the old or the sick nearby make any report urgent.
_HAZARDS = frozenset({"stray_animals", "gas", "emergency"})

# "с 10:00 до 17:00", "10:00-ден 17:00-ге дейін": the time window of a planned shut-off.
_SCHEDULE_RE = re.compile(r"\d{1,2}[:.]\d{2}\D{1,12}?\d{1,2}[:.]\d{2}")

_TOPIC_WEIGHT = 0.35  # a topic alone ("мусор") is not a complaint, but it adds to one
_TOPIC_CAP = 3.0
_SCHEDULE_WEIGHT = -1.0
_DANGER_WEIGHT = 0.5  # "запах газа в подъезде" is a report even without a complaint word


@dataclass(frozen=True)
class Evidence:
    """What the lexicon found in one text: its match key, the hits, a shut-off time window."""

    key: str
    hits: list[Hit]
    schedule: bool


def read_evidence(text: str) -> Evidence:
    """Scan `text` once; the rules below and the trained models both read the result."""
    key = match_key(text)
    return Evidence(key, default_lexicon().scan(key), bool(_SCHEDULE_RE.search(key)))


@dataclass(frozen=True)
class Classification:
    is_complaint: bool
    complaint_score: float
    category: str | None
    category_scores: dict[str, float]
    urgency: str  # high | medium | low
    sentiment: str  # negative | neutral | positive


def classify(
    text: str, *, created_at: datetime | None = None, timezone_name: str = DEFAULT_TIMEZONE
) -> Classification:
    """Complaint or not, category, urgency and sentiment of one post.

    "Шұғылада 3 күн болды су жоқ, көмектесіңіздер!" -> complaint, "water", "high" in winter.
    `created_at` (timezone-aware) decides the season for heating and gas outages; without it
    the cold season is assumed, because underrating a winter outage is the costlier mistake.
    """
    return classify_evidence(
        read_evidence(text), created_at=created_at, timezone_name=timezone_name
    )


def classify_evidence(
    evidence: Evidence, *, created_at: datetime | None, timezone_name: str = DEFAULT_TIMEZONE
) -> Classification:
    """The rules' reading of evidence already gathered by `read_evidence`."""
    hits = evidence.hits
    month = local_date(created_at, timezone_name).month if created_at else None
    score = complaint_score(hits, schedule=evidence.schedule)
    is_complaint = score >= 0.5
    category, scores = _category(hits, is_complaint)
    return Classification(
        is_complaint=is_complaint,
        complaint_score=score,
        category=category,
        category_scores=scores,
        urgency=_urgency(hits, is_complaint, month),
        sentiment=_sentiment(hits, is_complaint),
    )


def complaint_score(hits: list[Hit], *, schedule: bool = False) -> float:
    """Probability-like score in [0, 1] from complaint cues, topic words and a schedule."""
    cues = sum(_by_label(hits, "complaint").values())
    topic = min(sum(_category_weights(hits).values()), _TOPIC_CAP)
    danger = _by_label(hits, "urgency").get("danger", 0.0)
    raw = cues + _TOPIC_WEIGHT * topic + _DANGER_WEIGHT * danger
    raw += _SCHEDULE_WEIGHT if schedule else 0.0
    return 1.0 / (1.0 + math.exp(-(1.3 * raw - 1.2)))


def _by_label(hits: list[Hit], layer: str) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for hit in hits:
        if hit.term.layer == layer:
            totals[hit.term.label] += hit.term.weight
    return totals


def _category_weights(hits: list[Hit]) -> dict[str, float]:
    weights = _by_label(hits, "category")
    return {label: weight for label, weight in weights.items() if weight > 0 and label != "none"}


def _category(hits: list[Hit], is_complaint: bool) -> tuple[str | None, dict[str, float]]:
    """Best category (None for a non-complaint, "other" when nothing matched) and top 3 shares."""
    weights = _category_weights(hits)
    total = sum(weights.values())
    ranked = sorted(weights.items(), key=lambda item: -item[1])[:3]
    scores = {label: round(weight / total, 3) for label, weight in ranked}
    if not is_complaint:
        return None, scores
    if not ranked:
        return "other", {"other": 1.0}
    return ranked[0][0], scores


def _urgency(hits: list[Hit], is_complaint: bool, month: int | None) -> str:
    """high: danger to life or health, or a utility outage (stronger in the cold months),
    made worse by children, the old or the sick, or a whole building; low: cosmetic."""
    signals = _by_label(hits, "urgency")
    danger = signals.get("danger", 0.0)
    if danger >= 2.0:
        return "high"
    if not is_complaint:
        return "low"
    outage = _outage(hits, month)
    vulnerable = min(signals.get("vulnerable", 0.0), 1.0)
    amplifiers = vulnerable + min(signals.get("scope", 0.0), 1.0)
    if danger + outage > 0 and danger + outage + amplifiers >= 2.0:
        return "high"
    if vulnerable and _HAZARDS.intersection(_category_weights(hits)):
        return "high"  # a pack of stray dogs by a school, a gas problem where children live
    if danger + outage == 0 and signals.get("cosmetic", 0.0) >= 1.0:
        return "low"
    return "medium"


def _outage(hits: list[Hit], month: int | None) -> float:
    """Weight of a utility going off: an outage word within a few words of a utility word.
    Any utility counts, so "no heating in the kindergarten" is an outage even when the
    kindergarten is the category, and "су счётчигі ... чек жоқ" (no receipt) is not one."""
    outages = [h for h in hits if h.term.layer == "urgency" and h.term.label == "outage"]
    utilities = {
        hit.term.label
        for hit in hits
        if hit.term.layer == "category"
        and hit.term.label in UTILITIES
        and hit.term.weight > 0
        and any(_distance(hit, outage) <= _OUTAGE_REACH for outage in outages)
    }
    if not utilities:
        return 0.0
    if month is None or month in COLD_MONTHS or utilities - _SEASONAL_UTILITIES:
        return 2.0
    return 0.5


def _distance(one: Hit, other: Hit) -> int:
    """Words between two hits; 0 when they share or touch words."""
    return max(0, other.first - one.last - 1, one.first - other.last - 1)


def _sentiment(hits: list[Hit], is_complaint: bool) -> str:
    """Small-lexicon polarity; a complaint leans negative even in polite words."""
    words = _by_label(hits, "sentiment")
    balance = words.get("positive", 0.0) - words.get("negative", 0.0)
    balance -= 0.5 if is_complaint else 0.0
    if balance >= 0.75:
        return "positive"
    if balance <= -0.5:
        return "negative"
    return "neutral"


def rule_urgency(
    evidence: Evidence,
    *,
    is_complaint: bool,
    created_at: datetime | None,
    timezone_name: str = DEFAULT_TIMEZONE,
) -> str:
    """The rules' urgency for a complaint flag decided elsewhere (by a trained model)."""
    month = local_date(created_at, timezone_name).month if created_at else None
    return _urgency(evidence.hits, is_complaint, month)


def rule_category_shares(evidence: Evidence) -> dict[str, float]:
    """Each category's share of the lexicon's category evidence; {"other": 1.0} without any."""
    weights = _category_weights(evidence.hits)
    total = sum(weights.values())
    return {label: w / total for label, w in weights.items()} if total else {"other": 1.0}
