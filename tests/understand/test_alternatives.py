"""A dish the guest has, or wants something other than: "other than the lamb shoulder" spares that dish and not all
lamb, "what should I try instead?" spares the one they always order, and "what goes alongside it?" a main looks to
the sides, then the starters. Also: a number said outright beats one read from a singular noun, and of several
sentences the one that asks leans the reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.decide.recommend import recommend
from bot.knowledge.loader import load_venue
from bot.knowledge.venue import VenueKnowledge
from bot.understand.quantity import count_in
from bot.understand.reader import Context
from bot.understand.request import Constraints
from tests.conftest import Read

SAMPLE = Path(__file__).resolve().parents[2] / "knowledge" / "cedar-and-tide"


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_venue(SAMPLE)


def test_other_than_a_named_dish_spares_the_dish_not_its_taste(read: Read) -> None:
    request = read("what's good other than the lamb shoulder?")
    assert request.instead == ["lamb-shoulder"]
    assert "lamb" not in request.constraints.dislikes


def test_a_name_that_is_only_a_taste_word_stays_a_dislike(read: Read) -> None:
    """ "No chicken" rules out every chicken dish, though "chicken" also finds the shish taouk."""
    request = read("no chicken please, top 3")
    assert "chicken" in request.constraints.dislikes
    assert request.instead == []


def test_trying_something_instead_spares_the_usual_and_wants_none_of_its_taste(read: Read) -> None:
    request = read("I always get the lamb shoulder, what should I try instead?")
    assert request.intent == "recommend"
    assert request.instead == ["lamb-shoulder"]
    assert "lamb" not in request.constraints.likes


def test_an_alternative_stays_on_the_course_of_the_dish_it_replaces(venue: VenueKnowledge) -> None:
    decision = recommend(venue, Constraints(), instead=["lamb-shoulder"])
    assert decision.picks
    assert all(venue.dish(p.id).course == "main" for p in decision.picks)  # type: ignore[union-attr]
    assert "lamb-shoulder" not in {p.id for p in decision.picks}


def test_alongside_a_main_come_sides_then_starters(venue: VenueKnowledge) -> None:
    backed_sides = [p.id for p in recommend(venue, Constraints(course="side"), count=12).picks]
    two = recommend(venue, Constraints(), count=2, besides=["lamb-shoulder"])
    assert [p.id for p in two.picks] == backed_sides[:2]
    more = recommend(venue, Constraints(), count=len(backed_sides) + 1, besides=["lamb-shoulder"])
    courses = [venue.dish(p.id).course for p in more.picks]  # type: ignore[union-attr]
    assert courses[: len(backed_sides)] == ["side"] * len(backed_sides)
    assert courses[-1] == "starter"


def test_alongside_after_asking_of_a_dish_looks_to_the_sides(read: Read) -> None:
    first = read("is the lamb shoulder on tonight?")
    context = Context(mentions=first.mentions, last_act=first.intent)
    request = read("brilliant, what should we have alongside it?", context=context)
    assert request.intent == "recommend"
    assert request.besides == ["lamb-shoulder"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("what main should i try instead? give me three to choose from", 3),
        ("which main?", 1),
        ("the chef's favourite, or your top 2", 2),
        ("in every couple of weeks, what's good", None),
    ],
)
def test_a_number_said_beats_one_read_from_a_singular(text: str, count: int | None) -> None:
    assert count_in(text) == count


def test_the_sentence_that_asks_leans_the_reading(read: Read) -> None:
    """A sure choice with a tail that asks nothing ("we can only do one") stays a choice."""
    assert read("hummus, muhammara or baba ghanoush? we can only do one").intent == "choose"


@pytest.mark.parametrize(
    "text",
    ["having an almaza at the bar, what should i snack on with it", "ordering the arak brun, which mezze go with it?"],
)
def test_picks_beside_a_drink_are_food_for_that_drink(read: Read, text: str) -> None:
    request = read(text)
    assert request.intent == "pairing"
    assert request.mentions
    assert all(m in ("almaza", "arak-brun") for m in request.mentions)


def test_picks_beside_a_dish_from_someone_not_drinking_are_a_drink_for_it(read: Read) -> None:
    request = read("I'm pregnant so no alcohol for me, what would go nicely with the lamb shoulder?")
    assert request.intent == "pairing"
    assert request.constraints.no_alcohol


def test_a_date_night_names_no_date_cocktail(read: Read) -> None:
    """An everyday word at the front of a name ("Date Old Fashioned") never names the drink alone."""
    assert read("date night tomorrow, what's good to share between two").mentions == []
    assert read("what goes with the date old fashioned").mentions == ["date-old-fashioned"]


def test_a_spicy_drink_is_a_taste_that_ranks_and_spicy_food_is_no_drink_style(read: Read) -> None:
    assert "spicy" in read("a spicy cocktail?").drink.styles
    assert "spicy" not in read("what's a good drink with spicy food").drink.styles


def test_a_spicy_cocktail_is_the_one_whose_words_show_heat(read: Read, venue: VenueKnowledge) -> None:
    from bot.decide.drink import pick_drinks

    request = read("wat cocktail would u recomend, i like it spicy")
    decision = pick_drinks(venue, request, request.constraints, role="guest")
    assert [p.id for p in decision.picks][:1] == ["aleppo-paloma"]


def test_a_grievance_with_the_concierge_itself_asks_for_a_person(read: Read) -> None:
    """No dish was lost: the guest wants someone real, and gets a handoff, not a remedy for an order."""
    request = read("this bot is useless, get me someone real")
    assert request.intent == "handoff"
    assert request.complaint is None
    assert request.wants_person
