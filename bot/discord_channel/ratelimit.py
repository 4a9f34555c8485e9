"""A per-user token bucket: bursts are fine, a flood is asked to wait, and the wait is said in seconds."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

_PRUNE_ABOVE = 10_000  # users remembered before the full (idle) buckets are forgotten


class RateLimiter:
    """`capacity` questions at once, refilled at `capacity / per_seconds` per second."""

    def __init__(self, capacity: int, per_seconds: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        if capacity < 1 or per_seconds <= 0:
            raise ValueError("capacity must be at least 1 and per_seconds positive")
        self._capacity = float(capacity)
        self._rate = capacity / per_seconds
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}

    def hit(self, user_id: int) -> float | None:
        """Spend one token: None if allowed, else the seconds until the next token."""
        now = self._clock()
        tokens, last = self._buckets.get(user_id, (self._capacity, now))
        tokens = min(self._capacity, tokens + (now - last) * self._rate)
        if tokens < 1.0:
            self._buckets[user_id] = (tokens, now)
            return (1.0 - tokens) / self._rate
        self._buckets[user_id] = (tokens - 1.0, now)
        if len(self._buckets) > _PRUNE_ABOVE:
            self._prune(now)
        return None

    def _prune(self, now: float) -> None:
        full = [u for u, (t, last) in self._buckets.items() if t + (now - last) * self._rate >= self._capacity]
        for user in full:
            del self._buckets[user]


def wait_message(seconds: float) -> str:
    wait = max(1, math.ceil(seconds))
    unit = "second" if wait == 1 else "seconds"
    return f"You're asking faster than the kitchen can keep up — give me {wait} {unit} and ask again."
