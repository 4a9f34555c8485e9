"""The knowledge a venue writes, as validated models (the format is ../shared/CONTRACT.md section 1).

Every model forbids unknown fields: a typo in a restaurant's YAML must be an error naming the field, not a dish that
silently loses its allergens.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.knowledge.visit import Booking, Hours

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(f"'{value}' is not a lowercase kebab-case id (like 'sea-bream')")
    return value


Slug = Annotated[str, AfterValidator(_slug)]

Course = Literal["starter", "main", "side", "dessert", "special"]
Diet = Literal["vegetarian", "vegan", "pescatarian", "gluten-free", "dairy-free", "nut-free"]
Allergen = Literal[
    "gluten",
    "crustacean-shellfish",
    "mollusc",
    "fish",
    "egg",
    "milk",
    "peanut",
    "tree-nut",
    "soy",
    "sesame",
    "mustard",
    "celery",
    "lupin",
    "sulphite",
    "allium",
]
ALLERGENS: tuple[str, ...] = get_args(Allergen)
DIETS: tuple[str, ...] = get_args(Diet)
COURSES: tuple[str, ...] = get_args(Course)

# How an allergen reads in a sentence to a guest.
ALLERGEN_WORDS: dict[str, str] = {
    "tree-nut": "tree nuts",
    "crustacean-shellfish": "shellfish (crustaceans)",
    "mollusc": "molluscs",
    "milk": "dairy",
    "sulphite": "sulphites",
    "allium": "onion or garlic",
    "peanut": "peanuts",
}


def allergen_words(allergens: Sequence[str]) -> list[str]:
    return [ALLERGEN_WORDS.get(a, a) for a in allergens]


# Knowledge files may use the everyday word the contract itself prints beside the canonical one.
_ALLERGEN_ALIASES = {"dairy": "milk", "sulphites": "sulphite", "sulfite": "sulphite", "tree-nuts": "tree-nut"}

# What each diet tag rules out. A dish tagged with a diet while containing one of these is a data error: the tag
# would make the concierge recommend something the guest cannot eat.
DIET_EXCLUDES: dict[str, frozenset[str]] = {
    "vegan": frozenset({"milk", "egg", "fish", "crustacean-shellfish", "mollusc"}),
    "vegetarian": frozenset({"fish", "crustacean-shellfish", "mollusc"}),
    "pescatarian": frozenset(),
    "gluten-free": frozenset({"gluten"}),
    "dairy-free": frozenset({"milk"}),
    "nut-free": frozenset({"tree-nut", "peanut"}),
}


def _canonical_allergen(value: object) -> object:
    if isinstance(value, str):
        return _ALLERGEN_ALIASES.get(value.strip().lower(), value.strip().lower())
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class StaffMember(_Strict):
    id: Slug
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)

    @property
    def first_name(self) -> str:
        return self.name.split()[0]


class Venue(_Strict):
    name: str = Field(min_length=1)
    cuisine: str = Field(min_length=1)
    currency: str = Field(default="USD", min_length=3, max_length=3)
    staff: list[StaffMember] = Field(min_length=1)
    # Fields a venue may add beyond the contract's minimum.
    city: str | None = None
    blurb: str | None = None
    # For guests planning a visit (contract section 1, all optional): answered from, never guessed beyond.
    address: str | None = None
    phone: str | None = None
    booking: Booking | None = None
    hours: Hours | None = None
    closures: list[dt.date] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> object:
        return None if value is None else Hours.parse(value)

    @field_validator("facts", mode="before")
    @classmethod
    def _fact_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {str(k).strip().lower(): str(v) for k, v in value.items()}
        return value

    @property
    def contact_phone(self) -> str | None:
        return (self.booking.phone if self.booking else None) or self.phone

    @field_validator("staff")
    @classmethod
    def _unique_staff(cls, staff: list[StaffMember]) -> list[StaffMember]:
        _no_duplicates([s.id for s in staff], "staff id")
        return staff


class Dish(_Strict):
    id: Slug
    name: str = Field(min_length=1)
    course: Course
    price: float = Field(ge=0)
    description: str = Field(min_length=1)
    dietary: list[Diet] = Field(default_factory=list)
    allergens: list[Allergen] = Field(default_factory=list)
    may_contain: list[Allergen] = Field(default_factory=list)
    can_omit: dict[Allergen, str] = Field(default_factory=dict)
    available: bool = True

    @field_validator("allergens", "may_contain", mode="before")
    @classmethod
    def _alias_list(cls, value: object) -> object:
        return [_canonical_allergen(v) for v in value] if isinstance(value, list) else value

    @field_validator("can_omit", mode="before")
    @classmethod
    def _alias_keys(cls, value: object) -> object:
        if isinstance(value, dict):
            return {_canonical_allergen(k): v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _honest_tags(self) -> Dish:
        for diet in self.dietary:
            clash = DIET_EXCLUDES[diet] & set(self.allergens) - set(self.can_omit)
            if clash:
                raise ValueError(f"is tagged '{diet}' but contains {', '.join(sorted(clash))}")
        stray = set(self.can_omit) - set(self.allergens) - set(self.may_contain)
        if stray:
            raise ValueError(f"can_omit names {', '.join(sorted(stray))}, which the dish does not list")
        return self


DrinkKind = Literal["wine", "beer", "cocktail", "spirit", "non-alcoholic"]


class Drink(_Strict):
    id: Slug
    name: str = Field(min_length=1)
    kind: DrinkKind
    style: str | None = None
    grape: str | None = None
    region: str | None = None
    price_glass: float | None = Field(default=None, ge=0)
    price_bottle: float | None = Field(default=None, ge=0)
    description: str = ""
    allergens: list[Allergen] = Field(default_factory=list)
    available: bool = True

    @field_validator("allergens", mode="before")
    @classmethod
    def _alias_list(cls, value: object) -> object:
        return [_canonical_allergen(v) for v in value] if isinstance(value, list) else value

    @model_validator(mode="after")
    def _has_a_price(self) -> Drink:
        if self.price_glass is None and self.price_bottle is None:
            raise ValueError("needs price_glass, price_bottle or both")
        return self


Stance = Literal["love", "like", "mixed", "skip"]


class Note(_Strict):
    """A staff tasting note: the front matter, plus the body in the author's own words."""

    id: Slug
    author: Slug
    about: list[Slug] = Field(min_length=1)
    stance: Stance
    pairs_with: list[Slug] = Field(default_factory=list)
    date: dt.date | None = None
    body: str = Field(min_length=1)


Tier = Literal[
    "apologise-and-fix",
    "replace-and-gesture",
    "comp-item",
    "comp-course-or-bottle",
    "manager-and-comp",
    "safety-first",
]


Severity = Literal["low", "medium", "high", "critical"]
DEFAULT_SLA: dict[Severity, int] = {"low": 30, "medium": 15, "high": 5, "critical": 1}


class RemedyTier(_Strict):
    id: Slug
    examples: list[str] = Field(default_factory=list)


class RemedyPolicy(_Strict):
    currency: str = "USD"
    approval: dict[str, float] = Field(default_factory=lambda: {"server": 25.0, "manager": 250.0})
    tiers: list[RemedyTier] = Field(default_factory=list)
    sla_minutes: dict[Severity, int] = Field(default_factory=lambda: dict(DEFAULT_SLA))


def _no_duplicates(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} '{i}'")
        seen.add(i)
