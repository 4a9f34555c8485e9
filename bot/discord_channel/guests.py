"""Guests: `/top3`, `/ask`, and plain messages that mention the bot or come by DM.

Each guest has their own conversation per channel (and one for DMs), so "and the desserts?" follows on from what
they said, not from the person next to them.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_channel.access import TROUBLE, is_staff, place_of, venue_for
from bot.discord_channel.config import DiscordConfig
from bot.discord_channel.ratelimit import RateLimiter, wait_message
from bot.discord_channel.render import reply_messages
from bot.discord_channel.respond import QUIET, answer, refuse
from bot.discord_channel.runner import CoreRunner
from bot.errors import ConciergeError
from bot.understand.request import Role

_log = logging.getLogger(__name__)

Short = app_commands.Range[str, 1, 200]
Question = app_commands.Range[str, 1, 2000]


def top3_text(taste: str | None, diet: str | None, allergies: str | None) -> str:
    """The options of `/top3` as the sentence a guest would have typed; the core reads words, not forms."""
    parts = ["What are your top three?"]
    if taste:
        parts.append(f"I'm in the mood for something {taste.strip().rstrip('.')}.")
    if diet:
        parts.append(f"I'm {diet.strip().rstrip('.')}.")
    if allergies:
        parts.append(f"I'm allergic to {allergies.strip().rstrip('.')}.")
    return " ".join(parts)


class GuestCog(commands.Cog, name="Guests"):
    def __init__(self, client: discord.Client, runner: CoreRunner, config: DiscordConfig, limiter: RateLimiter) -> None:
        self.client = client
        self.runner = runner
        self.config = config
        self.limiter = limiter

    @app_commands.command(name="top3", description="My three picks tonight, fitted to what you like and can't eat.")
    @app_commands.describe(
        taste="What you're in the mood for: smoky, spicy, light, something to share…",
        diet="Vegetarian, vegan, pescatarian, gluten-free…",
        allergies="Nuts, shellfish, dairy, sesame…",
    )
    async def top3(
        self,
        interaction: discord.Interaction[Any],
        taste: Short | None = None,
        diet: Short | None = None,
        allergies: Short | None = None,
    ) -> None:
        await self._ask(interaction, top3_text(taste, diet, allergies))

    @app_commands.command(name="ask", description="Ask about the menu, a dish, a pairing — or tell us what went wrong.")
    @app_commands.describe(question="Anything: 'is the bream gluten-free?', 'what wine with the lamb?'")
    async def ask(self, interaction: discord.Interaction[Any], question: Question) -> None:
        await self._ask(interaction, question)

    async def _ask(self, interaction: discord.Interaction[Any], text: str) -> None:
        venue, why_not = venue_for(self.config, interaction.guild_id)
        if venue is None:
            await refuse(interaction, why_not)
            return
        wait = self.limiter.hit(interaction.user.id)
        if wait is not None:
            await refuse(interaction, wait_message(wait))
            return
        place = place_of(interaction.user.id, interaction.guild_id, interaction.channel_id)
        role = self._role(interaction.guild_id, interaction.user)
        await answer(interaction, self.runner, text, session=place.key, venue=venue, role=role)

    def _role(self, guild_id: int | None, user: discord.abc.User) -> Role:
        # Staff typing "86 the bream" in chat is a menu change in the core; everyone else is a guest.
        guild = self.config.guild(guild_id)
        return "staff" if guild is not None and is_staff(guild, user) else "guest"

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.client.user
        if me is None or message.author.bot:
            return
        guild_id = message.guild.id if message.guild is not None else None
        if guild_id is not None and not any(m.id == me.id for m in message.mentions):
            return  # in a server, only messages addressed to the bot; without message_content that is all we see
        text = re.sub(rf"<@!?{me.id}>", " ", message.content).strip()
        venue, why_not = venue_for(self.config, guild_id)
        if venue is None:
            await message.reply(why_not, mention_author=False, allowed_mentions=QUIET)
            return
        wait = self.limiter.hit(message.author.id)
        if wait is not None:
            await message.reply(wait_message(wait), mention_author=False, allowed_mentions=QUIET)
            return
        place = place_of(message.author.id, guild_id, message.channel.id)
        try:
            async with message.channel.typing():
                reply = await self.runner.ask(
                    text, session=place.key, venue=venue, role=self._role(guild_id, message.author)
                )
        except ConciergeError as exc:
            await message.reply(str(exc), mention_author=False, allowed_mentions=QUIET)
            return
        except Exception:  # a guest who wrote to us gets an answer, even if it is an apology
            _log.exception("answering message %s failed", message.id)
            await message.reply(TROUBLE, mention_author=False, allowed_mentions=QUIET)
            return
        for i, out in enumerate(reply_messages(reply)):
            kwargs: dict[str, Any] = {"allowed_mentions": QUIET}
            if out.embed is not None:
                kwargs["embed"] = out.embed
            if i == 0:
                await message.reply(out.content, mention_author=False, **kwargs)
            else:
                await message.channel.send(out.content, **kwargs)
