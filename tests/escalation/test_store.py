"""The escalation store: filing, the queue's order, every transition legal and illegal, history, reopening."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.errors import EscalationError
from bot.escalation import Escalation, SqlEscalationStore
from tests.escalation import START, FakeClock, complaint, remedy

FAR_FUTURE = START + dt.timedelta(days=365)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "data" / "concierge.db"


@pytest.fixture
def store(db: Path, clock: FakeClock) -> Iterator[SqlEscalationStore]:
    with SqlEscalationStore(f"sqlite:///{db}", clock=clock) as opened:
        yield opened


def _actions(store: SqlEscalationStore, escalation_id: str) -> list[str]:
    return [event.action for event in store.events(escalation_id)]


def _outbox_kinds(store: SqlEscalationStore, escalation_id: str) -> list[str]:
    return [n.kind for n in store.pending_notifications(FAR_FUTURE, 1000) if n.escalation_id == escalation_id]


def test_file_round_trips_through_get(store: SqlEscalationStore) -> None:
    """A filed ticket comes back from the database exactly as `file()` returned it, open and due after its SLA."""
    ticket = store.file(complaint())
    assert re.fullmatch(r"esc-[0-9a-f]{8}", ticket.id)
    assert store.get(ticket.id) == ticket
    assert ticket.state == "open"
    assert ticket.created_at == START
    assert ticket.due_at == START + dt.timedelta(minutes=5)
    assert ticket.remedy == remedy()
    assert ticket.items == ["blackened-snapper"]
    assert ticket.approved_remedy is None


def test_file_writes_filed_event_and_outbox_row(store: SqlEscalationStore) -> None:
    """Filing records a "filed" event and enqueues one "filed" notification carrying the contract dict and context."""
    ticket = store.file(complaint())
    assert _actions(store, ticket.id) == ["filed"]
    [notification] = store.pending_notifications(START, 10)
    assert notification.id == f"{ticket.id}:filed"
    assert notification.kind == "filed"
    assert notification.attempts == 0
    payload = notification.payload
    assert {k: payload[k] for k in ticket.contract_dict()} == ticket.contract_dict()
    assert payload["guest_text"] == ticket.guest_text
    assert payload["venue"] == "cedar-and-tide"
    assert payload["state"] == "open"


def test_contract_dict_has_exactly_the_contract_shape(store: SqlEscalationStore) -> None:
    """`contract_dict()` is CONTRACT.md section 3's `escalation` object, with a null remedy for a handoff."""
    ticket = store.file(complaint())
    assert ticket.contract_dict() == {
        "id": ticket.id,
        "category": "food-quality",
        "severity": "high",
        "remedy": {
            "tier": "replace-and-gesture",
            "actions": ["replace the snapper at once", "dessert on the house"],
            "value": 54.0,
            "approval": "manager",
        },
        "sla_minutes": 5,
    }
    handoff = store.file(complaint(remedy=None, category="handoff", severity="low", sla_minutes=30))
    assert handoff.contract_dict()["remedy"] is None
    assert set(handoff.contract_dict()) == {"id", "category", "severity", "remedy", "sla_minutes"}


def test_list_puts_overdue_first_then_severity_then_oldest(store: SqlEscalationStore, clock: FakeClock) -> None:
    """The queue: most overdue first (whatever its severity), then critical to low, then oldest first."""

    def file_at(minute: int, severity: str, sla: int) -> Escalation:
        clock.now = START + dt.timedelta(minutes=minute)
        return store.file(complaint(severity=severity, sla_minutes=sla))

    low_late = file_at(0, "low", 1)  # due at 1: 9 minutes late
    critical_late = file_at(1, "critical", 1)  # due at 2: 8 minutes late
    medium_old = file_at(2, "medium", 15)
    high_late = file_at(3, "high", 5)  # due at 8: 2 minutes late
    critical_owned = file_at(4, "critical", 1)
    medium_new = file_at(5, "medium", 15)
    low_new = file_at(6, "low", 30)
    store.acknowledge(critical_owned.id, "ana")  # late, but acknowledged: someone is with the guest

    now = START + dt.timedelta(minutes=10)
    assert [t.id for t in store.list(now=now)] == [
        low_late.id,
        critical_late.id,
        high_late.id,
        critical_owned.id,
        medium_old.id,
        medium_new.id,
        low_new.id,
    ]
    clock.now = now
    assert [t.id for t in store.list()] == [t.id for t in store.list(now=now)]


