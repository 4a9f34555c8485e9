"""An escalation store opened on first use.

Most conversations never file a ticket, and the SQL store's libraries cost a `concierge ask` about half a second to
import: the concierge holds this stand-in and the real store is opened the first time anything is filed or read.
"""

from __future__ import annotations

import builtins
import datetime as dt
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

    from bot.escalation.model import Escalation, Event, NewEscalation, Notification, State
    from bot.escalation.store import EscalationStore


class LazyEscalationStore:
    """Stands in for `SqlEscalationStore(url)` and opens it when a method is first called."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store: EscalationStore | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> EscalationStore:
        with self._lock:
            if self._store is None:
                from bot.escalation.store import SqlEscalationStore

                self._store = SqlEscalationStore(self.url)
            return self._store

    def file(self, new: NewEscalation) -> Escalation:
        return self.store.file(new)

    def get(self, escalation_id: str) -> Escalation:
        return self.store.get(escalation_id)

    def list(
        self, *, venue: str | None = None, states: Collection[State] | None = None, now: dt.datetime | None = None
    ) -> builtins.list[Escalation]:
        return self.store.list(venue=venue, states=states, now=now)

    def acknowledge(self, escalation_id: str, by: str) -> Escalation:
        return self.store.acknowledge(escalation_id, by)

    def approve(
        self,
        escalation_id: str,
        by: str,
        *,
        actions: builtins.list[str] | None = None,
        value: float | None = None,
    ) -> Escalation:
        return self.store.approve(escalation_id, by, actions=actions, value=value)

    def resolve(self, escalation_id: str, by: str, note: str | None = None) -> Escalation:
        return self.store.resolve(escalation_id, by, note)

    def events(self, escalation_id: str) -> builtins.list[Event]:
        return self.store.events(escalation_id)

    def pending_notifications(self, now: dt.datetime, limit: int = 50) -> builtins.list[Notification]:
        return self.store.pending_notifications(now, limit)

    def mark_sent(self, notification_id: str, now: dt.datetime) -> None:
        self.store.mark_sent(notification_id, now)

    def mark_failed(self, notification_id: str, error: str, now: dt.datetime) -> None:
        self.store.mark_failed(notification_id, error, now)

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
