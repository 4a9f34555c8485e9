"""The staff's verdict on one named item: a doubter makes it a skip, only fans make it a pick, a limit the facts."""

from __future__ import annotations

from bot.decide.verdict import verdict
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request


def _asked(item: str) -> Request:
    return Request(text="", intent="question", mentions=[item], topics=["verdict"])


def _doubted(venue: VenueKnowledge, item: str) -> bool:
    return any(n.stance in ("mixed", "skip") for n in venue.notes_about(item))


def test_a_dish_with_a_doubter_is_answered_with_the_doubt_even_when_fans_outnumber_it(venue: VenueKnowledge) -> None:
    assert _doubted(venue, "seafood-soup")
    decision = verdict(venue, _asked("seafood-soup"), Constraints())
    assert decision is not None
    assert decision.intent == "skip"
    assert [s.id for s in decision.skips] == ["seafood-soup"]
    assert decision.skips[0].citations[0].stance in ("mixed", "skip")


def test_a_dish_only_backed_is_one_pick_of_that_dish_and_warns_about_nothing_else(venue: VenueKnowledge) -> None:
    assert not _doubted(venue, "duck-breast")
    decision = verdict(venue, _asked("duck-breast"), Constraints(course="dessert"))
    assert decision is not None
    assert decision.intent == "recommend"
    assert [p.id for p in decision.picks] == ["duck-breast"]  # the course talked about before does not rule it out
    assert decision.skips == []


def test_a_dish_the_guest_cannot_have_gets_the_facts_not_an_opinion(venue: VenueKnowledge) -> None:
    dish = venue.dish("hummus")
    assert dish is not None
    assert "sesame" in dish.allergens
    assert "sesame" not in dish.can_omit
    assert verdict(venue, _asked("hummus"), Constraints(allergies=["sesame"])) is None


def test_a_diet_asked_about_with_it_is_left_to_the_facts(venue: VenueKnowledge) -> None:
    asked = _asked("hummus").model_copy(update={"asks_about": ["vegan"]})
    assert verdict(venue, asked, Constraints()) is None
