"""The one percentile every benchmark reports: nearest rank over the sorted samples."""

from __future__ import annotations


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]
