"""A guest asks for a dish the kitchen has run out of: say so, and offer the closest thing staff stand behind."""

from __future__ import annotations

from collections.abc import Mapping

from bot.decide.decision import Decision, Fact, Pick
from bot.decide.recommend import cite, dish_tastes, score_dishes
from bot.knowledge.model import Dish
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints, Request

SAME_COURSE = 2.0
SHARED_TASTE = 3.0
SIMILAR_TEXT = 3.0
SAME_DIET = 3.0  # a vegan dish's stand-in should be vegan too, whether or not the guest said so


def gone_dish(venue: VenueKnowledge, request: Request) -> Dish | None:
    """The first dish the guest named that is off tonight, if any."""
    for ref in request.mentions:
        dish = venue.dish(ref)
        if dish is not None and not dish.available:
            return dish
    return None


def off_tonight(
    venue: VenueKnowledge,
    gone: Dish,
    wants: Constraints,
    similar: Mapping[str, float],
    facts: list[Fact] | None = None,
    *,
    asked_about: bool = False,
) -> Decision:
    """`similar` scores dishes by how close their text is to the one that is gone (0..1, from retrieval); `facts`
    answer whatever else the guest asked about it ("is it vegan?")."""
    like_it = dish_tastes(gone.name, gone.description)
    diets = set(gone.dietary)
    best: tuple[float, str] | None = None
    chosen = None
    for s in score_dishes(venue, wants.model_copy(update={"course": None})):
        if s.dish.id == gone.id or not (s.verdict.ok and s.backed):
            continue
        tastes = dish_tastes(s.dish.name, s.dish.description)
        overlap = len(like_it & tastes) / max(1, len(like_it | tastes))
        closeness = (
            SAME_COURSE * (s.dish.course == gone.course)
            + SHARED_TASTE * overlap
            + SIMILAR_TEXT * similar.get(s.dish.id, 0.0)
            + SAME_DIET * len(diets & set(s.dish.dietary)) / max(1, len(diets))
            + 0.25 * s.conviction  # among equally close dishes, the one staff back hardest
        )
        key = (closeness, s.dish.id)
        if best is None or key > best:
            best, chosen = key, s
    picks: list[Pick] = []
    if chosen is not None:
        backers = sorted(chosen.backers, key=lambda n: (n.stance != "love", len(n.about) > 1, n.id))
        citations = [cite(venue, n, wants.likes, chosen.dish.name) for n in backers[:1]]
        lead = citations[0]
        picks.append(
            Pick(
                rank=1,
                id=chosen.dish.id,
                name=chosen.dish.name,
                kind="dish",
                course=chosen.dish.course,
                price=chosen.dish.price,
                why=f'Closest to the {gone.name} tonight. {lead.author_name} ({lead.role}): "{lead.quote}"',
                citations=citations,
                change=chosen.verdict.change,
            )
        )
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="question" if asked_about else "recommend",  # "is the warak enab on?" was a question, answered
        situation="off-tonight",
        asked=1,
        picks=picks,
        facts=[
            Fact(id=gone.id, name=gone.name, topic="availability", verdict=False, detail="off tonight"),
            *(f for f in facts or [] if f.topic in ("diet", "allergen")),
        ],
        constraints=wants,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
    )
