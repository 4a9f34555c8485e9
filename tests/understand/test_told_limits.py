"""Limits told, not grievances reported: an allergy said as a habit ("sulphites give me a bad reaction"), a list
under one allergy word ("tree nut and peanut allergy"), an adrenaline pen carried rather than used, a dry month,
a child's "nothing green" (the leaves and the herbs, not the tomato), and one diner, who gets no dish for two."""

from __future__ import annotations

import pytest

from bot.decide.constraint import check, feeds
from bot.decide.drink import pick_drinks
from bot.decide.recommend import STANCE_WEIGHT, recommend
from bot.knowledge.loader import load_venue
from bot.understand.request import Constraints
from tests.conftest import Read
from tests.understand.test_alternatives import SAMPLE


@pytest.mark.parametrize(
    ("text", "allergies"),
    [
        ("severe tree nut AND peanut allergy", ["tree-nut", "peanut"]),
        ("sesame and shellfish allergies here", ["sesame", "crustacean-shellfish", "mollusc"]),
        ("fyi sulphites give me a bad reaction", ["sulphite"]),
    ],
)
def test_an_allergy_word_after_a_list_covers_the_list(read: Read, text: str, allergies: list[str]) -> None:
    constraints = read(text).constraints
    assert constraints.allergies == allergies
    assert not constraints.likes  # a named allergen is never a taste the guest is after


def test_a_limit_told_is_no_grievance(read: Read) -> None:
    assert read("fyi sulphites give me a bad reaction").intent != "complaint"


def test_an_adrenaline_pen_carried_is_an_allergy_used_an_emergency(read: Read) -> None:
    carried = read("my son has a severe tree nut allergy, carries an epipen. which dessert can he have?")
    assert carried.intent == "recommend"
    assert carried.constraints.allergies == ["tree-nut"]
    used = read("we had to use his epipen after the knafeh")
    assert used.intent == "complaint"
    assert used.complaint is not None
    assert used.complaint.severity == "critical"


@pytest.mark.parametrize("text", ["doing dry december this year", "it's dry july for me"])
def test_a_dry_month_is_no_alcohol(read: Read, text: str) -> None:
    assert read(text).constraints.no_alcohol


def test_nothing_green_keeps_the_tomato_and_pickles() -> None:
    """The chicken shish (pickles, grilled tomato) stays for a child who eats nothing green; the herby and leafy
    dishes go."""
    venue = load_venue(SAMPLE)
    picks = recommend(venue, Constraints(dislikes=["green"], likes=["plain"]), count=3).picks
    ids = [p.id for p in picks]
    assert "chicken-shish" in ids
    assert not {"tabbouleh", "charred-broccolini", "fattoush"} & set(ids)


def test_one_diner_gets_no_dish_made_for_two(read: Read) -> None:
    """ "Just me tonight" holds one diner; the lamb shoulder ("enough for two") and the mixed grill for two are out,
    and a dish for one is untouched; the halloumi note's "for two minutes" says nothing of portions."""
    request = read("Eating solo at the bar tonight. What main?")
    assert request.constraints.diners == 1
    venue = load_venue(SAMPLE)
    assert {feeds(d.name, d.description) for d in venue.dishes if d.id in ("lamb-shoulder", "mixed-grill")} == {2}
    assert feeds("Grilled halloumi", "crisp for two minutes, then rubbery") == 1
    mains = [p.id for p in recommend(venue, request.constraints, count=12).picks]
    assert mains
    assert not {"lamb-shoulder", "mixed-grill"} & set(mains)
    assert not check(venue.dish("lamb-shoulder"), request.constraints).ok  # type: ignore[arg-type]
    assert check(venue.dish("adana-kebab"), request.constraints).ok  # type: ignore[arg-type]
    assert read("table for four, what's good?").constraints.diners is None


def test_drink_asks_by_serve_temperature_and_alcohol(read: Read) -> None:
    """A serve after "not" is the one not wanted; "something hot" is a hot drink, not a spicy one; "with alcohol"
    is any kind but the alcohol-free."""
    glass = read("I want to try Lebanese wine but just a glass, not a whole bottle. What are my options?").drink
    assert (glass.serve, glass.glass_only) == ("glass", True)
    hot = read("something hot to sip with dessert?")
    assert "hot" in hot.drink.styles
    assert "spicy" not in hot.constraints.likes
    boozy = read("so what can i drink? still want something with alcohol").drink
    assert boozy.kinds == frozenset({"wine", "beer", "cocktail", "spirit"})


