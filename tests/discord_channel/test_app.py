"""The bot as a whole: intents, what setup_hook registers, and how `concierge discord` starts (or refuses to)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app as cli
from bot.discord_channel.app import ConciergeBot, intents, run
from bot.discord_channel.escalations import TicketButton
from bot.errors import ConciergeError
from bot.settings import Settings
from tests.discord_channel import factory

REPO = Path(__file__).resolve().parents[2]


def test_intents_are_the_few_the_bot_needs() -> None:
    """No privileged intent (message content, members, presences): slash commands, mentions and DMs need none."""
    wanted = intents()
    assert wanted.guilds
    assert wanted.guild_messages
    assert wanted.dm_messages
    assert not (wanted.message_content)
    assert not (wanted.members)
    assert not (wanted.presences)
    assert not (wanted.guild_typing)
    assert not (wanted.dm_typing)
    assert not (wanted.guild_reactions)
    assert not (wanted.voice_states)


async def test_setup_hook_registers_the_commands_and_the_persistent_buttons(bot: ConciergeBot) -> None:
    """Guests' and staff's slash commands are on the tree, and ticket buttons are listened for without a message."""
    names = {c.name for c in bot.tree.get_commands()}
    assert names == {"top3", "ask", "pair", "86", "restore", "special"}
    staff_only = {c.name for c in bot.tree.get_commands() if getattr(c, "guild_only", False)}
    assert staff_only == {"pair", "86", "restore", "special"}
    patterns = bot._connection._view_store._dynamic_items
    assert TicketButton in patterns.values()


async def test_tree_errors_are_answered_politely(bot: ConciergeBot) -> None:
    """An unexpected failure in a command is logged and the user gets an apology, not silence."""
    from discord import app_commands

    guild = bot.get_guild(1001)
    assert guild is not None
    it = factory.interaction(bot, factory.member(bot, guild, 1, "x", []), guild=guild)
    await bot.tree.on_error(it, app_commands.AppCommandError("boom"))
    it.response.send_message.assert_awaited_once()
    assert "something went wrong on my side" in it.response.send_message.await_args.args[0]


def test_run_without_a_token_stops_at_once_naming_discord_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No DISCORD_TOKEN: `run` refuses before touching the knowledge, saying where to get one."""
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("CONCIERGE_DISCORD_TOKEN", raising=False)
    with pytest.raises(ConciergeError) as err:
        run(Settings(knowledge=tmp_path / "nowhere"))
    message = str(err.value)
    assert message.startswith("DISCORD_TOKEN is not set")
    assert "discord.com/developers/applications" in message


def test_cli_discord_without_a_token_exits_with_the_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`concierge discord` prints the same message and exits 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("CONCIERGE_DISCORD_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["discord"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN is not set" in result.output


def test_cli_discord_with_a_token_but_no_config_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With a token but no config file, the error names the file and the example to copy."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "not-a-real-token")
    result = CliRunner().invoke(cli, ["discord"])
    assert result.exit_code == 2
    assert "No Discord configuration at discord.yaml" in result.output


def test_other_commands_do_not_import_discord() -> None:
    """discord.py is loaded only by `concierge discord`: the core and the other commands never import it."""
    code = "import sys, bot.cli, bot.runtime, bot.concierge; print('discord' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_env_example_lists_the_discord_settings() -> None:
    """.env.example names the token and the config file, so an operator sees every setting in one place."""
    text = (REPO / ".env.example").read_text()
    assert "DISCORD_TOKEN=" in text
    assert "CONCIERGE_DISCORD_CONFIG=discord.yaml" in text
