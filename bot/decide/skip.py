"""What to steer clear of, from the staff's own lukewarm and "skip" notes, most disliked first.

Only dishes this guest could order count: warning a vegetarian off the lamb is not advice. When nobody on staff
dislikes anything that fits, the answer says so plainly instead of inventing a weak spot.
"""

from __future__ import annotations

from bot.decide.decision import Decision, Skip
from bot.decide.recommend import STANCE_WEIGHT, cite, score_dishes
from bot.knowledge.model import Drink
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request

DEFAULT_SKIPS = 2


def skip(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision:
    asked = request.count or DEFAULT_SKIPS
    scored = [s for s in score_dishes(venue, wants) if s.dish.available and s.critics and s.verdict.ok]
    # Most disliked first: a "skip" outweighs a "mixed", and a dish with fans as well as critics sinks less.
    scored.sort(key=lambda s: (s.conviction, -len(s.critics), s.dish.id))
    skips: list[Skip] = []
    for s in scored:
        if s.conviction > 0 and skips:
            break  # past the dishes staff are lukewarm on overall: a dish with more fans than critics is no skip
        note = min(s.critics, key=lambda n: (STANCE_WEIGHT[n.stance], n.id))
        c = cite(venue, note, wants.likes, s.dish.name)
        why = f'{c.author_name} ({c.role}): "{c.quote}"'
        skips.append(Skip(id=s.dish.id, name=s.dish.name, why=why, reason="staff-lukewarm", citations=[c]))
        if len(skips) == asked:
            break
    if request.drink.kinds and len(skips) < asked:
        for drink in venue.drinks:
            notes = [n for n in venue.notes_about(drink.id) if n.stance == "skip"]
            if drink.available and notes and (isinstance(drink, Drink) and drink.kind in request.drink.kinds):
                c = cite(venue, notes[0], [], drink.name)
                why = f'{c.author_name} ({c.role}): "{c.quote}"'
                skips.append(Skip(id=drink.id, name=drink.name, why=why, reason="staff-lukewarm", citations=[c]))
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="skip",
        situation="skips" if skips else "nothing-to-skip",
        asked=asked,
        skips=skips[:asked],
        constraints=wants,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
        assumed=request.assumed,
    )
