"""A drink with no dish in view: a drink like one the guest cannot have, and tastes read from the list's own words
(high acidity is sour to someone who hates acidic wine; an off-dry drink is second best for someone who hates sweet
ones)."""

from __future__ import annotations

import pytest

from bot.decide.decision import Decision
from bot.decide.drink import pick_drinks
from bot.knowledge.venue import VenueKnowledge
from bot.understand.naming import names_for
from bot.understand.request import Constraints, DrinkAsk, Request, Role
from tests.conftest import Read


def drinks(read: Read, venue: VenueKnowledge, text: str, role: Role = "guest") -> Decision:
    request = read(text, names=names_for([*venue.dishes, *venue.drinks], venue))
    assert request.intent == "drink", text
    return pick_drinks(venue, request, request.constraints, role=role)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("we're out of the ksara blanc de blancs, what's the closest thing?", "ksara-blanc-de-blancs-2022"),
        ("we ran out of the almaza, what's similar?", "almaza"),
        ("something like the musar red but by the glass", "musar-red-2016"),
    ],
)
def test_a_drink_like_the_named_one_is_never_the_named_one(
    read: Read, venue: VenueKnowledge, text: str, named: str
) -> None:
    decision = drinks(read, venue, text, role="staff")
    assert decision.picks
    assert named not in {p.id for p in decision.picks}
    kind = venue.drink(named).kind  # type: ignore[union-attr]
    assert {venue.drink(p.id).kind for p in decision.picks} == {kind}  # type: ignore[union-attr]


def test_the_nearest_drink_is_the_one_whose_body_and_acidity_are_nearest(venue: VenueKnowledge) -> None:
    """The barrel-aged Ksara is medium in acid: the soft Musar white is nearer it than the searing Assyrtiko."""
    request = Request(text="", intent="drink", drink=DrinkAsk(), instead=["ksara-blanc-de-blancs-2022"])
    decision = pick_drinks(venue, request, Constraints(), role="guest")
    assert [p.id for p in decision.picks] == ["musar-jeune-white-2022"]


def test_someone_who_hates_acidic_wine_gets_no_high_acid_white(read: Read, venue: VenueKnowledge) -> None:
    decision = drinks(read, venue, "a glass of white please, but I hate sour acidic wines", role="staff")
    assert decision.picks
    assert not {p.id for p in decision.picks} & {"sancerre-2022", "sigalas-assyrtiko-2023"}


def test_an_off_dry_drink_is_second_best_for_someone_who_hates_sweet(venue: VenueKnowledge) -> None:
    ask = DrinkAsk(kinds=frozenset({"non-alcoholic"}))
    plain = pick_drinks(venue, Request(text="", intent="drink", drink=ask), Constraints(), role="staff")
    hates = pick_drinks(
        venue, Request(text="", intent="drink", drink=ask), Constraints(dislikes=["sweet"]), role="staff"
    )
    assert plain.picks[0].id == "mint-lemonade"  # the staff's favourite, and off-dry
    assert "mint-lemonade" not in {p.id for p in hates.picks[:1]}
