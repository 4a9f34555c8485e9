"""What the guest asked for, as data: the intent and the constraints read from their own words."""

from __future__ import annotations

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

Intent = Literal["recommend", "question", "pairing", "complaint", "handoff", "smalltalk", "other"]
Role = Literal["guest", "staff"]


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
    course: str | None = None

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
            course=later.course,
        )

    @property
    def is_empty(self) -> bool:
        return not (self.dietary or self.allergies or self.likes or self.dislikes or self.budget or self.course)


class Request(BaseModel):
    """One turn, understood."""

    model_config = ConfigDict(extra="forbid")

    text: str
    intent: Intent
    constraints: Constraints = Field(default_factory=Constraints)
    count: int | None = None  # "top two desserts" -> 2; None means the default of three
    mentions: list[str] = Field(default_factory=list)  # dish or drink ids named in the text
    # Allergens or diet tags a question names without the guest claiming them ("is the bream gluten-free?" ->
    # gluten-free): the answer should address them, but later turns should not treat them as the guest's needs.
    asks_about: list[str] = Field(default_factory=list)
    wants_person: bool = False  # asked for a human, whatever the intent ("the fish was raw, get me the manager")
    truncated: bool = False  # longer than the reader reads; only the start of the text was understood
