"""The `concierge` command end to end, on temporary copies of the knowledge: JSON contract, sessions, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from tests.conftest import FIXTURE_KNOWLEDGE, SAMPLE_KNOWLEDGE

CONTRACT_KEYS = {
    "venue",
    "intent",
    "text",
    "picks",
    "skips",
    "constraints",
    "escalation",
    "sources",
    "voice",
    "latency_ms",
}


@pytest.fixture(scope="module")
def shared_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir per module, so the sample venue is embedded once for all the tests that read it."""
    return tmp_path_factory.mktemp("data")


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("k") / "knowledge"
    shutil.copytree(SAMPLE_KNOWLEDGE, root)
    return root


def run(args: list[str], data: Path, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(app, args, input=stdin, env={"CONCIERGE_DATA_DIR": str(data)})
    return result.exit_code, result.stdout, result.stderr


def test_ask_json_follows_the_contract(sample_root: Path, shared_data: Path) -> None:
    """`ask --json` prints one object with every contract field, three picks with ids, whys and sources."""
    code, out, err = run(["ask", "What are your top three?", "--json", "--knowledge", str(sample_root)], shared_data)
    assert code == 0, err
    reply = json.loads(out)
    assert set(reply) >= CONTRACT_KEYS
    assert reply["venue"] == "cedar-and-tide"
    assert reply["intent"] == "recommend"
    assert reply["voice"] == "template"
    assert reply["escalation"] is None
    assert [p["rank"] for p in reply["picks"]] == [1, 2, 3]
    for pick in reply["picks"]:
        assert {"rank", "id", "name", "why", "sources"} <= set(pick)
        assert pick["sources"]
        assert set(pick["sources"]) <= set(reply["sources"])
    assert set(reply["constraints"]) >= {"dietary", "allergies", "likes", "dislikes", "budget", "course"}


def test_ask_session_carries_constraints(sample_root: Path, shared_data: Path) -> None:
    """`--session` continues a conversation: a diet said first still holds on the next command."""
    args = ["--json", "--knowledge", str(sample_root), "--session", "table-9"]
    code, _, err = run(["ask", "We're vegan.", *args], shared_data)
    assert code == 0, err
    code, out, _ = run(["ask", "What are your top three?", *args], shared_data)
    assert json.loads(out)["constraints"]["dietary"] == ["vegan"]


def test_chat_json_answers_one_line_per_turn(sample_root: Path, shared_data: Path) -> None:
    """`chat --json` driven from a pipe prints one JSON line per input line, in one conversation."""
    lines = "I'm allergic to sesame\nwhat are your top two?\nhow much is the lamb shoulder?\n"
    code, out, err = run(["chat", "--json", "--knowledge", str(sample_root)], shared_data, stdin=lines)
    assert code == 0, err
    replies = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert len(replies) == 3
    assert len({r["session"] for r in replies}) == 1
    assert len(replies[1]["picks"]) == 2
    assert "sesame" in replies[1]["constraints"]["allergies"]
    assert replies[2]["intent"] == "question"


def test_ask_new_knowledge_root_just_works(tmp_path: Path, shared_data: Path) -> None:
    """Pointing --knowledge at another folder indexes it on first use and answers from it alone."""
    root = tmp_path / "other"
    shutil.copytree(FIXTURE_KNOWLEDGE, root)
    code, out, err = run(["ask", "top three?", "--json", "--knowledge", str(root)], shared_data)
    assert code == 0, err
    reply = json.loads(out)
    assert reply["venue"] == "tiny-taqueria"
    assert len(reply["picks"]) == 3


def test_ingest_is_incremental(tmp_path: Path) -> None:
    """Changing one note re-embeds that note only; an unchanged root embeds nothing."""
    root = tmp_path / "k"
    shutil.copytree(FIXTURE_KNOWLEDGE, root)
    data = tmp_path / "data"
    code, out, err = run(["ingest", "--knowledge", str(root)], data)
    assert code == 0, err
    assert "embedded" in out
    note = next((root / "tiny-taqueria" / "notes").glob("*.md"))
    note.write_text(note.read_text().rstrip() + " Ask for extra salsa.\n")
    code, out, _ = run(["ingest", "--knowledge", str(root)], data)
    assert "embedded 1," in out
    code, out, _ = run(["ingest", "--knowledge", str(root)], data)
    assert "Nothing changed" in out


def test_ask_malformed_knowledge_keeps_serving(tmp_path: Path) -> None:
    """A broken file after a good index: a warning naming file, field and line, and the old index still answers."""
    root = tmp_path / "k"
    shutil.copytree(FIXTURE_KNOWLEDGE, root)
    data = tmp_path / "data"
    assert run(["ingest", "--knowledge", str(root)], data)[0] == 0
    menu = root / "tiny-taqueria" / "menu.yaml"
    menu.write_text(menu.read_text().replace("course: main", "course: brunch", 1))
    code, out, err = run(["ask", "top three?", "--json", "--knowledge", str(root)], data)
    assert code == 0
    assert len(json.loads(out)["picks"]) == 3
    assert "menu.yaml:" in err
    assert "course" in err
    assert "brunch" in err
    code, _, err = run(["ingest", "--knowledge", str(root)], data)
    assert code == 2
    assert "menu.yaml" in err


def test_ask_malformed_knowledge_without_index_fails_clearly(tmp_path: Path) -> None:
    """With no earlier index, a broken file is an error (exit 2) naming the file, never a traceback."""
    root = tmp_path / "k"
    shutil.copytree(FIXTURE_KNOWLEDGE, root)
    venue = root / "tiny-taqueria" / "venue.yaml"
    venue.write_text(venue.read_text() + "\nopening_hours: late\n")
    code, _, err = run(["ask", "hi", "--knowledge", str(root)], tmp_path / "data")
    assert code == 2
    assert "venue.yaml" in err
    assert "opening_hours" in err
    assert "Traceback" not in err


def test_ask_unknown_venue(sample_root: Path, shared_data: Path) -> None:
    """An unknown --venue lists the venues there are."""
    code, _, err = run(["ask", "hi", "--knowledge", str(sample_root), "--venue", "nope"], shared_data)
    assert code == 2
    assert "cedar-and-tide" in err


def test_ask_bad_role(sample_root: Path, shared_data: Path) -> None:
    """--role only takes guest or staff."""
    code, _, _ = run(["ask", "hi", "--knowledge", str(sample_root), "--role", "chef"], shared_data)
    assert code != 0


@pytest.mark.slow
def test_concierge_entry_point_runs(sample_root: Path, shared_data: Path) -> None:
    """The installed `concierge` script answers in a fresh process."""
    exe = Path(sys.executable).with_name("concierge")
    env = {**os.environ, "CONCIERGE_DATA_DIR": str(shared_data), "CONCIERGE_KNOWLEDGE": str(sample_root)}
    done = subprocess.run(
        [str(exe), "ask", "what are your top three?", "--json"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["picks"]) == 3
