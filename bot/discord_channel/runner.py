"""The concierge's work, kept off Discord's event loop.

Discord needs its loop free: heartbeats, and every interaction's 3-second deadline. `Concierge.ask` is async, but
parts of it run on whatever loop awaits it (loading the conversation, tonight's menu, the template voice), and under
load those add up to stalls. So the runner gives the core an event loop of its own on a worker thread and hands
it each question; Discord's loop only waits on a future. It also bounds how many answers are worked on at once
(the rest queue, cheaply, as waiting coroutines) and answers one message at a time per conversation, so two quick
messages from one guest are read in order and neither overwrites the other's turn.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from bot.concierge import Concierge
from bot.reply import Reply
from bot.understand.request import Role

P = ParamSpec("P")
T = TypeVar("T")


class CoreRunner:
    def __init__(self, concierge: Concierge, *, max_concurrent: int = 4, own_loop: bool = True) -> None:
        self.concierge = concierge
        self._slots = asyncio.Semaphore(max_concurrent)
        self._sessions: dict[str, tuple[asyncio.Lock, int]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        if own_loop:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=self._loop.run_forever, name="concierge-core", daemon=True)
            self._thread.start()

    async def ask(self, text: str, *, session: str, venue: str | None, role: Role = "guest") -> Reply:
        """`Concierge.ask`, run on the core's loop once a slot and the conversation are free."""
        async with self._conversation(session), self._slots:
            call = self.concierge.ask(text, session=session, venue=venue, role=role)
            if self._loop is None:
                return await call
            return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(call, self._loop))

    async def call(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """A plain (blocking) core call, such as a live-menu change or a ticket transition, on a worker thread."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    def close(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
            if not self._thread.is_alive():
                self._loop.close()
            self._loop = self._thread = None

    def _conversation(self, session: str) -> _SessionLock:
        return _SessionLock(self._sessions, session)


class _SessionLock:
    """One lock per conversation, forgotten when nobody holds or waits on it (sessions are unbounded)."""

    def __init__(self, locks: dict[str, tuple[asyncio.Lock, int]], session: str) -> None:
        self._locks = locks
        self._session = session

    async def __aenter__(self) -> None:
        lock, users = self._locks.get(self._session, (asyncio.Lock(), 0))
        self._locks[self._session] = (lock, users + 1)
        try:
            await lock.acquire()
        except BaseException:
            self._release_use()
            raise

    async def __aexit__(self, *exc: Any) -> None:
        self._locks[self._session][0].release()
        self._release_use()

    def _release_use(self) -> None:
        lock, users = self._locks[self._session]
        if users <= 1:
            del self._locks[self._session]
        else:
            self._locks[self._session] = (lock, users - 1)
