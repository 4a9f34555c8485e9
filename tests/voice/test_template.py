"""The template voice: steady within a conversation, different across guests, honest about limits."""

from __future__ import annotations

import pytest

from bot.decide.decision import Citation, Decision, Escalated, Pick
from bot.escalation.model import Remedy
from bot.hedge import find_hedges
from bot.understand.request import Constraints
from bot.voice.base import VoiceContext
from bot.voice.template import TemplateVoice, limits_phrase

VOICE = TemplateVoice()


def _pick(rank: int, name: str, quote: str, stance: str = "love") -> Pick:
    c = Citation(note=f"n{rank}", author="ana", author_name="Ana Ruiz", role="sous chef", stance=stance, quote=quote)
    return Pick(rank=rank, id=f"d{rank}", name=name, kind="dish", price=10.0 + rank, why="…", citations=[c])


def _decision(**changes: object) -> Decision:
    base = Decision(
        venue="v",
        venue_name="Harbor",
        intent="recommend",
        situation="picks",
        asked=3,
        picks=[
            _pick(1, "Snapper", "The char is the point."),
            _pick(2, "Cauliflower", "Real heat."),
            _pick(3, "Tart", "Dense and dark.", "like"),
        ],
    )
    return base.model_copy(update=changes)


def _ctx(session: str, turn: int = 0) -> VoiceContext:
    return VoiceContext(session=session, turn=turn, text="top three?")


def test_render_is_deterministic_for_a_conversation() -> None:
    """The same session and turn always read the same."""
    assert VOICE.render(_decision(), _ctx("a")) == VOICE.render(_decision(), _ctx("a"))


def test_render_varies_across_sessions() -> None:
    """Different guests get different phrasings of the same decision."""
    texts = {VOICE.render(_decision(), _ctx(f"guest-{i}")) for i in range(8)}
    assert len(texts) >= 4


def test_render_quotes_every_pick_verbatim_and_never_hedges() -> None:
    """Each pick's name and quote appear as written; no hedge slips in."""
    text = VOICE.render(_decision(), _ctx("q"))
    for pick in _decision().picks:
        assert pick.name in text
        assert pick.citations[0].quote in text
    assert find_hedges(text) == []


def test_render_shortfall_says_so() -> None:
    """Fewer picks than asked is said plainly, naming the limits."""
    d = _decision(picks=_decision().picks[:1], constraints=Constraints(dietary=["vegan"]))
    text = VOICE.render(d, _ctx("s"))
    assert "vegan" in text
    assert "three" in text


def test_render_confirm_line_with_allergies() -> None:
    """An allergy answer always carries a line to confirm with staff."""
    d = _decision(constraints=Constraints(allergies=["sesame"]), confirm_with_staff=True)
    for i in range(6):
        assert (
            "confirm" in VOICE.render(d, _ctx(f"c{i}")).lower()
            or "tell your server" in VOICE.render(d, _ctx(f"c{i}")).lower()
        )


def test_limits_phrase_does_not_repeat_a_diet_its_allergy_covers() -> None:
    """'nut-free' plus a tree-nut and peanut allergy reads once, as the allergy."""
    text = limits_phrase(Constraints(dietary=["nut-free"], allergies=["tree-nut", "peanut"]), "USD")
    assert "nut-free" not in text
    assert "tree nuts" in text


@pytest.mark.parametrize("filed", [True, False])
def test_render_complaint_never_mentions_the_remedy(filed: bool) -> None:
    """The guest hears who has it and when (or to find staff), never the comp staff will consider."""
    remedy = Remedy(
        tier="replace-and-gesture",
        actions=["send the knafeh on the house"],
        value=14,
        approval="server",
        currency="USD",
    )
    esc = Escalated(
        category="food-quality",
        severity="medium",
        sla_minutes=15,
        owner="your server",
        items=["Lamb shoulder"],
        remedy=remedy,
        id="esc-1" if filed else None,
    )
    d = Decision(venue="v", venue_name="Harbor", intent="complaint", situation="complaint", escalation=esc)
    text = VOICE.render(d, _ctx("c"))
    assert "knafeh" not in text
    assert "house" not in text
    assert "lamb shoulder" in text
    if filed:
        assert "esc-1" in text
        assert "15 minutes" in text
    else:
        assert "couldn't reach the team" in text
