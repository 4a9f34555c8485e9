"""Discord under load: `n` slash commands arriving at once, through the guest cog, against a real concierge.

Each interaction is a spec'd `discord.Interaction` whose response and followup are async no-ops that record when
they were called, so the path measured is exactly the bot's (rate limit, deferral, the runner, rendering) minus the
network. A ticker task sleeps 10 ms at a time and records how late it wakes: that oversleep is the event-loop lag a
heartbeat or a fresh interaction would see. Targets: lag p99 ≤ 100 ms, ≥ 50 answers/s on 2 cores, and every
interaction deferred well inside Discord's 3 seconds.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

import discord

from benchmarks.answer import Row
from benchmarks.stats import percentile
from bot.discord_channel.access import TROUBLE
from bot.discord_channel.app import ConciergeBot
from bot.discord_channel.config import DiscordConfig
from bot.discord_channel.guests import GuestCog
from bot.discord_channel.ledger import MessageLedger
from bot.discord_channel.runner import CoreRunner
from bot.runtime import open_concierge
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
GUILD = 1001
LAG_TARGET_MS = 100.0
RATE_TARGET = 50.0

# What a busy Friday's slash commands look like: mostly picks and menu questions, now and then a complaint.
_TOP3 = [
    {"taste": "spicy", "diet": "vegetarian", "allergies": None},
    {"taste": "smoky", "diet": None, "allergies": "shellfish"},
    {"taste": None, "diet": "gluten-free", "allergies": None},
    {"taste": "something light", "diet": None, "allergies": "tree nuts"},
    {"taste": None, "diet": None, "allergies": None},
]
_ASK = [
    "Is the sea bream gluten-free?",
    "What wine with the slow-roast lamb shoulder?",
    "What are your top two desserts?",
    "Does the muhammara have nuts?",
    "We're two, one vegan — what should we share?",
    "How much is the lamb shoulder?",
    "The bream was cold and nobody came back to our table for twenty minutes.",
]


class _Recorder:
    """Async no-ops standing in for Discord's HTTP, noting when each interaction was acknowledged and answered."""

    def __init__(self) -> None:
        self.deferred: dict[int, float] = {}
        self.answered: dict[int, float] = {}
        self.messages = 0
        self.apologies = 0

    def interaction(self, client: discord.Client, number: int) -> Any:
        it = mock.create_autospec(discord.Interaction, instance=True)
        it.id = number
        it.client = client
        user = mock.create_autospec(discord.Member, instance=True)
        user.id = 10_000 + number
        user.roles = []
        it.user = user
        it.guild_id = GUILD
        it.channel_id = 5000 + number % 7
        it.response = mock.create_autospec(discord.InteractionResponse, instance=True)
        it.response.is_done.return_value = False
        it.followup = mock.create_autospec(discord.Webhook, instance=True)

        async def defer(**_: Any) -> None:
            self.deferred[number] = time.perf_counter()

        async def send(*args: Any, **__: Any) -> None:
            self.messages += 1
            self.apologies += bool(args) and args[0] == TROUBLE
            self.answered[number] = time.perf_counter()

        it.response.defer.side_effect = defer
        it.response.send_message.side_effect = send
        it.followup.send.side_effect = send
        return it


async def _ticker(stop: asyncio.Event, lags: list[float], period: float = 0.01) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(period)
        lags.append(time.perf_counter() - start - period)


