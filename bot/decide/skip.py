"""What to steer clear of, from the staff's own lukewarm and "skip" notes, most disliked first.

The scope is what the guest asked about: the dishes they named or pointed back at ("should I avoid the kofta?",
"any of those to avoid?"), a kind of dish ("are any of the dips a skip?"), the kind of drink ("which beer should
I not get"), a course, a taste said in this message, or else the whole menu. Only what this guest could order
counts: warning a vegetarian off the lamb is not advice.

Over the whole menu, a dish with more fans than critics is no skip. Within a narrow scope the guest wants the weak
spot of that part of the menu, so a dish the team is split on is named as split. When nobody on staff is lukewarm
on anything in scope, the answer says so plainly instead of inventing a weak spot.
"""

from __future__ import annotations

from bot.decide.constraint import check, check_drink
from bot.decide.decision import Citation, Decision, Skip
from bot.decide.recommend import STANCE_WEIGHT, cite, dish_tastes
from bot.knowledge.model import Drink
from bot.knowledge.venue import Item, VenueKnowledge
from bot.understand.request import Constraints, Request

DEFAULT_SKIPS = 2


def _in_scope(venue: VenueKnowledge, request: Request, wants: Constraints) -> tuple[list[Item], bool]:
    """The items asked about, and whether that is narrower than the whole menu."""
    named = [i for i in (venue.item(m) for m in request.mentions) if i is not None]
    if wants.course:
        # "any starters to skip alongside it?": "it" is the main already chosen; the starters are asked about.
        named = [i for i in named if getattr(i, "course", wants.course) == wants.course]
    if named:
        return named, True
    if request.among:
        return [i for i in (venue.item(m) for m in request.among) if i is not None], True
    if request.drink.kinds:
        return [d for d in venue.drinks if d.kind in request.drink.kinds], True
    if wants.no_alcohol and not wants.course:
        return [d for d in venue.drinks if d.kind == "non-alcoholic"], True
    if request.about_drinks and not wants.course:
        return list(venue.drinks), True
    dishes = [d for d in venue.dishes if check(d, wants.model_copy(update={"budget": None})).ok]
    # Only a taste said in this message narrows it: "I love lamb" two turns ago is not "what lamb should I skip?".
    said = set(request.constraints.likes)
    liked = [d for d in dishes if said & dish_tastes(d.name, d.description)] if said else []
    if liked:
        return list(liked), True
    return list(dishes), bool(wants.course)


def _fits(item: Item, wants: Constraints) -> bool:
    if isinstance(item, Drink):
        return item.available and check_drink(item, wants).ok
    hard = wants.model_copy(update={"course": None, "budget": None})
    return item.available and check(item, hard).ok


def _warning(venue: VenueKnowledge, item: Item, wants: Constraints) -> tuple[float, Citation] | None:
    notes = venue.notes_about(item.id)
    critics = [n for n in notes if n.stance in ("mixed", "skip")]
    if not critics:
        return None
    conviction = sum(STANCE_WEIGHT[n.stance] for n in notes)
    note = min(critics, key=lambda n: (STANCE_WEIGHT[n.stance], n.id))
    return conviction, cite(venue, note, wants.likes, item.name)


def skip(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision:
    scope, narrow = _in_scope(venue, request, wants)
    scope = [i for i in scope if _fits(i, wants)]
    named = bool(request.mentions)
    asked = request.count or (len(scope) if named else DEFAULT_SKIPS)
    warned: list[tuple[float, str, Skip]] = []
    for item in scope:
        found = _warning(venue, item, wants)
        if found is None:
            continue
        conviction, c = found
        if conviction > 0 and not narrow:
            continue  # more fans than critics: no skip for someone who asked of the whole menu
        why = f'{c.author_name} ({c.role}): "{c.quote}"'
        reason = "staff-split" if conviction > 0 else "staff-lukewarm"
        skip_ = Skip(id=item.id, name=item.name, why=why, reason=reason, citations=[c])
        warned.append((conviction, item.id, skip_))
    warned.sort(key=lambda t: (t[0], t[1]))
    skips = [s for _, _, s in warned[:asked]]
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="skip",
        situation="skips" if skips else "nothing-to-skip",
        asked=asked,
        skips=skips,
        constraints=wants,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
        assumed=request.assumed,
    )
