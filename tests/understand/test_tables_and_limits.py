"""Reading a table rather than a person: diets some of the party keep, exclusive limits ("I only eat chicken"),
tastes wanted less of, references that choose from a list, and staff asked for by role."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.concierge import _staff_words
from bot.knowledge.loader import load_venue
from bot.understand.lexicon import needs_in
from bot.understand.reader import Context
from bot.understand.request import Constraints
from bot.understand.taste import other_proteins
from tests.conftest import Read

SAMPLE = Path(__file__).resolve().parents[2] / "knowledge" / "cedar-and-tide"


@pytest.mark.parametrize(
    ("text", "whole", "some"),
    [
        ("we're 4 tonight, two don't eat meat", [], ["vegetarian"]),
        ("one of us is vegan", [], ["vegan"]),
        ("the other two are pescatarian", [], ["pescatarian"]),
        ("we are all vegan", ["vegan"], []),
        ("the two of us are vegetarian", ["vegetarian"], []),
        ("i'm vegetarian", ["vegetarian"], []),
    ],
)
def test_a_diet_said_of_part_of_the_table_is_theirs(text: str, whole: list[str], some: list[str]) -> None:
    """A count before a chosen diet gives it to part of the party; "all", "the two of us" or "I" give it to all."""
    needs = needs_in(text)
    assert list(needs.dietary) == whole
    assert list(needs.some_diets) == some


def test_a_condition_is_never_split_across_the_table() -> None:
    """ "One celiac" still rules every plate: a kitchen's gluten reaches whoever shares it."""
    needs = needs_in("4 top on 7, one celiac, one veggie")
    assert "gluten" in needs.allergies
    assert list(needs.some_diets) == ["vegetarian"]


def test_some_of_an_unknown_party_is_the_whole_party(read: Read) -> None:
    """ "Two veggies" at a table of unknown size are taken to be the table: read wrongly, a vegetarian gets lamb."""
    request = read("t12 two veggies, one has a tree nut allergy. which mains do i steer them to")
    assert "vegetarian" in request.constraints.dietary
    assert request.constraints.some_dietary == []
    mixed = read("we're 3 and one of us is vegetarian, top three?")
    assert mixed.constraints.some_dietary == ["vegetarian"]
    assert mixed.constraints.dietary == []


def test_sharing_is_read(read: Read) -> None:
    assert read("need 3 starters they can all share").shared
    assert not read("which mains should we get?").shared


@pytest.mark.parametrize(
    ("text", "kept", "ruled_out"),
    [
        ("i only eat chicken tbh", "chicken", {"lamb", "beef", "pork", "seafood"}),
        ("the only meat i eat is chicken", "chicken", {"lamb", "beef", "pork", "duck"}),
        ("my son will only eat chicken", "chicken", {"lamb", "seafood"}),
    ],
)
def test_only_eating_one_protein_rules_out_the_others(text: str, kept: str, ruled_out: set[str]) -> None:
    needs = needs_in(text)
    assert kept in needs.likes
    assert ruled_out <= set(needs.dislikes)


def test_the_only_meat_keeps_the_fish() -> None:
    """Naming the kind ("the only meat") leaves the other kinds alone."""
    assert "seafood" not in other_proteins("chicken", same_kind=True)
    assert "seafood" in other_proteins("chicken", same_kind=False)
    assert other_proteins("spicy", same_kind=False) == ()


@pytest.mark.parametrize("text", ["only got 25 bucks", "we only have an hour", "i only want the hummus"])
def test_only_without_a_protein_rules_nothing_out(text: str) -> None:
    assert needs_in(text).dislikes == ()


@pytest.mark.parametrize(
    ("text", "taste"),
    [("finds most desserts way too sugary", "sweet"), ("nothing too spicy", "spicy"), ("not overly rich", "rich")],
)
def test_too_much_of_a_taste_is_a_dislike(text: str, taste: str) -> None:
    assert taste in needs_in(text).dislikes
    assert taste not in needs_in(text).likes


def test_i_love_it_too_is_still_a_like() -> None:
    assert needs_in("i love lamb too").likes == ("lamb",)


