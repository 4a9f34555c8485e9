"""The outbox sender: due notifications go out in order, failures back off and retry, nothing is sent twice."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import EscalationError
from bot.escalation import DrainReport, Notification, OutboxSender, SqlEscalationStore, retry_delay
from tests.escalation import FakeClock, complaint

FAR_FUTURE = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)


class ScriptedNotifier:
    """A channel whose next outcomes a test enqueues: None delivers, an exception fails; unscripted calls deliver."""

    def __init__(self) -> None:
        self.outcomes: list[Exception | None] = []
        self.delivered: list[str] = []
        self.calls: list[str] = []

    def enqueue(self, *outcomes: Exception | None) -> None:
        self.outcomes.extend(outcomes)

    async def notify(self, notification: Notification) -> None:
        self.calls.append(notification.id)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        self.delivered.append(notification.id)


class OutageNotifier:
    """A channel that fails every send while `down`, and otherwise records each id it posts."""

    def __init__(self) -> None:
        self.down = True
        self.posted: list[str] = []

    async def notify(self, notification: Notification) -> None:
        if self.down:
            raise ConnectionError("channel unreachable")
        self.posted.append(notification.id)


class HangingNotifier:
    async def notify(self, notification: Notification) -> None:
        await asyncio.sleep(3600)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[SqlEscalationStore]:
    with SqlEscalationStore(f"sqlite:///{tmp_path / 'concierge.db'}", clock=clock) as opened:
        yield opened


@pytest.fixture
def notifier() -> ScriptedNotifier:
    return ScriptedNotifier()


@pytest.fixture
def sender(store: SqlEscalationStore, notifier: ScriptedNotifier, clock: FakeClock) -> OutboxSender:
    return OutboxSender(store, notifier, clock=clock, batch_size=2)


def _pending(store: SqlEscalationStore) -> dict[str, Notification]:
    return {n.id: n for n in store.pending_notifications(FAR_FUTURE, 1000)}


async def test_drain_sends_every_due_notification_in_order(
    store: SqlEscalationStore, sender: OutboxSender, notifier: ScriptedNotifier
) -> None:
    """Everything due goes out in enqueue order, across several batches, and is marked sent."""
    first = store.file(complaint())
    second = store.file(complaint())
    store.acknowledge(first.id, "ana")
    third = store.file(complaint())
    assert await sender.drain_once() == DrainReport(sent=4, failed=0)
    assert notifier.delivered == [
        f"{first.id}:filed",
        f"{second.id}:filed",
        f"{first.id}:acknowledged",
        f"{third.id}:filed",
    ]
    assert _pending(store) == {}
    assert [e.action for e in store.events(first.id)] == ["filed", "acknowledged", "notified", "notified"]


async def test_failure_does_not_block_later_notifications(
    store: SqlEscalationStore, sender: OutboxSender, notifier: ScriptedNotifier, clock: FakeClock
) -> None:
    """ok, raise, ok: the first and third are sent, the second waits out its backoff with the error recorded."""
    ids = [store.file(complaint()).id for _ in range(3)]
    notifier.enqueue(None, RuntimeError("discord is down"), None)
    assert await sender.drain_once() == DrainReport(sent=2, failed=1)
    assert notifier.delivered == [f"{ids[0]}:filed", f"{ids[2]}:filed"]
    [failed] = _pending(store).values()
    assert failed.id == f"{ids[1]}:filed"
    assert failed.attempts == 1
    assert failed.last_error == "RuntimeError: discord is down"
    assert failed.next_attempt_at == clock.now + dt.timedelta(seconds=5)


async def test_failed_notification_is_retried_only_after_backoff(
    store: SqlEscalationStore, sender: OutboxSender, notifier: ScriptedNotifier, clock: FakeClock
) -> None:
    """A failed send is not retried before its backoff ends, is retried once it has, and then goes out once."""
    ticket = store.file(complaint())
    notifier.enqueue(RuntimeError("timeout"))
    assert await sender.drain_once() == DrainReport(sent=0, failed=1)
    clock.advance(seconds=4.9)
    assert await sender.drain_once() == DrainReport()
    clock.advance(seconds=0.1)
    assert await sender.drain_once() == DrainReport(sent=1, failed=0)
    assert notifier.calls == [f"{ticket.id}:filed", f"{ticket.id}:filed"]
    assert notifier.delivered == [f"{ticket.id}:filed"]


async def test_sent_notifications_are_never_resent(
    store: SqlEscalationStore, sender: OutboxSender, notifier: ScriptedNotifier, clock: FakeClock
) -> None:
    """Once marked sent, a notification is never handed to the channel again, however much time passes."""
    store.file(complaint())
    await sender.drain_once()
    for _ in range(3):
        clock.advance(hours=1)
        assert await sender.drain_once() == DrainReport()
    assert len(notifier.calls) == 1


async def test_backoff_doubles_up_to_ten_minutes(store: SqlEscalationStore, clock: FakeClock) -> None:
    """Each failure doubles the wait from 5 s, capped at 10 minutes, however long the outage."""
    ticket = store.file(complaint())
    waits = []
    for _ in range(10):
        store.mark_failed(f"{ticket.id}:filed", "down", clock.now)
        [pending] = _pending(store).values()
        waits.append((pending.next_attempt_at - clock.now).total_seconds())
    assert waits == [5, 10, 20, 40, 80, 160, 320, 600, 600, 600]
    assert retry_delay(10_000) == dt.timedelta(minutes=10)


async def test_outage_then_recovery_delivers_each_notification_exactly_once(
    store: SqlEscalationStore, clock: FakeClock
) -> None:
    """Through a long channel outage with new tickets arriving, every notification is later posted exactly once."""
    channel = OutageNotifier()
    sender = OutboxSender(store, channel, clock=clock, batch_size=3)
    tickets = [store.file(complaint()) for _ in range(4)]
    for minute in range(30):
        if minute == 10:
            tickets.append(store.file(complaint(severity="critical", sla_minutes=1)))
            store.acknowledge(tickets[0].id, "ana")
        if minute == 20:
            store.approve(tickets[1].id, "marco", value=20.0)
        report = await sender.drain_once()
        assert report.sent == 0
        clock.advance(minutes=1)
    expected = set(_pending(store))
    assert len(expected) == 7

    channel.down = False
    clock.advance(minutes=10)  # past the longest backoff
    assert await sender.drain_once() == DrainReport(sent=7, failed=0)
    clock.advance(hours=1)
    assert await sender.drain_once() == DrainReport()
    assert Counter(channel.posted) == dict.fromkeys(expected, 1)
    assert _pending(store) == {}


async def test_hanging_channel_times_out_as_a_failure(store: SqlEscalationStore, clock: FakeClock) -> None:
    """A send that never returns counts as failed after the timeout and is scheduled for a retry."""
    store.file(complaint())
    sender = OutboxSender(store, HangingNotifier(), clock=clock, send_timeout=0.05)
    assert await sender.drain_once() == DrainReport(sent=0, failed=1)
    [pending] = _pending(store).values()
    assert pending.last_error == "TimeoutError"


async def test_run_drains_until_stopped(
    store: SqlEscalationStore, notifier: ScriptedNotifier, clock: FakeClock
) -> None:
    """`run` keeps draining on its interval, picks up new tickets, and returns promptly once `stop` is set."""
    sender = OutboxSender(store, notifier, clock=clock)
    stop = asyncio.Event()
    task = asyncio.create_task(sender.run(stop, interval=0.01))
    first = store.file(complaint())
    async with asyncio.timeout(5):
        while len(notifier.delivered) < 1:
            await asyncio.sleep(0.01)
        second = store.file(complaint())
        while len(notifier.delivered) < 2:
            await asyncio.sleep(0.01)
        stop.set()
        await task
    assert notifier.delivered == [f"{first.id}:filed", f"{second.id}:filed"]


async def test_run_waits_out_a_database_outage(tmp_path: Path, notifier: ScriptedNotifier, clock: FakeClock) -> None:
    """A store error in one drain is logged, and the next drain delivers."""

    class FlakyStore(SqlEscalationStore):
        failures = 2

        def pending_notifications(self, now: dt.datetime, limit: int = 50) -> list[Notification]:
            if self.failures:
                self.failures -= 1
                raise EscalationError("Could not read the notification outbox: the database is down.")
            return super().pending_notifications(now, limit)

    with FlakyStore(f"sqlite:///{tmp_path / 'concierge.db'}", clock=clock) as store:
        ticket = store.file(complaint())
        stop = asyncio.Event()
        task = asyncio.create_task(OutboxSender(store, notifier, clock=clock).run(stop, interval=0.01))
        async with asyncio.timeout(5):
            while not notifier.delivered:
                await asyncio.sleep(0.01)
            stop.set()
            await task
        assert notifier.delivered == [f"{ticket.id}:filed"]
        assert store.failures == 0


def test_late_failure_report_does_not_reschedule_a_sent_notification(
    store: SqlEscalationStore, clock: FakeClock
) -> None:
    """If one attempt got through, a failure reported afterwards leaves the notification sent."""
    ticket = store.file(complaint())
    store.mark_sent(f"{ticket.id}:filed", clock.now)
    store.mark_failed(f"{ticket.id}:filed", "late timeout", clock.now)
    store.mark_sent(f"{ticket.id}:filed", clock.now)
    assert _pending(store) == {}
    assert [e.action for e in store.events(ticket.id)] == ["filed", "notified"]


@pytest.mark.parametrize("mark", ["sent", "failed"])
def test_marking_unknown_notification_raises(store: SqlEscalationStore, clock: FakeClock, mark: str) -> None:
    """An id the outbox never held is an error naming it."""

    def call() -> None:
        if mark == "sent":
            store.mark_sent("esc-00000000:filed", clock.now)
        else:
            store.mark_failed("esc-00000000:filed", "boom", clock.now)

    with pytest.raises(EscalationError, match="No notification with id 'esc-00000000:filed'"):
        call()


def test_batch_size_must_be_positive(store: SqlEscalationStore) -> None:
    """A sender that could never take a notification is refused."""
    with pytest.raises(ValueError, match="batch_size"):
        OutboxSender(store, ScriptedNotifier(), batch_size=0)
