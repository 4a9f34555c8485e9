"""The taste vocabulary, read in both directions: a guest's words ("love heat") and a dish's words ("harissa").

The words are the language pack's (`shapes/tastes.yaml`); one table serves both directions so that "spicy" means the
same thing when a guest asks for it and when the recommender tags a dish with it. Matching is by whole words after
folding case and accents, longest phrase first, with the simple plurals of a phrase's last word ("prawns"). The
word matcher is re-exported here because the allergen and diet lexicon and the dish-name matcher reuse it: one
tokenizer means a phrase can never match in one place and not in another.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.language.pack import load_pack
from bot.text import Hit, Phrasebook, Words, fold, forms, phrases, split_words, words_of

__all__ = ["Hit", "Phrasebook", "Words", "fold", "forms", "phrases", "split_words", "words_of"]


class TasteEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[str] = Field(min_length=1)  # what a guest calls the taste: "heat", "cilantro"
    shown: list[str] = Field(default_factory=list)  # what only shows it in a dish's words: "harissa", "dill"
    parents: list[str] = Field(default_factory=list)
    examples: list[str] = Field(min_length=1)


class TasteVocabulary(BaseModel):
    """`shapes/tastes.yaml`: every taste with its words, where it sits among the others, and what to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tastes: dict[str, TasteEntry] = Field(min_length=1)
    ignore_phrases: list[str] = Field(default_factory=list)  # phrases that hold a cue without meaning it
    said_by_staff: list[str] = Field(default_factory=list)
    proteins: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _known(self) -> Self:
        named = [p for e in self.tastes.values() for p in e.parents] + self.said_by_staff + self.proteins
        unknown = sorted({t for t in named if t not in self.tastes})
        if unknown:
            raise ValueError(f"names tastes it does not define: {', '.join(unknown)}")
        return self


_VOCABULARY = load_pack().document("tastes", TasteVocabulary)

# A dish that shows a child shows its parent too: lamb is meat, so "no meat" keeps the guest off the lamb.
PARENTS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {taste: tuple(e.parents) for taste, e in _VOCABULARY.tastes.items() if e.parents}
)
TASTES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {taste: (*e.names, *e.shown) for taste, e in _VOCABULARY.tastes.items()}
)


class Cue(NamedTuple):
    """What a matched word says: its taste, and whether the word names the taste itself ("heat") or only shows it
    ("harissa")."""

    taste: str
    named: bool


_BOOK: Phrasebook[Cue] = Phrasebook(
    [
        (word, Cue(taste, named))
        for taste, e in _VOCABULARY.tastes.items()
        for named, words in ((True, e.names), (False, e.shown))
        for word in words
    ],
    ignore=_VOCABULARY.ignore_phrases,
)


def find_tastes(folded: str | Words) -> list[Hit[Cue]]:
    """Every taste cue in already-folded text, in order, for readers that care where each one sits."""
    return _BOOK.find(folded)


def ancestors(taste: str) -> tuple[str, ...]:
    """The broader tastes a taste belongs to, nearest first (lamb -> meat)."""
    found: list[str] = []
    pending = list(PARENTS.get(taste, ()))
    while pending:
        parent = pending.pop(0)
        if parent not in found:
            found.append(parent)
            pending.extend(PARENTS.get(parent, ()))
    return tuple(found)


PROTEIN_KINDS = tuple(_VOCABULARY.proteins)
# Tastes a menu never writes down and only the staff's notes do ("familiar", "nothing weird"): a dish's notes count
# as plainly showing them.
SAID_BY_STAFF = frozenset(_VOCABULARY.said_by_staff)


def other_proteins(taste: str, *, same_kind: bool) -> tuple[str, ...]:
    """What a guest who eats only this protein will not eat: the other proteins of its kind ("the only meat I eat
    is chicken": lamb, beef, pork, duck) and, unless the kind was named, the other kinds too ("I only eat
    chicken": no fish either). () for a taste that is no protein."""
    kinds = [k for k in (taste, *ancestors(taste)) if k in PROTEIN_KINDS]
    if not kinds:
        return ()
    own = {taste, *ancestors(taste)}
    out = [t for t in TASTES if t not in own and kinds[0] in ancestors(t)]
    if not same_kind:
        out += [k for k in PROTEIN_KINDS if k not in own]
    return tuple(out)


def tastes_in(text: str) -> set[str]:
    """The tastes a dish's or drink's words show, with their parents ("lamb, harissa" -> lamb, meat, spicy)."""
    found: set[str] = set()
    for hit in _BOOK.find(fold(text)):
        found.add(hit.value.taste)
        found.update(ancestors(hit.value.taste))
    return found


def taste_words(taste: str) -> tuple[str, ...]:
    """The cue words for a taste and for every narrower taste under it ("seafood" includes "prawn"); () if unknown."""
    words = list(TASTES.get(taste, ()))
    for child in TASTES:
        if taste in ancestors(child):
            words.extend(TASTES[child])
    return tuple(dict.fromkeys(words))
