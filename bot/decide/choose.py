"""Choose exactly one of the items the guest named, say why it wins in the staff's words, and what would change it.

Dishes are ranked the way the recommender ranks them (staff conviction, fit to the guest, hard limits first), so
"lamb shoulder or sea bream?" and "top three" never disagree. Drinks are ranked by what staff think of each and by
how well they suit a dish on the table. An option the guest cannot have (an allergen, off tonight) loses, and the
answer says why.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.decide.constraint import check_drink
from bot.decide.decision import Citation, Decision, Pick, Skip
from bot.decide.recommend import STANCE_WEIGHT, Scored, cite, dish_tastes, score_dishes
from bot.knowledge.model import Dish, Drink
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request

_TELLING = ("spicy", "light", "rich", "seafood", "meat", "smoky", "sweet", "creamy", "crispy", "vegetables")


def _backers(
    venue: VenueKnowledge, item_id: str, likes: list[str], name: str, *, critics: bool = False
) -> list[Citation]:
    wanted = ("mixed", "skip") if critics else ("love", "like")
    notes = sorted(
        (n for n in venue.notes_about(item_id) if n.stance in wanted),
        key=lambda n: (STANCE_WEIGHT[n.stance] if critics else -STANCE_WEIGHT[n.stance], len(n.about) > 1, n.id),
    )
    return [cite(venue, n, likes, name) for n in notes[:2]]


def _dish_order(s: Scored) -> tuple[bool, bool, float, str]:
    return (not s.verdict.ok, not s.backed, -s.score, s.dish.id)


def _switch(winner: Dish, runner: Dish) -> str | None:
    """What the runner-up has that the winner lacks, as the taste that would make it the better pick."""
    extra = [t for t in _TELLING if t in dish_tastes(runner.name, runner.description)]
    extra = [t for t in extra if t not in dish_tastes(winner.name, winner.description)]
    return extra[0] if extra else None


def choose(venue: VenueKnowledge, request: Request, wants: Constraints, relevance: Mapping[str, float]) -> Decision:
    options = [i for i in (venue.item(m) for m in request.mentions) if i is not None]
    base = Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="choose",
        situation="nothing-fits",
        asked=1,
        constraints=wants,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
        assumed=request.assumed,
    )
    dishes = [o for o in options if isinstance(o, Dish)]
    drinks = [o for o in options if isinstance(o, Drink)]
    if len(dishes) >= len(drinks) and dishes:
        return _choose_dish(venue, dishes, wants, relevance, base)
    if drinks:
        return _choose_drink(venue, drinks, wants, request, base)
    return base


def _choose_dish(
    venue: VenueKnowledge, dishes: list[Dish], wants: Constraints, relevance: Mapping[str, float], base: Decision
) -> Decision:
    named = {d.id for d in dishes}
    scored = sorted((s for s in score_dishes(venue, wants, relevance) if s.dish.id in named), key=_dish_order)
    winner, others = scored[0], scored[1:]
    if not winner.verdict.ok:
        blocked = [
            Skip(id=s.dish.id, name=s.dish.name, why="; ".join(s.verdict.broken), reason="does-not-fit") for s in scored
        ]
        return base.model_copy(update={"skips": blocked})
    citations = _backers(venue, winner.dish.id, wants.likes, winner.dish.name)
    why = f'{citations[0].author_name} ({citations[0].role}): "{citations[0].quote}"' if citations else ""
    if len(citations) > 1:
        why += f" {' and '.join(c.author_name.split()[0] for c in citations[1:])} backs it too."
    pick = Pick(
        rank=1,
        id=winner.dish.id,
        name=winner.dish.name,
        kind="dish",
        course=winner.dish.course,
        price=winner.dish.price,
        why=why or "The stronger of the two on our own notes.",
        citations=citations,
        fits=list(winner.fits),
        change=winner.verdict.change,
    )
    skips: list[Skip] = []
    switch = None
    for s in others:
        if not s.verdict.ok:
            skips.append(Skip(id=s.dish.id, name=s.dish.name, why="; ".join(s.verdict.broken), reason="does-not-fit"))
            continue
        critics = _backers(venue, s.dish.id, wants.likes, s.dish.name, critics=True)
        fans = _backers(venue, s.dish.id, wants.likes, s.dish.name)
        said = (critics or fans)[:1]
        why = f'{said[0].author_name.split()[0]} says "{said[0].quote.rstrip(".")}"' if said else "fewer of us back it"
        skips.append(Skip(id=s.dish.id, name=s.dish.name, why=why, reason="runner-up", citations=said))
        switch = switch or _switch(winner.dish, s.dish)
    return base.model_copy(update={"situation": "choice", "picks": [pick], "skips": skips, "switch_if": switch})


def _drink_opinion(venue: VenueKnowledge, drink: Drink, request: Request) -> float:
    own = sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(drink.id))
    with_table = sum(2.0 for other, _ in venue.pairings(drink.id) if other in request.mentions)
    return own + with_table


def _choose_drink(
    venue: VenueKnowledge, drinks: list[Drink], wants: Constraints, request: Request, base: Decision
) -> Decision:
    def order(d: Drink) -> tuple[bool, float, str]:
        return (not check_drink(d, wants).ok, -_drink_opinion(venue, d, request), d.id)

    ranked = sorted(drinks, key=order)
    winner = ranked[0]
    verdict = check_drink(winner, wants)
    if not verdict.ok:
        skips = [
            Skip(id=d.id, name=d.name, why="; ".join(check_drink(d, wants).broken), reason="does-not-fit")
            for d in ranked
        ]
        return base.model_copy(update={"skips": skips})
    citations = _backers(venue, winner.id, [], winner.name)
    described = ", ".join(x for x in (winner.style, winner.region) if x)
    why = f'{citations[0].author_name}: "{citations[0].quote}"' if citations else f"{described}: {winner.description}"
    price = winner.price_glass if winner.price_glass is not None else winner.price_bottle
    pick = Pick(
        rank=1,
        id=winner.id,
        name=winner.name,
        kind="drink",
        price=price,
        why=why,
        citations=citations,
        serve="glass" if winner.price_glass is not None else "bottle",
        bottle_price=winner.price_bottle,
        reasons=[] if citations else [described] if described else [],
    )
    skips = []
    for d in ranked[1:]:
        said = _backers(venue, d.id, [], d.name, critics=True)[:1]
        why = (
            f'{said[0].author_name.split()[0]} says "{said[0].quote.rstrip(".")}"' if said else "less of a fit tonight"
        )
        skips.append(Skip(id=d.id, name=d.name, why=why, reason="runner-up", citations=said))
    return base.model_copy(update={"situation": "choice", "picks": [pick], "skips": skips})
