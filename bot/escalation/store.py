"""The durable escalation store: tickets, their history and the outbox of staff notifications, in one database.

A guest is only told their complaint was passed on after `file()` has committed the ticket, its "filed" event and
its outbox row in one transaction; every later transition likewise writes the ticket, an event and an outbox row
together. The outbox is what makes a channel outage harmless: notifications wait in the database, not in memory,
until `OutboxSender` (outbox.py) has delivered them.

Ticket rules (open → acknowledged → approved → resolved):

- `acknowledge` moves an open ticket on. On an acknowledged or approved ticket it is a no-op that returns the ticket
  unchanged, because two staff tapping "on it" at once is normal and not worth an error; on a resolved ticket it is
  an error, since whoever acknowledges believes the guest is still waiting.
- `approve` works from open or acknowledged; from open it records the implied acknowledgement too. Approving twice
  is an error rather than a no-op, because a second approval may carry different terms and one of them would be lost.
- `resolve` works from any unresolved state; resolving twice is an error, so a second note is never dropped silently.

Concurrent writers are safe: tickets and outbox rows carry a version column, so a write based on a stale read fails
and is retried against the fresh row (where, say, a second acknowledgement becomes the no-op above).
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import logging
import secrets
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from pydantic import ValidationError
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Dialect, Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.types import DateTime, TypeDecorator

from bot.errors import EscalationError
from bot.escalation.model import (
    Escalation,
    Event,
    EventAction,
    NewEscalation,
    Notification,
    NotificationKind,
    Remedy,
    State,
)

__all__ = [
    "RETRY_BASE",
    "RETRY_CAP",
    "EscalationStore",
    "SqlEscalationStore",
    "new_escalation_id",
    "retry_delay",
    "utcnow",
]

_log = logging.getLogger(__name__)
_T = TypeVar("_T")

RETRY_BASE = dt.timedelta(seconds=5)
RETRY_CAP = dt.timedelta(minutes=10)
_SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
_BUSY_TIMEOUT_MS = 10_000
_ID_ATTEMPTS = 5  # 8 hex digits collide rarely, but a collision must cost a retry, never a lost complaint
_STALE_ATTEMPTS = 5
_MAX_ERROR_CHARS = 1000


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_escalation_id() -> str:
    """A short id a guest can read out and staff can type: "esc-" and 8 hex digits."""
    return f"esc-{secrets.token_hex(4)}"


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed delivery: 5 s, 10 s, 20 s, … never more than 10 minutes."""
    # The exponent is clamped first: timedelta * 2**big overflows long before a real outage could get there.
    return min(RETRY_BASE * (1 << min(max(attempts - 1, 0), 20)), RETRY_CAP)


class EscalationStore(Protocol):
    """Where tickets live. Each write commits whole or not at all; every failure is an `EscalationError`."""

    def file(self, new: NewEscalation) -> Escalation: ...

    def get(self, escalation_id: str) -> Escalation: ...

    def list(
        self, *, venue: str | None = None, states: Collection[State] | None = None, now: dt.datetime | None = None
    ) -> builtins.list[Escalation]:
        """Overdue first (most overdue first), then by severity (critical first), then oldest first."""
        ...

    def acknowledge(self, escalation_id: str, by: str) -> Escalation: ...

    def approve(
        self,
        escalation_id: str,
        by: str,
        *,
        actions: builtins.list[str] | None = None,
        value: float | None = None,
    ) -> Escalation: ...

    def resolve(self, escalation_id: str, by: str, note: str | None = None) -> Escalation: ...

    def events(self, escalation_id: str) -> builtins.list[Event]: ...

    def pending_notifications(self, now: dt.datetime, limit: int = 50) -> builtins.list[Notification]:
        """Unsent notifications whose next attempt is due, oldest first."""
        ...

    def mark_sent(self, notification_id: str, now: dt.datetime) -> None: ...

    def mark_failed(self, notification_id: str, error: str, now: dt.datetime) -> None: ...

    def close(self) -> None: ...


