"""Staff commands: role checks, tonight's menu through the cog, pairing, and each guild's own venue only."""

from __future__ import annotations

import discord
import pytest

from bot.concierge import Concierge
from bot.discord_channel.access import NOT_STAFF
from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.staff import StaffCog, special_id
from tests.discord_channel import factory


@pytest.fixture
def cog(bot: ConciergeBot) -> StaffCog:
    found = bot.get_cog("Staff")
    assert isinstance(found, StaffCog)
    return found


def _available(concierge: Concierge, venue: str, item_id: str) -> bool:
    item = concierge.tonight(venue).item(item_id)
    assert item is not None
    return item.available


async def test_staff_command_refuses_a_guest_politely(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, guest_a: discord.Member, concierge: Concierge
) -> None:
    """A member without a staff role gets a private, polite no; nothing changes and nothing is deferred."""
    it = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.eighty_six.callback(cog, it, "muhammara")
    it.response.send_message.assert_awaited_once_with(NOT_STAFF, ephemeral=True)
    it.response.defer.assert_not_awaited()
    assert _available(concierge, "cedar-and-tide", "muhammara")


async def test_86_and_restore_change_tonights_menu(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, server_a: discord.Member, concierge: Concierge
) -> None:
    """/86 takes a dish off for tonight (by id as autocomplete sends it, or by name); /restore puts it back."""
    it = factory.interaction(bot, server_a, guild=guild_a)
    await cog.eighty_six.callback(cog, it, "muhammara")
    it.response.defer.assert_awaited_once_with(thinking=True)
    assert "is 86'd for tonight" in factory.sent_texts(it)[0]
    assert not _available(concierge, "cedar-and-tide", "muhammara")
    assert concierge.live.state("cedar-and-tide").history[-1].by == "Sam"

    back = factory.interaction(bot, server_a, guild=guild_a)
    await cog.restore.callback(cog, back, "Muhammara")
    assert "is back on tonight" in factory.sent_texts(back)[0]
    assert _available(concierge, "cedar-and-tide", "muhammara")


async def test_86_is_heard_by_the_concierge_at_once(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, server_a: discord.Member, concierge: Concierge
) -> None:
    """A dish 86'd from Discord is off in the next guest answer."""
    await cog.eighty_six.callback(cog, factory.interaction(bot, server_a, guild=guild_a), "sea-bream")
    reply = await concierge.ask("Is the sea bream on tonight?", venue="cedar-and-tide")
    assert reply.situation == "off-tonight"


