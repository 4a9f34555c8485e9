"""The outbox's Discord channel: staff messages and guest notices, redelivered after failures, once per person."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import discord
import pytest

from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.ledger import MessageLedger
from bot.discord_channel.notifier import DiscordNotifier, OverdueWatch, nonce
from bot.discord_channel.session import GuestPlace
from bot.errors import EscalationError
from bot.escalation.model import NewEscalation, Remedy
from bot.escalation.outbox import OutboxSender
from bot.escalation.store import SqlEscalationStore
from tests.discord_channel import factory
from tests.discord_channel.conftest import CONFIG, GUILD_A, MANAGER, SERVER, STAFF_A, STAFF_B

T0 = dt.datetime(2026, 5, 1, 19, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tickets(tmp_path: Path, clock: Clock) -> Iterator[SqlEscalationStore]:
    store = SqlEscalationStore(f"sqlite:///{tmp_path / 'tickets.db'}", clock=clock)
    yield store
    store.close()


class Discord:
    """A spec'd `discord.Client` with one spec'd channel per id; what was posted and edited is on the mocks."""

    def __init__(self, bot: ConciergeBot) -> None:
        self.client = mock.create_autospec(discord.Client, instance=True)
        self.client.get_guild.side_effect = bot.get_guild
        self.client.get_user.return_value = None
        self.channels: dict[int, Any] = {}
        self.edits: dict[int, Any] = {}
        self.client.get_partial_messageable.side_effect = lambda cid, **_: self.channel(cid)
        self._next_id = 70_000

    def channel(self, channel_id: int) -> Any:
        if channel_id not in self.channels:
            channel = mock.create_autospec(discord.PartialMessageable, instance=True)
            channel.id = channel_id
            channel.send.side_effect = self._posted
            channel.get_partial_message.side_effect = self._message
            self.channels[channel_id] = channel
        return self.channels[channel_id]

    async def _posted(self, *_: Any, **__: Any) -> Any:
        message = mock.create_autospec(discord.Message, instance=True)
        self._next_id += 1
        message.id = self._next_id
        return message

    def _message(self, message_id: int) -> Any:
        if message_id not in self.edits:
            self.edits[message_id] = mock.create_autospec(discord.PartialMessage, instance=True)
        return self.edits[message_id]


@pytest.fixture
def fake(bot: ConciergeBot) -> Discord:
    return Discord(bot)


@pytest.fixture
def notifier(fake: Discord, tickets: SqlEscalationStore, ledger: MessageLedger) -> DiscordNotifier:
    return DiscordNotifier(fake.client, CONFIG, tickets, ledger)


def file(store: SqlEscalationStore, venue: str = "cedar-and-tide", sla: int = 5) -> str:
    ticket = store.file(
        NewEscalation(
            venue=venue,
            session=GuestPlace(user_id=501, guild_id=GUILD_A, channel_id=5000).key,
            guest_text="Cold fries and a twenty-minute wait.",
            category="food-quality",
            severity="medium",
            remedy=Remedy(tier="comp-item", actions=["take the fries off"], value=8, approval="server", currency="USD"),
            sla_minutes=sla,
            loss=8.0,
            items=["batata-harra"],
        )
    )
    return ticket.id


async def test_filed_ticket_is_posted_with_buttons_and_pings_the_staff_roles(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock, ledger: MessageLedger
) -> None:
    """ "filed" posts the ticket card with its four buttons to the venue's staff channel, pinging the staff roles."""
    ticket_id = file(tickets)
    report = await OutboxSender(tickets, notifier, clock=clock).drain_once()
    assert (report.sent, report.failed) == (1, 0)
    [call] = fake.channels[STAFF_A].send.await_args_list
    assert call.args[0].startswith(f"<@&{SERVER}> <@&{MANAGER}>: a guest needs a person")
    assert call.kwargs["allowed_mentions"].roles is True
    assert call.kwargs["allowed_mentions"].everyone is False
    assert ticket_id in (call.kwargs["embed"].title or "")
    assert len(call.kwargs["view"].children) == 4
    assert ledger.staff_message(ticket_id, STAFF_A) is not None
    assert STAFF_B not in fake.channels  # the other venue's staff never hear of it


