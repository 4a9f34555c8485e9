"""Conversation state: survives between commands, is written atomically, and never trusts odd session ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.conversation import MAX_TURNS_KEPT, Conversation, ConversationStore, Turn
from bot.understand.request import Constraints


def _turn(text: str, skips: list[str] | None = None) -> Turn:
    return Turn(text=text, intent="recommend", skips=skips or [], at=dt.datetime.now(dt.UTC))


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    """What one command saves, the next one loads."""
    store = ConversationStore(tmp_path)
    convo = Conversation(id="t9", venue="v", constraints=Constraints(allergies=["sesame"]), turns=[_turn("hi")])
    store.save(convo)
    again = store.load("t9", "v")
    assert again.constraints.allergies == ["sesame"]
    assert [t.text for t in again.turns] == ["hi"]


def test_load_unknown_or_corrupt_starts_fresh(tmp_path: Path) -> None:
    """A missing or torn file gives an empty conversation, not an error."""
    store = ConversationStore(tmp_path)
    assert store.load("nobody", "v").turns == []
    store.save(Conversation(id="torn", venue="v"))
    next(tmp_path.glob("*.json")).write_text("{not json")
    assert store.load("torn", "v").turns == []


def test_odd_session_ids_are_hashed(tmp_path: Path) -> None:
    """A session id with path characters never becomes a path."""
    store = ConversationStore(tmp_path)
    store.save(Conversation(id="../../etc/passwd", venue="v"))
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    assert files[0].parent == tmp_path
    assert ".." not in files[0].name
    assert store.load("../../etc/passwd", "v").id == "../../etc/passwd"


def test_venues_keep_separate_conversations(tmp_path: Path) -> None:
    """The same session id at two venues is two conversations."""
    store = ConversationStore(tmp_path)
    store.save(Conversation(id="s", venue="a", constraints=Constraints(dietary=["vegan"])))
    assert store.load("s", "b").constraints.dietary == []


def test_save_keeps_the_latest_turns_only(tmp_path: Path) -> None:
    """Old turns are trimmed so a long chat does not grow without bound."""
    store = ConversationStore(tmp_path)
    store.save(Conversation(id="long", venue="v", turns=[_turn(str(i)) for i in range(MAX_TURNS_KEPT + 10)]))
    turns = store.load("long", "v").turns
    assert len(turns) == MAX_TURNS_KEPT
    assert turns[-1].text == str(MAX_TURNS_KEPT + 9)


def test_warned_collects_skips() -> None:
    """`warned` is every dish this guest was already steered off."""
    convo = Conversation(id="s", venue="v", turns=[_turn("a", ["kofta"]), _turn("b", ["sorbet"])])
    assert convo.warned == {"kofta", "sorbet"}