def test_list_filters_by_venue_and_states(store: SqlEscalationStore) -> None:
    """`venue` and `states` narrow the queue; no filter lists every ticket."""
    here = store.file(complaint())
    there = store.file(complaint(venue="harbor-and-vine"))
    done = store.file(complaint())
    store.resolve(done.id, "ana")
    assert {t.id for t in store.list()} == {here.id, there.id, done.id}
    assert {t.id for t in store.list(venue="cedar-and-tide")} == {here.id, done.id}
    assert {t.id for t in store.list(states={"open", "acknowledged", "approved"})} == {here.id, there.id}
    assert [t.id for t in store.list(venue="harbor-and-vine", states=["resolved"])] == []


def test_overdue_counts_only_open_tickets_past_due(store: SqlEscalationStore) -> None:
    """Only an open ticket past its due time is overdue; at the due instant it is not yet."""
    ticket = store.file(complaint())
    assert not ticket.overdue(ticket.due_at)
    assert ticket.overdue(ticket.due_at + dt.timedelta(seconds=1))
    acknowledged = store.acknowledge(ticket.id, "ana")
    assert not acknowledged.overdue(ticket.due_at + dt.timedelta(hours=1))


def test_acknowledge_moves_an_open_ticket(store: SqlEscalationStore, clock: FakeClock) -> None:
    """Acknowledging records who and when, an event and an "acknowledged" notification."""
    ticket = store.file(complaint())
    clock.advance(minutes=2)
    acknowledged = store.acknowledge(ticket.id, "ana")
    assert acknowledged.state == "acknowledged"
    assert acknowledged.acknowledged_by == "ana"
    assert acknowledged.acknowledged_at == START + dt.timedelta(minutes=2)
    assert store.get(ticket.id) == acknowledged
    assert _actions(store, ticket.id) == ["filed", "acknowledged"]
    assert _outbox_kinds(store, ticket.id) == ["filed", "acknowledged"]


@pytest.mark.parametrize("state", ["acknowledged", "approved"])
def test_acknowledge_again_is_a_noop(store: SqlEscalationStore, state: str) -> None:
    """Acknowledging a ticket someone already picked up returns it unchanged, with no event and no notification."""
    ticket = store.file(complaint())
    before = store.acknowledge(ticket.id, "ana") if state == "acknowledged" else store.approve(ticket.id, "ana")
    history, outbox = _actions(store, ticket.id), _outbox_kinds(store, ticket.id)
    assert store.acknowledge(ticket.id, "marco") == before
    assert store.get(ticket.id).acknowledged_by == "ana"
    assert _actions(store, ticket.id) == history
    assert _outbox_kinds(store, ticket.id) == outbox


def test_acknowledge_resolved_ticket_raises(store: SqlEscalationStore) -> None:
    """A closed ticket cannot be picked up: the error names the ticket and its state."""
    ticket = store.file(complaint())
    store.resolve(ticket.id, "ana", "comped the snapper")
    with pytest.raises(EscalationError, match=rf"acknowledge escalation {ticket.id}: it is already resolved by ana"):
        store.acknowledge(ticket.id, "marco")


def test_approve_acknowledged_ticket(store: SqlEscalationStore) -> None:
    """Approving an acknowledged ticket keeps the acknowledger and approves the suggested remedy unchanged."""
    ticket = store.file(complaint())
    store.acknowledge(ticket.id, "ana")
    approved = store.approve(ticket.id, "marco")
    assert approved.state == "approved"
    assert (approved.acknowledged_by, approved.approved_by) == ("ana", "marco")
    assert approved.approved_remedy == approved.remedy == remedy()
    assert _actions(store, ticket.id) == ["filed", "acknowledged", "approved"]
    assert _outbox_kinds(store, ticket.id) == ["filed", "acknowledged", "approved"]


