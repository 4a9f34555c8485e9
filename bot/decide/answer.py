"""Answer factual questions about named menu items straight from the menu.

Nothing here guesses: a fact is what menu.yaml or drinks.yaml says, and the dish it came from is cited by id.
"""

from __future__ import annotations

from bot.decide.constraint import check, check_drink
from bot.decide.decision import Decision, Fact
from bot.decide.recommend import dish_tastes
from bot.knowledge.model import ALLERGENS, DIETS, Dish, Drink, allergen_words
from bot.knowledge.venue import VenueKnowledge
from bot.money import money
from bot.text import fold
from bot.understand.lexicon import allergen_sources
from bot.understand.request import Constraints, Request

MAX_ITEMS = 3


def _allergen_fact(item: Dish | Drink, allergens: list[str]) -> Fact:
    contains = [a for a in allergens if a in item.allergens]
    traces = [a for a in allergens if isinstance(item, Dish) and a in item.may_contain]
    omit = {a: item.can_omit[a] for a in contains if isinstance(item, Dish) and a in item.can_omit}
    if contains:
        # Say which: "tree nuts (walnuts)" answers the guest who can eat almonds but not walnuts, or the reverse.
        found = allergen_sources(f"{item.name}. {item.description}")
        named = [
            f"{word} ({', '.join(shown)})" if (shown := [w for w in found.get(a, []) if w != word]) else word
            for a, word in zip(contains, allergen_words(contains), strict=True)
        ]
        detail = f"contains {', '.join(named)}"
        if omit:
            detail += "; the kitchen can remove it: " + "; ".join(omit.values())
    elif traces:
        detail = f"has no {', '.join(allergen_words(traces))} in the recipe but may contain traces (shared kitchen)"
    else:
        detail = f"lists no {', '.join(allergen_words(allergens))}"
    return Fact(
        id=item.id,
        name=item.name,
        topic="allergen",
        verdict=bool(contains or traces),
        detail=detail,
        asked=allergens,
    )


def _diet_fact(item: Dish | Drink, diets: list[str]) -> Fact:
    if isinstance(item, Drink):
        verdict = check_drink(item, Constraints(dietary=diets))
        ok, broken, change = verdict.ok, verdict.broken, None
    else:
        # Whether a dish is vegan does not depend on whether it is on tonight; availability is its own fact.
        v = check(item.model_copy(update={"available": True}), Constraints(dietary=diets), course=False)
        ok, broken, change = v.ok, v.broken, v.change
    if ok and change:
        detail = f"can be made {', '.join(diets)}: {change}"
    elif ok:
        detail = f"is {', '.join(diets)} as it comes"
    else:
        detail = "; ".join(broken)
    return Fact(id=item.id, name=item.name, topic="diet", verdict=ok, detail=detail, asked=diets)


def _spice(item: Dish | Drink) -> Fact:
    tastes = dish_tastes(item.name, item.description) if isinstance(item, Dish) else set()
    hot = "spicy" in tastes
    detail = "is spicy, with real heat" if hot else "is not a spicy dish"
    return Fact(id=item.id, name=item.name, topic="spice", verdict=hot, detail=detail)


def _size(item: Dish | Drink, currency: str) -> Fact:
    if isinstance(item, Dish):
        detail = f"a {item.course} ({money(item.price, currency)}): {item.description}"
    else:
        detail = item.description
    return Fact(id=item.id, name=item.name, topic="size", detail=detail.strip())


def _item_facts(item: Dish | Drink, request: Request, currency: str) -> list[Fact]:
    asked = set(request.topics)
    # "Is the bream gluten-free?" asks about a diet without declaring one; a stated diet or allergy counts too.
    topics = [*request.asks_about, *request.constraints.dietary, *request.constraints.allergies]
    diets = [t for t in dict.fromkeys(topics) if t in DIETS]
    allergens = [t for t in dict.fromkeys(topics) if t in ALLERGENS]
    facts: list[Fact] = []
    if diets:
        facts.append(_diet_fact(item, diets))
    if allergens:
        facts.append(_allergen_fact(item, allergens))
    if "spice" in asked:
        facts.append(_spice(item))
    if "size" in asked:
        facts.append(_size(item, currency))
    if "serve" in asked and isinstance(item, Drink):
        by_glass = item.price_glass is not None
        bottle = f"{money(item.price_bottle, currency)} a bottle" if item.price_bottle is not None else ""
        if item.price_glass is not None:
            glass = f"{money(item.price_glass, currency)} a glass"
            detail = f"{glass} (or {bottle})" if bottle else glass
        else:
            detail = f"{bottle}, by the bottle only" if bottle else "not poured by the glass"
        facts.append(Fact(id=item.id, name=item.name, topic="price", verdict=by_glass, detail=detail))
    elif "price" in asked:
        if isinstance(item, Dish):
            price = money(item.price, currency)
        else:
            price = " / ".join(
                f"{money(p, currency)} {unit}"
                for p, unit in ((item.price_glass, "a glass"), (item.price_bottle, "a bottle"))
                if p is not None
            )
        facts.append(Fact(id=item.id, name=item.name, topic="price", detail=price))
    if "availability" in asked or not item.available:
        detail = "on tonight" if item.available else "off tonight (86'd)"
        facts.append(Fact(id=item.id, name=item.name, topic="availability", verdict=item.available, detail=detail))
    if "ingredients" in asked or not facts:
        detail = item.description
        if item.allergens:
            detail += f" Allergens: {', '.join(allergen_words(item.allergens))}."
        facts.append(Fact(id=item.id, name=item.name, topic="ingredients", detail=detail.strip()))
    return facts


def _written_of(venue: VenueKnowledge, items: list[Dish | Drink], facts: list[Fact]) -> list[Fact]:
    """What the venue writes about an item whose availability was asked ("mansaf: weekends only, often gone by
    eight"): the menu says it is on, and the house knows more."""
    asked = {f.id for f in facts if f.topic == "availability"}
    out: list[Fact] = []
    for item in items:
        if item.id not in asked:
            continue
        for key, text in venue.venue.facts.items():
            if fold(key) == fold(item.id) or fold(key) in fold(item.name).split():
                out.append(Fact(id=item.id, name=item.name, topic="visit", detail=text))
    return out


def answer_question(venue: VenueKnowledge, request: Request) -> Decision:
    items = [i for i in (venue.item(m) for m in request.mentions) if i is not None][:MAX_ITEMS]
    facts = [f for item in items for f in _item_facts(item, request, venue.currency)]
    facts += _written_of(venue, items, facts)
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="question",
        situation="facts" if facts else "no-answer",
        facts=facts,
        constraints=request.constraints,
        confirm_with_staff=any(f.topic in ("diet", "allergen") for f in facts),
        assumed=request.assumed,
    )
