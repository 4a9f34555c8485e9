"""Staff: `/pair`, `/86`, `/restore`, `/special` — for members holding a staff role, politely refused to others.

Menu changes go to the same `LiveMenu` the terminal's `concierge menu` writes, so a dish 86'd here is off for every
channel at once. Each guild only ever touches, and only ever sees in autocomplete, its own venue.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands
from pydantic import ValidationError

from bot.concierge import Concierge
from bot.discord_channel.access import NOT_SET_UP, NOT_STAFF, is_staff, who
from bot.discord_channel.config import DiscordConfig, GuildConfig
from bot.discord_channel.ratelimit import RateLimiter, wait_message
from bot.discord_channel.respond import QUIET, answer, refuse
from bot.discord_channel.runner import CoreRunner
from bot.errors import ConciergeError
from bot.knowledge.model import ALLERGENS, Dish
from bot.knowledge.venue import Item
from bot.money import money

Short = app_commands.Range[str, 1, 100]
Text = app_commands.Range[str, 1, 1000]
Price = app_commands.Range[float, 0, 100_000]
_CHOICES = 25  # Discord's most autocomplete suggestions


def special_id(name: str) -> str:
    """A kebab-case id from a special's name: "Halibut à la plancha" → "halibut-a-la-plancha-special"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "dish"
    return f"{slug[:60]}-special"


def _words(value: str | None) -> list[str]:
    return [w.strip() for w in (value or "").split(",") if w.strip() and w.strip().lower() != "none"]


