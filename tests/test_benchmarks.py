"""The benchmarks run on small sizes, so a schema change cannot break `make bench` unseen.

Only that they run and count what they built: the figures themselves are for docs/BENCHMARKS.md,
never asserted here.
"""

from __future__ import annotations

from benchmarks.merging import merge_lookup_speed
from benchmarks.speed import analyze_speed, corpus
from halyq.city.profile import CityProfile


def test_the_merging_benchmark_builds_its_database_and_merges(profile: CityProfile) -> None:
    result = merge_lookup_speed(profile, posts=2_000, samples=5)
    assert result["posts"] >= 2_000 and result["cases"] > 0
    assert result["samples"] == 5 and result["lookup_ms_median"] > 0


def test_the_analyze_benchmark_reads_the_demo_posts(profile: CityProfile) -> None:
    result = analyze_speed(profile, corpus(1))
    assert result["posts"] == len(corpus(1)) > 0
