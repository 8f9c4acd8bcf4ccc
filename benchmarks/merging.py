"""Incident merging: pairwise quality on the demo posts and the merge lookup on a big database.

    python -m benchmarks.merging                     # quality + lookup on 100,000 posts
    python -m benchmarks.merging --posts 1000000     # the issue's target size

Quality: the gold incidents in data/merging/demo-incidents.json; pairs are counted over the
posts the demo labels call complaints (a classifier miss costs recall here too).
Speed: a SQLite file filled with bulk inserts (two years of posts, cases and LSH bands), then
`find_incident` and the whole `file_complaint` (lookup, link or open, audit, counts) timed for
new complaints, each rolled back so every sample sees the same database.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from sqlalchemy import select

from benchmarks.speed import migrated_sqlite
from halyq.cases.intake import file_complaint
from halyq.cases.merge_rules import load_merge_rules
from halyq.cases.merging import complaint_of, find_incident
from halyq.city.calendar import load_calendar
from halyq.city.profile import CityProfile, load_profile
from halyq.db.engine import make_engine, make_sessionmaker
from halyq.db.models import Analysis, CasePost, Post
from halyq.pipeline import process_pending
from halyq.sources.importer import import_posts
from halyq.sources.jsonl import read_posts

ROOT = Path(__file__).resolve().parent.parent
DEMO_POSTS = ROOT / "halyq" / "demo" / "posts.jsonl"
DEMO_LABELS = ROOT / "halyq" / "demo" / "labels.jsonl"
GOLD = ROOT / "data" / "merging" / "demo-incidents.json"
CATEGORIES = ("water", "heating", "electricity", "street_lighting", "roads", "waste", "other")


def merging_quality(profile: CityProfile) -> dict[str, Any]:
    """Pairwise precision, recall and F1 of merging on the demo posts against the gold."""
    clusters = _demo_cases(profile)
    universe = {
        row["id"]
        for row in map(json.loads, DEMO_LABELS.read_text(encoding="utf-8").splitlines())
        if row["is_complaint"]
    }
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    gold_pairs = {
        frozenset(pair)
        for incident in gold["incidents"]
        for pair in combinations(sorted(set(incident["complaints"]) & universe), 2)
    }
    found = {
        frozenset(pair)
        for members in clusters
        for pair in combinations(sorted(set(members) & universe), 2)
    }
    hits = len(found & gold_pairs)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    return {
        "complaints": len(universe),
        "gold_pairs": len(gold_pairs),
        "merged_pairs": len(found),
        "correct_pairs": hits,
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if hits else 0.0,
        "wrong_pairs": sorted(sorted(pair) for pair in found - gold_pairs),
        "missed_pairs": sorted(sorted(pair) for pair in gold_pairs - found),
    }


def _demo_cases(profile: CityProfile) -> list[list[str]]:
    """The demo through import and the worker: each case's posts by their ingest ids."""
    with tempfile.TemporaryDirectory() as folder:
        engine, sessions = migrated_sqlite(Path(folder) / "demo.db", profile)
        with DEMO_POSTS.open("rb") as stream:
            import_posts(sessions, read_posts(stream), pseudonym_key="bench-key-0123456789")
        process_pending(sessions, profile)
        clusters: dict[int, list[str]] = defaultdict(list)
        with sessions() as session:
            query = select(CasePost.case_id, Post.external_id).join(Post)
            for case_id, external_id in session.execute(query):
                clusters[case_id].append(external_id)
        engine.dispose()
    return list(clusters.values())


def merge_lookup_speed(
    profile: CityProfile,
    *,
    posts: int = 100_000,
    samples: int = 300,
    database: Path | None = None,
) -> dict[str, Any]:
    """Build a SQLite database of `posts` posts (or reuse `database` if it exists), then time
    the merge of new complaints."""
    with tempfile.TemporaryDirectory() as tmp:
        path = database or Path(tmp) / "merging.db"
        url = f"sqlite:///{path}"
        counts: dict[str, Any] = {"reused": path.exists()}
        started = time.perf_counter()
        if not path.exists():
            migrated_sqlite(path, profile)[0].dispose()
            counts.update(_fill(path, profile, posts))
        build = time.perf_counter() - started
        engine = make_engine(url)
        with engine.connect() as conn:
            counts["posts"] = conn.exec_driver_sql("SELECT COUNT(*) FROM posts").scalar()
            counts["cases"] = conn.exec_driver_sql("SELECT COUNT(*) FROM cases").scalar()
        lookup, timings = _time_merges(make_sessionmaker(engine), profile, samples)
        engine.dispose()
        size_mb = path.stat().st_size / 1e6
    return {
        **counts,
        "build_seconds": build,
        "database_mb": size_mb,
        "samples": samples,
        "lookup_ms_median": statistics.median(lookup),
        "lookup_ms_p95": _p95(lookup),
        **{
            f"{how}_{name}": value
            for how, values in timings.items()
            for name, value in (
                ("count", len(values)),
                ("ms_median", statistics.median(values) if values else None),
                ("ms_p95", _p95(values) if values else None),
            )
        },
    }


END = datetime(2026, 11, 27, tzinfo=UTC)
SPAN = timedelta(days=730)


