"""Pair a drink with a dish, or a dish with a drink: ranked, committed, and each pick with its reason said plainly.

Opinion first: a staff note that pairs the two (`pairs_with`) is the strongest signal, and its author's own words are
the reason. Beyond the notes, a few plain rules read each item's own text (the wine list names weight, acidity,
sweetness and tannin on purpose) and say why they fired: "high acidity cuts through the richness of the lamb fat",
"the harissa heat turns firm tannin bitter — avoid". The words they read are listed once, below.

What the person asked for holds or the drink is not offered: allergies and diets (`check_drink`, `check`),
availability (`available: false` is never paired), kind (wine, beer, cocktail, spirit, non-alcoholic), colour and
style (red, white, rosé, orange, sparkling, sweet, coffee, tea), by the glass, and price. Fewer picks with a plain
statement beat a padded list.

Budget rule: "a red under $60" names a bottle price and "a glass under $15" a glass price. A bare budget under
`GLASS_BUDGET_BELOW` ($30) is read as a glass price, and $30 or more as a bottle price: no list pours a $30 glass as
its everyday choice, and no bottle sells for under $30. A drink sold only by the glass (beer, cocktails) is held to
its glass price whichever way the budget reads. Only a budget said in this turn limits the drink: an earlier "mains
under $30" was about food.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Literal

from bot.decide.constraint import check, check_drink
from bot.decide.decision import Citation, Decision, Pick, Skip
from bot.decide.recommend import STANCE_WEIGHT, dish_tastes
from bot.knowledge.model import Dish, Drink, Note
from bot.knowledge.venue import Item, VenueKnowledge
from bot.language.pack import load_pack
from bot.money import money
from bot.text import sentences
from bot.understand.naming import aliases
from bot.understand.request import BODIES, Constraints, DrinkAsk, Request, Role, over_budget
from bot.understand.taste import find_tastes, fold, taste_words
from bot.wording import and_list

Serve = Literal["glass", "bottle"]

GLASS_BUDGET_BELOW = 30.0
GUEST_COUNT = 1  # a guest gets one committed pick unless they ask for more
STAFF_COUNT = 3
AVOID_COUNT = 2
NOTE_BONUS = 5.0  # a staff note pairing the two, on top of its stance: outweighs any single rule
OPINION_SHARE = 0.3  # what staff think of the partner on its own (a "skip" note on a beer) counts a little
OPINION_CAP = 1.5
MIN_RULE_SCORE = 1.5  # a pick no note backs needs at least one full rule in its favour, and no clash

# ---------------------------------------------------------------------------------------------- the words we read
# Drinks: weight, first match wins (so "light- to medium-bodied" reads medium, "medium- to full-bodied" full).
_DRINK_WEIGHT = (
    (3, r"full-bodied|fuller-bodied|full-flavou?red|\bbig\b|\bdense\b|\brich\b|\bstrong\b|spirit-forward|\bthick\b"),
    (2, r"medium-bodied|\bmedium\b"),
    (1, r"light-bodied|\blight\b|\bcrisp\b|refreshing|\bpale\b"),
)
_ACIDITY = (
    (2, r"(?:searing|high|bright|juicy|lively|fresh|crisp) acidity|crisp white|\btart\b|\bsour\b"),
    (0, r"(?:soft|low) acidity"),
    (1, r"acidity|\bcrisp\b|lemon|\blime\b|grapefruit|citrus|tangy"),
)
_SWEETNESS = (
    (1, r"off-dry|lightly sweet|faintly sweet|barely sweet|bittersweet"),
    (2, r"medium-sweet|caramel-sweet|semi-sweet"),
    (0, r"\bdry\b|unsweetened|sweetened to order"),
    (3, r"\bsweet\b|molasses|syrup|dessert wine"),
)
_TANNIN = (
    (0, r"no tannin"),
    (3, r"young tannin|still-young|tannic"),
    (2, r"\bfirm\b[^.;]{0,25}tannin|\bgrip\b"),
    (1, r"(?:soft|silky|fine|rounded)\b[^.;]{0,20}tannin|tannin[^.;]{0,10}(?:silky|soft)"),
    (2, r"tannin"),
)
_BITTERNESS = ((0, r"(?:low|no) bitterness"), (2, r"firm bitterness|hoppy"), (1, r"bitterness|\bbitter\b"))
_BUBBLES = re.compile(r"sparkling|bubbles|\bsoda\b|fizz|\bipa\b|lager|pilsner")
_STRONG = re.compile(r"\bstrong\b|spirit-forward")
_COOLING = re.compile(r"yogurt|cooling")
_RESETS = re.compile(r"coffee|\btea\b")  # a bitter or unsweetened hot drink: a contrast to dessert, not a match

# Dishes: most tastes come from the shared vocabulary (`bot.understand.taste`); these add what it does not track.
# Richness, by what carries it, as a reason names it.
_FAT = {
    **{w: w for w in ("butter", "cream", "cheese", "halloumi", "feta", "labneh", "jameed", "yogurt", "sausage", "fat")},
    **{"lamb": "lamb fat", "duck": "duck fat", "pork": "pork fat", "ribeye": "marbled beef", "fried": "fried crust"},
}
_FAT_WORDS = re.compile(r"\b(" + "|".join(sorted(_FAT, key=len, reverse=True)) + r")s?\b")
_SALT_WORDS = re.compile(r"\b(salty|salted|cured|cheese|halloumi|feta|jameed|brittle)\b")
_RED_MEAT = frozenset({"lamb", "beef", "duck", "pork"})  # duck drinks like red meat
_VAGUE = frozenset({"sour", "tangy", "tartness", "acidic", "acidity", "citrus", "citrusy", "lemony", "zesty"})
# The tastes pairing talk is about: a note's sentence on heat or fat speaks to a pairing, one on mint does not.
_QUOTE_TASTES = frozenset({"spicy", "sweet", "rich", "sour", "smoky", "crispy", "seafood", "cheese"})
_WARNS = re.compile(r"\b(?:but|not|never|wrong|too|instead|skip)\b")  # a sentence that carries a warning
_ACID_NOUN = {"pickled": "pickles", "pickle": "pickles", "vinegary": "vinegar"}
_NOT_HEAT = frozenset({"spice"})  # "seven-spice", "spice rub": a blend, not chili
_HOT = frozenset({"hot", "heat", "fiery", "spicy"})  # words that say the heat outright; a named chili is better
_COURSE_WEIGHT = {"starter": 1, "side": 1, "main": 2, "special": 2, "dessert": 2}
_WEIGHT_MATCH = {
    1: "light-bodied, for a light dish",
    2: "medium-bodied, the same weight as the dish",
    3: "full-bodied enough for a heavy dish",
}

# How a drink's own `style` shows the style a person asked for (the asking words are the language pack's).
_STYLE_WORDS = "drink_style_words"  # the pack table of how a drink's own words show a style


@lru_cache(maxsize=512)
def styles_shown(text: str) -> frozenset[str]:
    """The styles a drink's own words show ("bone-dry, medium-bodied" -> dry; "off-dry" is not dry)."""
    return frozenset(load_pack().table(_STYLE_WORDS).values(fold(text)))


