"""Incident merging: does a new complaint belong to an open case, and why.

Two rules, tried in this order:
- `near_copy`: a repost or near-copy of a post in an open case (MinHash LSH candidates from
  `post_bands`, confirmed by exact Jaccard similarity), unless the two name different places;
- `same_place`: the same category family at the same place (canonical name; when both give
  a house, the same house; or map points within `max_distance_m`), written within the case
  category's time window of the case's posts. The analysis gives Kazakh canonical place names
  and category codes, so a Kazakh and a Russian post about one burst pipe meet here.

Each lookup is two or three indexed queries (see the indexes on `cases` and `post_bands`);
on PostgreSQL, `lock_incident` serialises workers that look at the same place or text.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, or_, select, text
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session

from halyq.cases.fingerprint import jaccard, shingles, text_bands
from halyq.cases.merge_rules import MergeRules
from halyq.cases.workflow import OPEN_STATUSES
from halyq.db.models import Analysis, Case, CasePost, Post, PostBand

CANDIDATES = 50
ADDRESS = "address"  # the only point precision the distance rule trusts
AnySelect = Select[*tuple[Any, ...]]
COPY_CANDIDATES = 20
_OPEN = sorted(OPEN_STATUSES)
_METRES_PER_DEGREE = 111_320.0


@dataclass(frozen=True)
class PlaceRef:
    canonical: str
    house: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Complaint:
    """What merging needs to know of a new complaint."""

    post_id: int
    created_at: datetime
    category: str
    category_scores: Mapping[str, float]
    places: tuple[PlaceRef, ...]
    text: str


@dataclass(frozen=True)
class Match:
    """The open case a complaint joins, the rule that matched and its evidence."""

    case_id: int
    rule: str  # near_copy | same_place
    evidence: dict[str, Any]

    def reason(self) -> str:
        """One line for the case history, e.g. "same incident: Жібек жолы 12, water …"."""
        found = self.evidence
        if self.rule == "near_copy":
            return (
                f"near-copy of post {found['post_id']} "
                f"(Jaccard similarity {found['jaccard']:.2f} ≥ {found['threshold']:.2f})"
            )
        where = found["place"] + (f" {found['house']}" if found.get("house") else "")
        return (
            f"same incident: {where} ({found['address_match']}), category {found['category']} "
            f"in the case's family '{found['family']}' ({found['category_match']}), "
            f"{found['hours_apart']:.1f} h from the case's posts "
            f"(window {found['window_hours']:g} h)"
        )


def place_name(place: dict[str, Any]) -> str | None:
    """What a case calls a place: its canonical name, else the name an unlisted place was given
    ("Бірлік көшесі" for "Бірлік көшесінде 12 үйде"), else its words as written."""
    name = place.get("canonical") or place.get("name") or place.get("surface")
    return str(name) if name else None


def complaint_of(post: Post, analysis: Analysis) -> Complaint:
    """The complaint as merging sees it; the whole city is no place to merge on."""
    places = tuple(
        PlaceRef(
            canonical=str(place_name(place)),
            house=_house(place.get("house")),
            # Only an address point is close enough for the distance rule; a street's or an
            # area's centre would pull unrelated posts together.
            lat=place.get("lat") if place.get("precision") == ADDRESS else None,
            lon=place.get("lon") if place.get("precision") == ADDRESS else None,
        )
        for place in analysis.places
        if place.get("kind") != "city" and place_name(place)
    )
    return Complaint(
        post_id=post.id,
        created_at=post.created_at,
        category=analysis.category or "other",
        category_scores=dict(analysis.category_scores or {}),
        places=places,
        text=post.text,
    )


def find_incident(session: Session, complaint: Complaint, rules: MergeRules) -> Match | None:
    """The open case this complaint is part of, or None when it is a new incident."""
    return _near_copy(session, complaint, rules) or _same_place(session, complaint, rules)


def lock_incident(session: Session, complaint: Complaint, rules: MergeRules) -> None:
    """On PostgreSQL, hold transaction locks on the complaint's places, map cells and text
    bands, so a concurrent worker with a post about the same incident waits for this one's
    case instead of opening a second. SQLite has a single writer and needs none."""
    if session.get_bind().dialect.name != "postgresql":
        return
    keys = {_key("place", place.canonical) for place in complaint.places}
    keys |= {_key("cell", cell) for cell in _cells(complaint.places, rules.max_distance_m)}
    keys |= set(text_bands(complaint.text))
    if keys:
        session.execute(
            text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:keys AS bigint[])) AS k"),
            {"keys": sorted(keys)},
        )


def _near_copy(session: Session, complaint: Complaint, rules: MergeRules) -> Match | None:
    bands = text_bands(complaint.text)
    if not bands:
        return None
    since = complaint.created_at - rules.copy_window
    query = (
        select(CasePost.case_id, Post.id, Post.text, Case.place_canonical, Case.place_house)
        .join(CasePost, CasePost.post_id == Post.id)
        .join(Case, Case.id == CasePost.case_id)
        .where(
            Post.id.in_(
                select(PostBand.post_id).where(PostBand.band.in_(sorted(set(bands)))).distinct()
            ),
            Post.id != complaint.post_id,
            Case.status.in_(_OPEN),
            Case.last_post_at >= since,
        )
        .order_by(Post.id.desc())
        .limit(COPY_CANDIDATES)
    )
    grams = shingles(complaint.text)
    best: Match | None = None
    for case_id, post_id, other_text, place, house in session.execute(query):
        if place and complaint.places and not _names_place(complaint.places, place, house):
            continue  # same words about another address: "Жібек жолы 14" is not 12
        similarity = jaccard(grams, shingles(other_text))
        if similarity >= rules.copy_jaccard and (
            best is None or similarity > best.evidence["jaccard"]
        ):
            evidence = {
                "rule": "near_copy",
                "post_id": post_id,
                "jaccard": round(similarity, 3),
                "threshold": rules.copy_jaccard,
            }
            best = Match(case_id=case_id, rule="near_copy", evidence=evidence)
    return best


def _same_place(session: Session, complaint: Complaint, rules: MergeRules) -> Match | None:
    wanted = _wanted_categories(complaint, rules)
    if not complaint.places or not wanted:
        return None
    longest = rules.longest_window
    columns = (
        Case.id,
        Case.category,
        Case.place_canonical,
        Case.place_house,
        sql_case((Case.place_precision == ADDRESS, Case.lat), else_=None),
        sql_case((Case.place_precision == ADDRESS, Case.lon), else_=None),
        Case.first_post_at,
        Case.last_post_at,
    )
    names = sorted({place.canonical for place in complaint.places})
    query = _recent(select(*columns), complaint.created_at, longest, sorted(wanted)).where(
        Case.place_canonical.in_(names)
    )
    rows = list(session.execute(query))
    points = [
        place for place in complaint.places if place.lat is not None and place.lon is not None
    ]
    if points:
        rows += list(session.execute(_near_points(select(*columns), points, complaint, rules)))
    scored = [
        (score, match)
        for row in rows
        if (found := _judge(row, complaint, rules)) is not None
        for score, match in [found]
    ]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def _recent(
    query: AnySelect, moment: datetime, window: timedelta, categories: Sequence[str]
) -> AnySelect:
    return (
        query.where(
            Case.category.in_(categories),
            Case.last_post_at >= moment - window,
            Case.first_post_at <= moment + window,
            Case.status.in_(_OPEN),
        )
        .order_by(Case.last_post_at.desc())
        .limit(CANDIDATES)
    )


def _near_points(
    query: AnySelect, points: list[PlaceRef], complaint: Complaint, rules: MergeRules
) -> AnySelect:
    wanted = sorted(_wanted_categories(complaint, rules))
    dlat = rules.max_distance_m / _METRES_PER_DEGREE
    boxes = []
    for point in points:
        assert point.lat is not None and point.lon is not None
        dlon = dlat / max(math.cos(math.radians(point.lat)), 0.01)
        boxes.append(
            Case.lat.between(point.lat - dlat, point.lat + dlat)
            & Case.lon.between(point.lon - dlon, point.lon + dlon)
            & (Case.place_precision == ADDRESS)
        )
    return _recent(query, complaint.created_at, rules.longest_window, wanted).where(or_(*boxes))


def _judge(
    row: Any, complaint: Complaint, rules: MergeRules
) -> tuple[tuple[Any, ...], Match] | None:
    """Does this candidate case pass every rule? Then (rank, Match), else None."""
    case_id, category, place, house, lat, lon, first_at, last_at = row
    window = rules.window(category)
    if not first_at - window <= complaint.created_at <= last_at + window:
        return None
    address = _address_match(complaint.places, place, house, lat, lon, rules)
    if address is None:
        return None
    how, matched = address
    category_match = _category_match(complaint, category, rules, exact_address=how == "same house")
    if category_match is None:
        return None
    apart = max(first_at - complaint.created_at, complaint.created_at - last_at, timedelta(0))
    evidence = {
        "rule": "same_place",
        "place": place or matched.canonical,
        "house": house or matched.house,
        "address_match": how,
        "category": complaint.category,
        "case_category": category,
        "family": rules.family(category),
        "category_match": category_match,
        "hours_apart": round(apart.total_seconds() / 3600, 2),
        "window_hours": window.total_seconds() / 3600,
    }
    rank = (
        how == "same house",
        category_match == "same category",
        -apart.total_seconds(),
        last_at,
    )
    return rank, Match(case_id=case_id, rule="same_place", evidence=evidence)


def _address_match(
    places: Sequence[PlaceRef],
    place: str | None,
    house: str | None,
    lat: float | None,
    lon: float | None,
    rules: MergeRules,
) -> tuple[str, PlaceRef] | None:
    """How the complaint's places meet the case's: same house, same place, map point, or not."""
    best: tuple[str, PlaceRef] | None = None
    for ref in places:
        if ref.canonical == place:
            if ref.house and house:
                if _house(ref.house) == _house(house):
                    return "same house", ref
                continue  # different houses are different incidents
            best = best or ("same place, one house unknown", ref)
        elif None not in (ref.lat, ref.lon, lat, lon):
            assert ref.lat is not None and ref.lon is not None
            assert lat is not None and lon is not None
            if _metres(ref.lat, ref.lon, lat, lon) <= rules.max_distance_m:
                best = best or ("map point", ref)
    return best


def _category_match(
    complaint: Complaint, category: str, rules: MergeRules, *, exact_address: bool
) -> str | None:
    members = rules.members(category)
    if complaint.category == category:
        return "same category"
    if complaint.category in members:
        return "same family"
    if exact_address and any(
        score >= rules.secondary_min_score and code in members
        for code, score in complaint.category_scores.items()
    ):
        return "runner-up category at the same house"
    return None


def _wanted_categories(complaint: Complaint, rules: MergeRules) -> set[str]:
    wanted = set(rules.members(complaint.category))
    for code, score in complaint.category_scores.items():
        if score >= rules.secondary_min_score:
            wanted |= rules.members(code)
    return wanted


def _names_place(places: Sequence[PlaceRef], place: str, house: str | None) -> bool:
    return any(
        ref.canonical == place and not (ref.house and house and _house(ref.house) != _house(house))
        for ref in places
    )


def _house(value: Any) -> str | None:
    return "".join(str(value).lower().split()) if value else None


def _metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def _cells(places: Sequence[PlaceRef], size_m: float) -> set[str]:
    """Map cells at least `size_m` wide around each point, with their neighbours: two points
    closer than `size_m` always share one. Longitude cells are twice as wide in degrees, which
    keeps them `size_m` wide in metres up to 60° of latitude."""
    step = size_m / _METRES_PER_DEGREE
    cells = set()
    for ref in places:
        if ref.lat is None or ref.lon is None:
            continue
        row, col = math.floor(ref.lat / step), math.floor(ref.lon / (2 * step))
        cells |= {f"{row + dr}:{col + dc}" for dr in (-1, 0, 1) for dc in (-1, 0, 1)}
    return cells


def _key(kind: str, value: str) -> int:
    digest = hashlib.blake2b(f"{kind}\x00{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
