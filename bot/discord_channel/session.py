"""Conversation sessions named after where the guest is talking, so a staff reply can find its way back.

The core keeps one conversation per session id, and files a complaint with it. Naming the session after the guild,
channel and user gives each person in each channel their own conversation, and lets the notifier tell the guest
when their ticket is resolved from nothing but the ticket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^dc-(?:g(?P<guild>\d+)-c(?P<channel>\d+)|dm)-u(?P<user>\d+)$")


@dataclass(frozen=True)
class GuestPlace:
    user_id: int
    guild_id: int | None = None
    channel_id: int | None = None

    @property
    def key(self) -> str:
        if self.guild_id is None or self.channel_id is None:
            return f"dc-dm-u{self.user_id}"
        return f"dc-g{self.guild_id}-c{self.channel_id}-u{self.user_id}"

    @classmethod
    def parse(cls, key: str) -> GuestPlace | None:
        """The place a session id names, or None for a session that did not start on Discord (the terminal's)."""
        found = _KEY.match(key)
        if found is None:
            return None
        guild, channel = found.group("guild"), found.group("channel")
        return cls(
            user_id=int(found.group("user")),
            guild_id=None if guild is None else int(guild),
            channel_id=None if channel is None else int(channel),
        )
