"""Telling staff and guests about tickets: the escalation outbox's Discord channel, and reminders for late tickets.

`DiscordNotifier` implements the outbox's `Notifier`. `OutboxSender` calls it for every notification the store
enqueued and marks one sent only when it returned, so a Discord outage or a restart just means a later delivery. It
is delivered at least once; the ledger makes it once for people: a ticket gets one staff message (posted for
"filed", edited for every later state), and a guest hears once that their ticket is resolved. Every message is
drawn from the ticket as the store has it now, so a late retry never shows staff a stale state.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
from collections.abc import Callable

import discord

from bot.discord_channel.config import DiscordConfig
from bot.discord_channel.escalations import ticket_view
from bot.discord_channel.ledger import MessageLedger
from bot.discord_channel.render import new_ticket_line, overdue_line, resolved_notice, ticket_embed
from bot.discord_channel.session import GuestPlace
from bot.errors import EscalationError
from bot.escalation.model import Escalation, Notification, State
from bot.escalation.store import EscalationStore, utcnow

_log = logging.getLogger(__name__)
_PING_ROLES = discord.AllowedMentions(everyone=False, users=False, roles=True)
_PING_USERS = discord.AllowedMentions(everyone=False, users=True, roles=False)


def nonce(notification_id: str, channel_id: int) -> str:
    """Discord drops a second message with the same nonce sent within minutes: a resend after a timeout that did
    arrive is not posted twice. Nonces are at most 25 characters."""
    return hashlib.sha256(f"{notification_id}@{channel_id}".encode()).hexdigest()[:25]


class DiscordNotifier:
    def __init__(
        self, client: discord.Client, config: DiscordConfig, store: EscalationStore, ledger: MessageLedger
    ) -> None:
        self.client = client
        self.config = config
        self.store = store
        self.ledger = ledger

    async def notify(self, notification: Notification) -> None:
        venue = str(notification.payload.get("venue", ""))
        channels = self.config.staff_channels(venue)
        if not channels:
            # Raising keeps it in the outbox: once a guild is configured for the venue, it is delivered.
            raise EscalationError(f"No guild in the Discord configuration serves venue '{venue}'.")
        ticket = await asyncio.to_thread(self.store.get, notification.escalation_id)
        for channel_id in channels:
            await self._staff_message(channel_id, ticket, notification)
        if notification.kind == "resolved":
            await self._tell_guest(ticket, notification)

    async def _staff_message(self, channel_id: int, ticket: Escalation, notification: Notification) -> None:
        channel = self.client.get_partial_messageable(channel_id)
        embed, view = ticket_embed(ticket), ticket_view(ticket)
        posted = await asyncio.to_thread(self.ledger.staff_message, ticket.id, channel_id)
        if posted is not None:
            try:
                await channel.get_partial_message(posted).edit(embed=embed, view=view)
                return
            except discord.NotFound:
                _log.info("staff message for %s was deleted; posting it again", ticket.id)
        content = new_ticket_line(ticket, self.role_ids(channel_id, ticket.venue)) if ticket.state == "open" else None
        key = nonce(notification.id, channel_id)
        if view is None:
            message = await channel.send(content, embed=embed, nonce=key, allowed_mentions=_PING_ROLES)
        else:
            message = await channel.send(content, embed=embed, view=view, nonce=key, allowed_mentions=_PING_ROLES)
        await asyncio.to_thread(self.ledger.record_staff_message, ticket.id, channel_id, message.id)

    async def _tell_guest(self, ticket: Escalation, notification: Notification) -> None:
        place = GuestPlace.parse(ticket.session)
        if place is None or await asyncio.to_thread(self.ledger.guest_told, notification.id):
            return  # not a Discord guest (the terminal's), or already told
        text = resolved_notice(ticket)
        try:
            user = self.client.get_user(place.user_id) or await self.client.fetch_user(place.user_id)
            await user.send(text)
        except (discord.Forbidden, discord.NotFound):
            if place.channel_id is None:
                _log.info("guest of %s cannot be reached by DM; nothing else to try", ticket.id)
            else:  # DMs closed: say it where they asked, to them
                channel = self.client.get_partial_messageable(place.channel_id)
                await channel.send(f"<@{place.user_id}> {text}", allowed_mentions=_PING_USERS)
        await asyncio.to_thread(self.ledger.record_guest_told, notification.id)

    def role_ids(self, channel_id: int, venue: str) -> list[int]:
        """The staff roles to ping in this channel's guild (from the gateway's cache; ids in config need none)."""
        ids: list[int] = []
        for guild_id, guild in self.config.guilds.items():
            if guild.staff_channel != channel_id or guild.venue != venue:
                continue
            cached = self.client.get_guild(guild_id)
            for key in guild.staff_roles:
                if key.isdigit():
                    ids.append(int(key))
                elif cached is not None:
                    ids.extend(r.id for r in cached.roles if r.name.casefold() == key.casefold())
        return sorted(set(ids))


class OverdueWatch:
    """Reminds a venue's staff channel of every open ticket past its SLA, again every `every` until someone acks.

    It reads the store, not memory, so a restart loses nothing: at worst a late ticket is reminded once early.
    """

    def __init__(
        self,
        notifier: DiscordNotifier,
        every: dt.timedelta,
        *,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.notifier = notifier
        self.every = every
        self.clock = clock
        self._last: dict[str, dt.datetime] = {}

    async def check_once(self) -> int:
        """Post the reminders due now; how many were posted."""
        now = self.clock()
        waiting: tuple[State, ...] = ("open",)
        tickets = await asyncio.to_thread(self.notifier.store.list, states=waiting, now=now)
        late = [t for t in tickets if t.overdue(now)]
        self._last = {k: v for k, v in self._last.items() if k in {t.id for t in late}}
        posted = 0
        for ticket in late:
            last = self._last.get(ticket.id)
            if last is not None and now - last < self.every:
                continue
            for channel_id in self.notifier.config.staff_channels(ticket.venue):
                roles = self.notifier.role_ids(channel_id, ticket.venue)
                channel = self.notifier.client.get_partial_messageable(channel_id)
                await channel.send(overdue_line(ticket, roles, now), allowed_mentions=_PING_ROLES)
                posted += 1
            self._last[ticket.id] = now
        return posted

    async def run(self, stop: asyncio.Event, interval: float = 30.0) -> None:
        while not stop.is_set():
            try:
                await self.check_once()
            except (EscalationError, discord.HTTPException):
                _log.warning("could not remind staff of overdue tickets; trying again shortly", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
