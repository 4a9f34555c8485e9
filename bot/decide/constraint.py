"""Whether one dish is safe and acceptable for one guest. Hard limits only; taste preferences score elsewhere.

Kept apart from ranking so that the eval suite's safety scorer and the question answerer ask the same code the
recommender does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from bot.knowledge.model import ALLERGEN_WORDS, DIET_EXCLUDES, Dish, Drink
from bot.language.pack import load_pack
from bot.text import fold
from bot.understand.request import Constraints, over_budget

# Diets a dish satisfies by carrying a stricter tag: a vegan dish is vegetarian and pescatarian too.
_IMPLIED_BY = {
    "vegetarian": {"vegetarian", "vegan"},
    "pescatarian": {"pescatarian", "vegetarian", "vegan"},
    "vegan": {"vegan"},
}


@dataclass(frozen=True)
class Verdict:
    ok: bool
    changes: tuple[str, ...] = ()  # kitchen changes that make the dish fit ("ask for it without the feta")
    broken: tuple[str, ...] = field(default=())  # why not, in plain words

    @property
    def change(self) -> str | None:
        return "; ".join(self.changes) or None


def _omit(dish: Dish, allergens: set[str], *, severe: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(changes, problems) for removing `allergens` from a dish: traces can never be removed, contents only by
    a `can_omit` the kitchen wrote, and never for a severe allergy."""
    changes: list[str] = []
    broken: list[str] = []
    for allergen in sorted(allergens):
        if allergen in dish.may_contain:
            broken.append(f"may contain {ALLERGEN_WORDS.get(allergen, allergen)}")
        elif allergen in dish.allergens:
            if allergen in dish.can_omit and not severe:
                changes.append(dish.can_omit[allergen])
            else:
                broken.append(f"contains {ALLERGEN_WORDS.get(allergen, allergen)}")
    return tuple(dict.fromkeys(changes)), tuple(broken)


def allergen_problems(dish: Dish, allergens: set[str]) -> tuple[str, ...]:
    """What in a dish an allergy cannot get past, in plain words ("contains sesame", "may contain tree nuts"); a
    content the kitchen can leave out is no problem here."""
    return _omit(dish, allergens)[1]


@lru_cache(maxsize=4096)
def feeds(name: str, description: str) -> int:
    """How many people the menu says a dish is made for ("Mixed grill for two", "enough for two"): 1 unless said."""
    sizes = load_pack().table("portions").values(fold(f"{name}. {description}"))
    return max((int(n) for n in sizes), default=1)


def check(dish: Dish, wants: Constraints, tastes: set[str] | None = None, *, course: bool = True) -> Verdict:
    """Can this guest have this dish? `tastes` are the dish's taste words, for dislikes ("no lamb")."""
    changes: list[str] = []
    broken: list[str] = []
    if not dish.available:
        broken.append("off tonight")
    if course and wants.course and dish.course != wants.course:
        broken.append(f"not a {wants.course}")
    if wants.diners is not None and (size := feeds(dish.name, dish.description)) > wants.diners:
        broken.append(f"made for {size} people")
    if wants.budget is not None and over_budget(dish.price, wants.budget, wants.budget_below):
        broken.append(f"over budget at {dish.price:g}")
    for diet in wants.dietary:
        tagged = bool(_IMPLIED_BY.get(diet, {diet}) & set(dish.dietary))
        # gluten-free, dairy-free and nut-free dishes may also qualify untagged, through the dish's own can_omit;
        # a tagged dish that still lists an excluded allergen (hummus "gluten-free" once the pita is swapped)
        # qualifies only with that change said out loud.
        inside = set(DIET_EXCLUDES.get(diet, ())) & set(dish.allergens)
        fix, problems = _omit(dish, inside)
        if problems or not (tagged or (diet not in _IMPLIED_BY and fix)):
            broken.append(f"not {diet}")
        changes.extend(fix)
    fix, problems = _omit(dish, set(wants.allergies), severe=wants.severe)
    changes.extend(fix)
    broken.extend(problems)
    text = f"{dish.name} {dish.description}".lower()
    for dislike in wants.dislikes:
        if (tastes and dislike in tastes) or dislike.lower() in text:
            broken.append(f"has {dislike}")
    if broken:
        return Verdict(ok=False, broken=tuple(broken))
    return Verdict(ok=True, changes=tuple(dict.fromkeys(changes)))


def check_drink(drink: Drink, wants: Constraints) -> Verdict:
    """Drinks carry allergens but no kitchen changes: any listed allergen rules a drink out."""
    broken = [f"contains {ALLERGEN_WORDS.get(a, a)}" for a in drink.allergens if a in wants.allergies]
    if not drink.available:
        broken.append("off tonight")
    if "vegan" in wants.dietary and "milk" in drink.allergens:
        broken.append("not vegan")
    if wants.no_alcohol and drink.kind != "non-alcoholic":
        broken.append("has alcohol")
    return Verdict(ok=not broken, broken=tuple(broken))
