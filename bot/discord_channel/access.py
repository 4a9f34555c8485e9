"""Who may do what: a guild's venue, and which members count as staff there (their roles, mapped by config)."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.discord_channel.config import DiscordConfig, GuildConfig
from bot.discord_channel.session import GuestPlace

NOT_SET_UP = "I'm not set up for this server yet — an admin needs to add it to the concierge's Discord configuration."
NO_DMS = "I only answer inside the restaurant's own server — ask me there and I'll help."
NOT_STAFF = "Sorry — that one is for the team here. For the menu, try `/top3` or `/ask`, I'm happy to help."
NOT_STAFF_BUTTON = "Thanks, but only the team can act on a guest's ticket."
OTHER_VENUE = "That ticket belongs to another venue, so it can't be handled from this server."
TROUBLE = "Sorry — something went wrong on my side. Please try again in a moment, or ask a member of staff."


def remedy_roles(guild: GuildConfig, user: discord.abc.User) -> list[str]:
    """The remedies.yaml roles this member holds in this guild (none for a user outside a guild)."""
    if not isinstance(user, discord.Member):
        return []
    return guild.remedy_roles((role.id, role.name) for role in user.roles)


def is_staff(guild: GuildConfig, user: discord.abc.User) -> bool:
    return bool(remedy_roles(guild, user))


def most_senior(held: Sequence[str], order: Sequence[str]) -> str | None:
    """The held role that ranks highest in `order` (least senior first, as `approval.roles` gives them)."""
    ranked = [r for r in order if r in held]
    return ranked[-1] if ranked else None


def venue_for(config: DiscordConfig, guild_id: int | None) -> tuple[str | None, str]:
    """The venue this place sees, or None with the polite reason why it sees none."""
    if guild_id is None:
        return config.direct_messages, NO_DMS
    guild = config.guild(guild_id)
    return (None, NOT_SET_UP) if guild is None else (guild.venue, NOT_SET_UP)


def place_of(user_id: int, guild_id: int | None, channel_id: int | None) -> GuestPlace:
    return GuestPlace(user_id=user_id, guild_id=guild_id, channel_id=channel_id if guild_id is not None else None)


def who(user: discord.abc.User) -> str:
    """How a member is named in a ticket's history and on its embed."""
    return user.display_name