def test_a_severe_allergy_takes_no_dish_that_needs_the_allergen_left_out(read: Read) -> None:
    """The knafeh is nut-free once the pistachio is left off: fine for "allergic to nuts", not for a severe
    allergy with an adrenaline pen, where the kitchen's change is not enough to stake a child on."""
    venue = load_venue(SAMPLE)
    knafeh = venue.dish("knafeh")
    assert knafeh is not None
    plain = read("I'm allergic to nuts, which dessert?").constraints
    severe = read("my son has a severe tree nut and peanut allergy, carries an epipen. which dessert?").constraints
    assert not plain.severe
    assert severe.severe
    assert check(knafeh, plain).ok
    assert check(knafeh, plain).changes
    assert not check(knafeh, severe).ok
    assert severe.merged_with(Constraints(course="main")).severe  # it holds for the rest of the conversation


def test_drink_kinds_said_after_not_and_a_guest_who_means_to_spend(read: Read) -> None:
    assert read("Not a cocktail person. Give me a spirit to sip.").drink.kinds == frozenset({"spirit"})
    grand = read("Celebrating a promotion, money is no object. The best red bottle you have?").drink
    assert grand.priciest
    assert not grand.cheapest
    assert "alcoholic" not in read("I'm pregnant so no alcohol for me tonight").constraints.dislikes


def test_a_guest_not_drinking_who_asks_for_a_kind_gets_its_alcohol_free_take(read: Read) -> None:
    """No alcohol said before, then "all my friends are getting cocktails": alcohol-free drinks, not "nothing fits";
    money no object: the grandest bottle of the colour asked that someone on staff backs."""
    venue = load_venue(SAMPLE)
    ask = read("but I want something that feels fancy?? all my friends are getting cocktails")
    decision = pick_drinks(venue, ask, ask.constraints.model_copy(update={"no_alcohol": True}), role="guest")
    assert decision.picks
    assert all(venue.drink(p.id).kind == "non-alcoholic" for p in decision.picks)  # type: ignore[union-attr]
    grand = read("money is no object, the best red bottle you have?")
    best = pick_drinks(venue, grand, grand.constraints, role="guest").picks[0]
    backed = [
        d
        for d in venue.drinks
        if d.available
        and "red" in (d.style or "")
        and sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(d.id)) > 0
    ]
    assert best.id == max(backed, key=lambda d: d.price_bottle or 0).id  # the grandest one the staff stand behind


def test_a_price_cap_for_tonight_is_an_order_not_a_grievance(read: Read) -> None:
    cap = read("broke student here lol, my cap for food tonight is $25")
    assert cap.constraints.budget == 25.0
    assert cap.intent != "complaint"
    assert read("the bill says $120 but we only had two mains under $30").intent == "complaint"


def test_a_drink_taste_disliked_counts_only_where_the_drink_shows_it(read: Read) -> None:
    """ "I hate sweet drinks, which cocktail?": the cocktails that are "barely sweet" still count, the one that is
    "medium-sweet" does not, and the answer is a cocktail rather than nothing."""
    venue = load_venue(SAMPLE)
    ask = read("I hate sweet drinks with a passion. Which cocktail?")
    picks = pick_drinks(venue, ask, ask.constraints, role="staff").picks
    assert picks
    assert all(venue.drink(p.id).kind == "cocktail" for p in picks)  # type: ignore[union-attr]
    assert "rose-mai-tai" not in {p.id for p in picks}


def test_a_kind_of_dish_ruled_out_is_no_group_to_choose_among(read: Read) -> None:
    """ "no bread no rice" asks for neither: the breads are not the dishes to pick from."""
    request = read("doing keto so no bread no rice no sugar. what's a good dinner for me")
    assert request.intent == "recommend"
    assert request.among == []
    assert {"bread", "rice", "sweet"} <= set(request.constraints.dislikes)
    assert read("which of the breads is best?").among  # named as the group, it still is one
