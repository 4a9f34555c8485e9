"""Which guild serves which venue, who counts as staff there, and where complaints go: `discord.yaml`, validated.

The file is the operator's, not the restaurant's: guild and channel ids, and a map from Discord role names to the
roles of the venue's remedies.yaml, whose caps decide who may approve what. It is checked twice: its shape when it
is read (unknown keys are errors), and its venues and roles against the knowledge before the bot connects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConciergeError

# A Discord id: a positive 64-bit integer. YAML reads an unquoted id as an int and a quoted one as a str; both work.
Snowflake = Annotated[int, Field(gt=0, lt=2**64)]


class DiscordConfigError(ConciergeError):
    """The Discord configuration file is missing, malformed or names a venue or role the knowledge does not have."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class GuildConfig(_Strict):
    """One Discord server: the venue it sees, its staff roles and the channel complaints are posted to."""

    venue: str = Field(min_length=1, description="A venue id (a folder name in the knowledge root).")
    staff_channel: Snowflake = Field(description="The channel id complaints are posted to, with their buttons.")
    staff_roles: dict[str, str] = Field(
        min_length=1,
        description="Discord role (its name, any case, or its id) -> role in the venue's remedies.yaml.",
    )
    label: str | None = Field(default=None, description="A name for logs; Discord's own name is used if absent.")

    def remedy_roles(self, member_roles: Iterable[tuple[int, str]]) -> list[str]:
        """The remedies.yaml roles a member holds, given their Discord roles as (id, name) pairs."""
        wanted = {key.casefold(): role for key, role in self.staff_roles.items()}
        held: list[str] = []
        for role_id, name in member_roles:
            role = wanted.get(name.casefold()) or wanted.get(str(role_id))
            if role is not None and role not in held:
                held.append(role)
        return held


class RateLimit(_Strict):
    """How many questions one person may ask in a window before being asked, kindly, to wait."""

    messages: int = Field(default=6, ge=1)
    per_seconds: float = Field(default=30.0, gt=0)


class DiscordConfig(_Strict):
    guilds: dict[Snowflake, GuildConfig] = Field(min_length=1, description="Guild id -> what that server sees.")
    direct_messages: str | None = Field(
        default=None, description="The venue that answers DMs; without one, DMs are politely turned away."
    )
    rate_limit: RateLimit = Field(default_factory=RateLimit)
    overdue_reping_minutes: float = Field(
        default=5.0, ge=0.5, description="How often staff are reminded of a ticket nobody has acknowledged in time."
    )
    outbox_interval_seconds: float = Field(default=2.0, gt=0, le=60)
    max_concurrent_answers: int = Field(
        default=4, ge=1, le=64, description="Answers worked on at once; the rest wait their turn."
    )

    def guild(self, guild_id: int | None) -> GuildConfig | None:
        return None if guild_id is None else self.guilds.get(guild_id)

    def staff_channels(self, venue: str) -> list[int]:
        """Every staff channel that hears about this venue's tickets (one per guild serving it)."""
        return sorted({g.staff_channel for g in self.guilds.values() if g.venue == venue})

    def check(self, venues: Mapping[str, Sequence[str]]) -> None:
        """Raise unless every venue named exists and every role maps to one of that venue's remedies roles.

        `venues` maps each venue id in the knowledge to its roles, least senior first (`approval.roles`).
        """
        problems: list[str] = []
        known = ", ".join(sorted(venues)) or "none"
        for guild_id, guild in self.guilds.items():
            where = f"guilds.{guild_id}"
            if guild.venue not in venues:
                problems.append(f"{where}.venue: no venue '{guild.venue}' in the knowledge (known: {known})")
                continue
            roles = venues[guild.venue]
            for discord_role, role in guild.staff_roles.items():
                if role not in roles:
                    problems.append(
                        f"{where}.staff_roles.{discord_role}: '{role}' is not a role in {guild.venue}'s "
                        f"remedies.yaml (known: {', '.join(roles)})"
                    )
        if self.direct_messages is not None and self.direct_messages not in venues:
            problems.append(f"direct_messages: no venue '{self.direct_messages}' in the knowledge (known: {known})")
        if problems:
            listed = "\n  ".join(problems)
            raise DiscordConfigError(f"The Discord configuration does not match the knowledge:\n  {listed}")


def load_config(path: Path) -> DiscordConfig:
    """Read and validate the file, with errors that name the file and the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DiscordConfigError(
            f"No Discord configuration at {path}. Copy discord.example.yaml to {path.name}, fill in your guild and "
            "channel ids, or point CONCIERGE_DISCORD_CONFIG at your file."
        ) from None
    except OSError as exc:
        raise DiscordConfigError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise DiscordConfigError(f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc}).") from None
    if not isinstance(data, dict):
        raise DiscordConfigError(f"{path}: expected a mapping with a 'guilds' key at the top.")
    try:
        return DiscordConfig.model_validate(data)
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors()]
        raise DiscordConfigError(f"{path} is not a valid Discord configuration:\n  " + "\n  ".join(lines)) from None