def _fill(path: Path, profile: CityProfile, posts: int) -> dict[str, int]:
    """Bulk-insert posts, cases, links and bands straight through sqlite3 (seconds, not hours)."""
    rng = random.Random(7)
    places = [p.canonical for p in profile.places if p.kind != "city"]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    case_id = post_id = 0
    cases: list[tuple[Any, ...]] = []
    post_rows: list[tuple[Any, ...]] = []
    links: list[tuple[int, int, str]] = []
    bands: list[tuple[int, int]] = []
    while post_id < posts:
        case_id += 1
        first = END - SPAN * rng.random() ** 0.7
        size = min(rng.choice((1, 1, 1, 2, 2, 3, 5, 8)), posts - post_id)
        category, place = rng.choice(CATEGORIES), rng.choice(places)
        house = str(rng.randint(1, 120)) if rng.random() < 0.6 else None
        last = first
        for _ in range(size):
            post_id += 1
            created = first + timedelta(hours=rng.random() * 30)
            last = max(last, created)
            post_rows.append((post_id, f"{created:%Y-%m-%d %H:%M:%S}", f"a{rng.getrandbits(40):x}"))
            links.append((case_id, post_id, f"{created:%Y-%m-%d %H:%M:%S}"))
            bands.extend((post_id, rng.getrandbits(63) - 2**62) for _ in range(14))
        status = "closed" if last < END - timedelta(days=10) else rng.choice(("new", "assigned"))
        cases.append((case_id, category, place, house, status, first, last))
        if len(post_rows) > 50_000:
            _flush(conn, cases, post_rows, links, bands)
    _flush(conn, cases, post_rows, links, bands)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    return {"posts": post_id, "cases": case_id, "bands": post_id * 14}


def _flush(conn: sqlite3.Connection, cases: list[Any], posts: list[Any], links: list[Any],
           bands: list[Any]) -> None:  # fmt: skip
    fmt = "%Y-%m-%d %H:%M:%S"
    conn.executemany(
        "INSERT INTO posts (id, source, external_id, author_hash, text, created_at, received_at,"
        " raw, analysed_at) VALUES (?, 'bench', ?, ?, 'текст', ?, ?, '{}', ?)",
        [(pid, f"b{pid}", author, created, created, created) for pid, created, author in posts],
    )
    conn.executemany(
        "INSERT INTO cases (id, category, department_code, status, track, urgency, summary,"
        " place_canonical, place_house, opened_at, respond_by, due_at, updated_at, residents,"
        " first_post_at, last_post_at, started_at, public_token) VALUES (?, ?,"
        " 'housing_utilities', ?, 'signal', 'medium', 'x', ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
        [
            (cid, cat, status, place, house, *[first.strftime(fmt)] * 4, first.strftime(fmt),
             last.strftime(fmt), first.strftime(fmt), f"bench{cid}")
            for cid, cat, place, house, status, first, last in cases
        ],
    )  # fmt: skip
    conn.executemany("INSERT INTO case_posts (case_id, post_id, linked_at) VALUES (?, ?, ?)", links)
    conn.executemany("INSERT INTO post_bands (post_id, band) VALUES (?, ?)", bands)
    conn.commit()
    for rows in (cases, posts, links, bands):
        rows.clear()


def _time_merges(
    sessions: Any, profile: CityProfile, samples: int
) -> tuple[list[float], dict[str, list[float]]]:
    """Milliseconds of the lookup alone, and of the whole filing by outcome (merged, opened)."""
    rules = load_merge_rules(profile)
    calendar = load_calendar(profile)
    rng = random.Random(11)
    places = [p for p in profile.places if p.kind != "city"]
    lookup: list[float] = []
    whole: dict[str, list[float]] = {"merged": [], "opened": []}
    texts = [json.loads(line)["text"] for line in DEMO_POSTS.read_text("utf-8").splitlines()]
    for number in range(samples):
        with sessions() as session:
            place = rng.choice(places)
            created = END - timedelta(hours=rng.random() * 48)
            post = Post(
                source="bench", external_id=f"new-{number}", author_hash=None,
                author_name=None, text=rng.choice(texts), created_at=created,
                received_at=END, raw={},
            )  # fmt: skip
            session.add(post)
            session.flush()
            analysis = Analysis(
                post_id=post.id, lang="kk", is_complaint=True, complaint_score=0.9,
                category=rng.choice(CATEGORIES[:4]), category_scores={}, urgency="medium",
                sentiment="negative", redacted_text=post.text, model_version="bench",
                places=[{"canonical": place.canonical, "kind": place.kind,
                         "house": str(rng.randint(1, 120)) if rng.random() < 0.5 else None}],
            )  # fmt: skip
            started = time.perf_counter()
            find_incident(session, complaint_of(post, analysis), rules)
            lookup.append(1000 * (time.perf_counter() - started))
            started = time.perf_counter()
            filed = file_complaint(
                session, profile=profile, calendar=calendar, rules=rules, post=post,
                analysis=analysis, now=END,
            )  # fmt: skip
            session.flush()
            whole[filed.how].append(1000 * (time.perf_counter() - started))
            session.rollback()
    return lookup, whole


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--posts", type=int, default=100_000, help="database size in posts")
    parser.add_argument("--samples", type=int, default=300, help="complaints to time")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--database", type=Path, help="keep the built SQLite file here; reused when it exists"
    )
    args = parser.parse_args()
    profile = load_profile("kyzylorda")
    report: dict[str, Any] = {}
    if not args.skip_quality:
        report["quality_demo"] = merging_quality(profile)
    report["lookup"] = merge_lookup_speed(
        profile, posts=args.posts, samples=args.samples, database=args.database
    )
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
