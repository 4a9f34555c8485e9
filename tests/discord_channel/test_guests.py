"""Guests: /top3, /ask, mentions and DMs, answered by the real concierge through the cog."""

from __future__ import annotations

from typing import Any
from unittest import mock

import discord
import pytest

from bot.concierge import Concierge
from bot.discord_channel.access import NO_DMS, NOT_SET_UP
from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.guests import GuestCog, top3_text
from bot.discord_channel.ratelimit import RateLimiter
from bot.reply import Reply
from tests.conftest import Read
from tests.discord_channel import factory
from tests.discord_channel.conftest import GUILD_UNKNOWN, REGULAR


@pytest.fixture
def cog(bot: ConciergeBot) -> GuestCog:
    found = bot.get_cog("Guests")
    assert isinstance(found, GuestCog)
    return found


def _spy_replies(bot: ConciergeBot) -> list[Reply]:
    """Let the runner answer as usual, keeping each reply for the test to look at."""
    replies: list[Reply] = []
    real = bot.runner.ask

    async def ask(*args: Any, **kwargs: Any) -> Reply:
        reply = await real(*args, **kwargs)
        replies.append(reply)
        return reply

    bot.runner.ask = ask  # type: ignore[method-assign]
    return replies


def test_top3_text_is_read_as_the_constraints_given(read: Read) -> None:
    """The /top3 options become a sentence the core reads as three picks with that taste, diet and allergy."""
    request = read(top3_text("spicy", "vegetarian", "tree nuts"))
    assert request.count == 3
    assert request.constraints.dietary == ["vegetarian"]
    assert request.constraints.allergies == ["tree-nut"]
    assert "spicy" in request.constraints.likes


async def test_top3_defers_then_follows_up_with_a_picks_embed(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guest_a: discord.Member
) -> None:
    """/top3 is deferred with thinking=True, then answered with the voice's words and three vegetarian picks."""
    it = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.top3.callback(cog, it, taste="spicy", diet="vegetarian", allergies=None)
    it.response.defer.assert_awaited_once_with(thinking=True)
    it.response.send_message.assert_not_awaited()
    [embed] = factory.sent_embeds(it)
    assert len(embed.fields) >= 3
    assert [f.name for f in embed.fields][:3] == [f"{i}. {n}" for i, n in enumerate(_names(embed), start=1)]
    [text] = factory.sent_texts(it)
    assert "vegetarian" in text
    sent = it.followup.send.await_args
    assert sent.kwargs["allowed_mentions"].everyone is False


def _names(embed: discord.Embed) -> list[str]:
    return [str(f.name).split(". ", 1)[1] for f in embed.fields[:3]]


async def test_ask_defers_before_the_concierge_starts(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guest_a: discord.Member
) -> None:
    """The 3-second deadline is met by deferring first: the core is only asked once the interaction is deferred."""
    it = factory.interaction(bot, guest_a, guild=guild_a)
    deferred_when_asked: list[int] = []
    real = bot.runner.ask

    async def ask(*args: Any, **kwargs: Any) -> Reply:
        deferred_when_asked.append(it.response.defer.await_count)
        return await real(*args, **kwargs)

    bot.runner.ask = ask  # type: ignore[method-assign]
    await cog.ask.callback(cog, it, "Does the muhammara have nuts?")
    assert deferred_when_asked == [1]
    assert "tree nuts" in factory.sent_texts(it)[0]


async def test_ask_splits_a_long_answer_at_2000_characters(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guest_a: discord.Member
) -> None:
    """An answer longer than Discord allows goes out as several follow-ups, none over 2,000 characters."""
    long = Reply(
        venue="cedar-and-tide",
        intent="question",
        text="\n".join(f"Line {i}: " + "tahini " * 20 for i in range(40)),
        voice="template",
        latency_ms=1,
        session="s",
        situation="answer",
    )
    bot.runner.ask = mock.AsyncMock(return_value=long)  # type: ignore[method-assign]
    it = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.ask.callback(cog, it, "tell me everything")
    texts = factory.sent_texts(it)
    assert len(texts) >= 3
    assert all(len(t) <= 2000 for t in texts)
    assert all(t.startswith("Line ") for t in texts)  # cut between lines, never inside one
    assert "".join(texts).count("Line ") == 40


async def test_ask_in_an_unconfigured_guild_is_refused_at_once(bot: ConciergeBot, cog: GuestCog) -> None:
    """A server not in the config gets a polite, private explanation, without deferring or asking the core."""
    guild = bot.get_guild(GUILD_UNKNOWN)
    assert guild is not None
    it = factory.interaction(bot, factory.member(bot, guild, 700, "x", []), guild=guild)
    await cog.ask.callback(cog, it, "top 3?")
    it.response.send_message.assert_awaited_once_with(NOT_SET_UP, ephemeral=True)
    it.response.defer.assert_not_awaited()


async def test_ask_by_dm_answers_for_the_dm_venue(bot: ConciergeBot, cog: GuestCog) -> None:
    """A DM is answered for the venue configured for DMs."""
    replies = _spy_replies(bot)
    it = factory.interaction(bot, factory.dm_user(bot, 800, "dana"), guild=None)
    await cog.ask.callback(cog, it, "What are your top two desserts?")
    assert [r.venue for r in replies] == ["cedar-and-tide"]
    picks = [f.name for f in factory.sent_embeds(it)[0].fields if str(f.name)[0].isdigit()]
    assert len(picks) == 2


