"""The staff's verdict on one named dish or drink: "is the tabbouleh worth it?", "is the duck any good?".

Asked whether something is worth ordering, a guest wants the team's opinion, not its recipe. The notes decide
which answer that is: a dish anyone on staff doubts is a skip, said in the doubter's words (and named as split
when it has more fans); a dish only backed is a yes, in the backer's words. Anything this guest cannot have, and
anything nobody on staff has an opinion on, is answered with the facts instead, so an allergy is never talked past.
"""

from __future__ import annotations

from bot.decide.constraint import check, check_drink
from bot.decide.decision import Decision
from bot.decide.recommend import dish_tastes, recommend
from bot.decide.skip import skip
from bot.knowledge.model import Dish
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request


def verdict(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision | None:
    """The verdict on the one item asked about, or None when the facts answer it better."""
    if len(request.mentions) != 1 or request.asks_about:
        return None
    item = venue.item(request.mentions[0])
    if item is None:
        return None
    # The item was named: what course the conversation was on says nothing about whether it is worth having.
    hard = wants.model_copy(update={"course": None, "budget": None})
    if isinstance(item, Dish):
        fits = check(item, hard, set(dish_tastes(item.name, item.description)), course=False).ok
    else:
        fits = check_drink(item, hard).ok
    notes = venue.notes_about(item.id)
    if not fits or not notes:
        return None
    if any(n.stance in ("mixed", "skip") for n in notes):
        # A doubter on staff is what "is it a miss?" is asking after, even when the fans outnumber them: the skip
        # answer names the dish as split, in the doubter's words.
        return skip(venue, request, wants)
    if not isinstance(item, Dish):
        return None
    # One candidate: nothing to rank, so no retrieval relevance is needed.
    picked = recommend(venue, hard, 1, among=[item.id])
    if not picked.picks:
        return None
    # Only the dish asked about: a warning about some other plate answers nothing that was asked. "Should I avoid
    # the knafeh?" stays a skip ask, answered no.
    intent = "skip" if request.intent == "skip" else "recommend"
    return picked.model_copy(update={"skips": [], "situation": "vouched", "intent": intent})