async def test_outbox_redelivers_after_a_discord_http_failure(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """Discord answers 503: the notification stays in the outbox with the error, and the next drain delivers it,
    with the same nonce, so a send that did arrive the first time is not posted twice."""
    ticket_id = file(tickets)
    channel = fake.channel(STAFF_A)
    channel.send.side_effect = [factory.http_error(503), *[await fake._posted() for _ in range(2)]]
    sender = OutboxSender(tickets, notifier, clock=clock)

    first = await sender.drain_once()
    assert (first.sent, first.failed) == (0, 1)
    clock.advance(seconds=1)
    assert await sender.drain_once() == type(first)(sent=0, failed=0)  # backing off, not hammering Discord
    clock.advance(seconds=10)
    [pending] = tickets.pending_notifications(clock.now)
    assert pending.attempts == 1
    assert pending.last_error is not None
    assert "503 Service Unavailable" in pending.last_error

    second = await sender.drain_once()
    assert (second.sent, second.failed) == (1, 0)
    assert tickets.pending_notifications(clock.now + dt.timedelta(hours=1)) == []
    nonces = [c.kwargs["nonce"] for c in channel.send.await_args_list]
    assert nonces == [nonce(f"{ticket_id}:filed", STAFF_A)] * 2


async def test_a_notification_delivered_twice_posts_once(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """At-least-once delivery (a crash before it was marked sent) edits the card rather than posting another."""
    file(tickets)
    [notification] = tickets.pending_notifications(clock.now)
    await notifier.notify(notification)
    await notifier.notify(notification)
    assert fake.channels[STAFF_A].send.await_count == 1
    [edited] = fake.edits.values()
    edited.edit.assert_awaited_once()


async def test_later_states_edit_the_same_card(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """Acknowledged (say from the terminal) updates the posted card in place, drawn from the store's state."""
    ticket_id = file(tickets)
    sender = OutboxSender(tickets, notifier, clock=clock)
    await sender.drain_once()
    tickets.acknowledge(ticket_id, "Rania at the pass")
    await sender.drain_once()
    assert fake.channels[STAFF_A].send.await_count == 1
    [edited] = fake.edits.values()
    embed = edited.edit.await_args.kwargs["embed"]
    assert "Acknowledged by Rania at the pass" in [f.value for f in embed.fields]


async def test_resolution_is_told_to_the_guest_once_falling_back_to_the_channel(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """Resolved: the guest is DMed; with DMs closed they are told, by mention, where they asked; never twice."""
    ticket_id = file(tickets)
    guest = mock.create_autospec(discord.User, instance=True)
    guest.send.side_effect = discord.Forbidden(mock.Mock(status=403, reason="Forbidden"), "Cannot send to this user")
    fake.client.fetch_user.return_value = guest
    tickets.resolve(ticket_id, "Sam")
    resolved = next(n for n in tickets.pending_notifications(clock.now) if n.kind == "resolved")
    await notifier.notify(resolved)
    await notifier.notify(resolved)
    fake.client.fetch_user.assert_awaited_once_with(501)
    [told] = fake.channels[5000].send.await_args_list
    assert told.args[0].startswith(f"<@501> An update on your concern ({ticket_id})")
    assert told.kwargs["allowed_mentions"].users is True


async def test_resolution_by_dm_when_the_guest_accepts_dms(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """A guest who can be DMed hears it privately, and nothing is posted in the public channel."""
    ticket_id = file(tickets)
    guest = mock.create_autospec(discord.User, instance=True)
    fake.client.get_user.return_value = guest
    tickets.resolve(ticket_id, "Sam")
    resolved = next(n for n in tickets.pending_notifications(clock.now) if n.kind == "resolved")
    await notifier.notify(resolved)
    guest.send.assert_awaited_once()
    assert "has marked it resolved" in guest.send.await_args.args[0]
    assert 5000 not in fake.channels


async def test_a_venue_no_guild_serves_stays_in_the_outbox(
    notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """With no guild for the venue, delivery fails loudly and the notification waits for the config to be fixed."""
    file(tickets, venue="somewhere-else")
    [notification] = tickets.pending_notifications(clock.now)
    with pytest.raises(EscalationError, match="No guild in the Discord configuration serves venue 'somewhere-else'"):
        await notifier.notify(notification)


async def test_tickets_go_to_their_own_venues_staff_channel(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """A taqueria ticket is posted in the taqueria guild's staff channel only."""
    file(tickets, venue="tiny-taqueria")
    await OutboxSender(tickets, notifier, clock=clock).drain_once()
    assert set(fake.channels) == {STAFF_B}


async def test_overdue_tickets_are_repinged_every_interval_until_acknowledged(
    fake: Discord, notifier: DiscordNotifier, tickets: SqlEscalationStore, clock: Clock
) -> None:
    """Past its SLA an open ticket is re-pinged at once, then once per interval, and not after it is acknowledged."""
    ticket_id = file(tickets, sla=5)
    watch = OverdueWatch(notifier, dt.timedelta(minutes=5), clock=clock)
    assert await watch.check_once() == 0
    clock.advance(minutes=6)
    assert await watch.check_once() == 1
    [ping] = fake.channels[STAFF_A].send.await_args_list
    assert f"{ticket_id} (medium food-quality) is 1 min past its SLA" in ping.args[0]
    assert f"<@&{MANAGER}>" in ping.args[0]
    clock.advance(minutes=2)
    assert await watch.check_once() == 0
    clock.advance(minutes=4)
    assert await watch.check_once() == 1
    tickets.acknowledge(ticket_id, "Sam")
    clock.advance(minutes=10)
    assert await watch.check_once() == 0
