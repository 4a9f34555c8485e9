"""A real concierge over two venues, and a real bot around it that never connects.

Two guilds: A sees cedar-and-tide (the sample venue), B sees tiny-taqueria, so every test can also ask whether one
guild ever sees the other's venue. The index is built once per run; tickets, conversations and tonight's menu are
fresh for every test.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import discord
import pytest

from bot.catalog import Catalog
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.config import DiscordConfig
from bot.discord_channel.ledger import MessageLedger
from bot.escalation.store import SqlEscalationStore
from bot.evaluation.runner import EVAL_NOW
from bot.live_menu import LiveMenu
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.voice.template import TemplateVoice
from tests.discord_channel import factory

GUILD_A, GUILD_B, GUILD_UNKNOWN = 1001, 1002, 1003
STAFF_A, STAFF_B, FLOOR_A = 3001, 3002, 3003
SERVER, MANAGER, REGULAR, CREW = 2001, 2002, 2003, 2101

CONFIG = DiscordConfig.model_validate(
    {
        "guilds": {
            str(GUILD_A): {
                "venue": "cedar-and-tide",
                "staff_channel": STAFF_A,
                "staff_roles": {"Server": "server", "manager": "manager"},
            },
            GUILD_B: {"venue": "tiny-taqueria", "staff_channel": STAFF_B, "staff_roles": {"Crew": "manager"}},
        },
        "direct_messages": "cedar-and-tide",
        "rate_limit": {"messages": 100, "per_seconds": 1},
    }
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlEscalationStore]:
    escalations = SqlEscalationStore(f"sqlite:///{tmp_path / 'escalations.db'}")
    yield escalations
    escalations.close()


@pytest.fixture
def concierge(
    catalog: Catalog, triage: ComplaintClassifier, acts: ActModel, store: SqlEscalationStore, tmp_path: Path
) -> Concierge:
    return Concierge(
        catalog,
        ConversationStore(tmp_path / "sessions"),
        TemplateVoice(),
        triage,
        store,
        LiveMenu(tmp_path / "live"),
        acts=acts,
        clock=lambda: EVAL_NOW,  # a fixed Tuesday: what is on tonight ("weekends only") never depends on the day
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[MessageLedger]:
    messages = MessageLedger(tmp_path / "discord" / "messages.db")
    yield messages
    messages.close()


@pytest.fixture
async def bot(concierge: Concierge, ledger: MessageLedger) -> AsyncIterator[ConciergeBot]:
    client = ConciergeBot(concierge, CONFIG, ledger, background=False, sync_commands=False)
    factory.log_in(client)
    factory.add_guild(client, GUILD_A, "Cedar", {SERVER: "Server", MANAGER: "Manager", REGULAR: "Regular"}, [STAFF_A])
    factory.add_guild(client, GUILD_B, "Taqueria", {CREW: "Crew"}, [STAFF_B])
    factory.add_guild(client, GUILD_UNKNOWN, "Elsewhere", {}, [])
    await client.setup_hook()
    yield client
    client.runner.close()


@pytest.fixture
def guild_a(bot: ConciergeBot) -> discord.Guild:
    guild = bot.get_guild(GUILD_A)
    assert guild is not None
    return guild


@pytest.fixture
def guild_b(bot: ConciergeBot) -> discord.Guild:
    guild = bot.get_guild(GUILD_B)
    assert guild is not None
    return guild


@pytest.fixture
def guest_a(bot: ConciergeBot, guild_a: discord.Guild) -> discord.Member:
    return factory.member(bot, guild_a, 501, "gina", [REGULAR])


@pytest.fixture
def server_a(bot: ConciergeBot, guild_a: discord.Guild) -> discord.Member:
    return factory.member(bot, guild_a, 502, "sam", [SERVER])


@pytest.fixture
def manager_a(bot: ConciergeBot, guild_a: discord.Guild) -> discord.Member:
    return factory.member(bot, guild_a, 503, "maggie", [MANAGER, SERVER])


@pytest.fixture
def crew_b(bot: ConciergeBot, guild_b: discord.Guild) -> discord.Member:
    return factory.member(bot, guild_b, 601, "luz", [CREW])
