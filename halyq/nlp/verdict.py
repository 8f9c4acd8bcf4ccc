"""The trained models' reading of one post, with the lexicon rules where they still do better.

- complaint: the complaint head (char/word n-grams plus the rules as features), or the domain
  head when it is surer the text is a formal appeal (an appeal to the akimat is a complaint
  even when it states a problem without a complaint word: "Стена в доме покрылась плесенью");
- category: a head learnt from social posts, blended with the rules' category shares, and a
  head that also learnt from formal appeals (KZgovData); the domain head says how much the
  post reads like a formal appeal and weighs the two;
- urgency: the rules (season, outage words near a utility, danger, vulnerable people), on
  the complaint flag the model decided: a model did not beat them (docs/QUALITY.md);
- sentiment: the sentiment head; for a text the review head takes for a product or app
  review, the review-sentiment stage (positive or negative, models/review_sentiment.py).
"""

from __future__ import annotations

from datetime import datetime

from halyq.nlp.classify import (
    Classification,
    Evidence,
    rule_category_shares,
    rule_urgency,
)
from halyq.nlp.models.features import words_of
from halyq.nlp.models.linear import LinearReader
from halyq.nlp.models.review_sentiment import review_sentiment_of
from halyq.nlp.when import DEFAULT_TIMEZONE

TOP_CATEGORIES = 3
_SHOWN_SHARE = 0.05  # an alternative below this is noise to an operator
_UNSURE = 0.3  # below this, a category no topic word supports is a guess
_APPEAL_WORDS = 3  # an emoji or a word or two says nothing about being a formal appeal


def decide(
    evidence: Evidence,
    *,
    reader: LinearReader,
    created_at: datetime | None,
    timezone_name: str = DEFAULT_TIMEZONE,
) -> Classification:
    """Complaint, category (with the top alternatives), urgency and sentiment of one text."""
    heads = reader.scores(evidence)
    score = heads["complaint"]["yes"]
    if len(words_of(evidence.key)) >= _APPEAL_WORDS:
        score = max(score, heads["domain"]["formal"])
    is_complaint = score >= reader.meta["complaint_threshold"]
    rules = rule_category_shares(evidence)
    shares = category_shares(heads, rules, reader.meta["rule_blend"])
    ranked = sorted(shares.items(), key=lambda item: (-item[1], item[0]))
    formal = heads["domain"]["formal"] >= 0.5
    if ranked[0][1] < _UNSURE and "other" in rules and not formal:
        # No topic word and no head sure of a topic: a complaint of no known kind. A formal
        # appeal keeps the formal head's best guess: it learnt from a thousand appeals.
        ranked = [("other", 1.0 - ranked[0][1]), *(r for r in ranked if r[0] != "other")]
    top = {label: round(share, 3) for label, share in ranked[:TOP_CATEGORIES]}
    top = {label: share for label, share in top.items() if share >= _SHOWN_SHARE} or top
    return Classification(
        is_complaint=is_complaint,
        complaint_score=score,
        category=ranked[0][0] if is_complaint else None,
        category_scores=top,
        urgency=rule_urgency(
            evidence, is_complaint=is_complaint, created_at=created_at, timezone_name=timezone_name
        ),
        sentiment=review_sentiment_of(evidence.key, heads) or sentiment_of(heads),
    )


def sentiment_of(heads: dict[str, dict[str, float]]) -> str:
    """The three-class sentiment head's answer (reviews have their own stage)."""
    shares = heads["sentiment"]
    return max(shares, key=shares.__getitem__)


def category_shares(
    heads: dict[str, dict[str, float]], rules: dict[str, float], rule_blend: float
) -> dict[str, float]:
    """The formal head's shares for a text that reads as a formal appeal; otherwise the informal
    head's, blended with the rules'. A hard switch: a social post that is only half like an
    appeal reads best with the head that learnt from social posts."""
    formal = 1.0 if heads["domain"]["formal"] >= 0.5 else 0.0
    informal, appeal = heads["category"], heads["category_formal"]
    labels = set(informal) | set(appeal)
    return {
        label: formal * appeal.get(label, 0.0)
        + (1 - formal)
        * ((1 - rule_blend) * informal.get(label, 0.0) + rule_blend * rules.get(label, 0.0))
        for label in labels
    }
