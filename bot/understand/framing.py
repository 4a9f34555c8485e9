"""How a guest frames what they name: the language pack's `shapes/needs.yaml`, checked and compiled once.

A frame is what a named thing means to the guest: an allergy ("allergic to sesame"), a dislike ("not a fan of
dill"), a like, a bare "no", "only", or "that's fine". Word order carries it, so the pack writes frames as regular
expressions over a few named word lists; this module expands and compiles them, and hands the lexicon the word
lists it reads clauses with. Nothing here names an English word.
"""

from __future__ import annotations

import re
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.language.pack import load_pack
from bot.text import phrases

Frame = Literal["safe", "allergy", "dislike", "only", "onlykind", "like", "no", "not"]
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# The word lists the lexicon reads; a pack without one of them is refused at load, not at the first message.
LISTS = (
    "glue",
    "negators",
    "lapsed",
    "claimers",
    "not_food",
    "foody_ing",
    "fillers",
    "asking",
    "part_of",
    "whole",
    "denials",
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Before(_Strict):
    frame: Frame
    patterns: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)


class After(_Strict):
    frame: Frame
    pattern: str
    examples: list[str] = Field(min_length=1)


class NeedShapes(_Strict):
    """`shapes/needs.yaml`: frames before and after a named thing, clause breaks, and the word lists."""

    words: dict[str, str] = Field(default_factory=dict)
    before: list[Before] = Field(min_length=1)
    after: list[After] = Field(default_factory=list)
    clause_break: str
    mild: str
    allergy_talk: str
    severe: str
    whole_party: str
    lists: dict[str, str]

    @model_validator(mode="after")
    def _compiles(self) -> Self:
        missing = [name for name in LISTS if name not in self.lists]
        if missing:
            raise ValueError(f"lists lacks {', '.join(missing)}")
        kinds = [b.frame for b in self.before]
        if len(set(kinds)) != len(kinds):
            raise ValueError("each frame may appear once in `before` (its patterns are one group)")
        shapes = [p for b in self.before for p in b.patterns] + [a.pattern for a in self.after]
        for shape in [*shapes, self.clause_break, self.mild, self.allergy_talk, self.severe, self.whole_party]:
            try:
                self.compile(shape)
            except (KeyError, re.error) as exc:
                raise ValueError(f"shape {shape[:60]!r} does not expand and compile: {exc}") from None
        return self

    def expand(self, shape: str) -> str:
        return _PLACEHOLDER.sub(lambda m: self.words[m.group(1)], shape)

    def compile(self, shape: str) -> re.Pattern[str]:
        return re.compile(self.expand(shape))

    def before_pattern(self) -> re.Pattern[str]:
        """One alternation, a named group per frame in the pack's order: at each position the first frame wins."""
        groups = (rf"\b(?P<{b.frame}>{'|'.join(self.expand(p) for p in b.patterns)})(?!\w)" for b in self.before)
        return re.compile("|".join(groups))

    def after_patterns(self) -> tuple[tuple[re.Pattern[str], Frame], ...]:
        return tuple((self.compile(a.pattern), a.frame) for a in self.after)

    def word_list(self, name: str) -> frozenset[str]:
        return frozenset(phrases(self.lists[name]))


SHAPES = load_pack().document("needs", NeedShapes)
