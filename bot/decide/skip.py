"""What to steer clear of, from the staff's own lukewarm and "skip" notes, most disliked first.

The scope is what the guest asked about: the dishes they named or pointed back at ("should I avoid the kofta?",
"any of those to avoid?"), a kind of dish ("are any of the dips a skip?"), the kind of drink ("which beer should
I not get"), a course, a taste said in this message, or else the whole menu. Only what this guest could order
counts: warning a vegetarian off the lamb is not advice.

A reason given for asking ("anything that suffers when the kitchen is slammed?") is answered by the dishes a critical
note faults for that reason, quoted in the sentence that says so (`bot.understand.faults`), before any other.

A limit said in the asking message is itself the reason to avoid ("what should I avoid if I hate spicy food?",
"allergic to sesame, what should I stay away from?"): the answer is the dishes that break it, the ones the team
loves first (they are the ones a guest would be tempted by), then what the staff are lukewarm on among the rest.

Over the whole menu, a dish with more fans than critics is no skip. Within a narrow scope the guest wants the weak
spot of that part of the menu, so a dish the team is split on is named as split. When nobody on staff is lukewarm
on anything in scope, the answer says so plainly instead of inventing a weak spot.
"""

from __future__ import annotations

from bot.decide.constraint import allergen_problems, check, check_drink
from bot.decide.decision import Citation, Decision, Skip
from bot.decide.pairing import misses, region_of
from bot.decide.recommend import STANCE_WEIGHT, cite, dish_tastes
from bot.knowledge.model import Dish, Drink
from bot.knowledge.venue import Item, VenueKnowledge
from bot.text import fold
from bot.understand.faults import faulted_sentences
from bot.understand.request import Constraints, Request
from bot.understand.taste import ancestors, find_tastes

DEFAULT_SKIPS = 2
FAULTED_FIRST = 100.0  # a dish faulted for the guest's own reason outranks any weak spot they did not ask about
LIMIT_SKIPS = 5  # the dishes a limit said in the ask rules out, at most; the rest are counted, not listed


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
        # "what reds do you have?", then "which of those is the weakest?": the reds, not every wine.
        region = region_of(venue)
        kinds = [d for d in venue.drinks if d.kind in request.drink.kinds]
        styled = [d for d in kinds if not misses(d, request.drink, venue.currency, region)]
        scope: list[Item] = list(styled or kinds)
        return scope, True
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


def _faulted(venue: VenueKnowledge, item: Item, faults: frozenset[str], wants: Constraints) -> Citation | None:
    """The sentence of a critical note that faults the item for a reason the guest gave, most critical note first."""
    notes = sorted(venue.notes_about(item.id), key=lambda n: (STANCE_WEIGHT[n.stance], n.id))
    for note in notes:
        if note.stance not in ("mixed", "skip"):
            continue
        for sentence, themes in faulted_sentences(note.body):
            if themes & faults:
                return cite(venue, note, wants.likes, item.name).model_copy(update={"quote": sentence})
    return None


def _shows(dish: Dish, taste: str) -> str | None:
    """The word of a dish's own text that shows a taste ("harissa" for heat), or None."""
    for hit in find_tastes(fold(f"{dish.name}. {dish.description}")):
        if taste in (hit.value.taste, *ancestors(hit.value.taste)):
            return hit.cue
    return None


def _against_limits(venue: VenueKnowledge, said: Constraints, course: str | None) -> list[Skip]:
    """The dishes on tonight's menu (of the course asked) that break a limit said in the ask, most loved first."""
    out: list[tuple[float, str, Skip]] = []
    limits = Constraints(dislikes=said.dislikes, allergies=said.allergies)
    for dish in venue.dishes:
        if not dish.available or (course and dish.course != course):
            continue
        verdict = check(dish, limits, set(dish_tastes(dish.name, dish.description)), course=False)
        if verdict.ok:
            continue
        why = list(allergen_problems(dish, set(said.allergies)))
        shown = [_shows(dish, t) or (t if t in fold(dish.description) else None) for t in said.dislikes]
        why += [f"has {word}" for word in shown if word]
        if not why:
            continue  # a dislike only its name carries: nothing in its own words to point at
        opinion = sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(dish.id))
        out.append((-opinion, dish.id, Skip(id=dish.id, name=dish.name, why=", ".join(why), reason="breaks-limit")))
    out.sort(key=lambda t: (t[0], t[1]))
    return [s for _, _, s in out]


def skip(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision:
    said = request.constraints
    if not (said.allergies or said.dislikes or request.mentions or request.among or request.about_drinks):
        said = wants  # "shellfish allergy, all of it", then "what do I stay away from?": the limit said before
    against = [] if request.mentions else _against_limits(venue, said, wants.course)
    warned = _staff_skips(
        venue, request.model_copy(update={"constraints": Constraints()}) if against else request, wants
    )
    if not against:
        return warned
    staff = [s for s in warned.skips if s.id not in {a.id for a in against}][:1]
    return warned.model_copy(
        update={"situation": "skips", "skips": [*against[:LIMIT_SKIPS], *staff], "excluded": len(against)}
    )


def _staff_skips(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision:
    """What the staff are lukewarm on, in the scope asked, among what this guest could order."""
    scope, narrow = _in_scope(venue, request, wants)
    scope = [i for i in scope if _fits(i, wants)]
    named = bool(request.mentions)
    asked = request.count or (len(scope) if named else DEFAULT_SKIPS)
    warned: list[tuple[float, str, Skip]] = []
    # "Anything that suffers when the kitchen is slammed?": the dishes faulted for that reason answer it, fans or
    # not, in the sentence that says so, first; the team's weakest spots only make up the number after them.
    faults = frozenset(request.faults)
    faulted = {i.id: c for i in scope if faults and (c := _faulted(venue, i, faults, wants)) is not None}
    for item in scope:
        found = _warning(venue, item, wants)
        if found is None:
            continue
        conviction, c = found
        c = faulted.get(item.id, c)
        if conviction > 0 and not narrow and item.id not in faulted:
            continue  # more fans than critics: no skip for someone who asked of the whole menu
        why = f'{c.author_name} ({c.role}): "{c.quote}"'
        reason = "staff-split" if conviction > 0 else "staff-lukewarm"
        skip_ = Skip(id=item.id, name=item.name, why=why, reason=reason, citations=[c])
        warned.append((conviction - (FAULTED_FIRST if item.id in faulted else 0.0), item.id, skip_))
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
