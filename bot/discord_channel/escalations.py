"""The staff desk in Discord: a ticket's buttons (Acknowledge, Approve remedy, Adjust, Resolve) and the Adjust form.

The buttons are `DynamicItem`s whose custom id carries the action and the ticket id, so a button posted last week
still works after any number of restarts: discord.py parses the id of whatever was pressed, and nothing about the
ticket is held in memory. Every press is checked (staff of this guild, a ticket of this guild's venue), written to
the durable store, and answered by redrawing the ticket from what the store now says.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Literal

import discord

from bot.concierge import Concierge
from bot.discord_channel.access import (
    NOT_STAFF_BUTTON,
    OTHER_VENUE,
    TROUBLE,
    is_staff,
    most_senior,
    remedy_roles,
    who,
)
from bot.discord_channel.config import DiscordConfig, GuildConfig
from bot.discord_channel.ledger import MessageLedger
from bot.discord_channel.render import ticket_embed
from bot.errors import ConciergeError, EscalationError
from bot.escalation.approval import require_approval, roles
from bot.escalation.model import Escalation
from bot.escalation.store import EscalationStore

_log = logging.getLogger(__name__)

Action = Literal["ack", "approve", "adjust", "resolve"]
ACTIONS: tuple[Action, ...] = ("ack", "approve", "adjust", "resolve")
_LOOK: dict[Action, tuple[str, discord.ButtonStyle]] = {
    "ack": ("Acknowledge", discord.ButtonStyle.primary),
    "approve": ("Approve remedy", discord.ButtonStyle.success),
    "adjust": ("Adjust", discord.ButtonStyle.secondary),
    "resolve": ("Resolve", discord.ButtonStyle.danger),
}
_ALLOWED: dict[Action, tuple[str, ...]] = {
    "ack": ("open",),
    "approve": ("open", "acknowledged"),
    "adjust": ("open", "acknowledged"),
    "resolve": ("open", "acknowledged", "approved"),
}
_VALUE = re.compile(r"^\s*[^\d.,-]{0,4}\s*(\d+(?:[.,]\d{1,2})?)\s*[A-Za-z$€£]{0,4}\s*$")


def custom_id(action: Action, escalation_id: str) -> str:
    return f"concierge:esc:{action}:{escalation_id}"


class TicketButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=r"^concierge:esc:(?P<action>ack|approve|adjust|resolve):(?P<id>[A-Za-z0-9_-]{1,64})$",
):
    """One of a ticket's four buttons; everything it needs is in its custom id."""

    def __init__(self, action: Action, escalation_id: str, *, disabled: bool = False) -> None:
        label, style = _LOOK[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=custom_id(action, escalation_id), disabled=disabled)
        )
        self.action: Action = action
        self.escalation_id = escalation_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> TicketButton:
        action = match["action"]
        assert action in ACTIONS  # the template admits nothing else
        return cls(action, match["id"])

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await desk_of(interaction).press(interaction, self.action, self.escalation_id)


def ticket_view(ticket: Escalation) -> discord.ui.View | None:
    """The buttons a ticket in this state still needs; none once it is resolved."""
    if ticket.state == "resolved":
        return None
    view = discord.ui.View(timeout=None)
    for action in ACTIONS:
        usable = ticket.state in _ALLOWED[action] and not (action == "adjust" and ticket.remedy is None)
        view.add_item(TicketButton(action, ticket.id, disabled=not usable))
    return view


def desk_of(interaction: discord.Interaction[Any]) -> EscalationDesk:
    """The desk of the bot this interaction came to (its constructor put it there; there is no global)."""
    desk = getattr(interaction.client, "desk", None)
    if not isinstance(desk, EscalationDesk):
        raise TypeError("the client handling ticket buttons has no EscalationDesk")
    return desk


class AdjustModal(discord.ui.Modal, title="Adjust and approve the remedy"):
    actions: discord.ui.TextInput[AdjustModal] = discord.ui.TextInput(
        label="Actions, one per line", style=discord.TextStyle.paragraph, max_length=1000
    )
    value: discord.ui.TextInput[AdjustModal] = discord.ui.TextInput(label="Value", max_length=16)

    def __init__(self, desk: EscalationDesk, ticket: Escalation) -> None:
        super().__init__(timeout=900, custom_id=f"concierge:adjust:{ticket.id}")
        self.desk = desk
        self.escalation_id = ticket.id
        remedy = ticket.approved_remedy or ticket.remedy
        if remedy is not None:
            self.actions.default = "\n".join(remedy.actions)
            self.value.default = f"{remedy.value:g}"
            self.value.placeholder = f"an amount in {remedy.currency}"

    async def on_submit(self, interaction: discord.Interaction[Any], /) -> None:
        await self.desk.adjust(interaction, self.escalation_id, self.actions.value, self.value.value)


