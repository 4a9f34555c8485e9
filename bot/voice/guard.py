"""The guard: LLM words are checked against the decision before a guest reads them.

Pure functions, no model, no I/O. A text fails when it drops a pick, names a dish or drink the decision did not
choose (in full, by a distinctive word of its name, or a dish the menu does not have at all), quotes words no one
in the decision said or puts them in the wrong mouth, states a price that is not the menu's, talks money in a
complaint, promises a comp or repeats the staff-only remedy, hedges, drops the confirm-with-staff line or a pick's
kitchen change, tells a guest their complaint was passed on before the ticket is filed, or repeats its own
instructions. The eval suite's grounding, safety and escalation scorers judge the same things; this is stricter.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from bot.decide.decision import Citation, Decision
from bot.evaluation.scorers import COMP_PROMISE, CONFIRM
from bot.hedge import find_hedges
from bot.knowledge.venue import VenueKnowledge
from bot.text import fold

MIN_QUOTE = 8  # shorter quoted bits ("the move") are turns of phrase, not testimony
_QUOTE = re.compile(rf'"([^"\n]{{{MIN_QUOTE},}})"')
_WORD = re.compile(r"[a-z]+")
_COMBINING = re.compile(r"[\u0300-\u036f]")
_MONEY = re.compile(
    r"(?:(?:[A-Z]{1,2})?[$€£]\s?(\d+(?:[.,]\d{1,2})?))"
    r"|(?:\b(\d+(?:\.\d{1,2})?)\s?(?:dollars?|bucks|euros?|pounds?|usd|eur|gbp|chf)\b)",
    re.I,
)
_PASSED_ON = re.compile(
    r"\b(?:passed (?:it |this |that |your \w+ )?(?:on|along)|(?:i've|i have|we've|we have) (?:told|alerted|notified|"
    r"flagged|let)|ticket (?:number|id|#)|esc-[a-z0-9]+)",
    re.I,
)
# Words that make up names but do not pick out one item: a "grilled" or a "house" is no claim about the menu.
_GENERIC_WORDS = """
    with and the for two from our house fresh whole grilled charred roast roasted slow fried crispy smoked warm
    mixed green black blood young vines white red rose sour sweet free alcohol sparkling wild soft shell mint hot
    cold dry blanc blancs domaine chateau reserve old new small large glass bottle cake tart ice cream rice sauce
    jam oil olive syrup date fig lemon orange garlic chili chilli pepper herbs tomato yogurt cucumber grill company
    lunch wrapped fashioned breast shoulder cooler seafood athletic tears run"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
# Dishes and drinks a model reaches for when it forgets the menu. Naming one the decision does not mention is
# inventing it, whatever the venue.
_FOOD_WORDS = """
    steak burger burgers cheeseburger pizza pasta spaghetti lasagna lasagne ravioli gnocchi carbonara risotto
    paella sushi sashimi ramen pho tacos taco burrito burritos nachos quesadilla enchiladas curry tikka biryani
    dumplings gyoza dim bao lobster bisque oysters oyster scallops scallop salmon tuna shrimp clams chowder
    schnitzel brisket ribs wings nuggets fries poutine hotdog sandwich panini bagel croissant pancakes waffles
    omelette quiche tiramisu cheesecake brownie brownies creme brulee souffle mousse cannoli gelato sundae
    crumble donut doughnut cupcake macarons martini margarita mojito cosmopolitan daiquiri sangria mimosa spritz
    aperol merlot cabernet chardonnay pinot malbec shiraz syrah riesling prosecco champagne cava zinfandel
    espresso latte cappuccino frappuccino smoothie milkshake"""
FOOD_WORDS = frozenset(_FOOD_WORDS.split())


@dataclass(frozen=True)
class GuardVerdict:
    ok: bool
    reasons: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "ok" if self.ok else "; ".join(self.reasons)


@dataclass(frozen=True)
class MenuItem:
    id: str
    name: str
    prices: tuple[float, ...]
    words: frozenset[str]  # the words of its name and description


