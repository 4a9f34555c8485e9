"""The runner end to end on a real concierge: the good voice passes, the two bad voices fail clearly."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.concierge import Concierge
from bot.evaluation.badvoice import HedgingVoice, ScriptedVoice
from bot.evaluation.case import Case
from bot.evaluation.runner import Thresholds, run_cases, summarise
from bot.runtime import open_concierge
from bot.settings import Settings
from bot.voice.base import Voice
from bot.voice.template import TemplateVoice
from tests.conftest import SAMPLE_KNOWLEDGE

THRESHOLDS = Thresholds(
    pass_rate={
        "hedging": 1.0,
        "commitment": 1.0,
        "grounding": 1.0,
        "safety": 1.0,
        "escalation": 1.0,
        "authenticity": 1.0,
    },
    latency_budget_ms=5000,
)
CASES = [
    Case.model_validate(c)
    for c in [
        {
            "id": "plain",
            "venue": "cedar-and-tide",
            "kind": "recommend",
            "turns": ["What are your top three?"],
            "expect": {"picks": 3},
        },
        {
            "id": "heat",
            "venue": "cedar-and-tide",
            "kind": "recommend",
            "group": "same",
            "turns": ["We love heat. What are your top three?"],
            "truth": {"likes": ["spicy"]},
            "expect": {"picks": 3},
        },
        {
            "id": "sea",
            "venue": "cedar-and-tide",
            "kind": "recommend",
            "group": "same",
            "turns": ["Seafood people here. What are your top three?"],
            "truth": {"likes": ["seafood"]},
            "expect": {"picks": 3},
        },
        {
            "id": "nuts",
            "venue": "cedar-and-tide",
            "kind": "recommend",
            "turns": ["Nut allergy. Top three?"],
            "truth": {"allergies": ["tree-nut", "peanut"]},
            "expect": {"picks": 3, "never": ["muhammara"]},
        },
        {
            "id": "binned",
            "venue": "cedar-and-tide",
            "kind": "complaint",
            "turns": ["You threw away my leftover sea bream!"],
            "expect": {"escalate": True, "severity": "high", "remedy_at_least": "replace-and-gesture"},
        },
        {
            "id": "praise",
            "venue": "cedar-and-tide",
            "kind": "smalltalk",
            "turns": ["The lamb was amazing, thanks!"],
            "expect": {"escalate": False},
        },
    ]
]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    tmp = tmp_path_factory.mktemp("evalrun")
    shutil.copytree(SAMPLE_KNOWLEDGE, tmp / "knowledge")
    return Settings(data_dir=tmp / "data", knowledge=tmp / "knowledge")


@pytest.fixture
def concierge_with(settings: Settings, tmp_path: Path) -> Iterator[object]:
    opened: list[Concierge] = []

    def make(voice: Voice) -> Concierge:
        concierge, _ = open_concierge(settings, voice=voice, state=tmp_path / f"state-{len(opened)}")
        opened.append(concierge)
        return concierge

    yield make
    for c in opened:
        c.escalations.close()


async def _run(make: object, voice: Voice, repeat: int = 1) -> object:
    concierge = make(voice)  # type: ignore[operator]
    return await run_cases(concierge, CASES, thresholds=THRESHOLDS, voice=voice.name, knowledge="k", repeat=repeat)


async def test_run_template_voice_passes(concierge_with: object) -> None:
    """The default voice passes every scorer on these cases."""
    run = await _run(concierge_with, TemplateVoice())
    failures = {
        r.case_id: [s.detail for s in r.scores if s.applies and not s.passed] for r in run.cases if not r.passed
    }
    assert run.verdict, failures
    assert run.kind_rates["complaint"] == 1.0


async def test_run_hedging_voice_fails_on_hedging(concierge_with: object) -> None:
    """The hedging voice fails the suite, and the hedging scorer is the one that says so."""
    run = await _run(concierge_with, HedgingVoice())
    assert not run.verdict
    assert run.scorer_rates["hedging"] < 0.5
    assert any(m.startswith("hedging") for m in run.missed)


async def test_run_scripted_voice_fails_on_authenticity_and_grounding(concierge_with: object) -> None:
    """One script for every guest fails authenticity; dropping the staff's words fails the safety confirm line."""
    run = await _run(concierge_with, ScriptedVoice())
    assert not run.verdict
    assert run.scorer_rates["authenticity"] == 0.0
    assert any(m.startswith("authenticity") for m in run.missed)


async def test_run_repeat_and_baseline(concierge_with: object) -> None:
    """--repeat runs every case N times; a baseline in which a case passed marks it a regression when it fails."""
    good = await _run(concierge_with, TemplateVoice(), repeat=2)
    assert len(good.cases) == 2 * len(CASES)
    bad = await _run(concierge_with, HedgingVoice())
    compared = summarise(bad, THRESHOLDS, baseline=good)
    assert "plain" in compared.regressions
    back = summarise(good, THRESHOLDS, baseline=bad)
    assert "plain" in back.improvements
