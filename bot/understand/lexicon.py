"""Allergens, diets, courses and tastes a message names, and how the guest frames each one.

The words are the language pack's (`allergen_words`, `limit_words`, `diet_words`, `condition_words`,
`course_words`, and the frames of `shapes/needs.yaml`); this module holds only how they are read.

A restaurant treats what a guest names differently depending on how they say it, so the reader must too:
- an allergy ("allergic to sesame", "coeliac", "nut allergy", "can't have dairy", "avoid gluten") is a safety limit;
- a bare "no X" is an allergy when X is a word people use for a safety need (nuts, shellfish, gluten, dairy, eggs,
  sesame, soy, lupin, sulphites), and a dislike when X is a food people simply avoid (lamb, mushrooms, fish, garlic);
- a diet ("we're vegan") filters the menu; "gluten-free", "dairy-free" and "nut-free" also carry their allergens,
  and those allergens carry the diet, because a kitchen cannot tell a preference from a coeliac;
- a dislike ("not a fan of coriander", "hate olives") keeps the guest off a taste, named by its canonical taste word
  when the guest named the taste ("cilantro" -> coriander) and by the guest's own word when they named one
  ingredient ("dill", not every herby dish);
- a like ("love heat", "into seafood") leans toward a taste.
Each named thing takes the nearest framing before it in its clause ("allergic to nuts and love heat"), or one right
after it ("nut allergy", "dairy-free", "nuts are fine"); a clause that is only a list ("…, sesame and shellfish")
continues the previous clause's framing. Negation cancels: "I'm not vegetarian", "I can eat nuts", "not allergic to
anything" add nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from rapidfuzz import fuzz, process

from bot.knowledge.model import DIET_EXCLUDES
from bot.language.pack import load_pack
from bot.understand.framing import SHAPES, Frame
from bot.understand.taste import TASTES, Cue, Phrasebook, find_tastes, fold, other_proteins, split_words

_PACK = load_pack()
_ALLERGEN_TABLE = _PACK.table("allergen_words")
_DIET_TABLE = _PACK.table("diet_words")
_CONDITION_TABLE = _PACK.table("condition_words")
_COURSE_TABLE = _PACK.table("course_words")

# Everyday words -> canonical allergens (the contract's words); "nut" stands for tree nuts and peanuts.
ALLERGEN_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(_ALLERGEN_TABLE.grouped)
# Words a guest uses for a safety need: a bare "no nuts" from one of these is an allergy, not a taste.
SAFETY_WORDS: frozenset[str] = frozenset(_PACK.table("limit_words").mapping)
# Everyday words -> diet tag, conditions ("coeliac") included.
DIET_WORDS: Mapping[str, str] = MappingProxyType({**_DIET_TABLE.mapping, **_CONDITION_TABLE.mapping})
# Conditions, not choices: "is it safe for coeliacs?" still says someone at the table is one.
_CONDITIONS = frozenset(_CONDITION_TABLE.mapping)
COURSE_WORDS: Mapping[str, str] = MappingProxyType(_COURSE_TABLE.mapping)

_DIETS: Phrasebook[str] = Phrasebook(DIET_WORDS.items(), ignore=_DIET_TABLE.ignore_phrases)
_ALLERGENS: Phrasebook[tuple[str, ...]] = Phrasebook(ALLERGEN_WORDS.items(), ignore=_ALLERGEN_TABLE.ignore_phrases)
_COURSES: Phrasebook[str] = Phrasebook(COURSE_WORDS.items(), ignore=_COURSE_TABLE.ignore_phrases)

_FRAME = SHAPES.before_pattern()
_AFTER = SHAPES.after_patterns()
_SPLIT = SHAPES.compile(SHAPES.clause_break)
_MILD = SHAPES.compile(SHAPES.mild)
_ALLERGY_TALK = SHAPES.compile(SHAPES.allergy_talk)
SEVERE = SHAPES.compile(SHAPES.severe)
_WHOLE_PARTY = SHAPES.compile(SHAPES.whole_party)
_THROUGH = SHAPES.word_list("glue")  # may sit between a framing and what it frames: "love spicy food and seafood"
_REACH = 1  # at most this many other words between a framing and its target
_NEGATORS = SHAPES.word_list("negators")
_LAPSED = SHAPES.word_list("lapsed")
_CLAIMERS = SHAPES.word_list("claimers")
_DENIALS = SHAPES.word_list("denials")
# Words after "no" or "hate" that are not foods ("no problem", "hate waiting"), and the pack's everyday words
# ("alongside", "honestly"): never an unknown food, so "skip alongside it" rules out nothing.
_NOT_FOOD = SHAPES.word_list("not_food")
_EVERYDAY = _PACK.everyday
_FOODY_ING = SHAPES.word_list("foody_ing")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_FILLERS = SHAPES.word_list("fillers")
_ASKING = SHAPES.word_list("asking")


def _pieces(folded: str) -> list[tuple[str, bool]]:
    """Clauses, each with whether it follows a comma (and so may continue a list: "nuts, sesame and shellfish")."""
    pieces: list[tuple[str, bool]] = []
    start, after_comma = 0, False
    for m in _SPLIT.finditer(folded):
        part = folded[start : m.start()].strip()
        if part:
            pieces.append((part, after_comma))
        after_comma = m.group() == "," and (bool(part) or after_comma or not pieces)
        start = m.end()
    if folded[start:].strip():
        pieces.append((folded[start:].strip(), after_comma))
    return pieces


def clauses(folded: str) -> list[str]:
    """The clauses of already-folded text: split at sentence ends, commas, dashes and "but" (not "anything but")."""
    return [part for part, _ in _pieces(folded)]


def question_word(clause: str) -> str | None:
    """The word that makes a clause a question ("is the bream gluten-free" -> "is"), or None for a statement."""
    for m in _TOKEN.finditer(clause):
        word = m.group()
        if word in _FILLERS:
            continue
        return word.removesuffix("'s") if word.removesuffix("'s") in _ASKING else None
    return None


def course_in(text: str) -> str | None:
    """The course a message asks about ("top two desserts" -> dessert), the first one named; None if none."""
    hits = _COURSES.find(fold(text))
    return hits[0].value if hits else None


def courses_in(text: str) -> list[str]:
    """Every course a message names, in order ("a starter, a main and a dessert" -> starter, main, dessert)."""
    return [hit.value for hit in _COURSES.find(fold(text))]


def diet_allergens(diet: str) -> tuple[str, ...]:
    """The allergens a "-free" diet stands for ("nut-free" -> tree-nut, peanut); () for vegan and the like."""
    return tuple(sorted(DIET_EXCLUDES.get(diet, ()))) if diet.endswith("-free") else ()


def _diets_of(allergens: Iterable[str]) -> list[str]:
    # The "-free" diets an allergy carries: a coeliac needs gluten-free, a nut allergy nut-free. Only the "-free"
    # diets: a seafood allergy is not a vegetarian.
    held = set(allergens)
    return [d for d in ("gluten-free", "dairy-free", "nut-free") if DIET_EXCLUDES[d] <= held]


@dataclass(frozen=True)
class Needs:
    """What a message says about the guest's limits and tastes, before the reader knows what they are asking.

    The `open_*` fields hold things named without saying they are the guest's own ("does it have nuts?",
    "spicy food", "do you have vegan options?"); the reader decides from the intent what they mean.
    """

    dietary: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    likes: tuple[str, ...] = ()
    dislikes: tuple[str, ...] = ()
    open_diets: tuple[str, ...] = ()
    open_allergens: tuple[str, ...] = ()
    open_tastes: tuple[str, ...] = ()
    some_diets: tuple[str, ...] = ()  # a way of eating for part of the table: "two of us don't eat meat"

    def for_the_whole_table(self) -> Needs:
        """The diets said of part of the table, taken as everyone's (with the allergens a "-free" diet means)."""
        if not self.some_diets:
            return self
        allergens = (a for d in self.some_diets for a in diet_allergens(d))
        return replace(
            self,
            dietary=tuple(dict.fromkeys([*self.dietary, *self.some_diets])),
            allergies=tuple(dict.fromkeys([*self.allergies, *allergens])),
            some_diets=(),
        )

    @property
    def firm(self) -> bool:
        return bool(self.dietary or self.allergies or self.likes or self.dislikes)