async def test_86_unknown_item_says_so(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """An item that is not on this venue's menu is named back, and nothing changes."""
    it = factory.interaction(bot, server_a, guild=guild_a)
    await cog.eighty_six.callback(cog, it, "unicorn steak")
    assert "can't find “unicorn steak” on Cedar & Tide's menu" in factory.sent_texts(it)[0]


async def test_each_guild_changes_only_its_own_venue(
    bot: ConciergeBot, cog: StaffCog, guild_b: discord.Guild, crew_b: discord.Member, concierge: Concierge
) -> None:
    """Staff of the taqueria's guild can 86 its guacamole, but cannot reach the other venue's muhammara."""
    await cog.eighty_six.callback(cog, factory.interaction(bot, crew_b, guild=guild_b), "guacamole")
    assert not _available(concierge, "tiny-taqueria", "guacamole")
    it = factory.interaction(bot, crew_b, guild=guild_b)
    await cog.eighty_six.callback(cog, it, "muhammara")
    assert "can't find" in factory.sent_texts(it)[0]
    assert _available(concierge, "cedar-and-tide", "muhammara")


async def test_staff_role_in_one_guild_is_not_staff_in_another(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, crew_b: discord.Member
) -> None:
    """Roles are per guild: the taqueria's crew has no standing in Cedar & Tide's server."""
    stranger = factory.member(bot, guild_a, crew_b.id, "luz", [])
    it = factory.interaction(bot, stranger, guild=guild_a)
    await cog.restore.callback(cog, it, "muhammara")
    it.response.send_message.assert_awaited_once_with(NOT_STAFF, ephemeral=True)


async def test_special_goes_on_with_its_note(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, manager_a: discord.Member, concierge: Concierge
) -> None:
    """/special puts a new dish on tonight's menu with a staff member's note, and the concierge can offer it."""
    it = factory.interaction(bot, manager_a, guild=guild_a)
    await cog.special.callback(
        cog,
        it,
        name="Halibut à la plancha",
        price=39.0,
        description="Gulf of Maine halibut, brown butter, capers.",
        note="Best fish on the grill this week. Order it before it sells out.",
        author="rania",
        allergens="fish, dairy",
        dietary="gluten-free",
        may_contain=None,
    )
    assert "is on tonight as a special" in factory.sent_texts(it)[0]
    dish = concierge.tonight("cedar-and-tide").dish("halibut-a-la-plancha-special")
    assert dish is not None
    assert dish.allergens == ["fish", "milk"]


async def test_special_with_an_unknown_allergen_is_refused_with_the_list(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, manager_a: discord.Member
) -> None:
    """A misspelt allergen is refused at once, privately, naming the allergens the kitchen can use."""
    it = factory.interaction(bot, manager_a, guild=guild_a)
    await cog.special.callback(
        cog, it, name="Nutty thing", price=9.0, description="d", note="n", author="rania", allergens="nuts"
    )
    it.response.defer.assert_not_awaited()
    [text] = factory.sent_texts(it)
    assert text.startswith("That special can't go on as written — allergens")
    assert "tree-nut" in text


async def test_special_by_an_author_not_on_staff_is_refused(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, manager_a: discord.Member
) -> None:
    """The note must be by someone on the venue's staff list; the error says who is."""
    it = factory.interaction(bot, manager_a, guild=guild_a)
    await cog.special.callback(
        cog, it, name="Stew", price=9.0, description="d", note="n", author="luz", allergens="none"
    )
    assert "'luz' is not on Cedar & Tide's staff" in factory.sent_texts(it)[0]


async def test_pair_gives_staff_three_pairings(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, server_a: discord.Member
) -> None:
    """/pair answers with the staff's count of pairings, as an embed titled for the dish."""
    it = factory.interaction(bot, server_a, guild=guild_a)
    await cog.pair.callback(cog, it, "lamb-shoulder")
    it.response.defer.assert_awaited_once_with(thinking=True)
    [embed] = factory.sent_embeds(it)
    assert (embed.title or "").startswith("Pairings for")
    assert len([f for f in embed.fields if str(f.name)[0].isdigit()]) == 3


async def test_pair_is_staff_only(
    bot: ConciergeBot, cog: StaffCog, guild_a: discord.Guild, guest_a: discord.Member
) -> None:
    """Guests are pointed to /ask instead."""
    it = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.pair.callback(cog, it, "lamb-shoulder")
    it.response.send_message.assert_awaited_once_with(NOT_STAFF, ephemeral=True)


async def test_autocomplete_offers_only_this_guilds_venue(
    bot: ConciergeBot,
    cog: StaffCog,
    guild_a: discord.Guild,
    guild_b: discord.Guild,
    server_a: discord.Member,
    concierge: Concierge,
) -> None:
    """Guild A's suggestions come from Cedar & Tide, guild B's from the taqueria; /86 offers what is still on."""
    a = await cog._choices(factory.interaction(bot, server_a, guild=guild_a), "", True)
    b = await cog._choices(factory.interaction(bot, server_a, guild=guild_b), "", None)
    assert len(a) == 25  # Discord's most; the venue has more
    taqueria = concierge.tonight("tiny-taqueria")
    assert {c.value for c in b} <= {i.id for i in [*taqueria.dishes, *taqueria.drinks]}
    assert {c.value for c in a}.isdisjoint({c.value for c in b})
    await cog.eighty_six.callback(cog, factory.interaction(bot, server_a, guild=guild_a), "muhammara")
    on = await cog._choices(factory.interaction(bot, server_a, guild=guild_a), "muh", True)
    off = await cog._choices(factory.interaction(bot, server_a, guild=guild_a), "muh", False)
    assert [c.value for c in on] == []
    assert [c.value for c in off] == ["muhammara"]


def test_special_id_is_kebab_case() -> None:
    """A special's id is made from its name, accents and punctuation folded away."""
    assert special_id("Halibut à la Plancha!") == "halibut-a-la-plancha-special"
