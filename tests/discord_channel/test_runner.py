"""The runner: the concierge's answers off Discord's loop, a few at a time, one at a time per conversation."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, cast

import pytest

from bot.concierge import Concierge
from bot.discord_channel.runner import CoreRunner
from bot.reply import Reply


class FakeConcierge:
    """Records which thread answered and how many answers overlapped, overall and per session."""

    def __init__(self, delay: float = 0.02) -> None:
        self.delay = delay
        self.threads: set[int] = set()
        self.running = 0
        self.most = 0
        self.by_session: dict[str, int] = {}
        self.overlapped_in_session = False

    async def ask(self, text: str, *, session: str, venue: str | None, role: str = "guest") -> Reply:
        self.threads.add(threading.get_ident())
        self.running += 1
        self.most = max(self.most, self.running)
        self.by_session[session] = self.by_session.get(session, 0) + 1
        self.overlapped_in_session |= self.by_session[session] > 1
        await asyncio.sleep(self.delay)
        self.by_session[session] -= 1
        self.running -= 1
        return Reply(
            venue=venue or "v", intent="other", text=text, voice="t", latency_ms=0, session=session, situation="x"
        )


def _runner(fake: FakeConcierge, **kwargs: Any) -> CoreRunner:
    return CoreRunner(cast(Concierge, fake), **kwargs)


async def test_runner_answers_on_its_own_loop_thread() -> None:
    """The core runs on the runner's thread, never on the loop that awaits it (Discord's)."""
    fake = FakeConcierge()
    runner = _runner(fake)
    try:
        reply = await runner.ask("hello", session="s", venue="v")
    finally:
        runner.close()
    assert reply.text == "hello"
    assert threading.get_ident() not in fake.threads


async def test_runner_bounds_answers_in_flight() -> None:
    """No more than `max_concurrent` answers are worked on at once; the rest wait."""
    fake = FakeConcierge()
    runner = _runner(fake, max_concurrent=3)
    try:
        await asyncio.gather(*(runner.ask(str(i), session=f"s{i}", venue="v") for i in range(20)))
    finally:
        runner.close()
    assert fake.most == 3


async def test_runner_answers_one_message_at_a_time_per_conversation() -> None:
    """Two quick messages in one conversation are answered in turn, so neither overwrites the other's turn."""
    fake = FakeConcierge()
    runner = _runner(fake, max_concurrent=8)
    try:
        replies = await asyncio.gather(*(runner.ask(str(i), session="same", venue="v") for i in range(5)))
    finally:
        runner.close()
    assert not fake.overlapped_in_session
    assert [r.text for r in replies] == ["0", "1", "2", "3", "4"]
    assert runner._sessions == {}  # locks of finished conversations are forgotten


async def test_runner_passes_core_errors_through() -> None:
    """An error from the core reaches the caller as it was raised."""

    class Broken(FakeConcierge):
        async def ask(self, text: str, *, session: str, venue: str | None, role: str = "guest") -> Reply:
            raise LookupError("no such venue")

    runner = _runner(Broken())
    try:
        with pytest.raises(LookupError, match="no such venue"):
            await runner.ask("x", session="s", venue="v")
    finally:
        runner.close()
