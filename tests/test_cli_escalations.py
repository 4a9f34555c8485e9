"""`concierge escalations`: the staff desk end to end, on a temporary data directory."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import SAMPLE_KNOWLEDGE


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("desk")
    shutil.copytree(SAMPLE_KNOWLEDGE, tmp / "knowledge")
    return {"CONCIERGE_DATA_DIR": str(tmp / "data"), "CONCIERGE_KNOWLEDGE": str(tmp / "knowledge")}


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _complain(env: dict[str, str], text: str) -> dict[str, object]:
    code, out, err = run(env, "ask", text, "--json")
    assert code == 0, err
    esc = json.loads(out)["escalation"]
    assert esc is not None
    return dict(esc)


def test_escalations_full_lifecycle(env: dict[str, str]) -> None:
    """A complaint is listed, shown, acknowledged, approved within the right cap, resolved, and notified."""
    esc = _complain(env, "You threw away my leftover sea bream while I was in the restroom!")
    ticket = str(esc["id"])
    code, out, _ = run(env, "escalations", "list")
    assert code == 0
    assert ticket[:9] in out
    code, out, _ = run(env, "escalations", "show", ticket)
    assert code == 0
    assert "sea bream" in out
    assert "replace-and-gesture" in out
    code, out, _ = run(env, "escalations", "ack", ticket, "--by", "ana")
    assert code == 0
    assert "acknowledged by ana" in out
    code, _, err = run(env, "escalations", "approve", ticket, "--by", "ana", "--role", "server")
    assert code == 2
    assert "manager must approve" in err
    code, out, _ = run(env, "escalations", "approve", ticket, "--by", "maria", "--role", "manager")
    assert code == 0
    assert "approved by maria" in out
    code, out, _ = run(env, "escalations", "resolve", ticket, "--by", "maria", "--note", "boxed a fresh one")
    assert code == 0
    code, out, _ = run(env, "escalations", "list")
    assert ticket[:9] not in out
    code, out, _ = run(env, "escalations", "watch", "--once")
    assert code == 0
    assert "sent 4, failed 0" in out  # filed, acknowledged, approved, resolved


def test_escalations_adjusted_approval_is_checked_against_the_cap(env: dict[str, str]) -> None:
    """A server may approve an adjusted remedy that fits the server cap."""
    esc = _complain(env, "You charged my card twice for dinner.")
    ticket = str(esc["id"])
    code, out, err = run(
        env,
        "escalations",
        "approve",
        ticket,
        "--by",
        "sam",
        "--role",
        "server",
        "--value",
        "10",
        "--action",
        "void the duplicate charge",
        "--action",
        "a glass of the Assyrtiko on us",
    )
    assert code == 0, err
    code, out, _ = run(env, "escalations", "show", ticket)
    assert "approved remedy" in out
    assert "a glass of the Assyrtiko on us" in out


def test_escalations_unknown_id(env: dict[str, str]) -> None:
    """An unknown ticket id is a clear error."""
    code, _, err = run(env, "escalations", "show", "esc-00000000")
    assert code == 2
    assert "esc-00000000" in err
