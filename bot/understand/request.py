"""What the guest asked for, as data: the intent and the constraints read from their own words."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A taste that is itself an allergen family: a guest allergic to molluscs who names squid is not asking for it.
_TASTE_ALLERGENS: dict[str, frozenset[str]] = {
    "seafood": frozenset({"fish", "crustacean-shellfish", "mollusc"}),
    "shellfish": frozenset({"crustacean-shellfish", "mollusc"}),
    "fish": frozenset({"fish"}),
    "cheese": frozenset({"milk"}),
    "creamy": frozenset({"milk"}),
    "nutty": frozenset({"tree-nut", "peanut"}),
}

Intent = Literal[
    "recommend",
    "choose",
    "skip",
    "compare",
    "pairing",
    "drink",
    "question",
    "venue",
    "reservation",
    "complaint",
    "handoff",
    "smalltalk",
    "other",
]
Role = Literal["guest", "staff"]
TimeFrame = Literal["now", "past", "future"]
Serve = Literal["glass", "bottle"]
BookingAction = Literal["make", "change", "cancel"]


class Constraints(BaseModel):
    """Hard limits (dietary, allergies, dislikes, budget, course) and soft preferences (likes).

    `dietary` holds diet tags from the contract (vegetarian, vegan, pescatarian, gluten-free, dairy-free, nut-free);
    `allergies` holds canonical allergen words (gluten, tree-nut, …); `likes` and `dislikes` hold taste words from
    `bot.understand.taste` (spicy, seafood, lamb, …). `budget` is the most the guest wants to pay for one dish.
    """

    model_config = ConfigDict(extra="forbid")

    dietary: list[str] = Field(default_factory=list)
    allergies: list[str] = Field(default_factory=list)
    likes: list[str] = Field(default_factory=list)
    dislikes: list[str] = Field(default_factory=list)
    budget: float | None = None
    budget_below: bool = False  # "under $30": a dish at $30 is over it; "up to $30" includes it
    course: str | None = None
    no_alcohol: bool = False  # "I'm driving", "pregnant, no alcohol": drinks only from the alcohol-free list
    # Diets held by part of the table ("two of us don't eat meat"): picks must include something for them, and a
    # dish to share must keep to them.
    some_dietary: list[str] = Field(default_factory=list)
    # How many are eating, when the guest said ("just me tonight"): a dish the menu makes for two is no pick for one.
    diners: int | None = None
    # An allergy said to be severe ("carries an epipen"): leaving the allergen out in the kitchen is not enough, so
    # a dish that holds it is no pick at all; cross-contact on the pass is the kitchen's to judge, face to face.
    severe: bool = False

    def merged_with(self, later: Constraints) -> Constraints:
        """What holds after `later` is said on top of this: lists accumulate, a new budget replaces the old one.

        The course belongs to one question ("and for dessert?"), so it is never carried over.
        A taste the guest now dislikes stops being a like, and the other way round.
        """

        def union(a: list[str], b: list[str], drop: list[str]) -> list[str]:
            return [x for x in dict.fromkeys([*a, *b]) if x not in drop]

        allergies = union(self.allergies, later.allergies, [])
        unsafe = [t for t, family in _TASTE_ALLERGENS.items() if family & set(allergies)]
        return Constraints(
            dietary=union(self.dietary, later.dietary, []),
            allergies=allergies,
            likes=union(self.likes, later.likes, [*later.dislikes, *unsafe]),
            dislikes=union(self.dislikes, later.dislikes, later.likes),
            budget=later.budget if later.budget is not None else self.budget,
            budget_below=later.budget_below if later.budget is not None else self.budget_below,
            course=later.course,
            no_alcohol=self.no_alcohol or later.no_alcohol,
            some_dietary=union(self.some_dietary, later.some_dietary, [*self.dietary, *later.dietary]),
            diners=later.diners if later.diners is not None else self.diners,
            severe=self.severe or later.severe,
        )

    @property
    def is_empty(self) -> bool:
        return not (
            self.dietary
            or self.allergies
            or self.likes
            or self.dislikes
            or self.budget
            or self.course
            or self.no_alcohol
        )


# Drink styles that say how a drink tastes, not what it is: a preference that ranks ("something light"), never a
# limit that hides the only red under the guest's price, and never a name ("dry" is not the one dry rosé).
BODIES = frozenset({"big", "light", "dry", "refreshing", "strong", "bitter", "smoky", "sour", "spicy", "hot"})


class DrinkAsk(BaseModel):
    """The drink a person asked for, beyond allergies and diets: kind, style, origin, serve and price.

    The drink's budget lives here, never in `Constraints.budget`: "under 70 a bottle" must not hide the mains.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: frozenset[str] = frozenset()
    styles: frozenset[str] = frozenset()
    origins: frozenset[str] = frozenset()  # "local", or the words for a country or region ("greek", "santorini")
    bases: frozenset[str] = frozenset()  # what it is made with ("gin", "tequila"), as words to find in its description
    serve: Serve | None = None  # the serve the budget is for, said or read from the budget rule
    glass_only: bool = False
    budget: float | None = None
    budget_below: bool = False  # "under 15 a glass": $15 is over it
    cheapest: bool = False  # "the cheapest bottle": order by price, not by opinion
    priciest: bool = False  # "money is no object, the best red bottle": the grandest first
    na_kind: str | None = None  # "non-alcoholic beer": a non-alcoholic drink in the style of this kind
    several: bool = False  # "which beers do you have?", "my options?": a few to choose from, not the one pick

    @property
    def is_empty(self) -> bool:
        return not (
            self.kinds
            or self.styles
            or self.origins
            or self.bases
            or self.serve
            or self.budget
            or self.cheapest
            or self.priciest
        )

    def then(self, later: DrinkAsk) -> DrinkAsk:
        """The ask after `later` follows this one ("we like red", then "by the glass under 15?"): what `later` says
        replaces, what it leaves out carries over. Another kind of drink ("any beer?") starts afresh."""
        if later.kinds and later.kinds != self.kinds:
            return later
        kept = {f: getattr(later, f) or getattr(self, f) for f in type(self).model_fields}
        if later.budget is not None:
            kept["budget_below"] = later.budget_below  # a new limit comes with its own "under" or "up to"
        return DrinkAsk(**kept)


