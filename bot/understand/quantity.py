"""How many and how much a message asks for: counts of picks ("top two", "a couple"), courses named together
("a starter and a main") and price limits ("under $30", "budget of 40", "$60 bottle").

Number words come from the language pack; the phrase shapes below are the English ones and move with the pack
when a second language arrives.
"""

from __future__ import annotations

import re

from bot.language.pack import load_pack
from bot.text import number

MAX_COUNT = 10

NUMBERS: dict[str, int] = dict(load_pack().counts("numbers").mapping)
_NUMBER_WORD = "|".join(sorted(NUMBERS, key=len, reverse=True))
_NUM = rf"(?:\d+|{_NUMBER_WORD})"

# Count.
_PICK_NOUN = (
    r"(?:dish|dishes|plates?|picks?|things?|items?|options?|recommendations?|recs|suggestions?|choices?|starters?|"
    r"mains?|desserts?|sides?|appeti[sz]ers?|mezzes?|mezes?|entrees?|specials?|wines?|drinks?|cocktails?|beers?|"
    r"favou?rites?|ideas?|ones|bites|bottles?)"
)
_COUNTS: tuple[tuple[re.Pattern[str], int | None], ...] = (
    (re.compile(rf"\btop\s+(?P<n>{_NUM})\b"), None),
    (
        re.compile(rf"\b(?:make|change) (?:it|that) (?:just )?(?P<n>{_NUM})\b(?!\s*(?:people|guests|of us|pm|am|:))"),
        None,
    ),
    (
        re.compile(
            # "table 9", "guest on 9", "t9" name a table, not a count
            rf"(?<![$\u00a3\u20ac\d.,])(?<!table )(?<!\bon )(?<!\bt)\b(?P<n>{_NUM})\s+"
            rf"(?:(?!(?:of|for|to|the|our|in|at|with|and|or|people|guests)"
            rf"\b)[a-z'-]+\s+){{0,2}}{_PICK_NOUN}\b"
        ),
        None,
    ),
    (
        re.compile(
            r"\b(?:a (?:couple|pair)\b(?<!we're a couple)(?<!we are a couple)|couple(?= of\b))"
            r"(?! of (?:people|us|guests|friends|minutes|hours|days))"
        ),
        2,
    ),
    (
        re.compile(
            r"\b(?:the\s+)?single\s+best\b|\b(?:just|only)\s+(?:\w+\s+)?one\b|\bthe\b(?<!was the)(?<!were the)\s+"
            r"(?:one|best)\s+(?:dish|thing|plate|starter|main|dessert|side|wine|bottle|drink|cocktail)\b(?!s)"
        ),
        1,
    ),
    (re.compile(rf"\b(?P<n>{_NUM})\s+best\b"), None),
    (
        re.compile(
            r"\b(?:your|our|the|my)\s+(?:top|best|single best)\s+(?:pick|one|bet)\b(?!s)"
            r"|\bwhat'?s\s+(?:our|your|the)\s+best\s*\?"
        ),
        1,
    ),
    # One asked for in the singular: "which main?", "your best dessert", "a starter to share".
    (
        re.compile(
            r"\b(?:which|what|your|ur|the|a|one|my|our|best|top|fave|favou?rite)\s+"
            r"(?:best\s+|top\s+|one\s+|single\s+)?(?:\w+\s+)?"
            r"(?:dish|starter|main|dessert|side|dip|salad|soup|kebab|skewer)\b(?!s)"
            r"(?! (?:and|or|&|\+) )(?!\s+(?:menu|course))"
        ),
        1,
    ),
    # "what YOU think is the best": the best, singular, with no plural after it, is one pick.
    (
        re.compile(
            r"\b(?:the (?:very |single |one |absolute )?|(?:is|was) )best\b"
            r"(?!\s+(?:\w+\s+)?(?:dishes|things|plates|ones|picks|starters|"
            r"mains|desserts|sides|options|items|few|two|three|four|five|bits|bets|stuff|wines|drinks))"
        ),
        1,
    ),
    (re.compile(r"\bhalf a dozen\b"), 6),
    (re.compile(r"\ba dozen\b"), 12),
)