async def test_ask_by_dm_without_a_dm_venue_is_turned_away(bot: ConciergeBot, cog: GuestCog) -> None:
    """With no DM venue configured, DMs get a polite pointer to the server."""
    cog.config = cog.config.model_copy(update={"direct_messages": None})
    it = factory.interaction(bot, factory.dm_user(bot, 800, "dana"), guild=None)
    await cog.ask.callback(cog, it, "hi")
    it.response.send_message.assert_awaited_once_with(NO_DMS, ephemeral=True)


async def test_ask_rate_limited_user_gets_a_friendly_wait(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guest_a: discord.Member, server_a: discord.Member
) -> None:
    """Past the limit a guest is told, privately, how many seconds to wait; others are unaffected."""
    cog.limiter = RateLimiter(1, 60)
    first = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.ask.callback(cog, first, "Is the bream gluten-free?")
    second = factory.interaction(bot, guest_a, guild=guild_a)
    await cog.ask.callback(cog, second, "And the lamb?")
    second.response.defer.assert_not_awaited()
    [(args, kwargs)] = [(c.args, c.kwargs) for c in second.response.send_message.await_args_list]
    assert "give me 60 seconds" in args[0]
    assert kwargs == {"ephemeral": True}
    other = factory.interaction(bot, server_a, guild=guild_a)
    await cog.ask.callback(cog, other, "Is the bream gluten-free?")
    other.response.defer.assert_awaited_once()


async def test_sessions_are_per_user_and_per_channel(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guest_a: discord.Member, server_a: discord.Member
) -> None:
    """What one guest said (vegetarian) holds in their own conversation, not for a neighbour or another channel."""
    replies = _spy_replies(bot)
    await cog.ask.callback(cog, factory.interaction(bot, guest_a, guild=guild_a), "I'm vegetarian.")
    await cog.ask.callback(cog, factory.interaction(bot, guest_a, guild=guild_a), "What are your top three?")
    await cog.ask.callback(cog, factory.interaction(bot, server_a, guild=guild_a), "What are your top three?")
    elsewhere = factory.interaction(bot, guest_a, guild=guild_a, channel_id=5001)
    await cog.ask.callback(cog, elsewhere, "What are your top three?")
    assert [r.constraints.dietary for r in replies] == [["vegetarian"], ["vegetarian"], [], []]
    assert len({r.session for r in replies}) == 3


async def test_mention_in_a_guild_is_answered_as_a_reply(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild
) -> None:
    """A message that mentions the bot is answered in place, the mention stripped, pinging nobody."""
    channel = factory.text_channel(guild_a, 5000)
    author = factory.user_payload(501, "gina")
    msg = factory.message(
        bot, channel, author, "<@1> does the muhammara have nuts?", mention_bot=True, author_roles=[REGULAR]
    )
    await cog.on_message(msg)
    [call] = channel.send.await_args_list
    assert "tree nuts" in call.args[0]
    assert call.kwargs["reference"] is msg
    assert call.kwargs["mention_author"] is False
    assert call.kwargs["allowed_mentions"].users is False


async def test_message_without_a_mention_is_not_read(bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild) -> None:
    """In a server, only messages addressed to the bot are answered."""
    channel = factory.text_channel(guild_a, 5000)
    msg = factory.message(bot, channel, factory.user_payload(501, "gina"), "what a night", author_roles=[REGULAR])
    await cog.on_message(msg)
    channel.send.assert_not_awaited()


async def test_dm_message_is_answered(bot: ConciergeBot, cog: GuestCog) -> None:
    """A DM needs no mention and is answered for the DM venue."""
    channel = factory.dm_channel(7000)
    msg = factory.message(bot, channel, factory.user_payload(800, "dana"), "Is the sea bream gluten-free?")
    await cog.on_message(msg)
    [call] = channel.send.await_args_list
    assert "bream" in call.args[0].lower()


async def test_bot_messages_are_ignored(bot: ConciergeBot, cog: GuestCog) -> None:
    """Other bots (and this one) are never answered, so two bots cannot talk forever."""
    channel = factory.dm_channel(7000)
    msg = factory.message(bot, channel, {**factory.user_payload(900, "otherbot"), "bot": True}, "hello")
    await cog.on_message(msg)
    channel.send.assert_not_awaited()


async def test_each_guild_hears_only_its_own_venue(
    bot: ConciergeBot, cog: GuestCog, guild_a: discord.Guild, guild_b: discord.Guild, concierge: Concierge
) -> None:
    """The same question in two servers is answered from each server's own venue, picks included."""
    replies = _spy_replies(bot)
    for guild in (guild_a, guild_b):
        it = factory.interaction(bot, factory.member(bot, guild, 950, "ari", []), guild=guild)
        await cog.top3.callback(cog, it, taste=None, diet=None, allergies=None)
    cedar, taqueria = replies
    assert (cedar.venue, taqueria.venue) == ("cedar-and-tide", "tiny-taqueria")
    taqueria_ids = {d.id for d in concierge.tonight("tiny-taqueria").dishes}
    assert {p.id for p in taqueria.picks} <= taqueria_ids
    assert not {p.id for p in cedar.picks} & taqueria_ids
