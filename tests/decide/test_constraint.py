"""Hard constraints: diets, allergens (with kitchen changes and traces), dislikes, budget, course, availability."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.decide.constraint import check, check_drink
from bot.knowledge.loader import load_venue
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints


@pytest.fixture
def mini(mini_root: Path) -> VenueKnowledge:
    return load_venue(mini_root / "mini-mezze")


def _ok(venue: VenueKnowledge, dish_id: str, **wants: object) -> bool:
    dish = venue.dish(dish_id)
    assert dish is not None
    return check(dish, Constraints.model_validate(wants)).ok


@pytest.mark.parametrize(
    ("dish", "wants", "ok"),
    [
        ("harissa-carrots", {"dietary": ["vegan"]}, True),
        ("hummus", {"dietary": ["vegan"]}, False),
        ("hummus", {"dietary": ["vegetarian"]}, True),
        ("harissa-carrots", {"dietary": ["vegetarian"]}, True),  # vegan implies vegetarian
        ("grilled-bream", {"dietary": ["vegetarian"]}, False),
        ("grilled-bream", {"dietary": ["pescatarian"]}, True),
        ("lamb-kofta", {"dietary": ["pescatarian"]}, False),
        ("lamb-kofta", {"dietary": ["gluten-free"]}, False),
        ("fried-calamari", {"allergies": ["crustacean-shellfish"]}, False),  # traces count
        ("fried-calamari", {"allergies": ["mollusc"]}, False),
        ("grilled-bream", {"allergies": ["tree-nut", "peanut"]}, True),
        ("baklava", {"allergies": ["tree-nut"]}, False),
        ("lamb-kofta", {"dislikes": ["lamb"]}, False),
        ("grilled-bream", {"budget": 30}, False),
        ("grilled-bream", {"budget": 32}, True),
        ("grilled-bream", {"course": "starter"}, False),
        ("chocolate-tart", {}, False),  # 86'd
    ],
)
def test_check_hard_limits(mini: VenueKnowledge, dish: str, wants: dict[str, object], ok: bool) -> None:
    """Each hard limit rules a dish in or out as a careful server would."""
    assert _ok(mini, dish, **wants) is ok


def test_check_allergen_removable_only_with_change(mini: VenueKnowledge) -> None:
    """A dish whose allergen the kitchen can leave out passes, carrying the change the guest must ask for."""
    dish = mini.dish("harissa-carrots")
    assert dish is not None
    verdict = check(dish, Constraints(allergies=["tree-nut"]))
    assert verdict.ok
    assert verdict.change == "ask for it without the dukkah"


def test_check_dairy_free_through_can_omit(mini: VenueKnowledge) -> None:
    """An untagged dish qualifies for dairy-free only through its own can_omit, and says how."""
    dish = mini.dish("hummus")
    assert dish is not None
    verdict = check(dish, Constraints(dietary=["dairy-free"]))
    assert verdict.ok
    assert verdict.change == "ask for it without the chili butter"


def test_check_broken_reasons_are_plain(mini: VenueKnowledge) -> None:
    """A refusal says why in words a guest understands."""
    dish = mini.dish("baklava")
    assert dish is not None
    verdict = check(dish, Constraints(allergies=["tree-nut"], dietary=["vegan"]))
    assert not verdict.ok
    assert "contains tree nuts" in verdict.broken
    assert "not vegan" in verdict.broken


def test_check_drink_allergen(mini: VenueKnowledge) -> None:
    """A drink with a listed allergen is out for a guest allergic to it."""
    wine = mini.drink("assyrtiko")
    assert wine is not None
    assert not check_drink(wine, Constraints(allergies=["sulphite"])).ok
    assert check_drink(wine, Constraints(allergies=["gluten"])).ok