@dataclass
class _Item:
    start: int
    end: int
    word: str
    diet: str | None = None
    allergens: tuple[str, ...] = ()
    taste: Cue | None = None
    taste_word: str = ""


@dataclass
class _Tally:
    dietary: dict[str, None] = field(default_factory=dict)
    allergies: dict[str, None] = field(default_factory=dict)
    likes: dict[str, None] = field(default_factory=dict)
    dislikes: dict[str, None] = field(default_factory=dict)
    open_diets: dict[str, None] = field(default_factory=dict)
    open_allergens: dict[str, None] = field(default_factory=dict)
    open_tastes: dict[str, None] = field(default_factory=dict)
    some_diets: dict[str, None] = field(default_factory=dict)

    def allergy(self, allergens: Iterable[str]) -> None:
        allergens = tuple(allergens)
        self.allergies.update(dict.fromkeys(allergens))
        self.dietary.update(dict.fromkeys(_diets_of(allergens)))

    def diet(self, diet: str) -> None:
        self.dietary[diet] = None
        self.allergies.update(dict.fromkeys(diet_allergens(diet)))

    def needs(self) -> Needs:
        likes = [t for t in self.likes if t not in self.dislikes]
        return Needs(
            dietary=tuple(self.dietary),
            allergies=tuple(self.allergies),
            likes=tuple(likes),
            dislikes=tuple(self.dislikes),
            open_diets=tuple(d for d in self.open_diets if d not in self.dietary),
            open_allergens=tuple(self.open_allergens),
            open_tastes=tuple(t for t in self.open_tastes if t not in self.dislikes),
            some_diets=tuple(d for d in self.some_diets if d not in self.dietary),
        )


