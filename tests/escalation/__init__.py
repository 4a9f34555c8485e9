"""Tests of the escalation store and its outbox, with the small helpers they share (a hand-wound clock, a filing)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.escalation import NewEscalation, Remedy

START = dt.datetime(2026, 10, 2, 19, 30, tzinfo=dt.UTC)


class FakeClock:
    """A clock that only moves when a test moves it."""

    def __init__(self, now: dt.datetime = START) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def remedy(**changes: Any) -> Remedy:
    fields: dict[str, Any] = {
        "tier": "replace-and-gesture",
        "actions": ["replace the snapper at once", "dessert on the house"],
        "value": 54.0,
        "approval": "manager",
        "currency": "USD",
    }
    return Remedy.model_validate(fields | changes)


def complaint(**changes: Any) -> NewEscalation:
    fields: dict[str, Any] = {
        "venue": "cedar-and-tide",
        "session": "table-12",
        "guest_text": "My snapper arrived cold and nobody has come back to the table.",
        "category": "food-quality",
        "severity": "high",
        "remedy": remedy(),
        "sla_minutes": 5,
        "loss": 38.0,
        "items": ["blackened-snapper"],
    }
    return NewEscalation.model_validate(fields | changes)
