"""`concierge ask --voice openai` end to end: a dead server still gets the guest an answer, and says which voice."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from bot.cli import app


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_ask_json_reports_the_fallback_voice_and_why(mini_root: Path, tmp_path: Path) -> None:
    """With the server refusing connections, the template answers; `voice` and `voice_note` say so; it is logged."""
    env = {
        "CONCIERGE_DATA_DIR": str(tmp_path / "data"),
        "OPENAI_BASE_URL": f"http://127.0.0.1:{_closed_port()}/v1",
        "CONCIERGE_OPENAI_MAX_RETRIES": "0",
        "CONCIERGE_OPENAI_TIMEOUT": "2",
    }
    args = ["ask", "top two, we love heat", "--json", "--voice", "openai", "--knowledge", str(mini_root)]
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["voice"] == "template"
    assert reply["voice_note"] == "openai: cannot reach the server"
    assert reply["picks"]
    lines = (tmp_path / "data" / "llm-exchanges.jsonl").read_text().splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["error"] == "cannot reach the server"


def test_ask_rejects_an_unknown_voice(mini_root: Path, tmp_path: Path) -> None:
    """`--voice` takes template or openai, nothing else."""
    args = ["ask", "hi", "--voice", "gpt", "--knowledge", str(mini_root)]
    result = CliRunner().invoke(app, args, env={"CONCIERGE_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "template or openai" in result.stderr