def test_approve_open_ticket_records_the_acknowledgement_too(store: SqlEscalationStore) -> None:
    """Approving straight from open implies an acknowledgement by the approver; both are recorded."""
    ticket = store.file(complaint())
    approved = store.approve(ticket.id, "marco")
    assert approved.acknowledged_by == approved.approved_by == "marco"
    assert approved.acknowledged_at == approved.approved_at
    assert _actions(store, ticket.id) == ["filed", "acknowledged", "approved"]
    assert _outbox_kinds(store, ticket.id) == ["filed", "approved"]


def test_adjusted_approval_keeps_suggested_and_approved_remedies(store: SqlEscalationStore) -> None:
    """Staff may change actions and value: the suggestion stays as filed, the approval holds the new terms."""
    ticket = store.file(complaint())
    approved = store.approve(ticket.id, "marco", actions=["take the snapper off the bill"], value=38.0)
    assert approved.remedy == remedy()
    assert approved.approved_remedy == remedy(actions=["take the snapper off the bill"], value=38.0)
    assert store.get(ticket.id) == approved
    events = store.events(ticket.id)
    assert [e.action for e in events] == ["filed", "acknowledged", "adjusted", "approved"]
    assert events[2].detail is not None
    assert "54.00 -> 38.00" in events[2].detail
    [notification] = [n for n in store.pending_notifications(FAR_FUTURE, 10) if n.kind == "approved"]
    assert notification.payload["remedy"]["value"] == 54.0
    assert notification.payload["approved_remedy"]["value"] == 38.0


def test_approval_with_the_suggested_terms_is_not_an_adjustment(store: SqlEscalationStore) -> None:
    """Passing the same value back is a plain approval."""
    ticket = store.file(complaint())
    store.approve(ticket.id, "marco", value=54.0)
    assert "adjusted" not in _actions(store, ticket.id)


def test_approve_handoff_without_remedy(store: SqlEscalationStore) -> None:
    """A handoff can be approved as is, but there is no remedy to adjust."""
    handoff = store.file(complaint(remedy=None))
    with pytest.raises(EscalationError, match=rf"{handoff.id}: it was filed without one"):
        store.approve(handoff.id, "marco", value=10.0)
    assert store.get(handoff.id).state == "open"
    approved = store.approve(handoff.id, "marco")
    assert approved.state == "approved"
    assert approved.approved_remedy is None


def test_approve_with_invalid_adjustment_changes_nothing(store: SqlEscalationStore) -> None:
    """A negative value is refused with a clear error and the ticket, history and outbox stay as they were."""
    ticket = store.file(complaint())
    with pytest.raises(EscalationError, match="value"):
        store.approve(ticket.id, "marco", value=-5.0)
    assert store.get(ticket.id) == ticket
    assert _actions(store, ticket.id) == ["filed"]
    assert _outbox_kinds(store, ticket.id) == ["filed"]


@pytest.mark.parametrize(
    ("state", "by"),
    [("approved", "marco"), ("resolved", "ana")],
)
def test_approve_approved_or_resolved_ticket_raises(store: SqlEscalationStore, state: str, by: str) -> None:
    """A ticket is approved at most once and never after it closed; the error names the ticket and its state."""
    ticket = store.file(complaint())
    if state == "approved":
        store.approve(ticket.id, by)
    else:
        store.resolve(ticket.id, by)
    before = store.get(ticket.id)
    with pytest.raises(EscalationError, match=rf"approve escalation {ticket.id}: it is already {state} by {by}"):
        store.approve(ticket.id, "someone-else", value=1.0)
    assert store.get(ticket.id) == before


@pytest.mark.parametrize("state", ["open", "acknowledged", "approved"])
def test_resolve_from_every_unresolved_state(store: SqlEscalationStore, clock: FakeClock, state: str) -> None:
    """Resolving works from any unresolved state and records who, when and the note."""
    ticket = store.file(complaint())
    if state in ("acknowledged", "approved"):
        store.acknowledge(ticket.id, "ana")
    if state == "approved":
        store.approve(ticket.id, "marco")
    clock.advance(minutes=7)
    resolved = store.resolve(ticket.id, "ana", "replaced the snapper; guest happy")
    assert resolved.state == "resolved"
    assert (resolved.resolved_by, resolved.resolution) == ("ana", "replaced the snapper; guest happy")
    assert resolved.resolved_at == START + dt.timedelta(minutes=7)
    assert not resolved.overdue(FAR_FUTURE)
    assert _actions(store, ticket.id)[-1] == "resolved"
    assert store.events(ticket.id)[-1].detail == "replaced the snapper; guest happy"
    assert _outbox_kinds(store, ticket.id)[-1] == "resolved"


