"""A drink with no dish in view: by kind, style, origin, price and serve, ranked by what the staff think of it.

The same limits as a pairing hold (allergies, diets, tonight's list, the guest's price for the serve they named);
without a pairing to judge, staff notes rank the list, then breadth of backing; "the cheapest" ranks by price.
"""

from __future__ import annotations

from bot.decide.constraint import check_drink
from bot.decide.decision import Decision, Pick, Skip
from bot.decide.pairing import (
    GUEST_COUNT,
    STAFF_COUNT,
    at_the_limit,
    body_matches,
    drink_dislikes,
    drink_profile,
    misses,
    region_of,
    serve_for,
    styles_shown,
)
from bot.decide.recommend import STANCE_WEIGHT, cite
from bot.knowledge.model import Drink
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request, Role


def _dessert_wine(drink: Drink) -> bool:
    return "sweet" in styles_shown(drink.style or "")


_LEVELS = ("weight", "acidity", "sweetness", "tannin", "bitterness")  # the profile levels two drinks are compared on


def _resemblance(drink: Drink, like: list[Drink]) -> tuple[int, int]:
    """How like the named drinks this one is, for sorting: first how far its body, acidity, sweetness, tannin and
    bitterness are from theirs (a soft white is nearer a barrel-aged one than a searing Assyrtiko is), then how
    many of the styles their words show it shows too ("white", "dry")."""
    shown = styles_shown(f"{drink.style or ''} {drink.description}")
    mine = drink_profile(drink)
    return min(
        (
            sum(abs(getattr(mine, f) - getattr(drink_profile(other), f)) for f in _LEVELS),
            -len(shown & styles_shown(f"{other.style or ''} {other.description}")),
        )
        for other in like
    )


def _edges_toward(drink: Drink, wants: Constraints) -> int:
    """1 for a drink that is a little of what the guest dislikes: an off-dry lemonade passes for someone who hates
    sugary drinks, but a dry one suits them better."""
    return int("sweet" in wants.dislikes and drink_profile(drink).sweetness >= 1)


def _opinion(venue: VenueKnowledge, drink: Drink) -> float:
    notes = venue.notes_about(drink.id)
    return sum(STANCE_WEIGHT[n.stance] for n in notes) + 0.5 * len({n.author for n in notes if n.stance == "love"})


def pick_drinks(venue: VenueKnowledge, request: Request, wants: Constraints, *, role: Role) -> Decision:
    """The drinks that fit the ask, best first; "under $15" with nothing below it offers the $15 one, said so."""
    return at_the_limit(lambda r: _pick_drinks(venue, r, wants, role=role), request)


def _pick_drinks(venue: VenueKnowledge, request: Request, wants: Constraints, *, role: Role) -> Decision:
    ask = request.drink
    alcoholic = sorted(ask.kinds - {"non-alcoholic"})
    if wants.no_alcohol and alcoholic:
        # Not drinking tonight, and "all my friends are getting cocktails": the alcohol-free take on that kind.
        ask = ask.model_copy(update={"kinds": frozenset({"non-alcoholic"}), "na_kind": ask.na_kind or alcoholic[0]})
    asked = request.count or (STAFF_COUNT if role == "staff" or ask.several else GUEST_COUNT)
    region = region_of(venue)
    fits: list[Drink] = []
    near: list[tuple[int, Drink, list[str]]] = []
    named = [d for d in venue.drinks if d.id in request.mentions and d.id not in request.instead]
    like = [d for d in venue.drinks if d.id in request.instead]
    if like:
        # "we're out of the ksara, what's closest?": the named drink's kind, ranked by how much of its style the
        # others share; what the guest said beyond the name (a price, the glass) still holds.
        ask = ask.model_copy(update={"kinds": ask.kinds | {d.kind for d in like}, "bases": frozenset()})
    # A dessert wine is poured when asked for by sweetness, place, base or name; "a red" or "your best bottle" is
    # a wine for the meal.
    generic = not (ask.origins or ask.bases or "sweet" in ask.styles or named)
    for drink in named or venue.drinks:  # "got any mezcal?" is about the mezcal we pour
        if drink in like or not check_drink(drink, wants).ok or drink_dislikes(drink, wants):
            continue
        if ask.kinds == {"non-alcoholic"} and drink.kind != "non-alcoholic":
            continue
        missed = misses(drink, ask, venue.currency, region)
        if _dessert_wine(drink) and generic:
            missed.append("a sweet wine")  # poured when asked for, never as "a white" or "a bottle for the table"
        if missed:
            near.append((len(missed), drink, missed))
        else:
            fits.append(drink)
    if ask.cheapest:
        fits.sort(key=lambda d: (serve_for(d, ask)[1], d.id))
    elif ask.priciest:
        # Price is no limit, not the reason: what was asked for first, then what the staff back, grandest first.
        fits.sort(key=lambda d: (-body_matches(d, ask), -(_opinion(venue, d) > 0), -serve_for(d, ask)[1], d.id))
    elif like:
        fits.sort(key=lambda d: (_resemblance(d, like), -_opinion(venue, d), serve_for(d, ask)[1], d.id))
    else:
        fits.sort(
            key=lambda d: (
                -body_matches(d, ask),
                _edges_toward(d, wants),
                -_opinion(venue, d),
                serve_for(d, ask)[1],
                d.id,
            )
        )
    picks: list[Pick] = []
    for rank, drink in enumerate(fits[:asked], start=1):
        serve, price = serve_for(drink, ask)
        backers = sorted(
            (n for n in venue.notes_about(drink.id) if n.stance in ("love", "like")),
            key=lambda n: (-STANCE_WEIGHT[n.stance], len(n.about) > 1, n.id),
        )
        citations = [cite(venue, n, [], drink.name) for n in backers[:1]]
        # The list's own description is the reason when no one on staff has written about it; where it is from
        # follows, since the style is already in the description's words.
        origin = f" From {drink.region}." if drink.region else ""
        reasons = [f"{drink.description}{origin}".strip()] if drink.description or origin else []
        why = f'{citations[0].author_name}: "{citations[0].quote}"' if citations else (reasons[0] if reasons else "")
        picks.append(
            Pick(
                rank=rank,
                id=drink.id,
                name=drink.name,
                kind="drink",
                price=price,
                why=why or drink.name,
                citations=citations,
                serve=serve,
                bottle_price=drink.price_bottle,
                reasons=[] if citations else reasons,
            )
        )
    skips: list[Skip] = []
    if not picks and near:
        _, drink, missed = min(near, key=lambda t: (t[0], -_opinion(venue, t[1]), t[1].id))
        skips.append(Skip(id=drink.id, name=drink.name, why="; ".join(missed), reason="does-not-fit"))
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="drink",
        situation="picks" if picks else "nothing-fits",
        role=role,
        asked=asked,
        picks=picks,
        skips=skips,
        constraints=wants,
        excluded=len(near),
        confirm_with_staff=bool(wants.allergies or wants.dietary),
        assumed=request.assumed,
    )