def allergen_sources(text: str) -> dict[str, list[str]]:
    """Which words of a text carry each allergen ("toasted walnuts" -> tree-nut: [walnuts]): a menu description
    read for the answer to "does the muhammara have nuts?", which should say which nuts."""
    folded = fold(text)
    words = split_words(folded)
    out: dict[str, list[str]] = {}
    for hit in _ALLERGENS.find(words):
        for allergen in hit.value:
            out.setdefault(allergen, [])
            said = folded[hit.start : hit.end]
            if said not in out[allergen]:
                out[allergen].append(said)
    return out


def _items(clause: str) -> list[_Item]:
    """Everything a clause names: diets first (so "gluten-free" is not also "gluten"), then allergens with any taste
    on the same words, then tastes alone."""
    words = split_words(clause)
    items = [_Item(h.start, h.end, h.cue, diet=h.value) for h in _DIETS.find(words)]

    def free(start: int, end: int) -> bool:
        return not any(i.start < end and start < i.end for i in items)

    items += [_Item(h.start, h.end, h.cue, allergens=h.value) for h in _ALLERGENS.find(words) if free(h.start, h.end)]
    for hit in find_tastes(words):
        same = next((i for i in items if i.start < hit.end and hit.start < i.end), None)
        if same is None:
            items.append(_Item(hit.start, hit.end, hit.cue, taste=hit.value, taste_word=hit.cue))
        elif same.allergens and same.taste is None:
            same.taste, same.taste_word = hit.value, hit.cue
    return sorted(items, key=lambda i: i.start)


def _gap(clause: str, start: int, end: int, named: bytearray) -> int:
    """How many words between two points are neither glue words nor other named things."""
    return sum(1 for m in _TOKEN.finditer(clause, start, end) if not named[m.start()] and m.group() not in _THROUGH)


def _frame_of(clause: str, item: _Item, frames: list[tuple[int, int, Frame]], named: bytearray) -> Frame | None:
    # A frame after a list covers the whole list: "tree nut and peanut allergy" is two allergies.
    for end in dict.fromkeys((item.end, _list_end(clause, item.end, named))):
        after = clause[end : end + 40]
        for pattern, kind in _AFTER:
            if pattern.match(after):
                return kind
    before = [f for f in frames if f[1] <= item.start]
    if not before:
        return None
    _, end, kind = before[-1]
    return kind if _gap(clause, end, item.start, named) <= _REACH else None