def test_resolve_twice_raises(store: SqlEscalationStore) -> None:
    """A second resolution is an error, so its note is never silently dropped."""
    ticket = store.file(complaint())
    store.resolve(ticket.id, "ana", "first")
    with pytest.raises(EscalationError, match=rf"resolve escalation {ticket.id}: it is already resolved"):
        store.resolve(ticket.id, "marco", "second")
    assert store.get(ticket.id).resolution == "first"


def test_transition_needs_an_actor(store: SqlEscalationStore) -> None:
    """Every change says who made it."""
    ticket = store.file(complaint())
    with pytest.raises(EscalationError, match="say who"):
        store.acknowledge(ticket.id, "  ")


def test_events_record_actor_time_and_order(store: SqlEscalationStore, clock: FakeClock) -> None:
    """The history lists every step in order with who did it and when."""
    ticket = store.file(complaint())
    clock.advance(minutes=1)
    store.acknowledge(ticket.id, "ana")
    clock.advance(minutes=1)
    store.approve(ticket.id, "marco", value=20.0)
    clock.advance(minutes=1)
    store.resolve(ticket.id, "ana")
    assert [(e.action, e.actor, e.at - START) for e in store.events(ticket.id)] == [
        ("filed", "concierge", dt.timedelta(0)),
        ("acknowledged", "ana", dt.timedelta(minutes=1)),
        ("adjusted", "marco", dt.timedelta(minutes=2)),
        ("approved", "marco", dt.timedelta(minutes=2)),
        ("resolved", "ana", dt.timedelta(minutes=3)),
    ]


@pytest.mark.parametrize(
    "call",
    [
        lambda s: s.get("esc-00000000"),
        lambda s: s.acknowledge("esc-00000000", "ana"),
        lambda s: s.approve("esc-00000000", "ana"),
        lambda s: s.resolve("esc-00000000", "ana"),
        lambda s: s.events("esc-00000000"),
    ],
    ids=["get", "acknowledge", "approve", "resolve", "events"],
)
def test_unknown_id_raises_naming_it(store: SqlEscalationStore, call: Callable[[SqlEscalationStore], object]) -> None:
    """Asking about a ticket that does not exist is an error that names the id."""
    with pytest.raises(EscalationError, match="No escalation with id 'esc-00000000'"):
        call(store)


def test_reopened_store_sees_everything(db: Path, clock: FakeClock) -> None:
    """Tickets, their states, history and outbox survive closing the store and opening the file again."""
    with SqlEscalationStore(f"sqlite:///{db}", clock=clock) as first:
        kept = first.file(complaint())
        first.approve(kept.id, "marco", actions=["comp the dish"], value=38.0)
        handoff = first.file(complaint(remedy=None, severity="low"))
        expected = {t.id: t for t in first.list()}
        history = first.events(kept.id)
        outbox = first.pending_notifications(FAR_FUTURE, 100)
    with SqlEscalationStore(f"sqlite:///{db}", clock=clock) as second:
        assert {t.id: t for t in second.list()} == expected
        assert second.get(handoff.id).remedy is None
        assert second.events(kept.id) == history
        assert second.pending_notifications(FAR_FUTURE, 100) == outbox


def test_taken_id_is_redrawn(db: Path, clock: FakeClock) -> None:
    """A colliding random id costs a retry with a fresh id, never an error or an overwritten ticket."""
    ids = iter(["esc-aaaaaaaa", "esc-aaaaaaaa", "esc-bbbbbbbb"])
    with SqlEscalationStore(f"sqlite:///{db}", clock=clock, new_id=lambda: next(ids)) as store:
        first = store.file(complaint(guest_text="first"))
        second = store.file(complaint(guest_text="second"))
        assert (first.id, second.id) == ("esc-aaaaaaaa", "esc-bbbbbbbb")
        assert store.get("esc-aaaaaaaa").guest_text == "first"
        assert len(store.pending_notifications(FAR_FUTURE, 10)) == 2


