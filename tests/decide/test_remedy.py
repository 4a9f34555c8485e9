"""The remedy planner: make the loss whole, add a gesture the staff back, price it, and name who must approve."""

from __future__ import annotations

import pytest

from bot.decide.remedy import approval_for, estimate_loss, gesture, plan_remedy
from bot.knowledge.loader import load_root
from bot.knowledge.model import RemedyPolicy, RemedyTier
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Lost
from tests.conftest import SAMPLE_KNOWLEDGE, Read


@pytest.fixture(scope="module")
def venue() -> VenueKnowledge:
    return load_root(SAMPLE_KNOWLEDGE).venues["cedar-and-tide"]


def test_plan_remedy_binned_leftovers_replaced_boxed_and_a_gesture(venue: VenueKnowledge) -> None:
    """Discarded leftovers: a fresh one boxed now, plus something on the house; the value covers both."""
    lost = estimate_loss(venue, [Lost(id="sea-bream")])
    remedy = plan_remedy(venue, "wrong-missing-discarded", "high", lost, takeaway=True)
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
    lost = estimate_loss(venue, [Lost(id="sancerre-2022", unit="bottle")])
    assert [(x.unit, x.price) for x in lost] == [("bottle", 72.0)]
    remedy = plan_remedy(venue, "wrong-missing-discarded", "high", lost)
    assert "bottle of the Domaine Vacheron Sancerre 2022" in remedy.actions[0]
    assert "not a cheaper one" in remedy.actions[0]
    assert remedy.value >= 72.0


def test_estimate_loss_glass_when_the_guest_says_glass(venue: VenueKnowledge) -> None:
    """A glass is priced as a glass, two glasses as two glasses."""
    assert [(x.unit, x.price) for x in estimate_loss(venue, [Lost(id="sancerre-2022", unit="glass")])] == [
        ("glass", 18.0)
    ]
    two = estimate_loss(venue, [Lost(id="sancerre-2022", unit="glass", quantity=2)])
    assert [(x.unit, x.amount) for x in two] == [("glass", 36.0)]


@pytest.mark.parametrize(
    ("text", "unit", "quantity"),
    [
        ("they took my glass of Sancerre away", "glass", 1),
        ("the busboy poured out our two glasses of the Sancerre", "glass", 2),
        ("The waiter poured out our bottle of Sancerre before we finished it.", "bottle", 1),
        ("you threw away both bottles of sancerre we were saving", "bottle", 2),
    ],
)
def test_read_loss_counts_what_the_guest_counted(text: str, unit: str, quantity: int, read: Read) -> None:
    """The reader counts glasses as glasses and bottles as bottles: two glasses are never two bottles."""
    request = read(text)
    assert request.complaint is not None
    assert [(x.id, x.unit, x.quantity) for x in request.complaint.lost] == [("sancerre-2022", unit, quantity)]


def test_read_loss_knows_the_food_was_going_home(read: Read) -> None:
    """Leftovers that were to be boxed are read as a takeaway, so the replacement is boxed too."""
    request = read("We asked for the rest of our sea bream to be boxed up and the server threw it away.")
    assert request.complaint is not None
    assert request.complaint.takeaway
    assert [x.id for x in request.complaint.lost] == ["sea-bream"]


def test_plan_remedy_allergic_reaction_is_safety_first_without_comp_talk(venue: VenueKnowledge) -> None:
    """A reaction is safety first: manager now, first aid, stop the dish; no money, nothing on the house."""
    remedy = plan_remedy(venue, "allergen-safety", "critical", [])
    assert remedy.tier == "safety-first"
    assert remedy.value == 0
    assert any("emergency services" in a for a in remedy.actions)
    assert not any("on the house" in a or "off the bill" in a for a in remedy.actions)


def test_plan_remedy_double_charge_fixes_the_bill_first(venue: VenueKnowledge) -> None:
    """A double charge: correct the bill at the table, then a gesture."""
    remedy = plan_remedy(venue, "billing", "medium", [])
    assert remedy.actions[0].startswith("correct the bill")
    assert any("on the house" in a for a in remedy.actions)


def test_plan_remedy_cold_food_without_a_named_dish_still_replaces(venue: VenueKnowledge) -> None:
    """'The fish was cold' names no menu item: the plate is still replaced."""
    remedy = plan_remedy(venue, "food-quality", "medium", [])
    assert any(a.startswith("replace the dish now") for a in remedy.actions)


def test_read_loss_drops_demands(read: Read) -> None:
    """An item named only in a demand for something free is not priced as a loss."""
    request = read("The fish was cold and the owner said you'd give us a free bottle of Musar.")
    assert request.complaint is not None
    assert not [x for x in request.complaint.lost if "musar" in x.id]


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
    remedy = plan_remedy(custom, "food-quality", "medium", [])
    assert remedy.tier == "comp-item"