@dataclass(frozen=True)
class Grounds:
    """What the guard knows of the venue beyond the decision: every item, its prices, and the staff's names."""

    items: tuple[MenuItem, ...] = ()
    staff: tuple[str, ...] = ()  # full names
    # A name word that picks out one item ("shakshuka", "sancerre"), and that item's id.
    distinctive: dict[str, str] = field(default_factory=dict)
    # Every item's whole name in one pattern, longest first, and the folded name → id.
    names: re.Pattern[str] | None = field(default=None, compare=False)
    by_name: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, venue: VenueKnowledge) -> Grounds:
        items = [
            MenuItem(d.id, d.name, (d.price,), frozenset(words(f"{d.name} {d.description}"))) for d in venue.dishes
        ]
        items += [
            MenuItem(
                d.id,
                d.name,
                tuple(p for p in (d.price_glass, d.price_bottle) if p is not None),
                frozenset(words(f"{d.name} {d.description} {d.style or ''} {d.grape or ''} {d.region or ''}")),
            )
            for d in venue.drinks
        ]
        # A word in the names or descriptions of several items is an ingredient or a style, not a name.
        spread = Counter(w for i in items for w in i.words)
        distinctive = {
            w: i.id
            for i in items
            for w in words(i.name)
            if len(w) >= 4 and w not in _GENERIC and spread[w] <= 2 and not w.isdigit()
        }
        by_name = {fold(i.name): i.id for i in items}
        names = "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True))
        pattern = re.compile(rf"(?<![a-z])(?:{names})(?![a-z])") if names else None
        return cls(tuple(items), tuple(s.name for s in venue.venue.staff), distinctive, pattern, by_name)


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _squash(text: str) -> str:
    return " ".join(fold(text).split())


def _name_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z]){re.escape(fold(name))}(?![a-z])")


def _named(name: str, folded: str) -> bool:
    return _name_pattern(name).search(folded) is not None


def _citations(decision: Decision) -> list[Citation]:
    cited = [c for p in decision.picks for c in (*p.citations, *p.dissent)] + [
        c for s in decision.skips for c in s.citations
    ]
    if decision.praised is not None and decision.praised.backer is not None:
        cited.append(decision.praised.backer)
    return cited


def _allowed_ids(decision: Decision) -> set[str]:
    ids = {p.id for p in decision.picks} | {s.id for s in decision.skips} | {f.id for f in decision.facts}
    if decision.escalation is not None:
        ids |= set(decision.escalation.item_ids)
    if decision.pairing_for:
        ids.add(decision.pairing_for)
    if decision.praised is not None:
        ids.add(decision.praised.id)
    return ids


def _vocabulary(decision: Decision, grounds: Grounds, allowed: set[str], guest: Iterable[str]) -> set[str]:
    """Every word the decision, the allowed items and the guest's own messages use: saying these invents nothing."""
    parts: list[str] = [decision.venue_name, decision.pairing_name or "", *guest]
    for p in decision.picks:
        parts += [p.name, p.why, p.change or "", *p.reasons, *p.caveats, *p.fits]
    for s in decision.skips:
        parts += [s.name, s.why]
    for f in decision.facts:
        parts += [f.name, f.detail]
    if decision.praised is not None:
        parts.append(decision.praised.name)
    parts += [c.quote for c in _citations(decision)]
    wants = decision.constraints
    parts += [*wants.dietary, *wants.allergies, *wants.likes, *wants.dislikes, wants.course or ""]
    if decision.escalation is not None:
        parts += decision.escalation.items
    vocab = set(words(" ".join(parts)))
    for item in grounds.items:
        if item.id in allowed:
            vocab |= item.words
    return vocab


