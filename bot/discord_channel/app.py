"""The bot: a discord.py `Bot` handed the concierge, its config and its stores, plus `run()` for the CLI.

Everything it needs comes in through the constructor (discord.py's examples/advanced_startup.py), so a test can
build it around a real concierge without a token or a network. `setup_hook` adds the cogs and the persistent
ticket buttons and starts two background tasks: the outbox sender (ticket notifications, retried until delivered)
and the overdue watch.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.concierge import Concierge
from bot.discord_channel.access import TROUBLE
from bot.discord_channel.config import DiscordConfig, load_config
from bot.discord_channel.escalations import EscalationDesk, TicketButton
from bot.discord_channel.guests import GuestCog
from bot.discord_channel.ledger import MessageLedger
from bot.discord_channel.notifier import DiscordNotifier, OverdueWatch
from bot.discord_channel.ratelimit import RateLimiter
from bot.discord_channel.runner import CoreRunner
from bot.discord_channel.staff import StaffCog
from bot.errors import ConciergeError
from bot.escalation.approval import roles
from bot.escalation.outbox import OutboxSender
from bot.escalation.store import EscalationStore
from bot.runtime import open_concierge
from bot.settings import Settings

_log = logging.getLogger(__name__)

NO_TOKEN = (
    "DISCORD_TOKEN is not set, so the bot cannot log in. Create an application at "
    "https://discord.com/developers/applications, add a Bot and copy its token (Bot → Reset Token), then put "
    "DISCORD_TOKEN=<token> in .env or the environment. README.md, section Discord, walks through it."
)
BAD_TOKEN = (
    "Discord refused DISCORD_TOKEN. Copy a fresh one from the Developer Portal (your application → Bot → Reset "
    "Token) into .env; a token is shown only once."
)


def intents() -> discord.Intents:
    """Only what the bot uses. Guilds: roles and channels. Guild and DM messages: mentions and DMs, whose text
    Discord sends without the privileged message_content intent. No members, no presences, no message content."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    return wanted


class ConciergeTree(app_commands.CommandTree[Any]):
    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /) -> None:
        _log.error("slash command failed", exc_info=error)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(TROUBLE, ephemeral=True)
            else:
                await interaction.response.send_message(TROUBLE, ephemeral=True)
        except discord.HTTPException:
            _log.warning("could not tell the user about the failure either")


class ConciergeBot(commands.Bot):
    def __init__(
        self,
        concierge: Concierge,
        config: DiscordConfig,
        ledger: MessageLedger,
        *,
        store: EscalationStore | None = None,
        runner: CoreRunner | None = None,
        background: bool = True,
        sync_commands: bool = True,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            help_command=None,
            tree_cls=ConciergeTree,
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.concierge = concierge
        self.config = config
        self.store = store if store is not None else concierge.escalations
        self.ledger = ledger
        self.runner = runner or CoreRunner(concierge, max_concurrent=config.max_concurrent_answers)
        self.limiter = RateLimiter(config.rate_limit.messages, config.rate_limit.per_seconds)
        self.desk = EscalationDesk(concierge, config, self.store, ledger)
        self.notifier = DiscordNotifier(self, config, self.store, ledger)
        self.outbox = OutboxSender(self.store, self.notifier)
        self.overdue = OverdueWatch(self.notifier, dt.timedelta(minutes=config.overdue_reping_minutes))
        self._background = background
        self._sync_commands = sync_commands
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    async def setup_hook(self) -> None:
        await self.add_cog(GuestCog(self, self.runner, self.config, self.limiter))
        await self.add_cog(StaffCog(self.runner, self.config, self.limiter))
        self.add_dynamic_items(TicketButton)
        if self._background:
            self._tasks = [
                asyncio.create_task(self.outbox.run(self._stop, self.config.outbox_interval_seconds), name="outbox"),
                asyncio.create_task(self.overdue.run(self._stop), name="overdue"),
            ]
        if self._sync_commands:
            # Global commands: the same in every guild (each answers for its own venue) and in DMs.
            synced = await self.tree.sync()
            _log.info("synced %d slash commands", len(synced))

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: mentions and DMs are the guest cog's, and nothing else is read."""

    async def on_ready(self) -> None:
        known = {g.id for g in self.guilds}
        for guild_id in self.config.guilds:
            if guild_id not in known:
                _log.warning("guild %s is configured but the bot is not in it (see README: Discord)", guild_id)
        _log.info("logged in as %s, serving %d guild(s)", self.user, len(known & set(self.config.guilds)))

    async def close(self) -> None:
        self._stop.set()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        await super().close()
        self.runner.close()


def run(settings: Settings, knowledge: Path | None = None, *, sync_commands: bool = True) -> None:
    """`concierge discord`: check everything that can be checked offline, then connect and serve until stopped."""
    if settings.discord_token is None or not settings.discord_token.get_secret_value().strip():
        raise ConciergeError(NO_TOKEN)
    token = settings.discord_token.get_secret_value().strip()
    config = load_config(settings.discord_config)
    concierge, refresh = open_concierge(settings, knowledge)
    if refresh.problem is not None:
        _log.warning("%s; answering from the last good index until this is fixed", refresh.problem)
    config.check({v.id: roles(v.remedies) for v in concierge.catalog.knowledge.venues.values()})
    concierge.warm()  # fit or load the act and complaint models now, not on the first guest's message
    ledger = MessageLedger(settings.data_dir / "discord" / "messages.db")
    discord.utils.setup_logging()
    try:
        asyncio.run(_serve(concierge, config, ledger, token, sync_commands))
    except KeyboardInterrupt:
        pass
    finally:
        ledger.close()


async def _serve(
    concierge: Concierge, config: DiscordConfig, ledger: MessageLedger, token: str, sync_commands: bool
) -> None:
    async with ConciergeBot(concierge, config, ledger, sync_commands=sync_commands) as bot:
        try:
            await bot.start(token)
        except discord.LoginFailure:
            raise ConciergeError(BAD_TOKEN) from None