class _UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC in Python, naive UTC in the column: the one encoding SQLite and PostgreSQL both round-trip."""

    impl = DateTime(timezone=False)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("escalation times must be timezone-aware")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class _Base(DeclarativeBase):
    pass


class _TicketRow(_Base):
    __tablename__ = "escalations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    venue: Mapped[str] = mapped_column(String(200), index=True)
    session: Mapped[str] = mapped_column(String(200))
    guest_text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), index=True)
    # none_as_null: a handoff's missing remedy is SQL NULL, not the JSON text 'null'.
    remedy: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    sla_minutes: Mapped[int] = mapped_column(Integer)
    loss: Mapped[float | None]
    items: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(_UtcDateTime())
    due_at: Mapped[dt.datetime] = mapped_column(_UtcDateTime())
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(_UtcDateTime())
    acknowledged_by: Mapped[str | None] = mapped_column(String(200))
    approved_at: Mapped[dt.datetime | None] = mapped_column(_UtcDateTime())
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_remedy: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    resolved_at: Mapped[dt.datetime | None] = mapped_column(_UtcDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolution: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this class attribute as is


class _EventRow(_Base):
    __tablename__ = "escalation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    escalation_id: Mapped[str] = mapped_column(ForeignKey("escalations.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(_UtcDateTime())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(Text)


class _OutboxRow(_Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "sent_at", "next_attempt_at"),)

    # `seq` keeps enqueue order for the sender; `id` is the stable, meaningful key a channel de-duplicates on.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    escalation_id: Mapped[str] = mapped_column(ForeignKey("escalations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(_UtcDateTime())
    next_attempt_at: Mapped[dt.datetime] = mapped_column(_UtcDateTime())
    sent_at: Mapped[dt.datetime | None] = mapped_column(_UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads this class attribute as is


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the staff view read while the concierge files, and synchronous=FULL fsyncs the WAL on every commit.
    # NORMAL would already survive a killed process, but after a power cut it may roll back the last commits, and a
    # ticket whose id the guest was shown must not vanish: one fsync per complaint is cheap at a restaurant's rate.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")  # first, so the WAL switch itself may wait
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _open_engine(url: str) -> Engine:
    parsed = make_url(url)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        database = parsed.database or ""
        if database in ("", ":memory:") or "mode=memory" in str(parsed):
            raise EscalationError(
                "The escalation store needs a database that outlives the process; an in-memory SQLite database "
                "would lose every ticket. Use a file (sqlite:///path/concierge.db) or a server."
            )
        if not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    # hide_parameters: a logged error must not carry a guest's words out of the database.
    engine = create_engine(parsed, hide_parameters=True)
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextlib.contextmanager
def _database(action: str) -> Iterator[None]:
    """Turn a database failure into an error safe to show a person; the details go to the log, not the message."""
    try:
        yield
    except SQLAlchemyError as exc:
        _log.warning("escalation database error while trying to %s", action, exc_info=True)
        raise EscalationError(
            f"Could not {action}: the escalation database reported an error ({type(exc).__name__})."
        ) from exc


class SqlEscalationStore:
    """`EscalationStore` on any SQLAlchemy URL: SQLite by default, PostgreSQL by setting `database_url`.

    One instance may be shared by threads (the outbox sender calls it through `asyncio.to_thread`); several
    processes may share one database. Run one `OutboxSender` per database: a second one would not lose anything,
    but it would deliver some notifications twice.
    """

    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
        new_id: Callable[[], str] = new_escalation_id,
    ) -> None:
        self._clock = clock
        self._new_id = new_id
        try:
            with _database("open the escalation database"):
                self._engine = _open_engine(url)
        except OSError as exc:
            raise EscalationError(f"Could not create the folder for the escalation database: {exc}") from exc
        except ImportError as exc:  # e.g. a postgresql:// URL without its driver installed
            raise EscalationError(f"The database driver for the escalation store is not installed: {exc}") from exc
        try:
            with _database("open the escalation database"):
                # No Alembic yet: create_all adds missing tables and never alters existing ones, so the first
                # change to these tables must come with a migration tool.
                _Base.metadata.create_all(self._engine)
        except EscalationError:
            self._engine.dispose()
            raise
        self._sessions = sessionmaker(self._engine, expire_on_commit=False)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    # -- tickets ---------------------------------------------------------------------------------------------------

    def file(self, new: NewEscalation) -> Escalation:
        now = self._now()
        with _database("file the escalation"):
            for _ in range(_ID_ATTEMPTS):
                ticket = self._insert(new, now)
                if ticket is not None:
                    return ticket
        raise EscalationError("Could not file the escalation: every ticket id drawn was taken; try again.")

    def _insert(self, new: NewEscalation, now: dt.datetime) -> Escalation | None:
        """Commit the ticket, its "filed" event and its outbox row together; None if the drawn id was taken."""
        row = _TicketRow(
            id=self._new_id(),
            venue=new.venue,
            session=new.session,
            guest_text=new.guest_text,
            category=new.category,
            severity=new.severity,
            state="open",
            remedy=None if new.remedy is None else new.remedy.model_dump(mode="json"),
            sla_minutes=new.sla_minutes,
            loss=new.loss,
            items=list(new.items),
            created_at=now,
            due_at=now + dt.timedelta(minutes=new.sla_minutes),
        )
        ticket = _ticket(row)
        try:
            with self._sessions.begin() as session:
                session.add(row)
                session.flush()  # the ticket row first: the event and outbox rows point at it
                session.add(_event_row(ticket.id, now, "concierge", "filed", _filed_detail(ticket)))
                session.add(_outbox_row(ticket, "filed", "concierge", now))
        except IntegrityError:
            with self._sessions() as session:
                if session.get(_TicketRow, ticket.id) is None:
                    raise  # some other constraint failed: retrying with a new id would not help
            _log.info("escalation id %s was taken; drawing another", ticket.id)
            return None
        return ticket

    def get(self, escalation_id: str) -> Escalation:
        with _database(f"read escalation {escalation_id}"), self._sessions() as session:
            return _ticket(_find(session, escalation_id))

    def list(
        self, *, venue: str | None = None, states: Collection[State] | None = None, now: dt.datetime | None = None
    ) -> builtins.list[Escalation]:
        at = self._now() if now is None else now
        query = select(_TicketRow)
        if venue is not None:
            query = query.where(_TicketRow.venue == venue)
        if states is not None:
            # A lone string is a Collection too; without this, "open" would filter on 'o', 'p', 'e' and 'n'.
            wanted = [states] if isinstance(states, str) else builtins.list(states)
            query = query.where(_TicketRow.state.in_(wanted))
        with _database("list escalations"), self._sessions() as session:
            tickets = [_ticket(row) for row in session.scalars(query)]
        return sorted(tickets, key=lambda ticket: _queue_key(ticket, at))

    def acknowledge(self, escalation_id: str, by: str) -> Escalation:
        def step(row: _TicketRow, now: dt.datetime) -> _Step | None:
            if row.state == "resolved":
                raise _illegal(row, "acknowledge")
            if row.state != "open":
                return None
            row.state = "acknowledged"
            row.acknowledged_at, row.acknowledged_by = now, by
            return "acknowledged", [("acknowledged", None)]

        return self._transition(escalation_id, "acknowledge", by, step)

    def approve(
        self,
        escalation_id: str,
        by: str,
        *,
        actions: builtins.list[str] | None = None,
        value: float | None = None,
    ) -> Escalation:
        def step(row: _TicketRow, now: dt.datetime) -> _Step | None:
            if row.state in ("approved", "resolved"):
                raise _illegal(row, "approve")
            events: builtins.list[tuple[EventAction, str | None]] = []
            if row.state == "open":
                row.acknowledged_at, row.acknowledged_by = now, by
                events.append(("acknowledged", "implied by approval"))
            suggested = _ticket(row).remedy
            approved = _adjusted(row.id, suggested, actions, value)
            if suggested is not None and approved is not None and approved != suggested:
                events.append(("adjusted", _adjustment_detail(suggested, approved)))
            row.state = "approved"
            row.approved_at, row.approved_by = now, by
            row.approved_remedy = None if approved is None else approved.model_dump(mode="json")
            events.append(("approved", None if approved is None else _remedy_detail(approved)))
            return "approved", events

        return self._transition(escalation_id, "approve", by, step)

    def resolve(self, escalation_id: str, by: str, note: str | None = None) -> Escalation:
        def step(row: _TicketRow, now: dt.datetime) -> _Step | None:
            if row.state == "resolved":
                raise _illegal(row, "resolve")
            row.state = "resolved"
            row.resolved_at, row.resolved_by, row.resolution = now, by, note
            return "resolved", [("resolved", note)]

        return self._transition(escalation_id, "resolve", by, step)

    def events(self, escalation_id: str) -> builtins.list[Event]:
        with _database(f"read the history of escalation {escalation_id}"), self._sessions() as session:
            _find(session, escalation_id)
            rows = session.scalars(
                select(_EventRow).where(_EventRow.escalation_id == escalation_id).order_by(_EventRow.id)
            )
            return [
                Event(escalation_id=r.escalation_id, at=r.at, actor=r.actor, action=r.action, detail=r.detail)
                for r in rows
            ]

    # -- outbox ----------------------------------------------------------------------------------------------------

    def pending_notifications(self, now: dt.datetime, limit: int = 50) -> builtins.list[Notification]:
        query = (
            select(_OutboxRow)
            .where(_OutboxRow.sent_at.is_(None), _OutboxRow.next_attempt_at <= now)
            .order_by(_OutboxRow.seq)
            .limit(limit)
        )
        with _database("read the notification outbox"), self._sessions() as session:
            return [_notification(row) for row in session.scalars(query)]

    def mark_sent(self, notification_id: str, now: dt.datetime) -> None:
        def step(session: Session) -> None:
            row = _find_notification(session, notification_id)
            if row.sent_at is not None:
                return  # a second delivery of the same message changes nothing
            row.attempts += 1
            row.sent_at = now
            detail = f"{row.kind} notification {row.id} sent (attempt {row.attempts})"
            session.add(_event_row(row.escalation_id, now, "outbox", "notified", detail))

        self._write(f"mark notification {notification_id} sent", step)

    def mark_failed(self, notification_id: str, error: str, now: dt.datetime) -> None:
        def step(session: Session) -> None:
            row = _find_notification(session, notification_id)
            if row.sent_at is not None:
                return  # another attempt got through; a late failure report must not schedule a resend
            row.attempts += 1
            row.next_attempt_at = now + retry_delay(row.attempts)
            row.last_error = error[:_MAX_ERROR_CHARS]

        self._write(f"mark notification {notification_id} failed", step)

    # -- internals -------------------------------------------------------------------------------------------------

    def _now(self) -> dt.datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise TypeError("the escalation store's clock must return timezone-aware datetimes")
        return now

    def _write(self, action: str, step: Callable[[Session], _T]) -> _T:
        with _database(action):
            for _ in range(_STALE_ATTEMPTS):
                try:
                    with self._sessions.begin() as session:
                        return step(session)
                except StaleDataError:
                    _log.info("lost a race to %s; retrying on the fresh row", action)
        raise EscalationError(f"Could not {action}: it kept changing while we wrote it; try again.")

    def _transition(
        self, escalation_id: str, verb: str, by: str, step: Callable[[_TicketRow, dt.datetime], _Step | None]
    ) -> Escalation:
        if not by.strip():
            raise EscalationError(f"Cannot {verb} {escalation_id}: say who is doing it.")

        def write(session: Session) -> Escalation:
            now = self._now()
            row = _find(session, escalation_id)
            change = step(row, now)
            ticket = _ticket(row)
            if change is None:
                return ticket
            # The versioned UPDATE goes out before the inserts, so a write based on a stale read fails here, as the
            # retryable StaleDataError, rather than later on the outbox's unique id.
            session.flush()
            kind, events = change
            for action, detail in events:
                session.add(_event_row(escalation_id, now, by, action, detail))
            session.add(_outbox_row(ticket, kind, by, now))
            return ticket

        return self._write(f"{verb} escalation {escalation_id}", write)


_Step = tuple[NotificationKind, builtins.list[tuple[EventAction, str | None]]]


def _find(session: Session, escalation_id: str) -> _TicketRow:
    row = session.get(_TicketRow, escalation_id)
    if row is None:
        raise EscalationError(f"No escalation with id '{escalation_id}'.")
    return row


def _find_notification(session: Session, notification_id: str) -> _OutboxRow:
    row = session.scalar(select(_OutboxRow).where(_OutboxRow.id == notification_id))
    if row is None:
        raise EscalationError(f"No notification with id '{notification_id}'.")
    return row


def _illegal(row: _TicketRow, verb: str) -> EscalationError:
    who = {"approved": row.approved_by, "resolved": row.resolved_by}.get(row.state)
    by = f" by {who}" if who else ""
    return EscalationError(f"Cannot {verb} escalation {row.id}: it is already {row.state}{by}.")


def _adjusted(
    escalation_id: str, suggested: Remedy | None, actions: list[str] | None, value: float | None
) -> Remedy | None:
    if actions is None and value is None:
        return suggested
    if suggested is None:
        raise EscalationError(
            f"Cannot adjust the remedy of escalation {escalation_id}: it was filed without one. "
            "Approve it as it is, or resolve it with a note saying what was done."
        )
    changes: dict[str, Any] = {}
    if actions is not None:
        changes["actions"] = actions
    if value is not None:
        changes["value"] = value
    try:
        return Remedy.model_validate({**suggested.model_dump(), **changes})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise EscalationError(f"Cannot approve escalation {escalation_id} with that remedy: {problems}.") from exc


def _ticket(row: _TicketRow) -> Escalation:
    try:
        return Escalation.model_validate(
            {
                "id": row.id,
                "venue": row.venue,
                "session": row.session,
                "guest_text": row.guest_text,
                "category": row.category,
                "severity": row.severity,
                "remedy": row.remedy,
                "sla_minutes": row.sla_minutes,
                "loss": row.loss,
                "items": row.items,
                "state": row.state,
                "created_at": row.created_at,
                "due_at": row.due_at,
                "acknowledged_at": row.acknowledged_at,
                "acknowledged_by": row.acknowledged_by,
                "approved_at": row.approved_at,
                "approved_by": row.approved_by,
                "approved_remedy": row.approved_remedy,
                "resolved_at": row.resolved_at,
                "resolved_by": row.resolved_by,
                "resolution": row.resolution,
            }
        )
    except ValidationError as exc:
        raise EscalationError(f"Escalation {row.id} is stored in a form this version cannot read.") from exc


def _notification(row: _OutboxRow) -> Notification:
    return Notification(
        id=row.id,
        escalation_id=row.escalation_id,
        kind=row.kind,
        payload=row.payload,
        attempts=row.attempts,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        sent_at=row.sent_at,
        last_error=row.last_error,
    )


def _event_row(escalation_id: str, at: dt.datetime, actor: str, action: EventAction, detail: str | None) -> _EventRow:
    return _EventRow(escalation_id=escalation_id, at=at, actor=actor, action=action, detail=detail)


def _outbox_row(ticket: Escalation, kind: NotificationKind, by: str, now: dt.datetime) -> _OutboxRow:
    # The payload is complete on its own (a channel never reads the store back), and it is a snapshot: a late
    # retry still says what was true when the transition happened.
    payload = {
        **ticket.contract_dict(),
        "venue": ticket.venue,
        "session": ticket.session,
        "guest_text": ticket.guest_text,
        "state": ticket.state,
        "by": by,
        "due_at": ticket.due_at.isoformat(),
        "approved_remedy": None if ticket.approved_remedy is None else ticket.approved_remedy.model_dump(mode="json"),
        "resolution": ticket.resolution,
    }
    return _OutboxRow(
        id=f"{ticket.id}:{kind}",
        escalation_id=ticket.id,
        kind=kind,
        payload=payload,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )


def _queue_key(ticket: Escalation, now: dt.datetime) -> tuple[int, float, int, dt.datetime, str]:
    late = (now - ticket.due_at).total_seconds() if ticket.overdue(now) else 0.0
    return (0 if late else 1, -late, _SEVERITY_RANK[ticket.severity], ticket.created_at, ticket.id)


def _remedy_detail(remedy: Remedy) -> str:
    return f"{remedy.tier}: {', '.join(remedy.actions) or 'no actions'}; {remedy.value:.2f} {remedy.currency}"


def _filed_detail(ticket: Escalation) -> str:
    offer = "handoff to a person" if ticket.remedy is None else f"suggested {_remedy_detail(ticket.remedy)}"
    return f"{ticket.severity} {ticket.category}; {offer}"


def _adjustment_detail(suggested: Remedy, approved: Remedy) -> str:
    changes = []
    if approved.actions != suggested.actions:
        changes.append(f"actions {suggested.actions} -> {approved.actions}")
    if approved.value != suggested.value:
        changes.append(f"value {suggested.value:.2f} -> {approved.value:.2f} {approved.currency}")
    return "; ".join(changes)