def over_budget(price: float, budget: float | None, below: bool) -> bool:
    """Whether a price breaks a limit: above it, or at it when the guest said "under"."""
    return budget is not None and (price > budget or (below and price >= budget))


class Booking(BaseModel):
    """What a booking message says: the action and whatever details it gives; the rest is asked for."""

    model_config = ConfigDict(extra="forbid")

    action: BookingAction = "make"
    party: int | None = None
    date: dt.date | None = None
    time: str | None = None  # "20:00"
    name: str | None = None
    contact: str | None = None

    def merged_with(self, later: Booking) -> Booking:
        fields = ("party", "date", "time", "name", "contact")
        kept = {f: getattr(later, f) if getattr(later, f) is not None else getattr(self, f) for f in fields}
        return Booking(action=later.action if later.action != "make" else self.action, **kept)

    @property
    def missing(self) -> list[str]:
        return [f for f in ("party", "date", "time", "name", "contact") if getattr(self, f) is None]


class Lost(BaseModel):
    """Something the guest says was lost (binned, poured out, never came), as they counted it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    unit: Literal["dish", "glass", "bottle"] = "dish"
    quantity: int = 1


class ComplaintReading(BaseModel):
    """What the reader makes of a grievance, for the remedy step: nothing here is re-read from text later."""

    model_config = ConfigDict(extra="forbid")

    harm: bool = False  # a reaction or an illness: always critical
    category: str | None = None
    severity: str | None = None
    cues: list[str] = Field(default_factory=list)
    lost: list[Lost] = Field(default_factory=list)
    takeaway: bool = False  # the lost food was meant to go home with them
    aimed_at_bot: bool = False  # an instruction to the bot, never a grievance


class Request(BaseModel):
    """One turn, understood: everything a decider needs, so no decider reads the guest's text again."""

    model_config = ConfigDict(extra="forbid")

    text: str
    intent: Intent
    # The act model's view: its probabilities for the leading acts, and the act it preferred when the words
    # could not support it (a "choose" naming one dish is answered as a question, and said so).
    scores: dict[str, float] = Field(default_factory=dict)
    assumed: str | None = None
    constraints: Constraints = Field(default_factory=Constraints)
    drink: DrinkAsk = Field(default_factory=DrinkAsk)
    count: int | None = None  # "top two desserts" -> 2; None means the default of three
    mentions: list[str] = Field(default_factory=list)  # dish or drink ids named in the text (or pointed back at)
    among: list[str] = Field(default_factory=list)  # the dishes of a kind named as a group: "the dips", "any salads"
    chat: str | None = None  # small talk's kind: greeting, thanks, farewell, praise, about-bot, ack
    courses: list[str] = Field(default_factory=list)  # a meal asked for course by course: one pick from each
    shared: bool = False  # dishes for the middle of the table: "starters to share", "that all of us can eat"
    besides: list[str] = Field(default_factory=list)  # what a request for more points back at: "alongside it"
    instead: list[str] = Field(default_factory=list)  # dishes to find an alternative to: "what should I try instead?"
    about_drinks: bool = False  # the message talks of drinks at all ("any drinks to avoid?"), of a kind or not
    refers: list[str] = Field(default_factory=list)  # the references to earlier turns it makes ("it", "both", "2")
    topics: list[str] = Field(default_factory=list)  # what a question or a visit ask is about ("price", "parking")
    faults: list[str] = Field(default_factory=list)  # why a skip is asked: "keeps-poorly" for "when it's slammed"
    day: dt.date | None = None  # the day a visit question or booking is about
    timeframe: TimeFrame = "now"
    booking: Booking | None = None
    complaint: ComplaintReading | None = None
    person: str | None = None  # a staff id the guest asked for by name
    # Allergens or diet tags a question names without the guest claiming them ("is the bream gluten-free?" ->
    # gluten-free): the answer should address them, but later turns should not treat them as the guest's needs.
    asks_about: list[str] = Field(default_factory=list)
    wants_person: bool = False  # asked for a human, whatever the intent ("the fish was raw, get me the manager")
    truncated: bool = False  # longer than the reader reads; only the start of the text was understood
