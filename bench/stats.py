"""Latency percentiles of the requests the benchmark timed itself (cold requests, the mixed run)."""

import math


def percentile(sorted_ms: list[float], share: float) -> float:
    """Nearest rank: the smallest sample at or above `share` of them (with 10 samples, p95 and
    p99 are the slowest one: few samples never flatter the tail)."""
    rank = max(1, math.ceil(share * len(sorted_ms)))
    return sorted_ms[rank - 1]


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)
    if not ordered:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 0.50), 1),
        "p95_ms": round(percentile(ordered, 0.95), 1),
        "p99_ms": round(percentile(ordered, 0.99), 1),
        "max_ms": round(ordered[-1], 1),
    }
