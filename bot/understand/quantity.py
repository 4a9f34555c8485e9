"""How many and how much a message asks for: counts of picks ("top two", "a couple"), courses named together
("a starter and a main") and price limits ("under $30", "budget of 40", "$60 bottle").

The words and the phrase shapes are the language pack's (`shapes/quantity.yaml`); this module only knows how
digits and currency signs look, which no language changes.
"""

from __future__ import annotations

import re
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.language.pack import load_pack
from bot.text import number

MAX_COUNT = 10

NUMBERS: dict[str, int] = dict(load_pack().counts("numbers").mapping)
_NUMBER_WORD = "|".join(sorted(NUMBERS, key=len, reverse=True))
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int = 0  # for a count shape: this many, or 0 for the number its group `n` holds
    # Read from a noun in the singular ("which main?"), not said: a number said anywhere else wins over it.
    inferred: bool = False
    shape: str
    examples: list[str] = Field(min_length=1)


class QuantityShapes(BaseModel):
    """`shapes/quantity.yaml`: the word lists, and the count and price shapes written over them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, str]
    counts: list[Shape] = Field(min_length=1)
    budgets: list[Shape] = Field(min_length=1)

    @model_validator(mode="after")
    def _expands(self) -> Self:
        try:
            found = self.expansions()
        except KeyError as exc:
            raise ValueError(f"a shape does not expand: the words lack {exc}") from None
        for shape in [*self.counts, *self.budgets]:
            try:
                self.compile(shape.shape, found)
            except (KeyError, re.error) as exc:
                raise ValueError(f"shape {shape.shape[:60]!r} does not expand and compile: {exc}") from None
        return self

    def expansions(self) -> dict[str, str]:
        w = self.words
        num = rf"(?:\d+|{_NUMBER_WORD})"
        spelled = rf"(?:{_NUMBER_WORD})(?:[\s-](?:{w['units']}))?"
        # Digits and currency signs look the same in every language; the money words are the pack's.
        priced = (
            rf"(?:[$\u00a3\u20ac]\s?\d+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,2}})?\s?[$\u00a3\u20ac]|\d+(?:\.\d{{1,2}})?\s?-?"
            rf"(?:{w['money']})|{spelled}\s?-?(?:{w['money']}))"
        )
        return {
            **w,
            "num": num,
            "spelled": spelled,
            "priced": priced,
            "amount": rf"(?:{priced}|\d+(?:\.\d{{1,2}})?)",
            "not_money": rf"(?!\s*(?:{w['not_money']}))",  # "under 5 minutes" is no price
        }

    def compile(self, shape: str, found: dict[str, str] | None = None) -> re.Pattern[str]:
        """`shape` with its `{name}`s expanded (from `found`, the expansions, when the caller has them already)."""
        words = found if found is not None else self.expansions()
        return re.compile(_PLACEHOLDER.sub(lambda m: words[m.group(1)], shape))


_SHAPES = load_pack().document("quantity", QuantityShapes)
_WORDS = _SHAPES.expansions()
_COUNTS: tuple[tuple[re.Pattern[str], int | None, bool], ...] = tuple(
    (_SHAPES.compile(s.shape, _WORDS), s.count or None, s.inferred) for s in _SHAPES.counts
)
_BUDGETS: tuple[re.Pattern[str], ...] = tuple(_SHAPES.compile(s.shape, _WORDS) for s in _SHAPES.budgets)
_COURSE = _WORDS["course"]
COURSE_PAIR = re.compile(
    rf"\b(?:{_COURSE})s?\s*(?:,|and|&|\+|plus)\s*(?:a\s+|one\s+)?(?:{_COURSE})\b"
    rf"(?P<third>\s*(?:,|and|&|\+|plus)\s*(?:a\s+|one\s+)?(?:{_COURSE})\b)?"
)
# Cheap first looks: most messages name no number at all, and these skip the full patterns for them.
_COUNT_HINT = re.compile(rf"\d|{_NUMBER_WORD}|{_WORDS['count_hint']}")
_BUDGET_HINT = re.compile(rf"\d|{_WORDS['money_hint']}")
_SPELLED = _WORDS["spelled"]
_BELOW = re.compile(rf"\s*(?:{_WORDS['below']})")


def count_in(folded: str) -> int | None:
    """How many picks the message asks for: the earliest count phrase, capped at MAX_COUNT; None if none."""
    if not _COUNT_HINT.search(folded):
        return None
    found: tuple[bool, int, int] | None = None  # (inferred, where, how many): said beats inferred, then earliest
    for pattern, fixed, inferred in _COUNTS:
        m = pattern.search(folded)
        if m is None or (found is not None and (inferred, m.start()) >= found[:2]):
            continue
        value = fixed if fixed is not None else number(m.group("n"), NUMBERS)
        if value:
            found = (inferred, m.start(), value)
    return min(found[2], MAX_COUNT) if found else None


def _money(amount: str) -> float | None:
    digits = re.search(r"\d+(?:\.\d+)?", amount)
    if digits:
        return float(digits.group())
    spelled = re.match(_SPELLED, amount)
    value = number(spelled.group(), NUMBERS) if spelled else None
    return float(value) if value else None


def budget_below(folded: str) -> bool:
    """Whether the price limit `budget_in` reads is one to stay below ("under $15": not $15 itself) rather than
    one to stay within ("up to $15", "$15 max")."""
    if not _BUDGET_HINT.search(folded):
        return False
    hits = [(m.start(), i, m) for i, p in enumerate(_BUDGETS) if (m := p.search(folded)) and _money(m.group("amount"))]
    if not hits:
        return False
    _, index, m = min(hits, key=lambda h: (h[0], h[1]))
    return index == 0 and _BELOW.match(m.group()) is not None


def budget_in(folded: str) -> float | None:
    """The most the guest wants to pay, from the earliest price limit ("under $30", "budget of 40", "$60 bottle").

    Words like "cheap" carry no number and set nothing: the recommender may lean cheaper, but a made-up limit would
    hide dishes the guest would have happily paid for.
    """
    if not _BUDGET_HINT.search(folded):
        return None
    found: tuple[int, float] | None = None
    for pattern in _BUDGETS:
        m = pattern.search(folded)
        if m is None or (found is not None and m.start() >= found[0]):
            continue
        value = _money(m.group("amount"))
        if value:
            found = (m.start(), value)
    return found[1] if found else None
