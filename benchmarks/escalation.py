"""Escalation write throughput: complaints filed per second into a fresh SQLite file, each one committed and fsynced.

This is the production path (WAL, synchronous=FULL, ticket + event + outbox row in one transaction per `file()`),
so the number is bounded by the disk's fsync latency, not by Python.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from bot.escalation import NewEscalation, Remedy, SqlEscalationStore

_COMPLAINT = NewEscalation(
    venue="cedar-and-tide",
    session="bench",
    guest_text="My snapper arrived cold and nobody has come back to the table.",
    category="food-quality",
    severity="high",
    remedy=Remedy(
        tier="replace-and-gesture",
        actions=["replace the snapper at once", "dessert on the house"],
        value=54.0,
        approval="manager",
        currency="USD",
    ),
    sla_minutes=5,
    loss=38.0,
    items=["blackened-snapper"],
)


def measure_escalation_writes(n: int = 300) -> dict[str, Any]:
    """File `n` complaints one committed transaction at a time and report the rate and per-write latency."""
    with tempfile.TemporaryDirectory(prefix="concierge-bench-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'concierge.db'}"
        with SqlEscalationStore(url) as store:
            store.file(_COMPLAINT)  # creating the file and switching it to WAL is start-up, not throughput
            latencies: list[float] = []
            start = time.perf_counter()
            for _ in range(n):
                t = time.perf_counter()
                store.file(_COMPLAINT)
                latencies.append(time.perf_counter() - t)
            elapsed = time.perf_counter() - start
            assert len(store.list()) == n + 1
    latencies.sort()
    return {
        "n": n,
        "seconds": round(elapsed, 3),
        "escalations_per_second": round(n / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 2),
        "p99_ms": round(latencies[min(len(latencies) - 1, round(0.99 * (len(latencies) - 1)))] * 1000, 2),
    }


if __name__ == "__main__":
    print(measure_escalation_writes())
