"""Suggest how to put a complaint right: make the loss whole, add a gesture, do it now, within the venue's caps.

The restaurant that binned a guest's leftover sea bass and had a fresh one boxed before dessert got it right; the
one that poured out a table's wine and brought a cheaper half-bottle 45 minutes later did the minimum. So the floor
for any real loss is: replace what was lost, as it was, at once, plus something on the house. The plan is for
staff: the guest never hears a comp before a person approves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.decide.constraint import check
from bot.decide.recommend import STANCE_WEIGHT
from bot.escalation.model import Remedy
from bot.knowledge.model import Dish, Drink, RemedyPolicy
from bot.knowledge.venue import VenueKnowledge
from bot.triage.model import Category, Severity
from bot.understand.request import Constraints
from bot.understand.request import Lost as SaidLost
from bot.wording import mid_sentence

# The contract's ladder, mildest first. A venue may rename or drop tiers; `_tier` maps onto what it has.
LADDER = (
    "apologise-and-fix",
    "replace-and-gesture",
    "comp-item",
    "comp-course-or-bottle",
    "manager-and-comp",
    "safety-first",
)

# Where each kind of complaint starts on the ladder, by severity. A real loss never starts below
# replace-and-gesture: making it whole is the floor, the gesture is what turns a bad night around.
_BASE: dict[Category, dict[Severity, str]] = {
    "food-quality": {"low": "apologise-and-fix", "medium": "replace-and-gesture", "high": "comp-item"},
    "wrong-missing-discarded": {
        "low": "replace-and-gesture",
        "medium": "replace-and-gesture",
        "high": "replace-and-gesture",
    },
    "wait": {"low": "apologise-and-fix", "medium": "replace-and-gesture", "high": "comp-item"},
    "staff-attitude": {"low": "apologise-and-fix", "medium": "replace-and-gesture", "high": "manager-and-comp"},
    "billing": {"low": "apologise-and-fix", "medium": "replace-and-gesture", "high": "manager-and-comp"},
    "cleanliness": {"low": "apologise-and-fix", "medium": "replace-and-gesture", "high": "comp-item"},
    "other": {"low": "apologise-and-fix", "medium": "apologise-and-fix", "high": "manager-and-comp"},
}


@dataclass(frozen=True)
class Lost:
    """Something the guest lost, priced from the menu or the drinks list."""

    id: str
    name: str
    unit: str  # "dish", "glass" or "bottle"
    quantity: int
    price: float

    @property
    def amount(self) -> float:
        return self.price * self.quantity

    @property
    def label(self) -> str:
        if self.unit == "dish":
            return self.name if self.quantity == 1 else f"{self.quantity} × {self.name}"
        count = "a" if self.quantity == 1 else str(self.quantity)
        plural = "s" if self.quantity > 1 else ""
        return f"{count} {self.unit}{plural} of the {self.name}"


def estimate_loss(venue: VenueKnowledge, said: Sequence[SaidLost]) -> list[Lost]:
    """Price what the reader says went missing: a dish at its menu price, a wine by the glass or the bottle as the
    guest counted it (a serve the list does not pour falls back to the one it does)."""
    lost: list[Lost] = []
    for entry in said:
        item = venue.item(entry.id)
        if isinstance(item, Dish):
            lost.append(Lost(item.id, item.name, "dish", entry.quantity, item.price))
        elif isinstance(item, Drink):
            bottle = entry.unit == "bottle" and item.price_bottle is not None
            if bottle or item.price_glass is None:
                lost.append(Lost(item.id, item.name, "bottle", entry.quantity, item.price_bottle or 0.0))
            else:
                lost.append(Lost(item.id, item.name, "glass", entry.quantity, item.price_glass))
    return lost


@dataclass(frozen=True)
class Gesture:
    id: str
    name: str
    price: float


def gesture(venue: VenueKnowledge, course: str, wants: Constraints) -> Gesture | None:
    """Something on the house that the staff themselves back, and that this guest can eat as it comes: the gesture
    should be the best thing we make, not whatever is cheapest. A guest with a nut allergy at a venue whose every
    dessert has nut traces gets a starter instead."""
    safe = wants.model_copy(update={"course": None, "budget": None})
    for wanted in dict.fromkeys([course, "dessert", "starter"]):
        best: tuple[float, float, str] | None = None
        chosen: Dish | None = None
        for dish in venue.dishes:
            verdict = check(dish, safe)
            # A gift should be safe as it leaves the kitchen, not after a change someone might forget.
            if dish.course != wanted or not verdict.ok or verdict.changes:
                continue
            conviction = sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(dish.id))
            key = (conviction, -dish.price, dish.id)
            if conviction > 0 and (best is None or key > best):
                best, chosen = key, dish
        if chosen is not None:
            return Gesture(chosen.id, chosen.name, chosen.price)
    return None


def _tier(policy: RemedyPolicy, wanted: str) -> str:
    """The venue's own tier for `wanted`: the same id if it has it, else its nearest stronger tier."""
    have = [t.id for t in policy.tiers] or list(LADDER)
    if wanted in have:
        return wanted
    rank = LADDER.index(wanted) if wanted in LADDER else 0
    for candidate in LADDER[rank:]:
        if candidate in have:
            return candidate
    return have[-1]


