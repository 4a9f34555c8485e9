"""A ticket whose id the guest was shown survives the process being killed: SIGKILL mid-filing loses nothing.

A child process files complaints in a loop and prints each id only after `file()` returned, the moment the
concierge would tell the guest. The test kills it with SIGKILL while it is filing the next one, several times over
the same database file, then checks that every printed id is there exactly once with its "filed" event and outbox
row, that nothing half-written was left behind, and that SQLite finds the file intact.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from bot.escalation import SqlEscalationStore

REPO = Path(__file__).resolve().parents[2]
ROUNDS = 3
IDS_PER_ROUND = 30
ROUND_TIMEOUT = 20.0
_ID = re.compile(r"^esc-[0-9a-f]{8}$")

CHILD = """
import sys
from bot.escalation import NewEscalation, Remedy, SqlEscalationStore

store = SqlEscalationStore(sys.argv[1])
remedy = Remedy(tier="comp-item", actions=["take the snapper off the bill"], value=38.0, approval="manager",
                currency="USD")
n = 0
while True:
    n += 1
    ticket = store.file(NewEscalation(venue="cedar-and-tide", session=f"table-{n}", guest_text=f"complaint {n}",
                                      category="food-quality", severity="high", remedy=remedy, sla_minutes=5))
    # Only now may the guest hear that the complaint was passed on.
    sys.stdout.write(ticket.id + "\\n")
    sys.stdout.flush()
"""


def _file_then_kill(url: str, log: Path) -> list[str]:
    """Run the child until it has printed IDS_PER_ROUND ids, SIGKILL it, and return every id it printed."""
    with log.open("ab") as stderr:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, url], cwd=REPO, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
    watchdog = threading.Timer(ROUND_TIMEOUT, child.kill)  # a stuck child fails the test instead of hanging it
    watchdog.start()
    try:
        assert child.stdout is not None
        seen: list[str] = []
        while len(seen) < IDS_PER_ROUND:
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the filing process ended early:\n{log.read_text()}")
            seen.append(line)
        os.kill(child.pid, signal.SIGKILL)  # it is already inside its next file() call
        child.wait()
        rest = child.stdout.read()
    finally:
        watchdog.cancel()
    assert child.returncode == -signal.SIGKILL
    # Only whole lines count: a line the kill cut short was never shown to a guest.
    printed = [line.rstrip("\n") for line in seen] + rest.split("\n")[:-1]
    assert all(_ID.match(ticket_id) for ticket_id in printed), printed
    return printed


@pytest.mark.slow
def test_sigkill_while_filing_loses_no_printed_ticket(tmp_path: Path) -> None:
    """Every id printed before SIGKILL is stored exactly once with one "filed" event and one outbox row."""
    db = tmp_path / "data" / "concierge.db"
    url = f"sqlite:///{db}"
    printed: list[str] = []
    for _ in range(ROUNDS):
        printed += _file_then_kill(url, tmp_path / "child.log")

    assert len(printed) >= ROUNDS * IDS_PER_ROUND
    assert not [ticket_id for ticket_id, n in Counter(printed).items() if n > 1]

    with SqlEscalationStore(url) as store:  # opening recovers the hot WAL the last kill left behind
        stored = {ticket.id for ticket in store.list()}
        assert set(printed) <= stored
        for ticket_id in printed:
            assert [e.action for e in store.events(ticket_id)] == ["filed"]
    # At most one ticket per kill was committed without its id reaching stdout.
    assert len(stored) - len(printed) <= ROUNDS

    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM escalations").fetchone() == (
            len(stored),
            len(stored),
        )
        # Atomicity: every stored ticket, printed or not, has exactly one filed event and exactly one outbox row.
        for table, where in (("outbox", "kind = 'filed'"), ("escalation_events", "action = 'filed'")):
            counts = dict(raw.execute(f"SELECT escalation_id, COUNT(*) FROM {table} WHERE {where} GROUP BY 1"))
            assert counts == dict.fromkeys(stored, 1), table
