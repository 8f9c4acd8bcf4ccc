"""Speed and quality measurements: `make bench` (figures go to docs/BENCHMARKS.md)."""