def test_concurrent_acknowledgements_record_one(store: SqlEscalationStore) -> None:
    """Eight staff acknowledging at once: one wins, the rest are no-ops, history holds one acknowledgement."""
    ticket = store.file(complaint())
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: store.acknowledge(ticket.id, f"staff-{i}"), range(8)))
    winner = store.get(ticket.id).acknowledged_by
    assert {r.acknowledged_by for r in results} == {winner}
    assert _actions(store, ticket.id) == ["filed", "acknowledged"]
    assert _outbox_kinds(store, ticket.id) == ["filed", "acknowledged"]


def test_database_errors_are_translated_without_sql(store: SqlEscalationStore, db: Path) -> None:
    """A failing database surfaces as an EscalationError whose message carries no SQL and no guest text."""
    ticket = store.file(complaint())
    with sqlite3.connect(db) as raw:
        raw.execute("DROP TABLE escalation_events")
    with pytest.raises(EscalationError) as caught:
        store.events(ticket.id)
    message = str(caught.value)
    assert message.startswith(f"Could not read the history of escalation {ticket.id}")
    assert "SELECT" not in message.upper()
    assert "snapper" not in message


def test_in_memory_sqlite_is_refused() -> None:
    """A store that would forget every ticket on exit is refused up front."""
    with pytest.raises(EscalationError, match="in-memory"):
        SqlEscalationStore("sqlite://")


def test_unusable_location_raises_escalation_error(tmp_path: Path) -> None:
    """A database path under a plain file is a clear EscalationError, not an OSError."""
    (tmp_path / "not-a-dir").write_text("")
    with pytest.raises(EscalationError, match="folder"):
        SqlEscalationStore(f"sqlite:///{tmp_path / 'not-a-dir' / 'concierge.db'}")


def test_sqlite_file_is_in_wal_mode(store: SqlEscalationStore, db: Path) -> None:
    """The SQLite file is switched to write-ahead logging (a persistent setting other readers see)."""
    store.file(complaint())
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_naive_clock_is_a_programming_error(db: Path) -> None:
    """Times are aware UTC throughout; a naive clock is caught before anything is written."""
    with (
        SqlEscalationStore(f"sqlite:///{db}", clock=lambda: dt.datetime(2026, 10, 2, 19, 30)) as store,
        pytest.raises(TypeError, match="timezone-aware"),
    ):
        store.file(complaint())


def test_sqlite_connections_fsync_every_commit(store: SqlEscalationStore) -> None:
    """Every pooled connection runs WAL with synchronous=FULL, foreign keys on and a busy timeout.

    The SIGKILL test cannot tell FULL from NORMAL (both survive a killed process); only FULL survives a power cut, so
    the setting itself is checked here, through the store's engine.
    """
    # The pragmas live on each connection, not in the file, so only the store's own engine can show them.
    with store._engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == 10_000


def test_list_accepts_a_single_state_string(store: SqlEscalationStore) -> None:
    """`states="open"` means the open tickets, not the letters o, p, e and n."""
    ticket = store.file(complaint())
    assert [t.id for t in store.list(states="open")] == [ticket.id]  # type: ignore[arg-type]  # the mistake forgiven


@pytest.mark.parametrize("url", ["nosuchdb://host/concierge", "postgresql+nosuchdriver://host/concierge", "::"])
def test_unusable_url_raises_escalation_error(url: str) -> None:
    """A URL naming no usable database or driver is a clear EscalationError."""
    with pytest.raises(EscalationError, match="escalation"):
        SqlEscalationStore(url)


def test_the_lazy_store_opens_the_database_only_when_first_used(tmp_path: Path) -> None:
    """A conversation that files nothing never opens (or creates) the database; the first ticket does."""
    from bot.escalation.lazy import LazyEscalationStore

    db = tmp_path / "lazy.db"
    lazy = LazyEscalationStore(f"sqlite:///{db}")
    assert not db.exists()
    assert lazy.list() == []
    assert db.exists()
    lazy.close()
