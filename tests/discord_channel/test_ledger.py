"""The ledger of what was posted survives a restart."""

from __future__ import annotations

from pathlib import Path

from bot.discord_channel.ledger import MessageLedger


def test_ledger_remembers_across_reopening(tmp_path: Path) -> None:
    """Staff message ids and guest notices written before a restart are there after it."""
    path = tmp_path / "discord" / "messages.db"
    ledger = MessageLedger(path)
    ledger.record_staff_message("esc-1", 10, 111)
    ledger.record_staff_message("esc-1", 10, 112)  # reposted after the first was deleted
    ledger.record_guest_told("esc-1:resolved")
    ledger.close()
    reopened = MessageLedger(path)
    try:
        assert reopened.staff_message("esc-1", 10) == 112
        assert reopened.staff_message("esc-1", 20) is None
        assert reopened.guest_told("esc-1:resolved")
        assert not reopened.guest_told("esc-2:resolved")
    finally:
        reopened.close()