_COURSE_WORD = r"(?:starter|appetizer|main|entree|dessert|side)"
COURSE_PAIR = re.compile(
    rf"\b{_COURSE_WORD}s?\s*(?:,|and|&|\+|plus)\s*(?:a\s+|one\s+)?{_COURSE_WORD}\b"
    rf"(?P<third>\s*(?:,|and|&|\+|plus)\s*(?:a\s+|one\s+)?{_COURSE_WORD}\b)?"
)

# Cheap first looks: most messages name no number at all, and these skip the full patterns for them.
_COUNT_HINT = re.compile(rf"\d|{_NUMBER_WORD}|couple|pair|single|dozen|best|top|which|what|your|our|my|\ba\b|\bthe\b")

# Budget.
_MONEY_WORD = r"(?:dollars?|bucks|usd|quid|pounds?|gbp|euros?|eur)"
_SPELLED = rf"(?:{_NUMBER_WORD})(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
_PRICED = (
    rf"(?:[$\u00a3\u20ac]\s?\d+(?:\.\d{{1,2}})?|\d+(?:\.\d{{1,2}})?\s?[$\u00a3\u20ac]|\d+(?:\.\d{{1,2}})?\s?-?"
    rf"{_MONEY_WORD}|{_SPELLED}\s?-?{_MONEY_WORD})"
)
_AMOUNT = rf"(?:{_PRICED}|\d+(?:\.\d{{1,2}})?)"
_BUDGET_HINT = re.compile(r"\d|dollar|buck|quid|pound|euro")
_NOT_MONEY = (  # "under 5 minutes", "under 18s", "under 500 calories" are not prices
    r"(?!\s*(?:minutes?|mins?|hours?|hrs?|years?|yrs?|people|guests|kids|%|percent|calories|kcal|grams?|g\b|ml|cl|"
    r"oz|degrees|dishes|plates|picks))"
)
_LIMIT = (
    r"(?:under|below|less than|no more than|not more than|max(?:imum)?|at most|up to|upto|within|cheaper than|"
    r"lower than|not over|no higher than|beneath|<=?|"
    r"(?:can'?t|cannot|won'?t|don'?t want to|not) (?:go|spend) (?:over|above|"
    r"more than)|spend(?:ing)? (?:more than|over)|keep it (?:under|below))"
)
_BUDGETS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?:\b|(?=<)){_LIMIT}\s*(?:of\s+|about\s+|around\s+)?(?P<amount>{_AMOUNT}){_NOT_MONEY}"),
    re.compile(
        rf"\bbudget\b\s*(?:is|of|around|about|=|:|'s|is about|is around|is roughly|of about|of around)?\s*"
        rf"(?P<amount>{_AMOUNT}){_NOT_MONEY}"
    ),
    re.compile(
        rf"(?P<amount>{_AMOUNT})\s*(?:or less|or under|or below|or cheaper|and under|max(?:imum)?|tops|at most|"
        rf"at the most|budget|limit|range|mark)\b"
    ),
    re.compile(
        rf"(?P<amount>{_PRICED})\s*-?\s*(?:bottle|glass|wine|red|white|each|a head|per person|pp|a dish|per dish|"
        rf"per plate|main|starter|dessert|or so|ish)\b"
    ),
    re.compile(rf"\b(?:around|about|roughly|approximately|approx)\s*(?P<amount>{_PRICED})"),
    re.compile(rf"\bbetween\s+{_AMOUNT}\s*(?:and|-|to)\s*(?P<amount>{_AMOUNT})"),
)


def count_in(folded: str) -> int | None:
    """How many picks the message asks for: the earliest count phrase, capped at MAX_COUNT; None if none."""
    if not _COUNT_HINT.search(folded):
        return None
    found: tuple[int, int] | None = None
    for pattern, fixed in _COUNTS:
        m = pattern.search(folded)
        if m is None or (found is not None and m.start() >= found[0]):
            continue
        value = fixed if fixed is not None else number(m.group("n"), NUMBERS)
        if value:
            found = (m.start(), value)
    return min(found[1], MAX_COUNT) if found else None


def _money(amount: str) -> float | None:
    digits = re.search(r"\d+(?:\.\d+)?", amount)
    if digits:
        return float(digits.group())
    spelled = re.match(_SPELLED, amount)
    value = number(spelled.group(), NUMBERS) if spelled else None
    return float(value) if value else None


_BELOW = re.compile(r"\s*(?:under|below|less than|cheaper than|lower than|beneath|<(?!=))")


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
