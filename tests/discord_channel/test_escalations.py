"""Ticket buttons and the Adjust form: staff only, each press written to the durable store and redrawn."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest import mock

import discord
import pytest

from bot.discord_channel.access import NOT_STAFF_BUTTON, OTHER_VENUE
from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.escalations import AdjustModal, EscalationDesk, TicketButton, custom_id, ticket_view
from bot.discord_channel.guests import GuestCog
from bot.discord_channel.session import GuestPlace
from bot.escalation.model import Escalation, NewEscalation, Remedy
from bot.escalation.store import SqlEscalationStore
from tests.discord_channel import factory
from tests.discord_channel.conftest import GUILD_A, MANAGER, STAFF_A


def file_ticket(store: SqlEscalationStore, venue: str = "cedar-and-tide", value: float = 49.0) -> Escalation:
    return store.file(
        NewEscalation(
            venue=venue,
            session=GuestPlace(user_id=501, guild_id=GUILD_A, channel_id=5000).key,
            guest_text="The bream was raw inside and nobody came back.",
            category="food-quality",
            severity="high",
            remedy=Remedy(
                tier="replace-and-gesture",
                actions=["replace the bream now", "dessert on the house"],
                value=value,
                approval="manager",
                currency="USD",
            ),
            sla_minutes=5,
            loss=38.0,
            items=["sea-bream"],
        )
    )


def _press(bot: ConciergeBot, user: discord.Member, guild: discord.Guild) -> Any:
    return factory.interaction(bot, user, guild=guild, channel_id=STAFF_A, message=None)


def _redrawn(it: Any) -> tuple[discord.Embed, discord.ui.View | None]:
    call = it.edit_original_response.await_args
    return call.kwargs["embed"], call.kwargs["view"]


def _state_field(embed: discord.Embed) -> str:
    return next(str(f.value) for f in embed.fields if f.name == "State")


def _enabled(view: discord.ui.View | None) -> list[str]:
    assert view is not None
    buttons = [i.item for i in view.children if isinstance(i, TicketButton)]
    return [str(b.label) for b in buttons if not b.disabled]


async def test_acknowledge_by_staff_updates_the_store_and_the_embed(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """Acknowledge: deferred at once, the ticket is acknowledged by the presser, and the card is redrawn."""
    ticket = file_ticket(store)
    it = _press(bot, server_a, guild_a)
    await TicketButton("ack", ticket.id).callback(it)
    it.response.defer.assert_awaited_once_with()
    stored = store.get(ticket.id)
    assert (stored.state, stored.acknowledged_by) == ("acknowledged", "Sam")
    embed, view = _redrawn(it)
    assert _state_field(embed) == "Acknowledged by Sam"
    assert _enabled(view) == ["Approve remedy", "Adjust", "Resolve"]


async def test_buttons_refuse_anyone_without_a_staff_role(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, guest_a: discord.Member
) -> None:
    """A guest pressing a staff button is told, privately, that only the team can; the ticket is untouched."""
    ticket = file_ticket(store)
    for action in ("ack", "approve", "adjust", "resolve"):
        it = _press(bot, guest_a, guild_a)
        await TicketButton(action, ticket.id).callback(it)
        it.response.send_message.assert_awaited_once_with(NOT_STAFF_BUTTON, ephemeral=True)
        it.response.send_modal.assert_not_awaited()
    assert store.get(ticket.id).state == "open"


async def test_approve_within_the_managers_cap(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, manager_a: discord.Member
) -> None:
    """A manager (Discord role "Manager" → remedies role "manager", cap 250) approves a 49 remedy."""
    ticket = file_ticket(store, value=49.0)
    it = _press(bot, manager_a, guild_a)
    await TicketButton("approve", ticket.id).callback(it)
    stored = store.get(ticket.id)
    assert (stored.state, stored.approved_by) == ("approved", "Maggie")
    assert stored.approved_remedy == stored.remedy
    embed, view = _redrawn(it)
    assert _state_field(embed) == "Remedy approved by Maggie"
    assert _enabled(view) == ["Resolve"]


async def test_approve_above_the_servers_cap_is_refused_naming_who_can(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """A server (cap 25) cannot approve 49: the refusal names the manager, and the ticket stays as it was."""
    ticket = file_ticket(store, value=49.0)
    it = _press(bot, server_a, guild_a)
    await TicketButton("approve", ticket.id).callback(it)
    [call] = it.followup.send.await_args_list
    assert "above the server cap of $25; the manager must approve it" in call.args[0]
    assert call.kwargs == {"ephemeral": True}
    assert store.get(ticket.id).state == "open"
    embed, _ = _redrawn(it)
    assert _state_field(embed).startswith("Open")


async def test_adjust_opens_a_form_filled_with_the_suggestion(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """Adjust answers with a modal holding the suggested actions and value, ready to edit."""
    ticket = file_ticket(store)
    it = _press(bot, server_a, guild_a)
    await TicketButton("adjust", ticket.id).callback(it)
    [call] = it.response.send_modal.await_args_list
    modal = call.args[0]
    assert isinstance(modal, AdjustModal)
    assert modal.actions.default == "replace the bream now\ndessert on the house"
    assert modal.value.default == "49"
    assert modal.value.placeholder == "an amount in USD"


async def test_adjust_submitted_within_cap_approves_the_new_terms(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """A server brings the remedy within their own cap and approves it in one step; the store keeps both."""
    ticket = file_ticket(store, value=49.0)
    it = _press(bot, server_a, guild_a)
    await bot.desk.adjust(it, ticket.id, "• comp the bream\n\n- coffee on us", "$20")
    stored = store.get(ticket.id)
    assert stored.state == "approved"
    assert stored.approved_remedy is not None
    assert (stored.approved_remedy.actions, stored.approved_remedy.value) == (["comp the bream", "coffee on us"], 20.0)
    assert stored.remedy is not None
    assert stored.remedy.value == 49.0
    assert [e.action for e in store.events(ticket.id)][-2:] == ["adjusted", "approved"]
    embed, _ = _redrawn(it)
    assert "comp the bream" in next(str(f.value) for f in embed.fields if f.name == "Approved remedy")


async def test_adjust_above_cap_or_unreadable_is_refused(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """Raising the value past the presser's cap, or a value that is not a number, approves nothing."""
    ticket = file_ticket(store, value=20.0)
    over = _press(bot, server_a, guild_a)
    await bot.desk.adjust(over, ticket.id, "comp the table", "60")
    assert "the manager must approve it" in over.followup.send.await_args.args[0]
    garbled = _press(bot, server_a, guild_a)
    await bot.desk.adjust(garbled, ticket.id, "comp the table", "lots")
    garbled.response.send_message.assert_awaited_once()
    assert "a value like 40" in garbled.response.send_message.await_args.args[0]
    assert store.get(ticket.id).state == "open"