def _list_end(clause: str, start: int, named: bytearray) -> int:
    """Where a run of named things joined only by glue words ("nut and peanut") ends, from `start`."""
    end = start
    for m in _TOKEN.finditer(clause, start):
        if named[m.start()]:
            end = m.end()
        elif m.group() not in _THROUGH:
            break
    return end


def _dislike_word(item: _Item) -> str:
    """The guest's own word unless it names a whole taste: "cilantro" -> coriander, but "dill" stays dill."""
    if item.taste is not None:
        return item.taste.taste if item.taste.named else item.taste_word
    return item.word


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("oes", "ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _unknown_food(clause: str, end: int, named: bytearray) -> str | None:
    """A food the vocabulary does not know, right after "no" or "hate" ("no cucumber please" -> cucumber)."""
    phrase: list[str] = []
    for m in _TOKEN.finditer(clause, end):
        if named[m.start()]:
            return None  # a known thing is right there; it speaks for itself
        word = m.group()
        if not phrase and word in _THROUGH:
            continue
        usable = (
            word.isalpha()
            and len(word) >= 3
            and word not in _NOT_FOOD
            and _singular(word) not in _NOT_FOOD
            and word not in _EVERYDAY
            and (not word.endswith("ing") or word in _FOODY_ING)
        )
        if not usable or len(phrase) == 3:
            break
        phrase.append(word)
    return _singular(phrase[-1]) if phrase else None


def needs_in(text: str) -> Needs:
    """Read the allergies, diets, likes and dislikes a message states, and the ones it only names."""
    folded = respelled(fold(text))
    tally = _Tally()
    allergy_talk = _has_allergy_talk(folded)
    carried: Frame | None = None
    for clause, continues in _pieces(folded):
        carried = _read_clause(clause, tally, carried if continues else None, allergy_talk)
    if allergy_talk and not tally.allergies:
        # "Does the knafeh have nuts? I'm allergic." The allergy has no object of its own, so it takes the
        # allergens the message named.
        tally.allergy(list(tally.open_allergens))
    if _MILD.search(folded):
        tally.dislikes["spicy"] = None
    return tally.needs()


SPELLING = 85.0  # rapidfuzz ratio: "chiken"/"chicken" 92, "vegitarian"/"vegetarian" 90; "daily"/"dairy" 80 is not
MIN_SPELLED = 5


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], dict[str, list[str]]]:
    """The one-word names of tastes, diets and allergens, by first letter (a typo rarely changes the first)."""
    words = {w for names in TASTES.values() for w in names if " " not in w}
    words |= {w for w in [*DIET_WORDS, *ALLERGEN_WORDS, *COURSE_WORDS] if " " not in w}
    # The kinds and styles of drink too, so "wats ur best cocktale" asks for a cocktail, not for cockles.
    for table in ("drink_kinds", "drink_styles"):
        words |= {w for e in _PACK.table(table).entries for p in e.phrases for w in fold(p).split() if w.isalpha()}
    by_letter: dict[str, list[str]] = {}
    for w in sorted(words):
        by_letter.setdefault(w[:1], []).append(w)
    return frozenset(words), by_letter


@lru_cache(maxsize=1024)
def respelled(folded: str) -> str:
    """The text with misspelt food words put right ("i only eat chiken" -> chicken), so a need is read whatever
    the spelling. Only words of five letters or more that are neither known nor everyday words are touched."""
    known, by_letter = _vocabulary()
    out = folded
    for m in reversed(list(_TOKEN.finditer(folded))):
        word = m.group()
        if len(word) < MIN_SPELLED or word in known or word in _EVERYDAY or not word.isalpha():
            continue
        best = process.extractOne(word, by_letter.get(word[:1], []), scorer=fuzz.ratio, score_cutoff=SPELLING)
        if best is not None:
            out = out[: m.start()] + best[0] + out[m.end() :]
    return out


