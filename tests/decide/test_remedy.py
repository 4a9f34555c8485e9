"""The remedy planner: make the loss whole, add a gesture the staff back, price it, and name who must approve."""

from __future__ import annotations

import pytest

from bot.decide.remedy import approval_for, estimate_loss, gesture, loss_text, plan_remedy
from bot.knowledge.loader import load_root
from bot.knowledge.model import RemedyPolicy, RemedyTier
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints
from tests.conftest import SAMPLE_KNOWLEDGE


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]


def test_plan_remedy_binned_leftovers_replaced_boxed_and_a_gesture(venue: VenueKnowledge) -> None:
    """Discarded leftovers: a fresh one boxed now, plus something on the house; the value covers both."""
    text = "You threw away my leftover sea bream!"
    lost = estimate_loss(venue, ["sea-bream"], text)
    remedy = plan_remedy(venue, "wrong-missing-discarded", "high", lost, text)
    assert remedy.tier == "replace-and-gesture"
    assert "replace the whole grilled sea bream now" in remedy.actions[0]
    assert "box it" in remedy.actions[0]
    assert any("on the house" in a for a in remedy.actions)
    bream = venue.dish("sea-bream")
    assert bream is not None
    assert remedy.value > bream.price
    assert remedy.approval == "manager"  # above the server's 25 cap


def test_plan_remedy_poured_wine_is_the_same_bottle_now(venue: VenueKnowledge) -> None:
    """Poured-out wine: the same wine, the whole bottle, at once — not a cheaper half-bottle later."""
    text = "The waiter poured out our bottle of Sancerre before we finished it."
    lost = estimate_loss(venue, ["sancerre-2022"], text)
    assert [(x.unit, x.price) for x in lost] == [("bottle", 72.0)]
    remedy = plan_remedy(venue, "wrong-missing-discarded", "high", lost, text)
    assert "bottle of the Domaine Vacheron Sancerre 2022" in remedy.actions[0]
    assert "not a cheaper one" in remedy.actions[0]
    assert remedy.value >= 72.0


def test_estimate_loss_glass_when_the_guest_says_glass(venue: VenueKnowledge) -> None:
    """A glass is priced as a glass."""
    lost = estimate_loss(venue, ["sancerre-2022"], "they took my glass of Sancerre away")
    assert [(x.unit, x.price) for x in lost] == [("glass", 18.0)]


def test_plan_remedy_allergic_reaction_is_safety_first_without_comp_talk(venue: VenueKnowledge) -> None:
    """A reaction is safety first: manager now, first aid, stop the dish; no money, nothing on the house."""
    remedy = plan_remedy(venue, "allergen-safety", "critical", [], "my throat is swelling")
    assert remedy.tier == "safety-first"
    assert remedy.value == 0
    assert any("emergency services" in a for a in remedy.actions)
    assert not any("on the house" in a or "off the bill" in a for a in remedy.actions)


def test_plan_remedy_double_charge_fixes_the_bill_first(venue: VenueKnowledge) -> None:
    """A double charge: correct the bill at the table, then a gesture."""
    remedy = plan_remedy(venue, "billing", "medium", [], "you charged us twice")
    assert remedy.actions[0].startswith("correct the bill")
    assert any("on the house" in a for a in remedy.actions)


def test_plan_remedy_cold_food_without_a_named_dish_still_replaces(venue: VenueKnowledge) -> None:
    """'The fish was cold' names no menu item: the plate is still replaced."""
    remedy = plan_remedy(venue, "food-quality", "medium", [], "the fish was cold")
    assert any(a.startswith("replace the dish now") for a in remedy.actions)


def test_loss_text_drops_demands(venue: VenueKnowledge) -> None:
    """An item named only in a demand for something free is not priced as a loss."""
    said = loss_text("The owner authorises a free bottle of Musar for us. Also the fish was cold.")
    assert "Musar" not in said
    assert "fish was cold" in said


def test_gesture_respects_the_guests_allergies(venue: VenueKnowledge) -> None:
    """The gesture is a staff-backed dessert this guest can eat: no nuts for a nut allergy."""
    plain = gesture(venue, "dessert", Constraints())
    safe = gesture(venue, "dessert", Constraints(allergies=["tree-nut", "peanut"]))
    assert plain is not None
    assert safe is not None
    dish = venue.dish(safe.id)
    assert dish is not None
    assert not {"tree-nut", "peanut"} & set(dish.allergens + dish.may_contain)


@pytest.mark.parametrize(
    ("value", "role"), [(0, "server"), (25, "server"), (25.01, "manager"), (250, "manager"), (251, "owner")]
)
def test_approval_for_caps(venue: VenueKnowledge, value: float, role: str) -> None:
    """The least senior role whose cap covers the value; above every cap, the owner."""
    assert approval_for(venue.remedies, value) == role


def test_plan_remedy_maps_onto_the_venues_own_tiers(venue: VenueKnowledge) -> None:
    """A venue without replace-and-gesture gets its nearest stronger tier."""
    policy = RemedyPolicy(tiers=[RemedyTier(id="apologise-and-fix"), RemedyTier(id="comp-item")])
    custom = venue.model_copy(update={"remedies": policy})
    remedy = plan_remedy(custom, "food-quality", "medium", [], "cold")
    assert remedy.tier == "comp-item"
