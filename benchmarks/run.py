"""`make bench`: prints the figures that docs/BENCHMARKS.md records, as JSON."""

from __future__ import annotations

import json
import os
import platform
import sys

from benchmarks.ingest import in_own_process as telegram_export_ingest
from benchmarks.merging import merge_lookup_speed, merging_quality
from benchmarks.quality import (
    INDEPENDENT,
    LABELLED,
    demo_examples,
    held_out_examples,
    independent_examples,
    independent_where_when,
    kazsandra_quality,
    kzgov_quality,
    labelled_quality,
)
from benchmarks.speed import analyze_speed, corpus, sqlite_speed
from halyq.city.profile import load_profile
from halyq.nlp.places_eval import evaluate_file


def machine() -> dict[str, str | int | None]:
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version()}


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def _suffix(number: int) -> str:
    """ "" for the first independent file (its keys predate the second), "_2" after."""
    return "" if number == 1 else f"_{number}"


def main() -> None:
    profile = load_profile("kyzylorda")
    report = {
        "machine": machine(),
        "analyze": analyze_speed(profile, corpus(10)),
        "sqlite_pipeline": sqlite_speed(profile, corpus(10)),
        "quality_demo": labelled_quality(profile, demo_examples()),
        # the held-out 30% of data/posts (the models learnt from the other 70%)
        "quality_labelled": labelled_quality(profile, held_out_examples()),
        # each written by a hand that never saw the readers; never trained or tuned on
        **{
            f"quality_independent{_suffix(n)}": labelled_quality(profile, independent_examples(p))
            for n, p in enumerate(INDEPENDENT, 1)
        },
        **{
            f"where_when_independent{_suffix(n)}": independent_where_when(profile, p)
            for n, p in enumerate(INDEPENDENT, 1)
        },
        "quality_kzgovdata": kzgov_quality(profile),
        "quality_kazsandra": kazsandra_quality(profile),
        "places_and_dates_labelled": evaluate_file(LABELLED, profile),
        "merging_quality_demo": merging_quality(profile),
        # 100,000 posts keeps `make bench` to minutes; the 1,000,000-post figure comes from
        # `python -m benchmarks.merging --posts 1000000` (docs/BENCHMARKS.md).
        "merging_speed": merge_lookup_speed(profile, posts=100_000, samples=300),
        # in its own process, so its peak RSS is its own; the 1 GB figure comes from
        # `python -m benchmarks.ingest --messages 1500000` (docs/BENCHMARKS.md)
        "telegram_export_ingest": telegram_export_ingest(200_000),
    }
    json.dump(_rounded(report), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