_KIND_WORD = {
    "non-alcoholic": "alcohol-free",
    "wine": "a wine",
    "beer": "a beer",
    "cocktail": "a cocktail",
    "spirit": "a spirit",
}


def _level(levels: tuple[tuple[int, str], ...], text: str, default: int) -> int:
    return next((value for value, pattern in levels if re.search(pattern, text)), default)


# ---------------------------------------------------------------------------------------------------- profiles
@dataclass(frozen=True)
class DrinkProfile:
    """What a drink's own words say about how it meets food. Levels are small integers, 0 = none."""

    weight: int  # 1 light, 2 medium, 3 full
    acidity: int  # 0 soft, 1 moderate, 2 high
    sweetness: int  # 0 dry, 1 off-dry, 2 medium-sweet, 3 sweet
    tannin: int  # 0 none, 1 soft, 2 firm, 3 young and gripping
    bitterness: int  # 0 low, 1 some, 2 firm (hops)
    alcohol: int  # 0 none, 1 wine, beer or a long drink, 2 spirit strength
    bubbles: bool
    cooling: bool = False  # yogurt drinks, which put chili out
    resets: bool = False  # coffee and tea: bitter or unsweetened, a contrast to something sweet


def drink_profile(drink: Drink) -> DrinkProfile:
    return _drink_profile(drink.kind, drink.style or "", drink.description)


@lru_cache(maxsize=1024)
def _drink_profile(kind: str, style_text: str, description: str) -> DrinkProfile:
    text = fold(f"{style_text}. {description}")
    style = fold(style_text)
    red = kind == "wine" and re.search(r"\bred\b|orange|skin", style) is not None
    default_weight = {"spirit": 3, "wine": 2, "cocktail": 2}.get(kind, 1)
    alcohol = {"non-alcoholic": 0, "spirit": 2}.get(kind, 1)
    if kind == "cocktail" and _STRONG.search(text):
        alcohol = 2
    return DrinkProfile(
        weight=_level(_DRINK_WEIGHT, text, default_weight),
        acidity=_level(_ACIDITY, text, 0),
        sweetness=_level(_SWEETNESS, text, 0),
        tannin=_level(_TANNIN, text, 2 if red else 0) if kind == "wine" else 0,
        bitterness=_level(_BITTERNESS, text, 0),
        alcohol=alcohol,
        bubbles=kind == "beer" or _BUBBLES.search(text) is not None,
        cooling=_COOLING.search(text) is not None,
        resets=kind == "non-alcoholic" and _RESETS.search(style) is not None,
    )


@dataclass(frozen=True)
class DishProfile:
    """What a dish's menu text says about how it meets a drink, with the words that say it (for the reasons)."""

    weight: int  # 1 light, 2 medium, 3 heavy
    fat: int  # 0 lean, 1 some richness, 2 rich
    heat: int  # 0 none, 1 spicy, 2 properly hot
    sweetness: int  # 0 savoury, 1 a sweet element (jam, molasses), 2 dessert, 3 dessert in syrup
    acidic: bool  # lemon, sumac, pickles, pomegranate molasses
    smoky: bool  # grilled, charred, over coals
    fried: bool
    salty: bool
    protein: Literal["seafood", "red meat", "poultry", "vegetables", "other"]
    fat_cues: tuple[str, ...] = field(default=())
    acid_cues: tuple[str, ...] = field(default=())
    heat_cue: str = "chili"
    sweet_cue: str = "sweetness"
    salt_cue: str = "salt"