async def test_resolve_closes_the_ticket_and_removes_the_buttons(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """Resolve writes who closed it; the redrawn card has no buttons left; a second press says it is resolved."""
    ticket = file_ticket(store)
    it = _press(bot, server_a, guild_a)
    await TicketButton("resolve", ticket.id).callback(it)
    assert store.get(ticket.id).state == "resolved"
    embed, view = _redrawn(it)
    assert view is None
    assert _state_field(embed) == "Resolved by Sam"
    again = _press(bot, server_a, guild_a)
    await TicketButton("resolve", ticket.id).callback(again)
    assert "already resolved by Sam" in again.followup.send.await_args.args[0]


async def test_a_ticket_of_another_venue_cannot_be_moved_from_this_guild(
    bot: ConciergeBot, store: SqlEscalationStore, guild_a: discord.Guild, manager_a: discord.Member
) -> None:
    """Guild A's staff cannot act on the taqueria's ticket, even holding its id."""
    ticket = file_ticket(store, venue="tiny-taqueria")
    for action in ("ack", "approve", "resolve", "adjust"):
        it = _press(bot, manager_a, guild_a)
        await TicketButton(action, ticket.id).callback(it)
        said = [c.args[0] for c in [*it.followup.send.await_args_list, *it.response.send_message.await_args_list]]
        assert said == [OTHER_VENUE]
    assert store.get(ticket.id).state == "open"


async def test_a_complaint_through_ask_files_a_ticket_the_buttons_can_move(
    bot: ConciergeBot,
    store: SqlEscalationStore,
    guild_a: discord.Guild,
    guest_a: discord.Member,
    manager_a: discord.Member,
) -> None:
    """End to end: a guest's /ask complaint is filed under their place, and staff can acknowledge it."""
    cog = bot.get_cog("Guests")
    assert isinstance(cog, GuestCog)
    it = factory.interaction(bot, guest_a, guild=guild_a, channel_id=5000)
    await cog.ask.callback(cog, it, "The bream was raw in the middle and our server ignored us for twenty minutes.")
    [ticket] = store.list()
    assert GuestPlace.parse(ticket.session) == GuestPlace(user_id=guest_a.id, guild_id=GUILD_A, channel_id=5000)
    assert ticket.id in factory.sent_texts(it)[0]
    press = _press(bot, manager_a, guild_a)
    await TicketButton("ack", ticket.id).callback(press)
    assert store.get(ticket.id).acknowledged_by == "Maggie"


def test_custom_ids_carry_action_and_ticket_within_discords_limit() -> None:
    """Each button's custom id matches the registered template and fits in 100 characters."""
    view = ticket_view(
        Escalation.model_validate(
            {**file_ticket_payload(), "id": "esc-1234abcd", "state": "open"},
        )
    )
    assert view is not None
    ids = [getattr(item, "custom_id", "") for item in view.children]
    assert ids == [custom_id(a, "esc-1234abcd") for a in ("ack", "approve", "adjust", "resolve")]
    assert all(TicketButton.__discord_ui_compiled_template__.fullmatch(i) and len(i) <= 100 for i in ids)


def file_ticket_payload() -> dict[str, Any]:
    return {
        "venue": "cedar-and-tide",
        "session": "s",
        "guest_text": "cold",
        "category": "food-quality",
        "severity": "low",
        "remedy": None,
        "sla_minutes": 30,
        "created_at": "2026-01-01T19:00:00Z",
        "due_at": "2026-01-01T19:30:00Z",
    }


async def test_buttons_survive_a_restart(bot: ConciergeBot, guild_a: discord.Guild) -> None:
    """A bot that never posted the button (a restart) still routes a press on it to the desk, from the raw event."""
    bot.desk = mock.create_autospec(EscalationDesk, instance=True)
    member = factory.member_payload(503, "maggie", [MANAGER])
    bot._connection.parse_interaction_create(
        factory.component_payload(guild_a, member, custom_id("approve", "esc-00c0ffee"), STAFF_A)  # type: ignore[arg-type]
    )
    for _ in range(50):
        if bot.desk.press.await_count:
            break
        await asyncio.sleep(0.01)
    [call] = bot.desk.press.await_args_list
    interaction, action, escalation_id = call.args
    assert (action, escalation_id) == ("approve", "esc-00c0ffee")
    assert interaction.user.id == 503
    assert [r.name for r in interaction.user.roles] == ["@everyone", "Manager"]


@pytest.mark.parametrize("bad", ["concierge:esc:delete:esc-1", "concierge:esc:ack:", "concierge:esc:ack:a/b"])
def test_template_rejects_other_custom_ids(bad: str) -> None:
    """Only our four actions on a plain id are routed to the desk."""
    assert TicketButton.__discord_ui_compiled_template__.fullmatch(bad) is None
