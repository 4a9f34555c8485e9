"""Delivering the outbox: every notification a transition enqueued reaches a channel, however long it is down.

Delivery is at least once. A notification is marked sent only after `Notifier.notify` returned, so a crash between
the two (or a timeout on a send that did arrive) sends it again. `Notification.id` is stable across those resends
and unique per transition, so a channel that records the ids it has posted can turn this into exactly once.

Order is enqueue order, but a failed notification steps aside for its backoff rather than holding up the queue, so
after an outage one ticket's "acknowledged" may arrive before its retried "filed". Each payload is a complete
snapshot (ticket, state, who acted) for exactly that reason: a channel never needs the earlier message to render it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.errors import EscalationError
from bot.escalation.model import Notification
from bot.escalation.store import EscalationStore, utcnow

__all__ = ["DrainReport", "Notifier", "OutboxSender"]

_log = logging.getLogger(__name__)


class Notifier(Protocol):
    """A channel that tells staff and the guest about a ticket (the terminal now, Discord later)."""

    async def notify(self, notification: Notification) -> None:
        """Deliver one notification, or raise: any exception counts as a failed attempt to be retried."""
        ...


@dataclass(frozen=True)
class DrainReport:
    sent: int = 0
    failed: int = 0


class OutboxSender:
    """Sends due notifications in enqueue order; a failed one is retried with backoff and never holds up the rest."""

    def __init__(
        self,
        store: EscalationStore,
        notifier: Notifier,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        batch_size: int = 50,
        send_timeout: float | None = 30.0,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._store = store
        self._notifier = notifier
        self._clock = clock
        self._batch_size = batch_size
        # A channel that hangs must not stall the queue behind it; a timed-out send counts as failed (and, since it
        # may still have arrived, is exactly the resend the idempotency key is for).
        self._send_timeout = send_timeout

    async def drain_once(self) -> DrainReport:
        """Send everything due now, batch after batch, and report how many were sent and how many failed."""
        sent = failed = 0
        tried: set[str] = set()
        while True:
            batch = await asyncio.to_thread(self._store.pending_notifications, self._clock(), self._batch_size)
            fresh = [n for n in batch if n.id not in tried]
            for notification in fresh:
                tried.add(notification.id)
                if await self._send(notification):
                    sent += 1
                else:
                    failed += 1
            # A short batch means nothing else is due; a batch of nothing new means a clock that stands still has
            # made a failed notification due again, and it waits for the next drain.
            if len(batch) < self._batch_size or not fresh:
                return DrainReport(sent=sent, failed=failed)

    async def run(self, stop: asyncio.Event, interval: float = 1.0) -> None:
        """Drain every `interval` seconds until `stop` is set. A database outage is logged and waited out."""
        while not stop.is_set():
            try:
                await self.drain_once()
            except EscalationError:
                _log.warning("could not drain the escalation outbox; retrying in %.1f s", interval, exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)

    async def _send(self, notification: Notification) -> bool:
        try:
            async with asyncio.timeout(self._send_timeout):
                await self._notifier.notify(notification)
        except Exception as exc:  # whatever the channel raised, this attempt failed and the rest must go on
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            _log.warning("notification %s failed: %s", notification.id, error)
            await asyncio.to_thread(self._store.mark_failed, notification.id, error, self._clock())
            return False
        await asyncio.to_thread(self._store.mark_sent, notification.id, self._clock())
        return True
