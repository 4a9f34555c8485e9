"""`concierge escalations …`: the staff desk in a terminal. List, show, acknowledge, approve, resolve, watch."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.errors import ConciergeError
from bot.escalation.approval import require_approval
from bot.escalation.model import Escalation, Notification, State
from bot.money import money
from bot.runtime import open_catalog, open_escalations
from bot.settings import Settings

if TYPE_CHECKING:  # the SQL store loads with the first command that needs it, not with every `concierge` call
    from bot.escalation.store import SqlEscalationStore

app = typer.Typer(help="Complaints and requests for a person, for staff.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

By = Annotated[str, typer.Option("--by", help="Who is acting (your name).")]
_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


def _store() -> SqlEscalationStore:
    return open_escalations(Settings())


def _fail(exc: ConciergeError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _age(when: dt.datetime, now: dt.datetime) -> str:
    minutes = int((now - when).total_seconds() // 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes // 60} h"


def _value(ticket: Escalation) -> str:
    remedy = ticket.approved_remedy or ticket.remedy
    return "-" if remedy is None else f"{money(remedy.value, remedy.currency)} ({remedy.approval})"


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include resolved tickets.")] = False,
    venue: Annotated[str | None, typer.Option("--venue")] = None,
) -> None:
    """Open tickets, overdue first, then by severity."""
    from bot.escalation.store import utcnow

    now = utcnow()
    states: tuple[State, ...] | None = None if all_ else ("open", "acknowledged", "approved")
    with _store() as store:
        tickets = store.list(venue=venue, states=states, now=now)
    table = Table(title="Escalations")
    for col in ("id", "due", "severity", "category", "state", "remedy value", "guest said"):
        table.add_column(col, overflow="fold")
    for t in tickets:
        due = f"[bold red]OVERDUE {_age(t.due_at, now)}[/]" if t.overdue(now) else t.due_at.strftime("%H:%M")
        sev = f"[{_SEVERITY_STYLE.get(t.severity, '')}]{t.severity}[/]"
        words = t.guest_text if len(t.guest_text) <= 60 else t.guest_text[:57] + "…"
        table.add_row(t.id, due, sev, t.category, t.state, _value(t), words)
    out.print(table if tickets else "No open escalations.")


@app.command()
def show(escalation_id: str) -> None:
    """One ticket: what the guest said, the suggested remedy, and its history."""
    try:
        with _store() as store:
            t = store.get(escalation_id)
            events = store.events(escalation_id)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"[bold]{t.id}[/]  {t.venue}  [{_SEVERITY_STYLE.get(t.severity, '')}]{t.severity}[/] {t.category}")
    out.print(f"state: {t.state}   due: {t.due_at:%Y-%m-%d %H:%M} UTC   session: {t.session}")
    out.print(f"guest said: “{t.guest_text}”", highlight=False)
    if t.loss is not None:
        out.print(f"loss: {money(t.loss, t.remedy.currency if t.remedy else 'USD')} ({', '.join(t.items)})")
    for label, remedy in (("suggested", t.remedy), ("approved", t.approved_remedy)):
        if remedy is not None:
            out.print(
                f"{label} remedy {escape(f'[{remedy.tier}]')}, {money(remedy.value, remedy.currency)}, "
                f"needs {remedy.approval}:"
            )
            for action in remedy.actions:
                out.print(f"  • {action}", highlight=False)
    for e in events:
        out.print(f"  {e.at:%H:%M:%S} {e.action:<12} {e.actor}{'  ' + e.detail if e.detail else ''}", highlight=False)


@app.command()
def ack(escalation_id: str, by: By) -> None:
    """Take a ticket: the guest's wait for a person is over."""
    try:
        with _store() as store:
            t = store.acknowledge(escalation_id, by)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{t.id} acknowledged by {t.acknowledged_by}.")


@app.command()
def approve(
    escalation_id: str,
    by: By,
    role: Annotated[str, typer.Option("--role", help="Your role: its cap in remedies.yaml must cover the value.")],
    value: Annotated[float | None, typer.Option("--value", help="Adjust the remedy's value.")] = None,
    action: Annotated[list[str] | None, typer.Option("--action", help="Replace the actions (repeat).")] = None,
) -> None:
    """Approve the suggested remedy, or an adjusted one, within your role's cap."""
    settings = Settings()
    try:
        with _store() as store:
            t = store.get(escalation_id)
            catalog, _ = open_catalog(settings)
            policy = catalog.venue(t.venue).remedies
            final = value if value is not None else (t.remedy.value if t.remedy else 0.0)
            require_approval(policy, role, final, t.id)
            t = store.approve(escalation_id, by, actions=action or None, value=value)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{t.id} approved by {t.approved_by}: {_value(t)}.")


@app.command()
def resolve(
    escalation_id: str, by: By, note: Annotated[str | None, typer.Option("--note", help="What was done.")] = None
) -> None:
    """Close a ticket once the guest has been looked after."""
    try:
        with _store() as store:
            t = store.resolve(escalation_id, by, note)
    except ConciergeError as exc:
        raise _fail(exc) from None
    out.print(f"{t.id} resolved by {t.resolved_by}.")


class TerminalNotifier:
    """Prints each notification for the person at the pass; a stand-in channel until Discord."""

    async def notify(self, notification: Notification) -> None:
        p = notification.payload
        sev = str(p.get("severity", ""))
        out.print(
            f"[{_SEVERITY_STYLE.get(sev, '')}]{notification.kind.upper():<12}[/] {notification.escalation_id} "
            f"{sev} {p.get('category', '')}: “{p.get('guest_text', '')}”",
            highlight=False,
        )


@app.command()
def watch(
    once: Annotated[bool, typer.Option("--once", help="Deliver what is due and stop.")] = False,
    interval: Annotated[float, typer.Option("--interval", help="Seconds between outbox checks.")] = 2.0,
) -> None:
    """Drain the notification outbox to this terminal (retrying anything that fails)."""
    from bot.escalation.outbox import OutboxSender

    with _store() as store:
        sender = OutboxSender(store, TerminalNotifier())
        if once:
            report = asyncio.run(sender.drain_once())
            out.print(f"sent {report.sent}, failed {report.failed}")
            return
        stop = asyncio.Event()
        try:
            asyncio.run(sender.run(stop, interval))
        except KeyboardInterrupt:
            stop.set()