def dish_profile(dish: Dish) -> DishProfile:
    return _dish_profile(dish.name, dish.course, dish.description)


@lru_cache(maxsize=1024)
def _dish_profile(name: str, course: str, description: str) -> DishProfile:
    text = fold(f"{name}. {description}")
    tastes = dish_tastes(name, description)
    hits = find_tastes(text)
    heat = [h for h in hits if h.value.taste == "spicy" and h.cue not in _NOT_HEAT]
    acid = [_ACID_NOUN.get(h.cue, h.cue) for h in hits if h.value.taste in ("sour", "citrus") and h.cue not in _VAGUE]
    acid = list(dict.fromkeys(acid))
    sharp = any(h.value.taste in ("sour", "citrus") for h in hits)
    sweet = [h.cue for h in hits if h.value.taste == "sweet" and not h.value.named]
    fat_cues = list(dict.fromkeys(_FAT[m.group(1)] for m in _FAT_WORDS.finditer(text)))
    if len(fat_cues) > 1 and "fat" in fat_cues:
        fat_cues.remove("fat")  # "the lamb fat and fat" says nothing twice
    salt = [m.group(1) for m in _SALT_WORDS.finditer(text)]
    protein: Literal["seafood", "red meat", "poultry", "vegetables", "other"] = "other"
    if "seafood" in tastes:
        protein = "seafood"
    elif tastes & _RED_MEAT:
        protein = "red meat"
    elif "chicken" in tastes:
        protein = "poultry"
    elif "vegetables" in tastes:
        protein = "vegetables"
    weight = _COURSE_WEIGHT.get(course, 2)
    weight += 1 if protein == "red meat" or "rich" in tastes else 0
    weight -= 1 if "light" in tastes else 0
    sweetness = 1 if sweet else 0
    if course == "dessert":
        sweetness = 3 if sweet and "bittersweet" not in text else 2
    named_chili = next((h.cue for h in heat if h.cue not in _HOT), "chili")
    return DishProfile(
        weight=max(1, min(3, weight)),
        fat=min(2, len(fat_cues) + (1 if "rich" in tastes else 0)),
        heat=0 if not heat else 2 if len(heat) > 1 or {h.cue for h in heat} & _HOT else 1,
        sweetness=sweetness,
        acidic=sharp,
        smoky="smoky" in tastes,
        fried="crispy" in tastes and "fried" in text,
        salty=bool(salt),
        protein=protein,
        fat_cues=tuple(fat_cues[:2]),
        acid_cues=tuple(acid[:2]),
        heat_cue=named_chili,
        sweet_cue=sweet[0] if sweet else "sweetness",
        salt_cue=next((s for s in salt if s not in ("salty", "salted")), "salt"),
    )


# ------------------------------------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Fired:
    """One rule that fired: its points, its reason in plain words, and whether it is a clash (a reason to avoid)."""

    points: float
    reason: str
    clash: bool = False
    theme: str | None = None  # the taste a clash is about, to find the staff warning that speaks of it
    supporting: bool = False  # backs a pairing but never makes one alone (matching weight is not a reason to pour)


Rule = Callable[[DrinkProfile, DishProfile], Fired | None]


def acid_cuts_fat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """High acidity cuts fat and fried food, the way lemon does."""
    if w.acidity == 2 and d.fat:
        what = f"the richness of the {and_list(list(d.fat_cues))}" if d.fat_cues else "the richness"
        return Fired(1.0 + d.fat, f"high acidity cuts through {what}")
    return None


