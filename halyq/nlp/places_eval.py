"""How well places and event dates are found, on hand-labelled posts.

Labels name places by the canonical names of the reference list the labellers had; a profile
may know more places (other streets, towns, OSM streets), so a found canonical name outside
the reference list counts as "not in the list" (None), as the labellers would have written it.

    from halyq.nlp.places_eval import evaluate_file
    evaluate_file(Path("data/posts/kyzylorda-labelled.jsonl"), load_profile())
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from halyq.city.profile import CityProfile
from halyq.nlp.classify import classify
from halyq.nlp.normalise import blank_spans
from halyq.nlp.places import PlaceMatch, find_places
from halyq.nlp.when import find_event_date

REFERENCE = (
    Path(__file__).resolve().parents[1] / "city" / "profiles" / "kyzylorda" / "reference.txt"
)


@dataclass
class _Counts:
    hits: int = 0
    found: int = 0
    wanted: int = 0

    def add(self, found: set[Any], wanted: set[Any]) -> None:
        self.hits += len(found & wanted)
        self.found += len(found)
        self.wanted += len(wanted)

    def scores(self, name: str) -> dict[str, float]:
        precision = self.hits / self.found if self.found else 1.0
        recall = self.hits / self.wanted if self.wanted else 1.0
        return {f"{name}_precision": precision, f"{name}_recall": recall}


@dataclass
class _Dates:
    """Event dates against the labels: exact on posts that state a time, invented on the rest.
    A date is exact when it equals the one read from the labelled words alone."""

    zone: str  # the city's time zone, which the labelled words are read in
    dated: int = 0
    exact: int = 0
    undated: int = 0
    invented: int = 0

    def add(self, row: Mapping[str, Any], got: date | None, created: datetime | None) -> None:
        if row["event_surface"]:
            self.dated += 1
            expected, _ = find_event_date(row["event_surface"], created, timezone_name=self.zone)
            self.exact += got is not None and got == expected
        else:
            self.undated += 1
            self.invented += got is not None

    def scores(self) -> dict[str, float]:
        return {
            "dated_posts": self.dated,
            "event_date_exact": self.exact / self.dated if self.dated else 0.0,
            "undated_posts": self.undated,
            "false_date_rate": self.invented / self.undated if self.undated else 0.0,
        }


def reference_names() -> frozenset[str]:
    """The canonical names the labels were made with (the profile's original list)."""
    return frozenset(REFERENCE.read_text(encoding="utf-8").split("\n")) - {""}


def evaluate_rows(
    rows: Iterable[Mapping[str, Any]], profile: CityProfile, reference: frozenset[str]
) -> dict[str, float]:
    """Place precision/recall (canonical + house; and with unlisted places matched by span),
    event-date exactness on posts that state a time, false-date rate on posts that do not,
    and the mean place-extraction time per post in milliseconds.

    A date is exact when the one read from the whole post equals the one read from the
    labelled words alone (`event_surface`), both resolved against the post's time.
    """
    canonical, spans, dates = _Counts(), _Counts(), _Dates(profile.timezone)
    posts, spent = 0, 0.0
    for row in rows:
        posts += 1
        created = datetime.fromisoformat(row["created_at"]) if row.get("created_at") else None
        started = time.perf_counter()
        found = find_places(row["text"], profile.places)
        spent += time.perf_counter() - started
        labelled = [p for p in row.get("places", []) if isinstance(p, dict)]
        canonical.add(_canonical_set(found, reference), _labelled_set(labelled))
        spans.add(_span_set(found, reference), _labelled_spans(labelled))
        if "event_surface" not in row:
            continue
        # As analyze() does: place names are blanked out before looking for a date.
        blanked = blank_spans(row["text"], [(m.start, m.end) for m in found])
        # The complaint verdict comes from the rules, as in the product, not from the label.
        complaint = classify(blanked, created_at=created).is_complaint
        event, _ = find_event_date(
            blanked, created, timezone_name=profile.timezone, complaint=complaint
        )
        dates.add(row, event, created)
    return {
        "posts": posts,
        **canonical.scores("place"),
        **spans.scores("place_with_unlisted"),
        **dates.scores(),
        "ms_per_post": 1000 * spent / posts if posts else 0.0,
    }


def evaluate_reading(
    rows: Iterable[Mapping[str, Any]], profile: CityProfile, reference: frozenset[str] | None = None
) -> dict[str, float]:
    """The same measures on what `analyze()` itself returns (gazetteer, the NER fallback, the
    model's complaint verdict): what a specialist sees. Rows without a `places` or an
    `event_surface` label are left out of that measure. `reference` defaults to every
    canonical name of the profile.

    A labeller may not have had a name the profile knows now (the older files were labelled
    with a shorter list): a found place that sits on a labelled place without a canonical name
    is then neither a hit nor a miss. Anywhere else it is a false find. A labelled name the
    profile does not list is such an unlisted place too.
    """
    from halyq.nlp.analyze import analyze  # the whole reader; evaluate_rows needs rules only

    known = reference or frozenset(place.canonical for place in profile.places)
    places, dates = _Counts(), _Dates(profile.timezone)
    for row in rows:
        created = datetime.fromisoformat(row["created_at"]) if row.get("created_at") else None
        reading = analyze(row["text"], created_at=created, profile=profile)
        if isinstance(row.get("places"), list):
            labelled = [_as_listed(p, known) for p in row["places"] if isinstance(p, dict)]
            places.add(_found_by_reader(reading.places, labelled, known), _labelled_set(labelled))
        if "event_surface" in row:
            dates.add(row, reading.event_date, created)
    return {**places.scores("place"), "place_mentions": places.wanted, **dates.scores()}


def _as_listed(label: Mapping[str, Any], known: frozenset[str]) -> Mapping[str, Any]:
    """A label naming a place the profile does not list ("№45 мектеп") counts as unlisted:
    the reader can give such a place its words and kind, not a canonical name."""
    return label if label.get("canonical") in known else {**label, "canonical": None}


def _found_by_reader(
    found: Sequence[Any], labelled: Sequence[Mapping[str, Any]], known: frozenset[str]
) -> set[Any]:
    unnamed = [(p["start"], p["end"]) for p in labelled if not p.get("canonical")]
    named = {p.get("canonical") for p in labelled}
    return {
        (place.canonical, place.house)
        for place in found
        if place.canonical in known
        and (
            place.canonical in named
            or not any(place.start < end and start < place.end for start, end in unnamed)
        )
    }


def evaluate_names(rows: Iterable[Mapping[str, Any]], profile: CityProfile) -> dict[str, float]:
    """For labels that list canonical names only (the demo set): precision and recall of the
    set of canonical names found in each post."""
    counts = _Counts()
    for row in rows:
        found = {m.canonical for m in find_places(row["text"], profile.places) if m.canonical}
        counts.add(found, set(row.get("places") or []))
    return counts.scores("place_name")


def evaluate_file(path: Path, profile: CityProfile) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return evaluate_rows(rows, profile, reference_names())


def _known(name: str | None, reference: frozenset[str]) -> str | None:
    return name if name in reference else None


def _canonical_set(found: list[PlaceMatch], reference: frozenset[str]) -> set[Any]:
    return {
        (m.canonical, m.house)
        for m in found
        if m.canonical is not None and m.canonical in reference
    }


def _labelled_set(labelled: Sequence[Mapping[str, Any]]) -> set[Any]:
    return {(p["canonical"], p["house"]) for p in labelled if p["canonical"]}


def _span_set(found: list[PlaceMatch], reference: frozenset[str]) -> set[Any]:
    """Unlisted places are compared by where they start and end, listed ones by name."""
    return {
        (_known(m.canonical, reference), m.house, None if m.canonical in reference else m.start)
        for m in found
    }


def _labelled_spans(labelled: Sequence[Mapping[str, Any]]) -> set[Any]:
    return {(p["canonical"], p["house"], None if p["canonical"] else p["start"]) for p in labelled}
