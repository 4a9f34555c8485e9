"""Answering an interaction inside Discord's deadlines: acknowledge within 3 seconds, then follow up.

Any answer may be slow (an index query, a voice that calls out), and Discord drops an interaction nobody
acknowledged within 3 seconds. So every question is deferred first, which shows "thinking…" and buys 15 minutes,
and the answer goes out as follow-ups.
"""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.discord_channel.access import TROUBLE
from bot.discord_channel.render import Outgoing, reply_messages
from bot.discord_channel.runner import CoreRunner
from bot.errors import ConciergeError
from bot.reply import Reply
from bot.understand.request import Role

_log = logging.getLogger(__name__)
QUIET = discord.AllowedMentions.none()  # the voice quotes guests; nothing it says may ping anyone


async def answer(
    interaction: discord.Interaction[Any],
    runner: CoreRunner,
    text: str,
    *,
    session: str,
    venue: str,
    role: Role,
) -> Reply | None:
    """Defer, ask the concierge, and send its reply as follow-ups; None if it could not answer."""
    await interaction.response.defer(thinking=True)
    try:
        reply = await runner.ask(text, session=session, venue=venue, role=role)
    except ConciergeError as exc:
        await interaction.followup.send(str(exc), allowed_mentions=QUIET)
        return None
    except Exception:  # the "thinking…" message must never be left hanging, whatever broke underneath
        _log.exception("answering interaction %s failed", interaction.id)
        await interaction.followup.send(TROUBLE, allowed_mentions=QUIET)
        return None
    await follow_up(interaction, reply_messages(reply))
    return reply


async def follow_up(interaction: discord.Interaction[Any], messages: list[Outgoing]) -> None:
    for out in messages:
        kwargs: dict[str, Any] = {"allowed_mentions": QUIET}
        if out.embed is not None:
            kwargs["embed"] = out.embed
        await interaction.followup.send(out.content or "", **kwargs)


async def refuse(interaction: discord.Interaction[Any], text: str) -> None:
    """A quick, private no: answered at once, so it needs no deferral."""
    await interaction.response.send_message(text, ephemeral=True)
