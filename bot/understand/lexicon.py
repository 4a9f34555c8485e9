"""Everyday words for allergens, diets and courses, and how a guest frames what they name.

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
from typing import Literal

from rapidfuzz import fuzz, process

from bot.knowledge.model import DIET_EXCLUDES
from bot.language.pack import load_pack
from bot.understand.taste import TASTES, Cue, Phrasebook, find_tastes, fold, other_proteins, phrases, split_words

_NUTS = ("tree-nut", "peanut")
_SHELLFISH = ("crustacean-shellfish", "mollusc")

# Everyday words -> canonical allergens (the contract's words). Written singular; plurals come for free.
_ALLERGEN_TABLE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gluten, wheat, barley, rye, spelt", ("gluten",)),
    ("nut, nut butter, mixed nut", _NUTS),
    (
        "tree nut, almond, almond milk, walnut, pistachio, hazelnut, cashew, pecan, macadamia, brazil nut, pine nut",
        ("tree-nut",),
    ),
    ("peanut, peanut butter, groundnut", ("peanut",)),
    ("shellfish", _SHELLFISH),
    ("seafood", ("fish", *_SHELLFISH)),
    ("crustacean, prawn, shrimp, crab, lobster, langoustine, crayfish, crawfish, scampi", ("crustacean-shellfish",)),
    (
        "mollusc, mollusk, squid, octopus, mussel, clam, oyster, scallop, calamari, cuttlefish, snail, escargot, "
        "cockle, whelk",
        ("mollusc",),
    ),
    ("fish, anchovy, salmon, tuna, cod, fish sauce", ("fish",)),
    ("dairy, lactose, milk, cheese, cream, butter, casein, whey", ("milk",)),
    ("egg", ("egg",)),
    ("sesame, tahini", ("sesame",)),
    ("soy, soya, soybean, soy milk, tofu, edamame, miso, tamari", ("soy",)),
    ("mustard", ("mustard",)),
    ("celery, celeriac", ("celery",)),
    ("lupin, lupine", ("lupin",)),
    ("sulphite, sulfite, sulphur dioxide, sulfur dioxide", ("sulphite",)),
    ("allium, onion, garlic, shallot, leek, scallion, spring onion, chive", ("allium",)),
)
ALLERGEN_WORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {word: allergens for words, allergens in _ALLERGEN_TABLE for word in phrases(words)}
)

# Words a guest uses for a safety need: a bare "no nuts" from one of these is an allergy, not a taste.
SAFETY_WORDS: frozenset[str] = frozenset(
    phrases(
        "gluten, wheat, nut, mixed nut, tree nut, almond, walnut, pistachio, hazelnut, cashew, pecan, macadamia, "
        "brazil nut, pine nut, peanut, groundnut, shellfish, crustacean, mollusc, mollusk, dairy, lactose, milk, egg, "
        "sesame, tahini, soy, soya, lupin, lupine, sulphite, sulfite, allium"
    )
)

# Everyday words -> diet tag. "veggie" is a diet, "veggies" are vegetables (a taste).
_DIET_TABLE: tuple[tuple[str, str], ...] = (
    ("vegan, plant based", "vegan"),
    (
        "vegetarian, veggie, veggo, meat free, meatless, lacto ovo, ovo lacto, don't eat meat, dont eat meat, "
        "do not eat meat, doesn't eat meat, does not eat meat",
        "vegetarian",
    ),
    ("pescatarian, pescetarian, pescaterian", "pescatarian"),
    ("gluten free, gf, coeliac, celiac", "gluten-free"),
    ("dairy free, lactose free, milk free, non dairy", "dairy-free"),
    ("nut free, tree nut free", "nut-free"),
)
DIET_WORDS: Mapping[str, str] = MappingProxyType({word: diet for words, diet in _DIET_TABLE for word in phrases(words)})
# Conditions, not choices: "is it safe for coeliacs?" still says someone at the table is one.
_CONDITIONS = frozenset({"coeliac", "celiac"})

_COURSE_TABLE: tuple[tuple[str, str], ...] = (
    ("starter, appetizer, appetiser, mezze, meze, small plate, first course, nibble, to start", "starter"),
    ("main, main course, main dish, entree", "main"),
    ("side, side dish, side order", "side"),
    ("dessert, pudding, afters, something sweet, anything sweet, sweets, sweet tooth", "dessert"),
    (
        "specials, the special, tonight's special, today's special, daily special, chef's special, special tonight, "
        "special of the day",
        "special",
    ),
)
COURSE_WORDS: Mapping[str, str] = MappingProxyType(
    {word: course for words, course in _COURSE_TABLE for word in phrases(words)}
)
_NOT_A_COURSE = phrases("on the side, main thing, main reason, main question, main concern, side note")

_DIETS: Phrasebook[str] = Phrasebook(DIET_WORDS.items(), ignore=("veggies",))
_ALLERGENS: Phrasebook[tuple[str, ...]] = Phrasebook(
    ALLERGEN_WORDS.items(), ignore=phrases("oat milk, rice milk, coconut milk, coconut cream, cocoa butter")
)
_COURSES: Phrasebook[str] = Phrasebook(COURSE_WORDS.items(), ignore=_NOT_A_COURSE)

Frame = Literal["safe", "allergy", "dislike", "only", "onlykind", "like", "no", "not"]

_NEG = r"(?:do|does|did)(?:n'?t| not)"
_CANT = r"(?:can'?t|cannot|can not|couldn'?t|could not|mustn'?t|must not|shouldn'?t|should not)"
# Kinds are tried in this order at each position, so "not a fan of" (dislike) wins over "not", and "can't eat"
# (allergy) never meets "can eat" (safe).
_FRAMES: dict[Frame, tuple[str, ...]] = {
    "safe": (
        r"can (?:eat|have|do|handle|tolerate|take|manage)",
        r"(?:fine|ok|okay|happy|good|alright|all right|cool) (?:with|eating|having)",
        r"no (?:problems?|issues?|trouble) (?:with|eating|having)",
        r"not allergic(?: to)?",
        r"no allerg(?:y|ies)(?: to)?",
        _NEG + r" mind",
    ),
    "allergy": (
        r"allerg(?:ic|y|ies)(?: reactions?)? (?:to|from)",
        r"allerg(?:ic|y|ies) *[:\-]",
        r"(?:intoleran(?:t|ce)|sensitive|sensitivity) (?:to|of)",
        _CANT + r" (?:have|eat|do|handle|tolerate|take|stomach|digest|manage|cope with|deal with)",
        r"(?:neither|none|nobody|no one) (?:of (?:us|them) )?(?:can|could) (?:have|eat|do|handle|tolerate|take|manage)",
        r"avoid(?:s|ing)?",
        r"react(?:s|ed|ion)? (?:badly |really badly |strongly |terribly )?(?:to|from)",
        r"(?:makes?|made) (?:me|us|him|her|them) (?:really |very |so |quite )?(?:ill|sick|unwell)",
        r"(?:sets?|set) off (?:my|his|her|their)",
        r"anaphyla\w* (?:to|from)",
    ),
    "dislike": (
        _NEG + r" (?:really |much |particularly |especially |actually |even )?(?:like|love|enjoy|want|fancy|care for|"
        r"dig|do)",
        r"not (?:a |really a |the biggest |a big |a huge |much of a )?fan of",
        r"not (?:really |too |that |so |very |all that |a )?(?:into|keen on|big on|fussed on|crazy about|mad about)",
        r"(?:hate|hates|hated|dislike|dislikes|detest|detests|loathe|loathes|despise|despises)",
        _CANT + r" stand",
        r"(?:rather|prefer(?: to)?) not(?: have| eat)?",
        r"not in the mood for",
        r"(?:sick|tired) of",
        r"(?:stay|steer|keep) (?:away|clear) (?:from|of)",
        r"(?:won'?t|will not|wouldn'?t|would not|refuses? to|never) (?:touch|go near)(?: anything)?",
    ),
    # "the only meat I eat is chicken": chicken, and no other meat; "I only eat chicken": no other meat or fish.
    "onlykind": (
        r"(?:the )?only (?:meat|protein|fish|seafood)s? (?:i|we|he|she|they|(?:my|our) \w+) (?:will |would |can |"
        r"really |ever )?(?:eats?|have|has|likes?|touch(?:es)?|do|does)(?: is| are|'s)?",
    ),
    "only": (
        r"only (?:really |ever |usually |actually )?(?:eats?|ate|likes?|wants?|trusts?|do(?:es)?)",
        r"(?:won'?t|will not|wouldn'?t) eat anything (?:but|except|other than)",
    ),
    "like": (
        r"(?:i'?d|we'?d|would) (?:like|love)",
        r"(?:love|loves|loving|adore|adores|like|likes|enjoy|enjoys|want|wants|fancy|fancies|prefer|prefers|crave|"
        r"craves|craving|dig)",
        r"(?:into|keen on|big on|partial to|mad about|crazy about|obsessed with|fond of|fan of|in the mood for|"
        r"looking for|up for|go for|hungry for)",
    ),
    "no": (
        r"no",
        r"without",
        r"hold the",
        r"minus",
        r"except(?: for)?",
        r"(?:anything|everything|all) but",
        r"free of",
        r"other than",
        r"besides",
        r"apart from",
        r"instead of",
        r"rather than",
        r"(?:leave|take|keep) (?:out|off)",
        r"skip(?: the)?",
        r"none of",
        _NEG + r" (?:really |usually |ever )?(?:eat|drink)",
        r"(?:never|won'?t|will not) (?:eat|drink)",
    ),
    # Like "no", but never takes an unknown word as a dislike: "not sure", "nothing fancy".
    # "too sugary", "overly rich": the taste is what the guest wants less of.
    "not": (
        r"not",
        r"less",
        r"nothing(?: with| containing| that has)?",
        r"(?:way |far |much |a bit |a little |slightly |just |kinda |really )?too",
        r"overly",
    ),
}
_FRAME = re.compile("|".join(rf"\b(?P<{kind}>{'|'.join(patterns)})(?!\w)" for kind, patterns in _FRAMES.items()))
_AFTER: tuple[tuple[re.Pattern[str], Frame], ...] = (
    (re.compile(r"[\s\-]*(?:allerg(?:y|ies|ic)|intoleran(?:t|ce)|sensitivity)\b"), "allergy"),
    (re.compile(r"[\s\-]*free\b"), "no"),
    # An intolerance said sideways is still a limit: "dairy and me don't get along", "garlic doesn't agree with me".
    (
        re.compile(
            r"\s+(?:and (?:me|i|my (?:stomach|gut|body))\s+)?(?:really |just |honestly |totally )?"
            r"(?:do(?:es)?n'?t|do not|does not|never)\s+(?:really |quite )?"
            r"(?:get along|get on|agree with (?:me|us|him|her|my)|sit (?:well|right) with|play nice)"
        ),
        "allergy",
    ),
    (
        re.compile(
            r"\s+(?:upsets?|wrecks?|destroys?|kills?|messes up|hates) (?:my|his|her|our) (?:stomach|tummy|gut)"
            r"|\s+(?:gives?|gave) (?:me|him|her|us) (?:a )?(?:stomach ?ache|hives|a rash|migraines?|trouble|the runs)"
        ),
        "allergy",
    ),
    # The thing first, the harm after: "gluten makes me ill", "sulphites set off my asthma", "…: I react to them".
    (
        re.compile(r"\s+(?:makes?|made)\s+(?:me|us|him|her|them)\s+(?:really |very |so |quite )?(?:ill|sick|unwell)"),
        "allergy",
    ),
    (re.compile(r"\s+(?:sets?|set)\s+off\b"), "allergy"),
    (
        re.compile(
            r"[\s,:;\-]*(?:i|we|he|she|they)\s+(?:react|reacts|am allergic|'m allergic|are allergic|'re allergic)"
            r"\s+to\s+(?:all of\s+|both of\s+|all\s+|both\s+)?(?:them|it|those|these|both|all)\b"
        ),
        "allergy",
    ),
    (
        re.compile(
            r"\s*(?:is|are|'s|'re)\s+(?:totally |completely |perfectly |absolutely )?(?:fine|ok|okay|no problem|"
            r"not a problem|alright|all right)\b"
        ),
        "safe",
    ),
    (re.compile(r"\s*(?:is|are|'s|'re)\s+(?:a no|out|not for me|off the table)\b"), "no"),
)
# Words that may sit between a framing and what it frames without breaking the link ("love spicy food and seafood").
_THROUGH = frozenset(
    phrases(
        "and, or, &, also, plus, nor, the, a, an, any, some, all, kind, kinds, type, types, sort, sorts, of, too, "
        "very, really, much, food, foods, dish, dishes, stuff, things, thing, anything, something, everything, "
        "with, containing, in, it, them, pretty, most, many, please, either, extra, more, lot, lots, bit, little, "
        "to, eat, have"
    )
)
_REACH = 1  # at most this many other words between a framing and its target
_MILD = re.compile(r"\b(?:mild|milder|mildly spiced)\b")
_ALLERGY_TALK = re.compile(r"\b(?:allergic|allergy|allergies|intolerant|intolerance|anaphyla\w*|epi-?pens?)\b")
_NEGATORS = frozenset({"not", "non", "never", "isn't", "aren't", "ain't", "wasn't", "weren't", "no", "nor"})
_CLAIMERS = frozenset(
    phrases(
        "i, i'm, im, we, we're, were, my, our, she, he, they, they're, for, as, someone, somebody, strict, strictly, am"
    )
)
# Words after "no" or "hate" that are not foods ("no problem", "hate waiting").
# The pack's everyday words ("alongside", "honestly") are never an unknown food: "skip alongside it" rules out nothing.
_EVERYDAY = load_pack().everyday
_NOT_FOOD = frozenset(
    phrases(
        "problem, problems, worries, worry, idea, rush, thanks, thank, way, one, longer, more, need, issue, object, "
        "issues, allergies, allergy, preference, preferences, restriction, restrictions, dietary, clue, sure, "
        "really, it, that, this, those, these, them, there, here, when, what, how, much, many, big, deal, reason, "
        "doubt, matter, pressure, hurry, stress, fuss, joke, kidding, chance, time, wait, service, music, noise, "
        "i, we, you, me, us, they, he, she, my, our, your, to, be, have, get, eat, order, want, like, know, "
        "think, mind, care, go, see, say, ask, too, so, very, just, only, even, any, anything, something, "
        "everything, nothing, all, such, cheap, expensive, good, bad, great, nice, fancy, please, the, a, an, of, "
        "for, with, from, on, in, at, by, about, as, if, or, and, but, not, no, yes, ok, okay, lot, lots, bit, "
        "little, thing, things, stuff, food, foods, dish, dishes, meal, one, ones, kind, type, sort, worse, "
        "better, more, less, people, person, table, menu, rush, penicillin, latex, bee, wasp, pollen, dust, cat, "
        "dog, medication, medicine, antibiotic, aspirin, ibuprofen"
    )
)
_FOODY_ING = frozenset({"pudding", "dumpling", "stuffing", "icing", "filling", "frosting", "dressing"})

_SPLIT = re.compile(
    r"\.(?:(?!\d)|(?<!\d\.))|[!?;\n]+|,|\s[-\u2013\u2014]\s|\bbut\b(?<!anything but)(?<!everything but)(?<!all but)"
    r"|\b(?:though|although|however|whereas)\b"
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_FILLERS = frozenset(
    phrases(
        "so, and, also, ok, okay, oh, well, um, uh, please, then, hey, hi, hello, sorry, actually, quick, "
        "question, one, more, just"
    )
)
_ASKING = frozenset(
    phrases(
        "what, whats, which, who, whom, whose, when, where, why, how, is, isn't, are, aren't, was, were, do, "
        "does, did, don't, doesn't, can, could, will, would, should, shall, may, might, have, has, any, anything, "
        "tell, explain, describe, wondering, wonder, curious"
    )
)


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
    after = clause[item.end : item.end + 40]
    for pattern, kind in _AFTER:
        if pattern.match(after):
            return kind
    before = [f for f in frames if f[1] <= item.start]
    if not before:
        return None
    _, end, kind = before[-1]
    return kind if _gap(clause, end, item.start, named) <= _REACH else None


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
    words |= {w for w in [*DIET_WORDS, *ALLERGEN_WORDS] if " " not in w}
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
        if not before or before[-1] not in {"no", "not", "any", "zero"}:
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
_PART_OF = frozenset(phrases("one, two, three, four, five, half, some, couple, few, other, others"))
_WHOLE = frozenset(phrases("all, both, everyone, everybody, whole, entire"))


def _some_of_the_table(before: list[str]) -> bool:
    """Whether the words leading up to a diet give it to part of the table: "two don't eat meat", "one of us is
    vegan", "the other two are veggie" — and not "we're all vegan" or "I'm vegan"."""
    lead = before[-5:]
    part = next((i for i, w in enumerate(lead) if w in _PART_OF), None)
    if part is None or _WHOLE & set(lead):
        return False
    return not (part > 0 and lead[part - 1] == "the" and "of" in lead[part:])  # "the two of us": everyone


def _read_diet(clause: str, item: _Item, tally: _Tally, asking: bool) -> None:
    before = [m.group().removesuffix("'s") for m in _TOKEN.finditer(clause, max(0, item.start - 80), item.start)]
    if _NEGATORS & set(before[-3:]) or "longer" in before[-2:]:
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