class EscalationDesk:
    """What each button does, against the durable store; the buttons and the modal only route here."""

    def __init__(
        self, concierge: Concierge, config: DiscordConfig, store: EscalationStore, ledger: MessageLedger | None = None
    ) -> None:
        self.concierge = concierge
        self.config = config
        self.store = store
        self.ledger = ledger

    async def press(self, interaction: discord.Interaction[Any], action: Action, escalation_id: str) -> None:
        guild = self._staff_guild(interaction)
        if guild is None:
            await interaction.response.send_message(NOT_STAFF_BUTTON, ephemeral=True)
            return
        if action == "adjust":
            await self._open_adjust(interaction, guild, escalation_id)
            return
        await interaction.response.defer()  # a store write is quick, but the deadline is not negotiable
        try:
            ticket = await asyncio.to_thread(self.store.get, escalation_id)
            if ticket.venue != guild.venue:
                await interaction.followup.send(OTHER_VENUE, ephemeral=True)
                return
            by = who(interaction.user)
            if action == "ack":
                ticket = await asyncio.to_thread(self.store.acknowledge, escalation_id, by)
            elif action == "approve":
                value = ticket.remedy.value if ticket.remedy is not None else 0.0
                self._check_cap(guild, interaction.user, ticket, value)
                ticket = await asyncio.to_thread(self.store.approve, escalation_id, by)
            else:
                ticket = await asyncio.to_thread(self.store.resolve, escalation_id, by)
        except ConciergeError as exc:
            await interaction.followup.send(str(exc), ephemeral=True)
            current = await self._current(escalation_id)
            if current is None:
                return
            ticket = current
        await self._redraw(interaction, ticket)

    async def adjust(self, interaction: discord.Interaction[Any], escalation_id: str, actions: str, value: str) -> None:
        guild = self._staff_guild(interaction)
        if guild is None:
            await interaction.response.send_message(NOT_STAFF_BUTTON, ephemeral=True)
            return
        found = _VALUE.match(value)
        lines = [line.strip(" •-\t") for line in actions.splitlines() if line.strip(" •-\t")]
        if found is None or not lines:
            problem = "a value like 40 or 40.50" if found is None else "at least one action"
            said = f"Nothing was approved: the remedy needs {problem}."
            await interaction.response.send_message(said, ephemeral=True)
            return
        amount = float(found.group(1).replace(",", "."))
        await interaction.response.defer()
        try:
            ticket = await asyncio.to_thread(self.store.get, escalation_id)
            if ticket.venue != guild.venue:
                await interaction.followup.send(OTHER_VENUE, ephemeral=True)
                return
            self._check_cap(guild, interaction.user, ticket, amount)
            ticket = await asyncio.to_thread(
                self.store.approve, escalation_id, who(interaction.user), actions=lines, value=amount
            )
        except ConciergeError as exc:
            await interaction.followup.send(str(exc), ephemeral=True)
            current = await self._current(escalation_id)
            if current is None:
                return
            ticket = current
        await self._redraw(interaction, ticket)

    # -- helpers -----------------------------------------------------------------------------------------------------

    def _staff_guild(self, interaction: discord.Interaction[Any]) -> GuildConfig | None:
        guild = self.config.guild(interaction.guild_id)
        return guild if guild is not None and is_staff(guild, interaction.user) else None

    def _check_cap(self, guild: GuildConfig, user: discord.abc.User, ticket: Escalation, value: float) -> None:
        """Raise unless this member's most senior mapped role may give `value` (the venue's remedies.yaml caps)."""
        policy = self.concierge.catalog.venue(ticket.venue).remedies
        role = most_senior(remedy_roles(guild, user), roles(policy))
        if role is None:
            raise EscalationError("None of your roles here maps to a role in the venue's remedies.yaml.")
        require_approval(policy, role, value, ticket.id)

    async def _open_adjust(self, interaction: discord.Interaction[Any], guild: GuildConfig, escalation_id: str) -> None:
        # A modal must be the first response, so this read happens before any deferral; it is one indexed row.
        try:
            ticket = await asyncio.to_thread(self.store.get, escalation_id)
        except ConciergeError as exc:
            await interaction.response.send_message(str(exc), ephemeral=True)
            return
        if ticket.venue != guild.venue:
            await interaction.response.send_message(OTHER_VENUE, ephemeral=True)
        elif ticket.remedy is None or ticket.state not in _ALLOWED["adjust"]:
            why = "it has no remedy to adjust" if ticket.remedy is None else f"it is already {ticket.state}"
            await interaction.response.send_message(f"{ticket.id} can't be adjusted: {why}.", ephemeral=True)
        else:
            await interaction.response.send_modal(AdjustModal(self, ticket))

    async def _current(self, escalation_id: str) -> Escalation | None:
        try:
            return await asyncio.to_thread(self.store.get, escalation_id)
        except ConciergeError:
            return None

    async def _redraw(self, interaction: discord.Interaction[Any], ticket: Escalation) -> None:
        try:
            await interaction.edit_original_response(embed=ticket_embed(ticket), view=ticket_view(ticket))
        except discord.HTTPException:
            _log.warning("could not redraw ticket %s after a press", ticket.id, exc_info=True)
            await interaction.followup.send(TROUBLE, ephemeral=True)
            return
        message = interaction.message
        if self.ledger is not None and message is not None:
            await asyncio.to_thread(self.ledger.record_staff_message, ticket.id, message.channel.id, message.id)
