"""How named items differ, straight from the menu and the notes: course, price, what is in them, heat, what the
staff think; then a pick when the guest asked for one (the choose decider's, so the two never disagree)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.decide.choose import choose
from bot.decide.decision import Decision, Fact
from bot.decide.recommend import STANCE_WEIGHT, dish_tastes
from bot.knowledge.model import Dish, Drink, allergen_words
from bot.knowledge.venue import VenueKnowledge
from bot.money import money
from bot.understand.request import Constraints, Request

_TELLING = ("spicy", "smoky", "rich", "light", "creamy", "crispy", "sweet", "sour", "herby", "seafood", "meat")


def _profile(venue: VenueKnowledge, item: Dish | Drink) -> str:
    if isinstance(item, Dish):
        tastes = [t for t in _TELLING if t in dish_tastes(item.name, item.description)]
        parts = [f"{item.course}, {money(item.price, venue.currency)}", item.description.rstrip(".")]
        if tastes:
            parts.append(", ".join(tastes))
        if item.allergens:
            parts.append("contains " + ", ".join(allergen_words(item.allergens)))
    else:
        price = item.price_glass if item.price_glass is not None else item.price_bottle
        parts = [", ".join(x for x in (item.style, item.region) if x), money(price, venue.currency), item.description]
    notes = venue.notes_about(item.id)
    if notes:
        score = sum(STANCE_WEIGHT[n.stance] for n in notes)
        parts.append("a staff favourite" if score >= 3 else "staff are split on it" if score <= 0 else "staff like it")
    return "; ".join(p for p in parts if p)


def compare(
    venue: VenueKnowledge, request: Request, wants: Constraints, relevance: Mapping[str, float], *, pick: bool
) -> Decision:
    items = [i for i in (venue.item(m) for m in request.mentions) if i is not None][:3]
    facts = [Fact(id=i.id, name=i.name, topic="compare", detail=_profile(venue, i)) for i in items]
    chosen = choose(venue, request, wants, relevance) if pick or len(items) >= 2 else None
    base = Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="compare",
        situation="compare",
        facts=facts,
        constraints=wants,
        assumed=request.assumed,
    )
    if chosen is not None and chosen.picks:
        update = {"picks": chosen.picks, "switch_if": chosen.switch_if, "confirm_with_staff": chosen.confirm_with_staff}
        return base.model_copy(update=update)
    return base
