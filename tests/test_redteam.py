"""The red-team sentences in evals/redteam.yaml: every hedge is caught, no committed answer is flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.hedge import find_hedges

REDTEAM = Path(__file__).resolve().parents[1] / "evals" / "redteam.yaml"
SENTENCES: dict[str, list[str]] = yaml.safe_load(REDTEAM.read_text(encoding="utf-8"))


def test_redteam_file_has_enough_of_each() -> None:
    """At least 40 hedges and 40 committed answers, none written twice, none in both lists."""
    hedges, committed = SENTENCES["hedges"], SENTENCES["committed"]
    assert len(hedges) >= 40
    assert len(committed) >= 40
    assert len(set(hedges)) == len(hedges)
    assert len(set(committed)) == len(committed)
    assert not set(hedges) & set(committed)


@pytest.mark.parametrize("text", SENTENCES["hedges"])
def test_find_hedges_catches_redteam_hedge(text: str) -> None:
    """A dodge from the red-team list is flagged."""
    assert find_hedges(text), text


@pytest.mark.parametrize("text", SENTENCES["committed"])
def test_find_hedges_leaves_redteam_commitment_alone(text: str) -> None:
    """A committed answer from the red-team list is not flagged, even when it uses a hedge's words."""
    assert find_hedges(text) == [], text
