"""The one reading stage: a message in, a `Request` out, holding everything a decider needs.

No decider reads the guest's text again. Reading goes:
1. clean and fold the text (`bot.text`), embed it once (the vector the retriever and the complaint model reuse);
2. the act, from the act model over that vector (`bot.understand.act`); a reaction or an illness report is a
   critical complaint whatever the model says (`bot.understand.safety`), the one guarantee kept as a rule;
3. the slots: items named (`items`, misspelling-tolerant), constraints (`lexicon`) with their scope (a drink budget
   is not a dish budget), the drink ask (`drinkask`), count and course, references to earlier turns, what a
   question is about, the day, the time frame, a booking's details (`booking`), what a complaint says was lost
   (`loss`), and a member of staff asked for by name;
4. the act is checked against the slots: "choose" needs two options, "question" and "compare" need items,
   "pairing" needs something to pair with. When the words cannot carry the model's first choice, the next most
   probable act that they can carry is taken, and `assumed` says so;
5. references are resolved against the conversation (`Context`): "a bottle of wine for that" pairs with what was
   just recommended, "which of those two" chooses between them.

Only the first `MAX_CHARS` characters are read; `Request.truncated` tells the caller the rest was not.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from bot.index.embedder import Embedder, Vectors
from bot.language.pack import LanguagePack, load_pack
from bot.text import MAX_CHARS, clean, fold, number
from bot.triage.classifier import ComplaintClassifier
from bot.triage.model import Triage
from bot.triage.severity import assess
from bot.understand.act import ActModel
from bot.understand.booking import read_booking, read_day
from bot.understand.drinkask import read_drink
from bot.understand.instruction import aimed_at_bot
from bot.understand.items import find_items
from bot.understand.lexicon import Needs, course_in, diet_allergens, needs_in
from bot.understand.loss import lost_items
from bot.understand.request import Booking, ComplaintReading, Constraints, Intent, Request, Role, TimeFrame
from bot.understand.safety import reports_harm
from bot.understand.taste import phrases, words_of

__all__ = ["MAX_CHARS", "Context", "Reader", "clean", "looks_english"]

MAX_COUNT = 10
UNSURE = 0.45  # below this the model's pick is said out loud as an assumption
# A message the act model reads as something else still reaches a person when the complaint model is this sure:
# guests complain in ways no bank can list, and a missed grievance costs more than a misplaced apology.
COMPLAINT_BACKSTOP = 0.6  # for a message read as small talk or off-topic: it asked for nothing we would lose
COMPLAINT_OVERRIDE = 0.85  # for one read as an ask: a guest who asked for picks and got an apology is failed too
HANDOFF_ALSO = 0.8  # "the fish was raw, get me the manager": a complaint that also asks for a person


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass(frozen=True)
class Context:
    """What the conversation so far offers a reference to point at."""

    picks: tuple[str, ...] = ()  # last answer's picks, in rank order
    mentions: tuple[str, ...] = ()  # items the last turns named
    act: str | None = None
    booking: Booking | None = None
    constraints: Constraints = field(default_factory=Constraints)
    harm: bool = False  # the last turn reported a reaction or an illness


_NUMBERS: dict[str, int] = dict(load_pack().counts("numbers").mapping)
_NUMBER_WORD = "|".join(sorted(_NUMBERS, key=len, reverse=True))
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
        re.compile(
            rf"(?<![$\u00a3\u20ac\d.,])(?<!table )(?<!\bon )(?<!\bt)\b(?P<n>{_NUM})\s+(?:(?!(?:of|for|to|the|our|in|at|with|and|or|people|guests)"
            rf"\b)[a-z'-]+\s+){{0,2}}{_PICK_NOUN}\b"
        ),
        None,
    ),
    (
        re.compile(
            r"\ba (?:couple|pair)\b(?<!we're a couple)(?<!we are a couple)"
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
            r"\b(?:which|what|your|the|a|one|my|our)\s+(?:best\s+|top\s+|one\s+|single\s+)?(?:\w+\s+)?"
            r"(?:dish|starter|main|dessert|side)\b(?!s)"
            r"(?! (?:and|or|&|\+) )(?!\s+(?:menu|course))"
        ),
        1,
    ),
    # "what YOU think is the best": the best, singular, with no plural after it, is one pick.
    (
        re.compile(
            r"\bthe (?:very |single |one |absolute )?best\b(?!\s+(?:\w+\s+)?(?:dishes|things|plates|ones|picks|starters|"
            r"mains|desserts|sides|options|items|few|two|three|four|five|bits|bets|stuff|wines|drinks))"
        ),
        1,
    ),
    (re.compile(r"\bhalf a dozen\b"), 6),
    (re.compile(r"\ba dozen\b"), 12),
)

_COURSE_WORD = r"(?:starter|appetizer|main|entree|dessert|side)"
_COURSE_PAIR = re.compile(
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
    r"lower than|not over|no higher than|beneath|<=?|(?:can'?t|cannot|won'?t|don'?t want to|not) (?:go|spend) (?:over|above|"
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


def _constraints(
    needs: Needs, intent: Intent, budget: float | None, course: str | None, abstains: Sequence[str] = ()
) -> Constraints:
    dietary = list(needs.dietary)
    allergies = list(needs.allergies)
    likes = list(needs.likes)
    if intent in {"recommend", "pairing", "drink", "question", "choose", "compare", "skip"}:
        # "Do you have vegan options?" says the guest is vegan; so, as far as safety goes, does "is the hummus nut
        # free?": a guest who asks is treated as one who needs it, and the limit holds for the conversation.
        for diet in needs.open_diets:
            dietary.append(diet)
            allergies.extend(diet_allergens(diet))
    if intent == "question":
        allergies.extend(needs.open_allergens)
    if intent in ("recommend", "skip"):
        # "Spicy food, please" leans toward spicy; "is the soup spicy?" does not; "any salads to avoid?" scopes.
        likes.extend(t for t in needs.open_tastes if t not in needs.dislikes)
    return Constraints(
        dietary=list(dict.fromkeys(dietary)),
        allergies=list(dict.fromkeys(allergies)),
        likes=list(dict.fromkeys(likes)),
        dislikes=list(needs.dislikes),
        budget=budget,
        course=course,
        no_alcohol=bool(abstains),
    )



def _count(folded: str) -> int | None:
    """How many picks the message asks for: the earliest count phrase, capped at MAX_COUNT; None if none."""
    if not _COUNT_HINT.search(folded):
        return None
    found: tuple[int, int] | None = None
    for pattern, fixed in _COUNTS:
        m = pattern.search(folded)
        if m is None or (found is not None and m.start() >= found[0]):
            continue
        value = fixed if fixed is not None else number(m.group("n"), _NUMBERS)
        if value:
            found = (m.start(), value)
    return min(found[1], MAX_COUNT) if found else None


def _money(amount: str) -> float | None:
    digits = re.search(r"\d+(?:\.\d+)?", amount)
    if digits:
        return float(digits.group())
    spelled = re.match(_SPELLED, amount)
    value = number(spelled.group(), _NUMBERS) if spelled else None
    return float(value) if value else None


def _budget(folded: str) -> float | None:
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


# What an act needs from the words, and what it falls back to without it: a "choose" that names one dish is a
# question about that dish, and one that names none is a request for picks. Data about the acts, not about any
# sentence: it only ever moves a reading to an act that can actually be answered.
def _fallback(act: str, items: int, dishes: int, context_items: int, topics: bool, stated: bool = False) -> str:
    known = max(items, context_items)
    if act == "venue" and not topics and (items or stated):
        return "question" if items else "recommend"  # "do you have vegan options?" is about the food
    if act in ("choose", "compare") and known < 2:
        return "question" if known == 1 else "recommend"
    if act == "question" and known == 0:
        return "venue" if topics else "recommend"
    if act == "pairing" and known == 0:
        return "drink"
    if act == "drink" and dishes > 0:
        return "pairing"
    return act


class Reader:
    """Reads messages for one process: the pack, the embedder, the act model and the complaint model."""

    def __init__(
        self,
        embedder: Embedder,
        acts: ActModel,
        triage: ComplaintClassifier,
        pack: LanguagePack | None = None,
    ) -> None:
        self.embedder = embedder
        self.acts = acts
        self.triage = triage
        self.pack = pack or load_pack()
        self._quantities = {**_NUMBERS, **self.pack.counts("quantities").mapping}
        self._embed = lru_cache(maxsize=256)(self._embed_one)

    def _embed_one(self, text: str) -> Vectors:
        return self.embedder.embed([text])[0]

    def vector(self, text: str) -> Vectors:
        """The sentence vector of cleaned text, computed once per distinct text."""
        return self._embed(text)

    def read(
        self,
        text: str,
        *,
        names: Mapping[str, str] | None = None,
        drinks: frozenset[str] = frozenset(),
        staff: Mapping[str, str] | None = None,
        facts: Sequence[str] = (),
        allergen_holders: Mapping[str, frozenset[str]] | None = None,
        context: Context | None = None,
        today: dt.date | None = None,
        role: Role = "guest",
    ) -> Request:
        """Understand one message. `names` maps lowercase names and aliases to item ids, `drinks` says which ids are
        drinks, `staff` maps staff first names to ids."""
        context = context or Context()
        today = today or dt.date.today()
        truncated = len(text) > MAX_CHARS
        cleaned = clean(text)
        folded = fold(cleaned)
        if not any(c.isalnum() for c in folded):
            return Request(text=cleaned, intent="other", truncated=truncated)
        names = names or {}
        vector = self.vector(cleaned)
        mentions = find_items(folded, names, self.pack)
        refers = self.pack.table("references").values(folded)
        needs = needs_in(folded)
        budget = _budget(folded)
        count = _count(folded)
        course = course_in(folded)
        if (several := _COURSE_PAIR.search(folded)) is not None:
            count, course = max(count or 0, 2 if several.group("third") is None else 3), None
        held = set(context.constraints.allergies) | set(needs.allergies)
        exposed = [m for m in mentions if m in holding] if (holding := allergen_holders or {}) else []
        harm = reports_harm(
            folded,
            self.pack,
            allergic=bool(held),
            exposed=[m for m in exposed if holding[m] & held],
            ongoing=context.harm,
            ate_earlier=bool(context.mentions),
        )
        ranked = [("complaint", 1.0)] if harm else self.acts.ranked(cleaned, vector)
        context_items = self._pointed_at(refers, context, mentions)
        dishes = sum(1 for m in mentions if m not in drinks)
        pointed = len(set(context_items) | set(mentions)) if refers else len(context_items)
        visit = [*self.pack.table("visit_topics").values(folded), *_fact_keys(folded, facts)]
        topics_found = bool(visit)
        stated = needs.firm or bool(needs.open_diets)
        act, assumed = self._act(ranked, len(mentions), dishes, pointed, topics_found, stated)
        if context_items and act in ("pairing", "question", "choose", "compare", "complaint"):
            # "that or the musar jeune white?": what was pointed at, then what was named.
            mentions = list(dict.fromkeys([*context_items, *mentions])) if refers or not mentions else mentions
        triage = self.triage.classify_vector(cleaned, vector) if act not in ("venue", "reservation") else None
        complaint: ComplaintReading | None = None
        wants_person = False
        if harm:
            complaint = ComplaintReading(harm=True, category="allergen-safety", severity="critical")
        elif act in ("complaint", "handoff") or self._backstop(act, triage):
            if aimed_at_bot(cleaned):
                # An order aimed at the bot is no grievance: answer the next most likely ask it carries.
                rest = [(a, q) for a, q in ranked if a not in ("complaint", "handoff")] or [("other", 1.0)]
                act, assumed = self._act(rest, len(mentions), dishes, pointed, topics_found, stated)
            elif act == "handoff" and (triage is None or triage.category is None):
                wants_person = True
            else:
                judged = assess(cleaned, triage.category if triage and triage.category else "other")
                lost, takeaway = lost_items(cleaned, names, drinks, self.pack, self._quantities)
                complaint = ComplaintReading(
                    category=judged.category,
                    severity=judged.severity,
                    cues=list(judged.cues),
                    lost=lost,
                    takeaway=takeaway,
                )
                act = "complaint"
        if act == "complaint" and triage is not None and triage.handoff_probability >= HANDOFF_ALSO:
            wants_person = True
        if act == "handoff":
            wants_person = True
        drink_scope = act in ("drink", "pairing") or _drink_budget(folded)
        drink = read_drink(
            _without_names(folded, names, mentions) if act in ("pairing", "question", "choose") else folded,
            budget,
            self.pack,
            cheapest=bool(_CHEAPEST.search(folded)),
            drink_budget=drink_scope,
            dislikes=frozenset(fold(d) for d in needs.dislikes),
        )
        dish_budget = None if drink_scope else budget
        abstains = self.pack.table("abstain").values(folded)
        topics: list[str] = []
        if act == "question":
            topics = self.pack.table("question_topics").values(folded)
        elif act == "venue":
            topics = list(dict.fromkeys(visit))
        booking = None
        said = read_booking(cleaned, folded, today, self.pack, _NUMBERS)
        if context.booking is not None and act not in ("complaint", "reservation") and not harm:
            # A booking being put together is a form being filled: "Ines Moreau, +1 207 555 0156" answers the
            # question the last turn asked, whatever it looks like alone.
            fills = [f for f in context.booking.missing if getattr(said, f) is not None]
            if fills and ranked[0][1] < 0.9:
                act, assumed = "reservation", None
        if act == "reservation":
            booking = context.booking.merged_with(said) if context.booking else said
        day = read_day(folded, today, self.pack) if act in ("venue", "reservation") else None
        constraints = _constraints(needs, act, dish_budget, course, abstains)  # type: ignore[arg-type]
        if act == "skip" and mentions:
            # "should I avoid the kofta?" asks about the kofta; it is not the guest ruling it out.
            named = {a for a, i in names.items() if i in mentions}
            kept = [d for d in constraints.dislikes if d not in named]
            constraints = constraints.model_copy(update={"dislikes": kept})
        asks_about: list[str] = []
        if act in ("question", "compare", "choose"):
            asks_about = list(dict.fromkeys([*needs.open_diets, *needs.open_allergens]))
        return Request(
            text=cleaned,
            intent=act,  # type: ignore[arg-type]
            scores={a: round(p, 3) for a, p in ranked[:3]},
            assumed=assumed,
            constraints=constraints,
            drink=drink,
            count=count,
            mentions=mentions,
            refers=refers,
            topics=topics,
            day=day,
            timeframe=self._timeframe(folded),
            booking=booking,
            complaint=complaint,
            person=_person(folded, staff or {}),
            asks_about=asks_about,
            wants_person=wants_person,
            truncated=truncated,
        )

    def _act(
        self,
        ranked: Sequence[tuple[str, float]],
        items: int,
        dishes: int,
        context_items: int,
        topics: bool,
        stated: bool = False,
    ) -> tuple[str, str | None]:
        top, p = ranked[0]
        act = top
        if p < UNSURE and items and top in ("smalltalk", "other"):
            act = "question"  # a bare "the bream" is most usefully read as a question about the bream
        for _ in range(3):  # question -> venue, choose -> question: a fallback may itself need one
            act = _fallback(act, items, dishes, context_items, topics, stated)
        if act != top:
            return act, top
        return act, (top if p < UNSURE else None)

    @staticmethod
    def _backstop(act: str, triage: Triage | None) -> bool:
        """Whether the complaint model overrules the act model: sure enough, for what the act would lose."""
        if triage is None or act in ("complaint", "handoff", "reservation", "venue"):
            return False
        floor = COMPLAINT_BACKSTOP if act in ("smalltalk", "other") else COMPLAINT_OVERRIDE
        return triage.complaint_probability >= floor

    @staticmethod
    def _pointed_at(refers: list[str], context: Context, mentions: list[str]) -> tuple[str, ...]:
        """The items a reference (or a bare follow-up) points at in the conversation."""
        picks, named = context.picks, context.mentions
        earlier = picks or named
        if not earlier:
            return ()
        for ref in refers:
            if ref.isdigit() and int(ref) <= len(picks):
                return (picks[int(ref) - 1],)
            if ref == "last" and picks:
                return (picks[-1],)
        if "both" in refers:
            # "which of those two": the two things last named, or the last two picks
            return tuple(named[-2:]) if len(named) >= 2 else tuple(picks[:2])
        if "those" in refers:
            return tuple(earlier)
        if "it" in refers:
            return tuple(earlier[:1]) if len(earlier) == 1 or not picks else tuple(earlier)
        return tuple(earlier) if not mentions else ()

    def _timeframe(self, folded: str) -> TimeFrame:
        found = self.pack.table("timeframes").values(folded)
        for frame in ("future", "past", "now"):  # "we're coming Friday; last time it was loud" is about Friday
            if frame in found:
                return frame  # type: ignore[return-value]
        return "now"


_CHEAPEST = re.compile(r"\b(?:cheapest|least expensive|lowest price|most affordable)\b")
_DRINKY = re.compile(r"\b(?:bottles?|glass(?:es)?|wines?|reds?|whites?|beers?|cocktails?|drinks?)\b")


def _drink_budget(folded: str) -> bool:
    """Whether the budget phrase sits next to a drink word ("under 70 a bottle", "a $15 glass")."""
    for m in re.finditer(r"\d+|\$", folded):
        window = folded[max(0, m.start() - 25) : m.end() + 25]
        if _DRINKY.search(window):
            return True
    return False


def _without_names(folded: str, names: Mapping[str, str], mentions: list[str]) -> str:
    """The text with the names of mentioned items blanked, so "the Musar Red" asks for no red."""
    out = folded
    for alias in sorted((a for a, i in names.items() if i in mentions), key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(alias)}\b", " ", out)
    return out


def _fact_keys(folded: str, keys: Sequence[str]) -> list[str]:
    """The venue's own fact keys a message names ("wifi", "mansaf"): a venue that writes a fact is asked about it in
    its own words."""
    return [k for k in keys if all(re.search(rf"\b{re.escape(w)}", folded) for w in words_of(k))]


def _person(folded: str, staff: Mapping[str, str]) -> str | None:
    for first, staff_id in staff.items():
        if re.search(rf"\b{re.escape(fold(first))}\b", folded):
            return staff_id
    return None


# Words that mark a language. Only a few dozen of each: enough to tell which way a message leans. English's are the
# pack's everyday words; the others' stay here until those languages have packs of their own.
_ENGLISH = frozenset(load_pack().table("common_words").mapping)
_FOREIGN = frozenset(
    phrases(
        "que, el, los, las, una, unos, unas, es, esta, estas, estos, por, para, con, sin, pero, te, se, lo, les, "
        "del, al, muy, mas, hay, tiene, tienen, quiero, quisiera, recomienda, recomiendas, recomendar, gracias, "
        "hola, cual, cuales, donde, como, cuanto, plato, platos, comida, bebida, vino, les, des, du, et, est, "
        "une, pour, avec, sans, je, vous, nous, mais, qu'est, c'est, quoi, quel, quelle, bonjour, merci, plat, "
        "voudrais, der, das, und, ist, ein, eine, ich, wir, mit, ohne, bitte, danke, welche, gibt, haben, il, "
        "gli, della, per, senza, sono, cosa, vorrei, grazie, buongiorno, piatto, os, um, uma, com, sem, obrigado, "
        "obrigada, voce"
    )
)


_NOT_WORDS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|\+?\d[\d\s().-]{5,}\d")


def looks_english(text: str) -> bool:
    """Whether a message is probably English, so the caller can say plainly when it is not.

    Mostly non-Latin letters ("おすすめは何ですか") is not English; Latin text is English unless words of other
    languages outnumber English ones ("¿Qué me recomiendas?"). Text with no signal either way ("muhammara?", an
    emoji) counts as English: a false "please write in English" is worse than a best-effort answer.
    """
    head = _NOT_WORDS.sub(" ", text[:MAX_CHARS])  # an email or a phone number is no language at all
    letters = [c for c in head if c.isalpha()]
    if letters and sum(1 for c in letters if ord(c) < 0x250) / len(letters) < 0.5:
        return False
    words = words_of(head)
    english = sum(1 for w in words if w in _ENGLISH)
    foreign = sum(1 for w in words if w in _FOREIGN) + (2 if "¿" in head or "¡" in head else 0)
    return foreign <= english
