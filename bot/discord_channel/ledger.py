"""What the bot has already posted: each ticket's staff message, and which guests were told what.

The outbox delivers at least once. This small table is what turns that into once for people: a "filed" resent
after a crash finds its message already posted and edits it instead of posting a second, and a guest is never told
twice that their ticket is resolved. It lives beside the other state in the data directory and survives restarts,
which is also how a button pressed after a restart, or a ticket moved from the terminal, updates the right message.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_messages (
    escalation_id TEXT NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    PRIMARY KEY (escalation_id, channel_id)
);
CREATE TABLE IF NOT EXISTS guest_notices (
    notification_id TEXT PRIMARY KEY
);
"""


class MessageLedger:
    """A SQLite file; safe to call from worker threads (one connection, one lock)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def staff_message(self, escalation_id: str, channel_id: int) -> int | None:
        with self._lock:
            row = self._db.execute(
                "SELECT message_id FROM staff_messages WHERE escalation_id = ? AND channel_id = ?",
                (escalation_id, channel_id),
            ).fetchone()
        return None if row is None else int(row[0])

    def record_staff_message(self, escalation_id: str, channel_id: int, message_id: int) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO staff_messages (escalation_id, channel_id, message_id) VALUES (?, ?, ?)",
                (escalation_id, channel_id, message_id),
            )

    def guest_told(self, notification_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM guest_notices WHERE notification_id = ?", (notification_id,)
            ).fetchone()
        return row is not None

    def record_guest_told(self, notification_id: str) -> None:
        with self._tx() as db:
            db.execute("INSERT OR IGNORE INTO guest_notices (notification_id) VALUES (?)", (notification_id,))

    def close(self) -> None:
        with self._lock:
            self._db.close()