class StaffCog(commands.Cog, name="Staff"):
    def __init__(self, runner: CoreRunner, config: DiscordConfig, limiter: RateLimiter) -> None:
        self.runner = runner
        self.concierge: Concierge = runner.concierge
        self.config = config
        self.limiter = limiter

    # -- the commands ------------------------------------------------------------------------------------------------

    @app_commands.command(name="pair", description="Staff: what to pour with a dish (or eat with a drink).")
    @app_commands.describe(item="A dish or drink on tonight's menu.")
    @app_commands.guild_only()
    async def pair(self, interaction: discord.Interaction[Any], item: Short) -> None:
        guild = await self._staff(interaction)
        if guild is None:
            return
        # Autocomplete sends the id ("lamb-shoulder"); the core knows every id spelled with spaces as a name.
        name = item.replace("-", " ") if re.fullmatch(r"[a-z0-9-]+", item) else item
        # A session per member for pairings alone, so a guest's "vegetarian" from their own chat never filters it.
        session = f"dc-pair-g{interaction.guild_id}-u{interaction.user.id}"
        await answer(
            interaction, self.runner, f"What goes with the {name}?", session=session, venue=guild.venue, role="staff"
        )

    @app_commands.command(name="86", description="Staff: mark a dish or drink as run out for tonight.")
    @app_commands.describe(item="The dish or drink that has run out.")
    @app_commands.guild_only()
    async def eighty_six(self, interaction: discord.Interaction[Any], item: Short) -> None:
        await self._menu_change(interaction, item, "86")

    @app_commands.command(name="restore", description="Staff: put an 86'd dish or drink back on.")
    @app_commands.describe(item="The dish or drink that is back.")
    @app_commands.guild_only()
    async def restore(self, interaction: discord.Interaction[Any], item: Short) -> None:
        await self._menu_change(interaction, item, "restore")

    @app_commands.command(name="special", description="Staff: put tonight's special on, with your note.")
    @app_commands.describe(
        name="What guests will call it.",
        price="Its price.",
        description="What is on the plate.",
        note="Why you'd order it, in your own words.",
        author="Whose note this is (a staff member of the venue).",
        allergens="Comma-separated (gluten, milk, tree-nut, fish…), or 'none'.",
        dietary="Comma-separated diet tags, if any (vegetarian, gluten-free…).",
        may_contain="Comma-separated traces, if any.",
    )
    @app_commands.guild_only()
    async def special(
        self,
        interaction: discord.Interaction[Any],
        name: Short,
        price: Price,
        description: Text,
        note: Text,
        author: Short,
        allergens: Short,
        dietary: Short | None = None,
        may_contain: Short | None = None,
    ) -> None:
        guild = await self._staff(interaction)
        if guild is None:
            return
        try:
            dish = Dish.model_validate(
                {
                    "id": special_id(name),
                    "name": name,
                    "course": "special",
                    "price": price,
                    "description": description,
                    "allergens": _words(allergens),
                    "may_contain": _words(may_contain),
                    "dietary": _words(dietary),
                }
            )
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            hint = f" Allergens are: {', '.join(ALLERGENS)}." if field.startswith(("allergens", "may_contain")) else ""
            await refuse(interaction, f"That special can't go on as written — {field}: {first['msg']}.{hint}")
            return
        await interaction.response.defer(thinking=True)
        try:
            standing = self.concierge.catalog.venue(guild.venue)
            await self.runner.call(self.concierge.live.add_special, standing, dish, author=author, note=note)
        except ConciergeError as exc:
            await interaction.followup.send(str(exc), allowed_mentions=QUIET)
            return
        price_text = money(dish.price, standing.currency)
        await interaction.followup.send(
            f"**{dish.name}** ({price_text}) is on tonight as a special, with {author}'s note. "
            "I'll start suggesting it to guests it suits.",
            allowed_mentions=QUIET,
        )

    # -- autocomplete: only this guild's venue, ever ------------------------------------------------------------------

    @pair.autocomplete("item")
    async def _any_item(self, interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        return await self._choices(interaction, current, None)

    @eighty_six.autocomplete("item")
    async def _on_items(self, interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        return await self._choices(interaction, current, True)

    @restore.autocomplete("item")
    async def _off_items(self, interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        return await self._choices(interaction, current, False)

    @special.autocomplete("author")
    async def _authors(self, interaction: discord.Interaction[Any], current: str) -> list[app_commands.Choice[str]]:
        guild = self.config.guild(interaction.guild_id)
        if guild is None:
            return []
        staff = self.concierge.catalog.venue(guild.venue).venue.staff
        wanted = current.casefold()
        return [
            app_commands.Choice(name=f"{s.name} ({s.role})"[:100], value=s.id)
            for s in staff
            if wanted in s.name.casefold() or wanted in s.id
        ][:_CHOICES]

    async def _choices(
        self, interaction: discord.Interaction[Any], current: str, available: bool | None
    ) -> list[app_commands.Choice[str]]:
        guild = self.config.guild(interaction.guild_id)
        if guild is None:
            return []
        tonight = await self.runner.call(self.concierge.tonight, guild.venue)
        wanted = current.casefold().strip()
        items: list[Item] = [*tonight.dishes, *tonight.drinks]
        return [
            app_commands.Choice(name=item.name[:100], value=item.id)
            for item in items
            if (available is None or item.available == available)
            and (wanted in item.name.casefold() or wanted in item.id)
        ][:_CHOICES]

    # -- shared ----------------------------------------------------------------------------------------------------

    async def _staff(self, interaction: discord.Interaction[Any]) -> GuildConfig | None:
        """This guild's config if the member is staff here; otherwise a polite refusal has been sent."""
        guild = self.config.guild(interaction.guild_id)
        if guild is None:
            await refuse(interaction, NOT_SET_UP)
            return None
        if not is_staff(guild, interaction.user):
            await refuse(interaction, NOT_STAFF)
            return None
        wait = self.limiter.hit(interaction.user.id)
        if wait is not None:
            await refuse(interaction, wait_message(wait))
            return None
        return guild

    async def _menu_change(self, interaction: discord.Interaction[Any], words: str, action: str) -> None:
        guild = await self._staff(interaction)
        if guild is None:
            return
        await interaction.response.defer(thinking=True)
        try:
            item = await self.runner.call(self._find, guild.venue, words)
            standing = self.concierge.catalog.venue(guild.venue)
            if item is None:
                await interaction.followup.send(
                    f"I can't find “{words}” on {standing.name}'s menu — pick one from the list as you type.",
                    allowed_mentions=QUIET,
                )
                return
            change = self.concierge.live.eighty_six if action == "86" else self.concierge.live.restore
            await self.runner.call(change, standing, item.id, who(interaction.user))
        except ConciergeError as exc:
            await interaction.followup.send(str(exc), allowed_mentions=QUIET)
            return
        said = (
            f"**{item.name}** is 86'd for tonight — I won't suggest it, and guests who ask get the closest alternative."
            if action == "86"
            else f"**{item.name}** is back on tonight."
        )
        await interaction.followup.send(said, allowed_mentions=QUIET)

    def _find(self, venue: str, words: str) -> Item | None:
        """The item staff named: its id (as autocomplete sends it), its name, or the way a guest would say it."""
        return self.concierge.find_item(self.concierge.tonight(venue), words)