async def _drive(cog: GuestCog, client: discord.Client, n: int) -> dict[str, Any]:
    recorder = _Recorder()
    # Built before the clock starts: create_autospec costs tens of milliseconds, and is the test harness, not the bot.
    interactions = [recorder.interaction(client, i) for i in range(n)]
    lags: list[float] = []
    stop = asyncio.Event()
    ticker = asyncio.create_task(_ticker(stop, lags))
    await asyncio.sleep(0.05)
    started: dict[int, float] = {}

    async def one(i: int) -> None:
        it = interactions[i]
        started[i] = time.perf_counter()
        if i % 2 == 0:
            await cog.top3.callback(cog, it, **_TOP3[(i // 2) % len(_TOP3)])
        else:
            await cog.ask.callback(cog, it, _ASK[(i // 2) % len(_ASK)])

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(n)))
    wall = time.perf_counter() - t0
    stop.set()
    await ticker
    defer_ms = [(recorder.deferred[i] - started[i]) * 1000 for i in recorder.deferred]
    answer_ms = [(recorder.answered[i] - started[i]) * 1000 for i in recorder.answered]
    return {
        "n": n,
        "answered": len(recorder.answered),
        "messages": recorder.messages,
        "apologies": recorder.apologies,  # answers that were "something went wrong": must be 0
        "seconds": round(wall, 2),
        "answers_per_second": round(len(recorder.answered) / wall, 1),
        "loop_lag_p50_ms": round(percentile(lags, 0.5) * 1000, 1),
        "loop_lag_p99_ms": round(percentile(lags, 0.99) * 1000, 1),
        "loop_lag_max_ms": round(max(lags, default=0.0) * 1000, 1),
        "defer_p99_ms": round(percentile(defer_ms, 0.99), 1),
        "defer_max_ms": round(max(defer_ms, default=0.0), 1),
        "answer_p50_ms": round(percentile(answer_ms, 0.5), 1),
        "answer_p99_ms": round(percentile(answer_ms, 0.99), 1),
    }


def measure_discord_load(n: int = 500, *, own_loop: bool = True, max_concurrent: int = 4) -> dict[str, Any]:
    """Drive `n` concurrent interactions through the guest cog and report loop lag, rate and deadlines.

    `own_loop=False` runs the concierge on Discord's own event loop instead of the runner's, for comparison.
    """
    with tempfile.TemporaryDirectory(prefix="concierge-discord-bench-") as tmp_dir:
        tmp = Path(tmp_dir)
        knowledge = tmp / "knowledge"
        shutil.copytree(REPO / "knowledge", knowledge)
        settings = Settings(data_dir=tmp / "data", knowledge=knowledge)
        concierge, _ = open_concierge(settings, state=tmp / "state")
        concierge.triage.load()  # start-up work, as `concierge discord` does it before connecting
        config = DiscordConfig.model_validate(
            {
                "guilds": {GUILD: {"venue": "cedar-and-tide", "staff_channel": 2, "staff_roles": {"Staff": "server"}}},
                "rate_limit": {"messages": 1000, "per_seconds": 1},
                "max_concurrent_answers": max_concurrent,
            }
        )
        ledger = MessageLedger(tmp / "discord.db")
        runner = CoreRunner(concierge, max_concurrent=max_concurrent, own_loop=own_loop)

        async def main() -> dict[str, Any]:
            bot = ConciergeBot(concierge, config, ledger, runner=runner, background=False, sync_commands=False)
            await bot.setup_hook()
            cog = bot.get_cog("Guests")
            assert isinstance(cog, GuestCog)
            await _drive(cog, bot, 10)  # warm: first index query, first voice render, first ticket
            return await _drive(cog, bot, n)

        try:
            result = asyncio.run(main())
        finally:
            runner.close()
            ledger.close()
            concierge.escalations.close()
    result["own_loop"] = own_loop
    result["max_concurrent"] = max_concurrent
    return result


def rows(n: int = 500) -> list[Row]:
    """The benchmark table's rows (for benchmarks/__main__.py)."""
    r = measure_discord_load(n)
    return [
        Row(
            f"discord: {r['n']} concurrent interactions, event-loop lag p99",
            f"{r['loop_lag_p99_ms']} ms (max {r['loop_lag_max_ms']} ms; defer p99 {r['defer_p99_ms']} ms)",
            f"≤ {LAG_TARGET_MS:g} ms",
            bool(r["loop_lag_p99_ms"] <= LAG_TARGET_MS),
        ),
        Row(
            "discord: answers per second through the guest cog",
            f"{r['answers_per_second']}/s (answer p50 {r['answer_p50_ms']} ms, p99 {r['answer_p99_ms']} ms)",
            f"≥ {RATE_TARGET:g}/s on 2 cores",
            bool(r["answers_per_second"] >= RATE_TARGET),
        ),
    ]


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure_discord_load(int(sys.argv[1]) if len(sys.argv) > 1 else 500), indent=2))