def _speaker(text: str, start: int, end: int, names: dict[str, str]) -> str | None:
    """Who a quote is put in the mouth of: the nearest staff name before it on its line, else after it on the line,
    else the last one in the lines just before."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end

    def found(segment: str, offset: int) -> list[tuple[int, str]]:
        hits = []
        for key, person in names.items():
            hits += [
                (offset + m.start(), person) for m in re.finditer(rf"(?<![a-z]){re.escape(key)}(?![a-z])", segment)
            ]
        return sorted(hits)

    before = found(text[line_start:start], line_start)
    if before:
        return before[-1][1]
    after = found(text[end:line_end], end)
    if after:
        return after[0][1]
    earlier = found(text[max(0, line_start - 200) : line_start], max(0, line_start - 200))
    return earlier[-1][1] if earlier else None


def _check_quotes(folded: str, decision: Decision, grounds: Grounds) -> list[str]:
    problems: list[str] = []
    cites = _citations(decision)
    people = {*grounds.staff, *(c.author_name for c in cites)}
    # Each person answers to their first name and their full name; the full name wins where both match.
    names = {fold(p.split()[0]): p for p in people} | {fold(p): p for p in people}
    quotes = [(c.author_name, _squash(c.quote)) for c in cites]
    for m in _QUOTE.finditer(folded):
        said = " ".join(m.group(1).split())
        sayers = {who for who, quote in quotes if said in quote}
        short = said[:50] + ("…" if len(said) > 50 else "")
        if not sayers:
            problems.append(f'quotes "{short}", which no one in the decision said')
            continue
        who = _speaker(folded, m.start(), m.end(), names)
        if who is None:
            problems.append(f'quotes "{short}" without saying who said it')
        elif who not in sayers:
            problems.append(f'puts "{short}" in the mouth of {who}, who did not say it')
    return problems


def _prices(decision: Decision, grounds: Grounds, allowed: set[str]) -> set[float]:
    prices = {x for p in decision.picks for x in (p.price, p.bottle_price) if x is not None}
    prices |= {x for i in grounds.items if i.id in allowed for x in i.prices}
    if decision.constraints.budget is not None:
        prices.add(decision.constraints.budget)
    # Amounts the decision itself words ("over budget at $75", a fact's "$46") are the menu's, quoted by code.
    said = [f.detail for f in decision.facts] + [s.why for s in decision.skips]
    said += [x for p in decision.picks for x in (p.why, *p.reasons, *p.caveats)]
    prices |= {_amount(m) for text in said for m in _MONEY.finditer(fold(text))}
    return prices


def _amount(m: re.Match[str]) -> float:
    return float((m.group(1) or m.group(2)).replace(",", "."))


def _leaks(folded: str, instructions: str, span: int = 8) -> bool:
    said = words(instructions)
    if len(said) < span:
        return False
    text = " ".join(words(folded))
    return any(" ".join(said[i : i + span]) in text for i in range(len(said) - span + 1))


def check_text(
    text: str,
    decision: Decision,
    grounds: Grounds | None = None,
    *,
    guest: Sequence[str] = (),
    instructions: str = "",
) -> GuardVerdict:
    """Whether `text` may reach the guest as the phrasing of `decision`, and every reason it may not.

    `grounds` (the venue's items and staff) lets the guard catch other menu items named in passing; `guest` holds
    the guest's own messages (naming what they asked about is not inventing it); `instructions` is the system
    prompt, which must never be repeated.
    """
    grounds = grounds or Grounds()
    folded = fold(text)
    if not folded.strip():
        return GuardVerdict(False, ("says nothing",))
    problems = _check_quotes(folded, decision, grounds)
    bare = _QUOTE.sub(" ", folded)  # staff may name other dishes in their own words; the voice may not
    allowed = _allowed_ids(decision)

    for pick in decision.picks:
        if not _named(pick.name, folded):
            problems.append(f"leaves out pick {pick.rank}, {pick.name}")
        if pick.change and _squash(pick.change) not in _squash(folded):
            problems.append(f'drops the kitchen change for {pick.name} ("{pick.change}")')

    vocab = _vocabulary(decision, grounds, allowed, guest)
    bare_words = set(words(bare))
    extra: dict[str, str] = {}
    by_id = {i.id: i.name for i in grounds.items}
    for m in grounds.names.finditer(bare) if grounds.names else ():
        item_id = grounds.by_name[m.group(0)]
        if item_id not in allowed:
            extra[item_id] = by_id[item_id]
    for word in sorted(bare_words - vocab):
        owner = grounds.distinctive.get(word)
        if owner is not None and owner not in allowed and owner not in extra:
            extra[owner] = f'{by_id[owner]} ("{word}")'
        elif word in FOOD_WORDS:
            problems.append(f'names "{word}", which is nowhere in the decision')
    problems += [f"names {name}, which the decision did not choose" for name in extra.values()]

    amounts = [(m.group(0).strip(), _amount(m)) for m in _MONEY.finditer(bare)]
    if decision.escalation is not None and amounts:
        problems.append(f"talks money ({amounts[0][0]}) in a complaint")
    elif amounts:
        prices = _prices(decision, grounds, allowed)
        problems += [f"states {shown}, which is not a price on the menu" for shown, v in amounts if v not in prices]

    promise = COMP_PROMISE.search(folded)
    if promise:
        problems.append(f'promises "{promise.group(0)}" before staff approve anything')
    esc = decision.escalation
    if esc is not None:
        remedy = esc.remedy.actions if esc.remedy else []
        if any(len(a) >= 12 and _squash(a) in _squash(folded) for a in remedy):
            problems.append("repeats the staff-only remedy")
        if esc.id is None and _PASSED_ON.search(folded):
            problems.append("says the complaint was passed on, but no ticket was filed")
    problems += [f'hedges: "{h}"' for h in find_hedges(text)]
    if decision.confirm_with_staff and not CONFIRM.search(text):
        problems.append("drops the line telling the guest to confirm with staff")
    if instructions and _leaks(folded, instructions):
        problems.append("repeats its own instructions")
    return GuardVerdict(not problems, tuple(dict.fromkeys(problems)))
