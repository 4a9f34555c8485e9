"""The recommender for a table: a count made up with a dish the kitchen is split on, tastes wanted less of, diets
part of the party keeps, plates to share, and one member of staff's favourites. On the sample venue, whose notes
hold all of these."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.decide.constraint import check
from bot.decide.recommend import recommend
from bot.knowledge.loader import load_venue
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints

SAMPLE = Path(__file__).resolve().parents[2] / "knowledge" / "cedar-and-tide"


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_venue(SAMPLE)


def _keeps(venue: VenueKnowledge, dish_id: str, diet: str) -> bool:
    dish = venue.dish(dish_id)
    assert dish is not None
    return check(dish, Constraints(dietary=[diet])).ok


def test_a_count_is_made_up_with_a_split_dish_said_to_be_split(venue: VenueKnowledge) -> None:
    """Three vegetarian, gluten-free starters: two have champions; the third is one a colleague likes and another
    would skip, ranked last, with the dissent quoted from its note."""
    wants = Constraints(dietary=["vegetarian", "gluten-free"], allergies=["gluten"], course="starter")
    decision = recommend(venue, wants, count=3)
    assert len(decision.picks) == 3
    *backed, split = decision.picks
    assert all(not p.dissent for p in backed)
    assert split.dissent
    assert split.dissent[0].stance in ("mixed", "skip")
    note = next(n for n in venue.notes if n.id == split.dissent[0].note)
    assert split.dissent[0].quote in " ".join(note.body.split())
    assert split.citations
    assert split.citations[0].stance in ("love", "like")


def test_a_dish_only_disliked_never_makes_up_a_count(venue: VenueKnowledge) -> None:
    """No one backs the tabbouleh or the sorbet: no count is worth a pick nobody stands behind."""
    decision = recommend(venue, Constraints(course="starter"), count=12)
    assert {"tabbouleh", "fattoush"}.isdisjoint(p.id for p in decision.picks)
    assert all(p.citations for p in decision.picks)


def test_not_too_sweet_desserts_are_the_ones_staff_say_hold_back(venue: VenueKnowledge) -> None:
    """Every dessert is sweet; a guest who wants less sugar gets the ones whose notes say so, told as much."""
    decision = recommend(venue, Constraints(dislikes=["sweet"], course="dessert"))
    assert decision.picks
    assert decision.tempered == ["sweet"]
    assert {p.id for p in decision.picks} <= {"chocolate-tahini-tart", "olive-oil-cake"}
    assert "sweet" not in decision.constraints.dislikes


def test_a_hard_taste_limit_that_leaves_dishes_is_not_tempered(venue: VenueKnowledge) -> None:
    decision = recommend(venue, Constraints(dislikes=["spicy"], course="main"))
    assert decision.tempered == []
    assert all("spicy" not in p.fits for p in decision.picks)
    assert "charred-cauliflower" not in {p.id for p in decision.picks}


def test_a_diet_some_of_the_table_keeps_gets_at_least_one_pick(venue: VenueKnowledge) -> None:
    """Mains for four where two don't eat meat: the list still leads with the kitchen's best, and at least one
    pick is vegetarian and says so."""
    wants = Constraints(course="main", some_dietary=["vegetarian"])
    decision = recommend(venue, wants, count=3)
    veg = [p for p in decision.picks if _keeps(venue, p.id, "vegetarian")]
    assert veg
    assert veg[0].suits == ["vegetarian"]
    assert any(not _keeps(venue, p.id, "vegetarian") for p in decision.picks)
    assert sum(1 for p in decision.picks if p.suits) == 1  # said once


def test_plates_to_share_keep_to_every_diet_at_the_table(venue: VenueKnowledge) -> None:
    wants = Constraints(course="starter", some_dietary=["vegan"])
    decision = recommend(venue, wants, count=3, shared=True)
    assert decision.picks
    for pick in decision.picks:
        assert _keeps(venue, pick.id, "vegan")


def test_one_persons_favourites_lead_in_their_words(venue: VenueKnowledge) -> None:
    """ "What would the pastry chef order?": dishes Priya backs, each quoting Priya first."""
    decision = recommend(venue, Constraints(), by="priya")
    assert decision.picks
    for pick in decision.picks:
        assert pick.citations[0].author == "priya"


def test_plain_food_is_found_in_what_staff_write(venue: VenueKnowledge) -> None:
    """No menu calls a dish plain; Maggie's note calls the chicken "familiar", and that is what a fussy eater gets."""
    decision = recommend(venue, Constraints(likes=["plain"]), count=1)
    assert [p.id for p in decision.picks] == ["chicken-shish"]
    assert decision.picks[0].fits == ["plain"]


def test_a_meal_asked_course_by_course_gets_one_of_each(venue: VenueKnowledge) -> None:
    decision = recommend(venue, Constraints(dietary=["vegan"]), courses=["starter", "main", "dessert"])
    courses = [p.course for p in decision.picks]
    assert courses == ["starter", "main"]  # no dessert is vegan and backed: none is made up
    assert decision.asked == 3


def test_availability_brings_what_the_house_writes_of_the_dish(venue: VenueKnowledge) -> None:
    """Asked if the mansaf is on, the answer carries the venue's own note on it (weekends only, gone by eight)."""
    from bot.decide.answer import answer_question
    from bot.understand.request import Request

    decision = answer_question(
        venue, Request(text="mansaf tonight?", intent="question", mentions=["mansaf"], topics=["availability"])
    )
    visit = [f for f in decision.facts if f.topic == "visit"]
    assert visit
    assert "weekends" in visit[0].detail