def test_out_of_those_chooses_from_the_last_picks(read: Read) -> None:
    """ "Out of those, which is the best?" keeps to what was just listed, in place of the whole menu."""
    context = Context(picks=("charred-cauliflower", "chicken-shish", "adana-kebab"), last_act="recommend")
    request = read("ok and out of those which is the best", context=context)
    assert request.intent == "recommend"
    assert request.among == ["charred-cauliflower", "chicken-shish", "adana-kebab"]
    assert request.besides == []


def test_they_meaning_people_does_not_exclude_the_last_picks(read: Read) -> None:
    context = Context(picks=("hummus", "lamb-shoulder"), last_act="recommend")
    request = read("need 3 starters they can all share", context=context)
    assert request.besides == []


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("guest on 7 wants the chefs favourite, what do i tell them", "rania"),
        ("what would the pastry chef order?", "priya"),
        ("what does Elias like on the list", "elias"),
    ],
)
def test_staff_are_asked_for_by_role_as_well_as_name(text: str, person: str, read: Read) -> None:
    """A head role's noun ("the chef") is the head chef; a full role ("pastry chef") is that person."""
    staff = _staff_words(load_venue(SAMPLE))
    assert read(text, staff=staff).person == person


def test_courses_named_together_are_a_meal(read: Read) -> None:
    request = read("a starter, a main and a dessert for me please")
    assert request.courses == ["starter", "main", "dessert"]
    assert request.count == 3
    assert read("two mains and a starter").courses == []


def test_a_price_alone_narrows_the_last_ask(read: Read) -> None:
    """ "Any under 15?" after a drinks answer asks the same of a price; after top mains, of mains under it."""
    drink = read("any under 15?", context=Context(last_act="drink", picks=("musar-red-2016",)))
    assert drink.intent == "drink"
    mains = read("anything under 30?", context=Context(last_act="recommend", course="main"))
    assert mains.intent == "recommend"
    assert mains.constraints.course == "main"
    assert mains.constraints.budget == 30


@pytest.mark.parametrize(
    ("text", "budget"),
    [("a solid red around 50-60 a bottle", 60), ("$40-50 for wine", 50), ("can we come 7-8", None)],
)
def test_a_price_range_is_read_as_its_top(text: str, budget: float | None) -> None:
    from bot.understand.quantity import budget_in

    assert budget_in(text) == budget


def test_not_drinking_tonight_is_answered_with_what_they_can_drink(read: Read) -> None:
    """ "I'm the designated driver tonight" alone, and "what have you got for me?" after it, ask for drinks without
    alcohol; after a drinks answer, "what's good here?" is about the food."""
    assert read("I'm the designated driver tonight").intent == "drink"
    abstaining = Context(last_act="drink", constraints=Constraints(no_alcohol=True))
    assert read("what have you got for me?", context=abstaining).intent == "drink"
    after_wine = Context(last_act="drink", picks=("musar-red-2016",))
    assert read("and whats good here", context=after_wine).intent == "recommend"


@pytest.mark.parametrize("text", ["marhaba!", "gracias!!", "thanks so much!!", "hey there"])
def test_a_message_of_pleasantries_alone_is_small_talk(text: str, read: Read) -> None:
    """Nothing else is asked, so no picks: a greeting in the venue's other languages is still a greeting."""
    assert read(text).intent == "smalltalk"


def test_a_pleasantry_before_an_ask_leaves_the_ask(read: Read) -> None:
    assert read("hi, top 3?").intent == "recommend"


def test_wait_as_an_interjection_is_no_complaint_about_waiting(read: Read) -> None:
    assert read("wait am i talking to a real person rn").intent != "complaint"
    assert read("we had to wait an hour for our mains, not happy").intent == "complaint"


def test_a_question_about_one_allergen_asks_nothing_of_the_dish_name(read: Read) -> None:
    """ "Is there celery in the seafood soup?" holds the guest to celery, not to the seafood in the soup's name."""
    request = read("t4 celery allergy, is there celery in the seafood soup")
    assert request.intent == "question"
    assert request.constraints.allergies == ["celery"]


@pytest.mark.parametrize(
    "text",
    ["duck or lamb, which is richer? and which would u pick", "ribeye vs lamb shoulder - which is better value?"],
)
def test_a_choice_that_asks_how_they_differ_is_a_comparison(text: str, read: Read) -> None:
    assert read(text).intent == "compare"


def test_a_plain_choice_stays_a_choice(read: Read) -> None:
    assert read("kofta or adana, which is better?").intent == "choose"
