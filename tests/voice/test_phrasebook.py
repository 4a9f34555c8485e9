"""The template voice's phrase bank: valid, fully renderable, and free of hedges."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.errors import ConciergeError
from bot.hedge import find_hedges
from bot.voice.phrasebook import load_phrasebook


def test_load_phrasebook_every_line_renders_without_hedging() -> None:
    """Every phrasing in prompts/ fills with its declared variables and contains no hedge."""
    book = load_phrasebook()
    for name, slot in book.slots.items():
        for index in range(len(slot.lines)):
            values = {v: f"<{v}>" for v in slot.vars}
            rng = random.Random()
            rng.choice = lambda seq, i=index: seq[i]  # type: ignore[method-assign]
            text = book.say(name, rng, **values)
            assert "{" not in text, (name, text)
            assert find_hedges(text) == [], (name, text)


def test_load_phrasebook_rejects_unknown_placeholder(tmp_path: Path) -> None:
    """A phrasing that uses a variable its slot does not declare is an error at load."""
    path = tmp_path / "bad.yaml"
    path.write_text("slots:\n  open_plain:\n    vars: [count_word]\n    lines: ['My {count} picks']\n")
    with pytest.raises(ConciergeError, match="count"):
        load_phrasebook(path)


def test_say_missing_value_raises() -> None:
    """Rendering a phrasing without one of its variables is a bug, not a silent blank."""
    book = load_phrasebook()
    with pytest.raises(KeyError):
        book.say("pick_line", random.Random(0), rank="1", name="X")