def _has_allergy_talk(folded: str) -> bool:
    for m in _ALLERGY_TALK.finditer(folded):
        before = folded[max(0, m.start() - 5) : m.start()].split()
        if not before or before[-1] not in _DENIALS:
            return True
    return False


def _read_clause(clause: str, tally: _Tally, carried: Frame | None, allergy_talk: bool) -> Frame | None:
    """Record one clause's needs; return the framing its last item took, for a list that continues after a comma."""
    items = _items(clause)
    frames: list[tuple[int, int, Frame]] = []
    for m in _FRAME.finditer(clause):
        kind: Frame = m.lastgroup  # type: ignore[assignment]  # group names are exactly the Frame values
        frames.append((m.start(), m.end(), kind))
    named = bytearray(len(clause))  # 1 where a named thing sits, so glue counting is one lookup a word
    for item in items:
        named[item.start : item.end] = b"\x01" * (item.end - item.start)
    asking = question_word(clause) is not None
    only_a_list = not frames and all(m.group() in _THROUGH or named[m.start()] for m in _TOKEN.finditer(clause))
    last: Frame | None = None
    for item in items:
        frame = _frame_of(clause, item, frames, named)
        if frame is None and only_a_list:
            frame = carried
        if item.diet is not None:
            _read_diet(clause, item, tally, asking)
            continue
        _read_item(item, frame, tally, allergy_talk)
        last = frame
    for _, end, kind in frames:
        if kind in {"dislike", "no", "allergy"}:
            food = _unknown_food(clause, end, named)
            if food is not None:
                tally.dislikes[food] = None
    return last


# Ways of eating a guest chooses, which can hold for some of a table: a main each can differ. Conditions and
# allergies are never split: a shared plate and a kitchen's cross-contact reach everyone.
_CHOSEN_DIETS = frozenset({"vegetarian", "vegan", "pescatarian"})
_PART_OF = SHAPES.word_list("part_of")
_WHOLE = SHAPES.word_list("whole")


def _some_of_the_table(before: list[str]) -> bool:
    """Whether the words leading up to a diet give it to part of the table: "two don't eat meat", "one of us is
    vegan", "the other two are veggie" — and not "we're all vegan" or "I'm vegan"."""
    lead = before[-5:]
    part = next((i for i, w in enumerate(lead) if w in _PART_OF), None)
    if part is None or _WHOLE & set(lead):
        return False
    return not _WHOLE_PARTY.search(" ".join(lead))  # "the two of us": everyone


def _read_diet(clause: str, item: _Item, tally: _Tally, asking: bool) -> None:
    before = [m.group().removesuffix("'s") for m in _TOKEN.finditer(clause, max(0, item.start - 80), item.start)]
    if _NEGATORS & set(before[-3:]) or _LAPSED & set(before[-2:]):
        return  # "I'm not vegetarian", "no longer vegan"
    assert item.diet is not None
    if item.diet in _CHOSEN_DIETS and item.word not in _CONDITIONS and _some_of_the_table(before):
        tally.some_diets[item.diet] = None  # "two don't eat meat", "one of us is vegan", "one veggie"
    elif item.word in _CONDITIONS or not asking or _CLAIMERS & set(before):
        tally.diet(item.diet)
    else:
        tally.open_diets[item.diet] = None  # "is the bream gluten-free?": asked, not claimed


def _read_item(item: _Item, frame: Frame | None, tally: _Tally, allergy_talk: bool) -> None:
    if frame == "safe":
        return
    if frame in ("like", "only", "onlykind"):
        if item.taste is not None:
            tally.likes[item.taste.taste] = None
            if frame != "like":
                tally.dislikes.update(dict.fromkeys(other_proteins(item.taste.taste, same_kind=frame == "onlykind")))
        return
    if frame is None:
        if item.allergens:
            tally.open_allergens.update(dict.fromkeys(item.allergens))
        if item.taste is not None:
            tally.open_tastes[item.taste.taste] = None
        return
    safety = item.word in SAFETY_WORDS or (allergy_talk and frame in {"no", "not"})
    if item.allergens and (frame == "allergy" or safety):
        tally.allergy(item.allergens)
    else:
        tally.dislikes[_dislike_word(item)] = None