def approval_for(policy: RemedyPolicy, value: float) -> str:
    """The least senior role whose cap covers `value`; above every cap it goes to the owner."""
    for role, cap in sorted(policy.approval.items(), key=lambda kv: kv[1]):
        if value <= cap:
            return role
    return "owner"


def plan_remedy(
    venue: VenueKnowledge,
    category: Category,
    severity: Severity,
    lost: list[Lost],
    wants: Constraints | None = None,
    *,
    takeaway: bool = False,
) -> Remedy:
    wants = wants or Constraints()
    policy = venue.remedies
    if category == "allergen-safety" or severity == "critical":
        # Safety first and nothing else: no comp talk while someone may be hurt.
        dish = next((mid_sentence(x.name) for x in lost if x.unit == "dish"), "the dish")
        steps = [
            "manager to the table now",
            "check on the guest: first aid, and call emergency services at any sign of breathing trouble, "
            "swelling or fainting",
            f"stop serving {dish if dish == 'the dish' else 'the ' + dish} and keep the plate aside for checking",
        ]
        return Remedy(
            tier=_tier(policy, "safety-first"),
            actions=steps,
            value=0.0,
            approval="manager",
            currency=venue.currency,
        )

    wanted = _BASE.get(category, _BASE["other"]).get(severity, "apologise-and-fix")
    if lost and LADDER.index(wanted) < LADDER.index("replace-and-gesture"):
        wanted = "replace-and-gesture"  # a real loss is always made whole, and then some
    actions: list[str] = []
    value = 0.0
    for item in lost:
        if item.unit == "dish":
            boxed = ", and box it to take home" if takeaway else ""
            actions.append(f"replace the {mid_sentence(item.name)} now, made fresh{boxed}")
        else:
            actions.append(f"bring {item.label} to the table now: the same wine, not a cheaper one")
        value += item.amount
    if not lost and category in ("food-quality", "wrong-missing-discarded", "cleanliness"):
        # Nothing named we can price: the plate is still replaced, and staff add its price when they approve.
        actions.append("replace the dish now, made fresh (the value below is before its price)")
    if category == "billing":
        actions.insert(0, "correct the bill at the table now: void the wrong or duplicate charge")
    if category == "wait" and not lost:
        actions.append("tell the table exactly when their food lands, then check back before that time")
    if category in ("staff-attitude", "cleanliness") or wanted == "manager-and-comp":
        actions.insert(0, "manager visits the table within the SLA and apologises in person")

    if wanted != "apologise-and-fix":
        treat = gesture(venue, "starter" if category == "wait" else "dessert", wants)
        if treat is not None:
            actions.append(f"send the {mid_sentence(treat.name)} on the house")
            value += treat.price
        else:
            actions.append("send a dessert or a round on the house")
    if wanted in ("comp-item", "comp-course-or-bottle") and lost:
        biggest = max(lost, key=lambda x: x.amount)
        actions.append(f"take the {mid_sentence(biggest.name)} off the bill")
    if wanted == "manager-and-comp":
        actions.append("invite them back as our guests")
    if not actions:
        actions.append("fix it at the table now and check back within ten minutes")
    return Remedy(
        tier=_tier(policy, wanted),
        actions=actions,
        value=round(value, 2),
        approval=approval_for(policy, value),
        currency=venue.currency,
    )