def acid_meets_acid(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """A sharp dish makes a soft drink taste flat; a drink with acidity of its own keeps up."""
    if not d.acidic or d.sweetness >= 2 or w.resets or w.cooling:
        return None  # at dessert, sweetness decides
    cues = f"the {and_list(list(d.acid_cues))}" if d.acid_cues else "the dish's sharpness"
    if w.acidity:
        return Fired(1.0, f"enough acidity of its own to meet {cues}")
    return Fired(-1.0, f"{cues} will make it taste flat")


def weight_match(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Like weight with like: a light wine for a light plate, a full one for a heavy plate."""
    if d.sweetness >= 2:
        return None  # at dessert, sweetness decides
    if w.weight == d.weight:
        return Fired(1.5, _WEIGHT_MATCH[d.weight], supporting=True)
    if w.weight - d.weight >= 2:
        return Fired(-1.5, "a big drink that will bury a delicate dish")
    if d.weight - w.weight >= 2:
        return Fired(-1.5, "too light: the dish will swamp it")
    return None


def tannin_meets_fat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Firm tannin wants fat and protein to grip."""
    if w.tannin >= 2 and d.protein == "red meat" and d.fat:
        return Fired(2.0, f"firm tannin meets the {d.fat_cues[0]} and softens against it")
    return None


def char_wants_grip(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Char and smoke on meat want a wine with some grip."""
    if d.smoky and d.protein == "red meat" and not d.heat and w.tannin >= 1 and w.weight >= 2:
        return Fired(1.0, "the char wants a wine with some grip")
    return None


def tannin_vs_fish(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Tannin and seafood taste metallic together."""
    if w.tannin >= 2 and d.protein == "seafood":
        return Fired(-3.0, "tannin turns metallic against seafood", clash=True, theme="seafood")
    return None


def tannin_vs_heat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Chili heat makes tannin bitter."""
    if w.tannin >= 2 and d.heat:
        return Fired(-3.0, f"the {d.heat_cue} heat turns firm tannin bitter", clash=True, theme="spicy")
    return None


def hops_vs_heat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Hop bitterness amplifies chili."""
    if w.bitterness >= 2 and d.heat:
        return Fired(-3.0, f"hop bitterness sets the {d.heat_cue} on fire", clash=True, theme="spicy")
    return None


def alcohol_vs_heat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Spirit-strength alcohol turns chili heat into a burn."""
    if w.alcohol >= 2 and d.heat:
        return Fired(
            -2.5, f"spirit-strength alcohol turns the {d.heat_cue} heat into a burn", clash=True, theme="spicy"
        )
    return None


def calms_heat(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Cold, low in alcohol, free of tannin and hops (better still: yogurt, or a touch of sweetness) calms chili."""
    if not d.heat or w.tannin or w.alcohol >= 2 or w.bitterness >= 2:
        return None
    if w.cooling:
        return Fired(2.0, f"cold yogurt puts out the {d.heat_cue} heat")
    reason = (
        f"no alcohol or tannin to fan the {d.heat_cue}"
        if w.alcohol == 0
        else f"low in alcohol with no tannin, so the {d.heat_cue} stays in check"
    )
    if w.sweetness in (1, 2):
        return Fired(2.0, f"{reason}, and a touch of sweetness softens the heat")
    return Fired(1.5, reason)


def bubbles_scrub_fried(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Bubbles scrub the palate after fried food."""
    if w.bubbles and d.fried:
        return Fired(1.5, "bubbles scrub the palate clean after each fried bite")
    return None


def crisp_with_seafood(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """A crisp, tannin-free drink does for seafood what a squeeze of lemon does."""
    if w.acidity == 2 and not w.tannin and d.protein == "seafood":
        return Fired(1.5, "crisp and tannin-free, it works on the seafood like a squeeze of lemon")
    return None


def sweet_with_dessert(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """With dessert the drink must be at least as sweet, or it tastes sour and thin; coffee and tea contrast."""
    if d.sweetness < 2:
        return None
    if w.resets:
        return Fired(1.0, "bitter and unsweetened, it resets the palate between sweet bites")
    if w.sweetness >= d.sweetness:
        return Fired(2.5, "as sweet as the dessert, so neither turns sour")
    if d.sweetness - w.sweetness >= 2:
        return Fired(
            -3.0, "the dessert is sweeter than the drink: it will taste sour and thin", clash=True, theme="sweet"
        )
    return Fired(-1.0, "a little less sweet than the dessert")


def sweet_with_savoury(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """A sweet drink flattens a savoury plate; a touch of sweetness can echo a sweet element in one."""
    if d.sweetness >= 2:
        return None
    if w.sweetness >= 3 or (w.sweetness == 2 and d.sweetness == 0):
        return Fired(-2.5, "too sweet for a savoury plate", clash=True, theme="sweet")
    if w.sweetness and d.sweetness:
        return Fired(0.5, f"a touch of sweetness echoes the {d.sweet_cue}")
    return None


def sweet_against_salt(w: DrinkProfile, d: DishProfile) -> Fired | None:
    """Sweetness against salt, as with a salty cheese."""
    if d.salty and w.sweetness >= 2:
        return Fired(1.5, f"sweetness plays against the salty {d.salt_cue}")
    return None


RULES: tuple[Rule, ...] = (
    acid_cuts_fat,
    acid_meets_acid,
    weight_match,
    tannin_meets_fat,
    char_wants_grip,
    tannin_vs_fish,
    tannin_vs_heat,
    hops_vs_heat,
    alcohol_vs_heat,
    calms_heat,
    bubbles_scrub_fried,
    crisp_with_seafood,
    sweet_with_dessert,
    sweet_with_savoury,
    sweet_against_salt,
)


def fire(drink: Drink, dish: Dish) -> list[Fired]:
    """Every rule that fires for this drink and dish, strongest first."""
    w, d = drink_profile(drink), dish_profile(dish)
    fired = [f for f in (rule(w, d) for rule in RULES) if f is not None]
    return sorted(fired, key=lambda f: -abs(f.points))


# ---------------------------------------------------------------------------------------------- what was asked
@lru_cache(maxsize=256)
def _names_of(name: str, item_id: str) -> tuple[str, ...]:
    return tuple(sorted({*aliases(name), item_id.replace("-", " ")}, key=len, reverse=True))


def serve_for(drink: Drink, ask: DrinkAsk) -> tuple[Serve, float]:
    """How this drink is poured for this ask, and the price of that serve."""
    if drink.price_bottle is not None and (drink.price_glass is None or ask.serve == "bottle"):
        return "bottle", drink.price_bottle
    assert drink.price_glass is not None  # the loader guarantees a drink has at least one price
    return "glass", drink.price_glass


def body_matches(drink: Drink, ask: DrinkAsk) -> int:
    """How many of the bodies asked for ("big", "light") the drink's own words show: a preference that ranks, never
    a limit that hides the only red under the guest's price."""
    return len(ask.styles & BODIES & styles_shown(f"{drink.style or ''} {drink.description}"))


def origin_matches(drink: Drink, origin: str, venue_region: str) -> bool:
    """Whether a drink comes from where the guest asked: "local" is the venue's own region; other origins come as
    the language pack's words for the place ("greek", "santorini")."""
    text = fold(f"{drink.region or ''} {drink.name} {drink.description}")
    wanted = venue_region if origin == "local" else origin
    words = [w for w in re.findall(r"[a-z]+", fold(wanted)) if len(w) > 3]
    return any(re.search(rf"\b{w}", text) for w in words)


def made_with(drink: Drink, bases: frozenset[str]) -> bool:
    text = fold(f"{drink.name} {drink.style or ''} {drink.description}")
    return any(re.search(rf"\b{re.escape(b)}", text) for b in bases)


def misses(drink: Drink, ask: DrinkAsk, currency: str, venue_region: str = "") -> list[str]:
    """What about this drink is not what was asked, in plain words; empty when it fits."""
    out: list[str] = []
    style = fold(drink.style or "")
    if ask.kinds and drink.kind not in ask.kinds:
        out.append("not " + " or ".join(_KIND_WORD[k] for k in sorted(ask.kinds)))
    if ask.na_kind == "beer" and not re.search(r"ipa|beer|lager|pilsner", style):
        out.append("not a beer")
    if ask.na_kind == "wine" and drink.grape is None:
        out.append("not a wine")
    # Colours and kinds of style are alternatives ("red or rosé"); a body ("big", "light") must hold as well.
    wanted = sorted(ask.styles - BODIES)
    if wanted and not set(wanted) & styles_shown(drink.style or ""):
        out.append("not " + " or ".join(f"{'an' if w[0] in 'aeiou' else 'a'} {w}" for w in wanted))
    if ask.origins and not any(origin_matches(drink, o, venue_region) for o in ask.origins):
        out.append("not from where you asked")
    if "dry" in ask.styles and "sweet" in styles_shown(f"{drink.style or ''} {drink.description}"):
        out.append("not dry")
    if ask.bases and not made_with(drink, ask.bases):
        out.append("not made with " + " or ".join(sorted(ask.bases)))
    if ask.glass_only and drink.price_glass is None:
        out.append("not poured by the glass")
    if ask.serve == "bottle" and drink.price_bottle is None:
        out.append("not sold by the bottle")  # "the best bottle you have" is never a lemonade
    if ask.budget is not None:
        serve, price = serve_for(drink, ask)
        if over_budget(price, ask.budget, ask.budget_below):
            out.append(f"{money(price, currency)} a {serve}, over {money(ask.budget, currency)}")
    return out


def drink_dislikes(drink: Drink, wants: Constraints) -> list[str]:
    """What about a drink the guest said they dislike. A taste a drink's style words can show ("sweet", "bitter",
    "sour", which high acidity shows too) counts only when its words show it: "barely sweet" is not sweet to
    someone who hates sugary drinks. Anything else ("anise", "gin") counts when the drink's own words name it."""
    text = fold(f"{drink.name} {drink.style or ''} {drink.description}")
    shown = styles_shown(f"{drink.style or ''} {drink.description}")
    if drink_profile(drink).acidity >= 2:
        # A crisp white is sour to someone who hates acidic wine, though its words never say "sour".
        shown |= {"sour"}
    styles = _style_values()
    return [
        f"has {d}"
        for d in wants.dislikes
        if (d in shown if d in styles else re.search(rf"\b{re.escape(fold(d))}", text) is not None)
    ]


@cache
def _style_values() -> frozenset[str]:
    """The styles a drink's own words can show ("sweet", "bitter"): read once, not per drink."""
    return frozenset(e.value for e in load_pack().table(_STYLE_WORDS).entries)


# ------------------------------------------------------------------------------------------------ the decision
@dataclass
class Candidate:
    item: Item
    fired: list[Fired]
    notes: list[Note]  # notes that pair it with the starting item
    opinion: float  # what staff think of it on its own
    blocked: list[str]  # hard limits it breaks (allergy, diet, off tonight)
    missed: list[str]  # ways it is not what was asked (kind, style, glass, price)

    @property
    def score(self) -> float:
        bonus = sum(NOTE_BONUS + STANCE_WEIGHT[n.stance] for n in self.notes)
        return bonus + sum(f.points for f in self.fired) + self.opinion

    @property
    def clashes(self) -> list[Fired]:
        return [f for f in self.fired if f.clash]

    @property
    def worth_pouring(self) -> bool:
        """A note behind it and a positive score, or enough from the rules and no clash."""
        if self.notes:
            return self.score > 0
        leads = any(f.points > 0 and not f.supporting for f in self.fired)
        return self.score >= MIN_RULE_SCORE and not self.clashes and leads


def region_of(venue: VenueKnowledge) -> str:
    """Where "local" is for this venue: the part of its city after the comma ("Portland, Maine" -> Maine)."""
    city = venue.venue.city or ""
    return city.split(",")[-1].strip() if city else ""


def _opinion(venue: VenueKnowledge, item_id: str, pairing: list[Note]) -> float:
    own = sum(STANCE_WEIGHT[n.stance] for n in venue.notes_about(item_id) if n not in pairing)
    return max(-OPINION_CAP, min(OPINION_CAP, OPINION_SHARE * own))


def _candidates(venue: VenueKnowledge, start: Item, wants: Constraints, ask: DrinkAsk, course: bool) -> list[Candidate]:
    notes: dict[str, list[Note]] = {}
    for partner, note in venue.pairings(start.id):
        if note not in notes.setdefault(partner, []):
            notes[partner].append(note)
    out: list[Candidate] = []
    others: list[Item] = list(venue.drinks) if isinstance(start, Dish) else list(venue.dishes)
    for other in others:
        pairing = notes.get(other.id, [])
        missed: list[str] = []
        if isinstance(other, Drink):
            assert isinstance(start, Dish)
            fired = fire(other, start)
            blocked = [*check_drink(other, wants).broken, *drink_dislikes(other, wants)]
            if ask.kinds == {"non-alcoholic"} and other.kind != "non-alcoholic":
                blocked.append("not alcohol-free")  # never offered as "nearest" to someone not drinking
            missed = misses(other, ask, venue.currency, region_of(venue))
        else:
            assert isinstance(start, Drink)
            fired = fire(start, other)
            verdict = check(other, wants, set(dish_tastes(other.name, other.description)), course=course)
            blocked = list(verdict.broken)
        out.append(Candidate(other, fired, pairing, _opinion(venue, other.id, pairing), blocked, missed))
    return sorted(out, key=lambda c: (-c.score, c.item.id))


@lru_cache(maxsize=512)
def _name_patterns(name: str, item_id: str, style: str | None) -> tuple[re.Pattern[str], ...]:
    """How a note may name an item: its aliases, and for a drink the words of its style ("rosé", "sparkling")."""
    words = [*(fold(a) for a in _names_of(name, item_id))]
    words += [w for w in re.findall(r"[a-z]+", fold(style or "")) if len(w) > 3]
    return tuple(re.compile(rf"\b{re.escape(w)}\b") for w in words)


@lru_cache(maxsize=256)
def _taste_patterns(tastes: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(r"\b(?:" + "|".join(re.escape(fold(w)) for w in (t, *taste_words(t))) + ")") for t in tastes
    )


def _quote(note: Note, other: Item, tastes: frozenset[str], *, warning: bool = False) -> tuple[str, bool, float]:
    """The sentence of a note that speaks to this pairing: one naming the other item, else one naming the most of
    the tastes in question (a warning about chili for a spicy dish), else the first. Returns the sentence, whether it
    names the other item, and how many tastes it names."""
    names = _name_patterns(other.name, other.id, other.style if isinstance(other, Drink) else None)
    cues = _taste_patterns(tastes)

    def score(pair: tuple[int, str]) -> tuple[bool, float, int]:
        i, sentence = pair
        low = fold(sentence)
        taste = sum(1.0 for c in cues if c.search(low)) + (0.5 if warning and _WARNS.search(low) else 0.0)
        return (any(n.search(low) for n in names), taste, -i)

    options = list(enumerate(sentences(note.body))) or [(0, note.body)]
    best = max(options, key=score)
    named, taste, _ = score(best)
    return best[1], named, taste


def _citation(venue: VenueKnowledge, note: Note, quote: str) -> Citation:
    person = venue.staff(note.author)
    return Citation(
        note=note.id, author=person.id, author_name=person.name, role=person.role, stance=note.stance, quote=quote
    )


def _dish_of(start: Item, other: Item) -> Dish:
    dish = start if isinstance(start, Dish) else other
    assert isinstance(dish, Dish)
    return dish


def _cite_pairing(venue: VenueKnowledge, start: Item, c: Candidate) -> list[Citation]:
    """The notes behind a pairing, the one that speaks of the other item first (a note on the bream that names the
    Sancerre beats one that does not), then the drink's own note; each quoting its sentence about the other."""
    dish = _dish_of(start, c.item)
    tastes = dish_tastes(dish.name, dish.description) & _QUOTE_TASTES

    def other(note: Note) -> Item:
        return c.item if start.id in note.about else start

    quoted = {n.id: _quote(n, other(n), tastes) for n in c.notes}

    def on_drink(note: Note) -> bool:
        return any(isinstance(venue.item(a), Drink) for a in note.about)

    notes = sorted(c.notes, key=lambda n: (-STANCE_WEIGHT[n.stance], not quoted[n.id][1], not on_drink(n), n.id))
    return [_citation(venue, n, quoted[n.id][0]) for n in notes[:2]]


def _why(citations: list[Citation], reasons: list[str], caveats: list[str]) -> str:
    parts: list[str] = []
    if citations:
        lead = citations[0]
        parts.append(f'{lead.author_name} ({lead.role}) pairs them: "{lead.quote}"')
        others = [c.author_name.split()[0] for c in citations[1:] if c.author != lead.author]
        if others:
            parts.append(f"{and_list(others)} pairs them too.")
    if reasons:
        text = "; ".join(reasons)
        parts.append(f"Also: {text}." if citations else f"{text[:1].upper()}{text[1:]}.")
    if caveats:
        parts.append(f"Caution: {'; '.join(caveats)}.")
    return " ".join(parts)


def _pick(venue: VenueKnowledge, start: Item, c: Candidate, rank: int, ask: DrinkAsk) -> Pick:
    citations = _cite_pairing(venue, start, c)
    reasons = [f.reason for f in c.fired if f.points > 0]
    caveats = [f.reason for f in c.fired if f.points < 0]
    item = c.item
    serve: Serve | None = None
    bottle: float | None = None
    if isinstance(item, Drink):
        serve, price = serve_for(item, ask)
        bottle = item.price_bottle
    else:
        price = item.price
    return Pick(
        rank=rank,
        id=item.id,
        name=item.name,
        kind="drink" if isinstance(item, Drink) else "dish",
        course=item.course if isinstance(item, Dish) else None,
        price=price,
        why=_why(citations, reasons, caveats),
        citations=citations,
        serve=serve,
        bottle_price=bottle,
        reasons=reasons,
        caveats=caveats,
    )


def _choose(ranked: list[Candidate], count: int, role: Role, ask: DrinkAsk) -> list[Candidate]:
    chosen = ranked[:count]
    # Staff want a bottle for the table among the alternatives: if none of the ranked picks comes by the bottle,
    # the best one that does takes the last place.
    if role == "staff" and count >= 2 and ask.serve != "glass" and chosen:
        bottles = [c for c in ranked if isinstance(c.item, Drink) and c.item.price_bottle is not None]
        if bottles and not any(c in bottles for c in chosen):
            chosen = [*chosen[: count - 1], bottles[0]]
    return chosen


def _avoid(venue: VenueKnowledge, start: Item, pool: list[Candidate], chosen: list[Candidate]) -> list[Skip]:
    """What staff should steer away from: the worst clashes among what was asked for, one per kind, each with a
    staff warning when one speaks to this dish."""
    picked = {c.item.id for c in chosen}
    clashing = [c for c in pool if c.clashes and c.item.id not in picked and not c.blocked and not c.missed]
    warnings: dict[str, Citation | None] = {}
    for c in clashing:
        tastes = frozenset(f.theme for f in c.clashes if f.theme)
        found = None
        for note in venue.notes_about(c.item.id):
            if note.stance not in ("mixed", "skip"):
                continue
            quote, named, weight = _quote(note, start, tastes, warning=True)
            # A lukewarm note quoted as a warning must speak to this dish; a "skip" note is a warning throughout.
            if named or weight >= 1.0 or note.stance == "skip":
                found = _citation(venue, note, quote)
                break
        warnings[c.item.id] = found
    clashing.sort(key=lambda c: (sum(f.points for f in c.clashes), warnings[c.item.id] is None, -c.opinion, c.item.id))
    skips: list[Skip] = []
    kinds: set[str] = set()
    for c in clashing:
        kind = c.item.kind if isinstance(c.item, Drink) else c.item.course
        if kind in kinds:
            continue
        kinds.add(kind)
        why = "; ".join(f.reason for f in c.clashes) + "."
        citations = _cite_pairing(venue, start, c)[:1]
        # A pairing a note stands behind is said to be one, and the disagreement shown, not hidden.
        why = f"{citations[0].author_name.split()[0]} pairs them, but {why}" if citations else why[:1].upper() + why[1:]
        warning = warnings[c.item.id]
        if warning is not None:
            why += f' {warning.author_name} ({warning.role}): "{warning.quote}"'
            citations.append(warning)
        skips.append(Skip(id=c.item.id, name=c.item.name, why=why, reason="clashes", citations=citations))
        if len(skips) == AVOID_COUNT:
            break
    return skips


def _nearest(venue: VenueKnowledge, start: Item, pool: list[Candidate]) -> list[Skip]:
    """When nothing asked for fits: the pairing that would, safe for the guest but not what they asked, and why."""
    # The closest to what was asked: fewest misses ("not a beer" beats "not alcohol-free; not a beer"), then score.
    near = min(
        (c for c in pool if not c.blocked and c.missed and c.worth_pouring),
        key=lambda c: (len(c.missed), -c.score, c.item.id),
        default=None,
    )
    if near is None:
        return []
    citations = _cite_pairing(venue, start, near)
    if citations:
        works = f"{citations[0].author_name.split()[0]} pairs them"
    else:
        works = next(f.reason for f in near.fired if f.points > 0)
    why = f"The pairing I'd pour ({works}), but {'; '.join(near.missed)}."
    item = near.item
    return [Skip(id=item.id, name=item.name, why=why, reason="does-not-fit", citations=citations)]


def _unanswered(venue: VenueKnowledge, wants: Constraints, role: Role, asked: int) -> Decision:
    """A pairing decision before anything is poured: what both `pair` and `pair_many` start from."""
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="pairing",
        situation="nothing-fits",
        role=role,
        asked=asked,
        constraints=wants,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
    )


def pair(venue: VenueKnowledge, request: Request, wants: Constraints, *, role: Role, count: int | None) -> Decision:
    """What to pour with the dish the request names (or what to order with the drink), ranked, with reasons.

    A guest gets `count` picks (one by default); staff get up to three, a bottle among them when one fits, and
    up to two things to avoid and why. Asked for one "under $60" when only a $60 bottle suits, that bottle is the
    answer, said to be at the limit rather than under it.
    """
    return at_the_limit(lambda r: _pair(venue, r, wants, role=role, count=count), request)


def _pair(venue: VenueKnowledge, request: Request, wants: Constraints, *, role: Role, count: int | None) -> Decision:
    mentioned = [i for i in (venue.item(m) for m in request.mentions) if i is not None]
    start = next((i for i in mentioned if isinstance(i, Dish)), mentioned[0] if mentioned else None)
    asked = count or (STAFF_COUNT if role == "staff" else GUEST_COUNT)
    base = _unanswered(venue, wants, role, asked)
    if start is None:
        return base
    base = base.model_copy(update={"pairing_for": start.id, "pairing_name": start.name})
    if not start.available:
        off = Skip(id=start.id, name=start.name, why="Off tonight.", reason="does-not-fit")
        return base.model_copy(update={"skips": [off]})
    if isinstance(start, Dish):
        # Only this turn's budget limits the drink: "mains under $30" earlier was about food.
        ask = request.drink
        budget, below = ask.budget, ask.budget_below
    else:
        budget, below = wants.budget, wants.budget_below
        ask = DrinkAsk()
    pool = _candidates(venue, start, wants, ask, course=wants.course is not None)
    fits = [c for c in pool if not c.blocked and not c.missed and c.worth_pouring]
    chosen = _choose(fits, asked, role, ask)
    picks = [_pick(venue, start, c, rank, ask) for rank, c in enumerate(chosen, start=1)]
    skips = _avoid(venue, start, pool, chosen) if role == "staff" else []
    if not picks:
        skips = [*_nearest(venue, start, pool), *skips]
    excluded = sum(1 for c in pool if c.item.available and (c.blocked or c.missed))
    return base.model_copy(
        update={
            "situation": "picks" if picks else "nothing-fits",
            "picks": picks,
            "skips": skips,
            "constraints": wants.model_copy(update={"budget": budget, "budget_below": below}),
            "excluded": excluded,
        }
    )


def at_the_limit(decide: Callable[[Request], Decision], request: Request) -> Decision:
    """`decide` for the request; when "under" a price leaves nothing, again with the price itself allowed, and the
    answer says the pick sits at the limit."""
    decision = decide(request)
    ask = request.drink
    if decision.picks or not ask.budget_below or ask.budget is None:
        return decision
    relaxed = decide(request.model_copy(update={"drink": ask.model_copy(update={"budget_below": False})}))
    return relaxed.model_copy(update={"at_limit": ask.budget}) if relaxed.picks else decision


def pair_many(
    venue: VenueKnowledge, dishes: list[Dish], request: Request, wants: Constraints, *, role: Role, count: int | None
) -> Decision:
    """One bottle for a table eating several dishes: a drink must suit every dish (no clash with any), and ranks
    by its weakest match, so the bottle never fights one plate to flatter another. Asked for by the glass, each
    dish gets its own pour instead."""
    ask = request.drink
    asked = count or (STAFF_COUNT if role == "staff" else GUEST_COUNT)
    base = _unanswered(venue, wants, role, asked).model_copy(
        update={
            "pairing_for": dishes[0].id,
            "pairing_name": dishes[0].name,
            "pairing_names": [d.name for d in dishes],
            "pairing_ids": [d.id for d in dishes],
        }
    )
    live = [d for d in dishes if d.available]
    if not live:
        return base
    pools = {d.id: {c.item.id: c for c in _candidates(venue, d, wants, ask, course=False)} for d in live}
    if ask.serve == "glass":
        picks: list[Pick] = []
        for rank, dish in enumerate(live, start=1):
            fits = sorted(
                (c for c in pools[dish.id].values() if not c.blocked and not c.missed and c.worth_pouring),
                key=lambda c: (-c.score, c.item.id),
            )
            if fits:
                pick = _pick(venue, dish, fits[0], rank, ask).model_copy(update={"for_item": dish.id})
                picks.append(pick)
        return base.model_copy(update={"situation": "picks" if picks else "nothing-fits", "picks": picks})
    ids = set.intersection(*(set(p) for p in pools.values()))
    together: list[tuple[float, str]] = []
    for drink_id in ids:
        per = [pools[d.id][drink_id] for d in live]
        if any(c.blocked or c.missed or c.clashes for c in per) or not all(c.score > 0 for c in per):
            continue
        if not any(c.worth_pouring for c in per):
            continue
        together.append((min(c.score for c in per) + 0.1 * sum(c.score for c in per), drink_id))
    together.sort(key=lambda t: (-t[0], t[1]))
    picks = []
    for rank, (_, drink_id) in enumerate(together[:asked], start=1):
        each = {d.id: pools[d.id][drink_id] for d in live}
        lead = max(live, key=lambda d: each[d.id].score)
        pick = _pick(venue, lead, each[lead.id], rank, ask)
        reasons: list[str] = []
        for d in live:
            best = next((f.reason for f in each[d.id].fired if f.points > 0 and not f.supporting), None)
            if best is not None:
                reasons.append(f"with the {d.name.lower()}: {best}")
        picks.append(pick.model_copy(update={"reasons": reasons or pick.reasons}))
    return base.model_copy(update={"situation": "picks" if picks else "nothing-fits", "picks": picks})
