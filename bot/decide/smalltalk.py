"""Small talk, answered as what it is: a welcome for thanks, a goodbye for a goodbye, and praise heard.

Praise of a dish is passed back with the member of staff whose note backs it, when one does ("the lamb was unreal"
-> the lamb is Maggie's pick too): a fact from the notes, not a promise to pass anything on.
"""

from __future__ import annotations

from bot.decide.decision import Decision, Praised
from bot.decide.recommend import STANCE_WEIGHT, cite
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request, Role


def small_talk(venue: VenueKnowledge, request: Request, wants: Constraints, role: Role) -> Decision:
    praised = None
    if request.chat == "praise":
        for item in (venue.item(m) for m in request.mentions):
            if item is None:
                continue
            fans = [n for n in venue.notes_about(item.id) if n.stance in ("love", "like")]
            best = min(fans, key=lambda n: (-STANCE_WEIGHT[n.stance], n.id), default=None)
            backer = cite(venue, best, [], item.name) if best is not None else None
            praised = Praised(id=item.id, name=item.name, backer=backer)
            break
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="smalltalk",
        situation="smalltalk",
        role=role,
        constraints=wants,
        chat=request.chat or "greeting",
        praised=praised,
    )
