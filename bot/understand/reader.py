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
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from bot.index.embedder import Embedder, Vectors
from bot.language.pack import LanguagePack, load_pack
from bot.text import MAX_CHARS, clean, fold, number
from bot.triage.classifier import ComplaintClassifier
from bot.triage.model import Triage
from bot.triage.severity import assess
from bot.understand.act import ActModel
from bot.understand.booking import party_size, read_booking, read_day
from bot.understand.drinkask import read_drink
from bot.understand.faults import faults_in
from bot.understand.instruction import aimed_at_bot
from bot.understand.items import find_items
from bot.understand.lexicon import SEVERE, Needs, course_in, courses_in, diet_allergens, needs_in, question_word
from bot.understand.loss import lost_items
from bot.understand.quantity import COURSE_PAIR, NUMBERS, budget_below, budget_in, count_in
from bot.understand.request import Booking, ComplaintReading, Constraints, DrinkAsk, Intent, Request, TimeFrame
from bot.understand.safety import reports_harm
from bot.understand.taste import TASTES, phrases, words_of

__all__ = ["MAX_CHARS", "Context", "Reader", "clean", "looks_english"]

UNSURE = 0.45  # below this the model's pick is said out loud as an assumption
# A message the act model reads as something else still reaches a person when the complaint model is this sure:
# guests complain in ways no bank can list, and a missed grievance costs more than a misplaced apology.
COMPLAINT_BACKSTOP = 0.6  # for a message read as small talk: it asked for nothing we would lose
COMPLAINT_OFF_TOPIC = 0.8  # for one read as nothing to do with the restaurant
COMPLAINT_OVERRIDE = 0.85  # for one read as an ask: a guest who asked for picks and got an apology is failed too
ASK_SURE = 0.9  # ...and never over an act model this sure of the ask: the complaint model learnt from reviews, where
# "not worth the money" is a grievance; asked of a concierge, it is a request for what to skip
COMPLAINT_VETO = 0.05  # the complaint model this sure there is no grievance overrules an unsure act model...
COMPLAINT_SURE = 0.6  # ...but not one this sure ("Where's our food?" is a grievance the complaint model misses)
HANDOFF_ALSO = 0.8  # "the fish was raw, get me the manager": a complaint that also asks for a person
CLOSE_CALL = 0.1  # readings within this of the model's first choice count as a tie
ASKING_SENTENCE_SHARE = 0.5  # how much a multi-sentence message's asking sentence weighs in its act
PARTY_ALONE_WORDS = 6  # a party size said with little else is a booking detail ("for 6 people please")
FORM_OVERRIDE = 0.9  # below this, a message that fills a pending booking's missing details is that booking


@dataclass(frozen=True)
class Context:
    """What the conversation so far offers a reference to point at."""

    picks: tuple[str, ...] = ()  # last answer's picks, in rank order
    mentions: tuple[str, ...] = ()  # items the last turns named
    booking: Booking | None = None
    constraints: Constraints = field(default_factory=Constraints)
    harm: bool = False  # the last turn reported a reaction or an illness
    last_act: str | None = None  # what the last turn asked, for "and on sunday?"
    drink: DrinkAsk | None = None  # the drink the last turn asked for, for "something by the glass under 15?"
    day: dt.date | None = None  # the day the last turn asked about: "open friday?" then "4 people at 8"
    topics: tuple[str, ...] = ()  # what the last turn asked about the visit: "kids?" then "till when are they ok?"
    course: str | None = None  # the course the last turn asked about: "desserts?" then "which one's the weakest?"


@dataclass
class _Draft:
    """One message part-read: what each step of `Reader.read` found, for the steps after it."""

    cleaned: str
    folded: str
    names: Mapping[str, str]
    drinks: frozenset[str]
    context: Context
    vector: Vectors = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    mentions: list[str] = field(default_factory=list)
    among: list[str] = field(default_factory=list)
    besides: list[str] = field(default_factory=list)
    instead: list[str] = field(default_factory=list)
    refers: list[str] = field(default_factory=list)
    needs: Needs = field(default_factory=Needs)
    budget: float | None = None
    count: int | None = None
    course: str | None = None
    courses: list[str] = field(default_factory=list)
    harm: bool = False
    pointed_at: tuple[str, ...] = ()
    visit: list[str] = field(default_factory=list)
    asks_fact: list[str] = field(default_factory=list)  # a price or tonight's availability, asked
    continues: bool = False  # opens as a follow-up to the last turn: "what about...", "and..."
    books: bool = False  # asks for a booking to be made, moved or cancelled
    versus: bool = False  # sets things against each other: "vs", "or", "compared to"
    drink_kinds: bool = False  # names a kind of drink: "cocktails", "a bottle of wine"
    said: Booking = field(default_factory=Booking)  # the booking details the message gives, if it is one
    ranked: list[tuple[str, float]] = field(default_factory=list)
    act: str = "other"
    assumed: str | None = None
    complaint: ComplaintReading | None = None
    wants_person: bool = False
    booking: Booking | None = None
    day: dt.date | None = None
    timeframe: TimeFrame = "now"  # at the table now, a past visit or a coming one


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
        some_dietary=[d for d in needs.some_diets if d not in dietary],
    )


# What an act needs from the words, and what it falls back to without it: a "choose" that names one dish is a
# question about that dish, and one that names none is a request for picks. Data about the acts, not about any
# sentence: it only ever moves a reading to an act that can actually be answered.
def _fallback(
    act: str,
    items: int,
    dishes: int,
    context_items: int,
    topics: bool,
    stated: bool = False,
    facts: bool = False,
    *,
    policy: bool = False,
    books: bool = False,
    corkage: bool = False,
    drink_kinds: bool = False,
) -> str:
    """`topics`: a visit topic is named; `policy`: one other than booking itself ("hours", "corkage"); `books`: a
    booking is asked to be made, moved or cancelled; `facts`: a price or tonight's availability is asked;
    `corkage`: bringing one's own bottle is asked about; `drink_kinds`: a kind of drink is named ("cocktails")."""
    known = max(items, context_items)
    if act in ("pairing", "drink") and items and not dishes and facts:
        return "question"  # "how much for a glass of the musar?" names a drink and asks a fact, not a match
    if act in ("pairing", "drink") and corkage and not dishes:
        return "venue"  # "can we bring our own bottle of wine?" asks the corkage policy, not for a wine
    if act == "recommend" and drink_kinds and not items:
        return "drink"  # "nut allergy here, which cocktails are safe?" asks for drinks
    if act == "reservation" and policy and not books:
        return "venue"  # "sunday hours pls" books nothing
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
        self._quantities = {**NUMBERS, **self.pack.counts("quantities").mapping}
        self._embed = lru_cache(maxsize=256)(self._embed_one)

    def _embed_one(self, text: str) -> Vectors:
        vector: Vectors = self.embedder.embed([text])[0]
        return vector

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
    ) -> Request:
        """Understand one message. `names` maps lowercase names and aliases to item ids, `drinks` says which ids are
        drinks, `staff` maps staff first names to ids, `facts` are the venue's own fact keys, `allergen_holders`
        what each dish holds (for "he ate the tart" after an allergy)."""
        context = context or Context()
        cleaned = clean(text)
        folded = fold(cleaned)
        if not any(c.isalnum() for c in folded):
            return Request(text=cleaned, intent="other", truncated=len(text) > MAX_CHARS)
        draft = _Draft(cleaned=cleaned, folded=folded, names=names or {}, drinks=drinks, context=context)
        draft.vector = self.vector(cleaned)
        today = today or dt.date.today()
        pending = context.booking
        draft.said = read_booking(cleaned, folded, today, self.pack, NUMBERS, pending.missing if pending else ())
        self._slots(draft, facts, allergen_holders or {})
        self._choose_act(draft)
        self._grievance(draft)
        self._booking(draft, today)
        return self._request(draft, text, staff or {})

    def _slots(self, d: _Draft, facts: Sequence[str], holders: Mapping[str, frozenset[str]]) -> None:
        """Everything the words say before the act is known: items, references, needs, numbers, harm, topics."""
        folded = d.folded
        d.mentions = find_items(folded, d.names, self.pack)
        d.refers = self.pack.table("references").values(folded)
        d.needs = self._whole_table_unless_told(needs_in(folded), folded)
        d.among = self._among(_without_names(folded, d.names, d.mentions), d.names, d.drinks, d.needs.dislikes)
        if d.mentions and (d.needs.open_allergens or d.needs.open_diets):
            # What a name holds is not asked about: "is there celery in the seafood soup?" asks of celery only.
            unnamed = needs_in(_without_names(folded, d.names, d.mentions))
            d.needs = replace(d.needs, open_allergens=unnamed.open_allergens, open_diets=unnamed.open_diets)
        d.budget = budget_in(folded)
        d.count = count_in(folded)
        d.course = course_in(folded)
        if (several := COURSE_PAIR.search(folded)) is not None:
            d.count, d.course = max(d.count or 0, 2 if several.group("third") is None else 3), None
            meal = courses_in(several.group())
            # "a starter, a main and a dessert": one of each, in the order named (a meal, not three favourites)
            before = folded[: several.start()].split()[-1:]
            counted = bool(before) and number(before[0], NUMBERS) not in (None, 1)  # "two mains and a starter"
            d.courses = meal if len(set(meal)) == len(meal) == d.count and not counted else []
        held = set(d.context.constraints.allergies) | set(d.needs.allergies)
        exposed = [m for m in d.mentions if holders.get(m, frozenset()) & held]
        d.harm = reports_harm(
            folded,
            self.pack,
            allergic=bool(held),
            exposed=exposed,
            ongoing=d.context.harm,
            ate_earlier=bool(d.context.mentions),
        )
        d.pointed_at = self._pointed_at(d.refers, d.context, d.mentions)
        d.visit = [*self.pack.table("visit_topics").values(folded), *_fact_keys(folded, facts)]
        d.timeframe = self._timeframe(folded)
        d.continues = bool(self.pack.table("continuations").find(folded))
        d.books = bool(self.pack.table("booking_actions").find(folded))
        d.drink_kinds = bool(self.pack.table("drink_kinds").find(folded))
        d.versus = bool(self.pack.table("contrasts").find(folded))
        d.asks_fact = [t for t in self.pack.table("question_topics").values(folded) if t in _ITEM_FACTS]

    def _among(
        self, folded: str, names: Mapping[str, str], drinks: frozenset[str], dislikes: Sequence[str] = ()
    ) -> list[str]:
        """The dishes of the kinds a message names as a group ("the dips", "any salads"), read from their names.
        A kind the guest rules out is no group to choose among: "no bread, no rice" asks for neither."""
        refused = {fold(x) for x in dislikes}
        kinds = {h.value for h in self.pack.table("dish_kinds").find(folded) if fold(h.cue) not in refused}
        if not kinds:
            return []
        members = self.pack.table("dish_kind_members")
        return list(
            dict.fromkeys(i for alias, i in names.items() if i not in drinks and kinds & set(members.values(alias)))
        )

    def _choose_act(self, d: _Draft) -> None:
        d.ranked = [("complaint", 1.0)] if d.harm else self._ranked(d.cleaned, d.vector)
        if d.ranked[0][0] in ("compare", "choose") and len(d.mentions) < 2 and len(d.among) >= 2:
            d.mentions = list(dict.fromkeys([*d.mentions, *d.among]))  # "how do the three dips differ?"
        earlier = [m for m in d.context.mentions if m not in d.mentions]
        if d.ranked[0][0] in ("compare", "choose") and len(d.mentions) == 1 and earlier:
            d.mentions = [earlier[-1], *d.mentions]  # "what's the tart like?", then "compared to the cake?"
        d.act, d.assumed = self._act(d.ranked, d)
        two = len(set(d.mentions) | set(d.pointed_at)) >= 2
        if d.act == "choose" and two and self.pack.table("differences").find(d.folded):
            d.act = "compare"  # "which is richer, and which would you pick?": the difference, then the pick
        if self._only_pleasantries(d.folded):
            d.act, d.assumed = "smalltalk", None  # "marhaba!", "thanks so much!!": nothing else is asked
        elif d.act == "recommend" and self._still_on_drinks(d):
            d.act = "drink"  # "I'm the designated driver", then "what have you got for me?"
        elif d.act == "recommend" and self._pairs_across(d):
            d.act = "pairing"  # "having an almaza, what should I snack on?": food for the drink they have
        elif d.act in ("smalltalk", "other") and not d.mentions and self.pack.table("abstain").values(d.folded):
            d.act = "drink"  # "I'm the designated driver tonight": what they can drink is the useful answer
        pointable = d.act in ("pairing", "question", "choose", "compare", "complaint")
        # "any of those to avoid?" points back; a bare "what should we skip?" after picks asks of the whole menu.
        # ...unless the last turn asked for a kind of drink: "what alcohol-free stuff do you have?", then "any of
        # those to avoid?" asks of that kind, not of the one drink poured.
        skips_a_kind = d.act == "skip" and self._drink_kind_before(d)
        pointable = pointable or (d.act == "skip" and bool(d.refers) and not skips_a_kind)
        pointed = d.pointed_at
        if d.act == "skip" and d.refers == ["it"]:
            pointed = pointed[:1]  # "should we skip it?" after three picks asks of one dish, the first
        if pointed and pointable and (d.refers or not d.mentions):
            # "that or the musar jeune white?": what was pointed at, then what was named.
            d.mentions = list(dict.fromkeys([*pointed, *d.mentions]))
        elif d.act in ("recommend", "skip") and "among" in d.refers and pointed and not skips_a_kind:
            d.among = list(pointed)  # "out of those, which is the best?": one of what was just listed
        elif d.act == "recommend" and set(d.refers) - {"they"} and pointed:
            d.besides = list(pointed)  # "what should we have alongside it?": not the dish they already have
        if d.act == "recommend" and d.mentions:
            self._in_place_of(d)
        elif self._like_a_drink(d):
            # "we're out of the ksara, what's closest?", "something like the musar but cheaper": a drink like the
            # one named, never the one named, whatever else the sentence looks like.
            d.act = "drink"
            d.instead = list(d.mentions)

    @staticmethod
    def _drink_kind_before(d: _Draft) -> bool:
        """The last turn asked for a kind of drink ("what alcohol-free stuff do you have?")."""
        earlier = d.context.drink
        return d.context.last_act in ("drink", "pairing") and earlier is not None and bool(earlier.kinds)

    def _like_a_drink(self, d: _Draft) -> bool:
        """Only drinks are named, and asked to be replaced: a drink of their kind is the answer."""
        return (
            d.act in ("drink", "question", "pairing", "choose", "compare")
            and bool(d.mentions)
            and all(m in d.drinks for m in d.mentions)
            and bool(self.pack.table("alternatives").find(d.folded))
        )

    def _in_place_of(self, d: _Draft) -> None:
        """The dishes a request for picks asks to be spared: "anything other than the lamb shoulder?" rules out
        that dish, not all lamb, and "I always get the kofta, what should I try instead?" the kofta it has had.
        A name that is only a taste word ("no chicken") stays a dislike of the taste."""
        dislikes = set(d.needs.dislikes)
        kept = set(dislikes)
        for item in d.mentions if dislikes else ():
            held = needs_in(_without_names(d.folded, d.names, [item], keep=_TASTE_WORDS))
            if dislikes - set(held.dislikes):
                d.instead.append(item)
                kept &= set(held.dislikes)
        if self.pack.table("alternatives").find(d.folded):
            d.instead = list(dict.fromkeys([*d.instead, *d.mentions]))
            # What the had dish's name says is no taste the guest asked for: "the lamb shoulder again" wants no lamb.
            outside = needs_in(_without_names(d.folded, d.names, d.mentions, keep=_TASTE_WORDS))
            d.needs = replace(d.needs, likes=outside.likes, open_tastes=outside.open_tastes)
        if d.instead:
            d.needs = replace(d.needs, dislikes=tuple(x for x in d.needs.dislikes if x in kept))

    def _ranked(self, cleaned: str, vector: Vectors) -> list[tuple[str, float]]:
        """The act model's reading of what the message asks.

        A sentence that only states a need ("Nut allergy in the family.", "my daughter has a nut allergy") sets the
        scene for the ask beside it, so it is left out of the reading when something else is said: alone it is a
        request for picks, and beside "what isn't worth ordering?" it would drown the ask. Of several sentences the
        one that asks leans: a guest sets the scene first ("I don't want anything heavy.") and asks after.
        """
        parts = [p for p in _SENTENCES.split(cleaned) if any(c.isalnum() for c in p)]
        asking = [p for p in parts if not _only_states_a_need(p)]
        if asking and len(asking) < len(parts):
            cleaned = " ".join(asking)
            vector = self.vector(cleaned)
            parts = asking
        whole = self.acts.ranked(cleaned, vector)
        # The sentence that asks leans: the last question, or the last sentence when none is one ("hummus,
        # muhammara or baba ghanoush? we can only do one" asks in its first).
        questions = [p for p in parts if p.rstrip().endswith("?")]
        lean = questions[-1] if questions else parts[-1]
        if len(parts) < 2 or len(lean.split()) < 2:
            return whole
        leaning = self.acts.ranked(lean, self.vector(lean))
        if leaning[0][0] in ("other", "smalltalk"):
            # "...want the house's top three. What do I tell them?", "...my number is 555-0187. Thank you.": a
            # sentence that asks nothing of us alone leaves the reading to the whole message.
            return whole
        # It leans as far as it is sure of itself next to the whole: "hummus, muhammara or baba ghanoush? we can
        # only do one" is a sure choice whose unsure tail must not turn it into something else.
        share = ASKING_SENTENCE_SHARE * min(1.0, leaning[0][1] / whole[0][1])
        blended: dict[str, float] = {}
        for act, p in whole:
            blended[act] = blended.get(act, 0.0) + (1 - share) * p
        for act, p in leaning:
            blended[act] = blended.get(act, 0.0) + share * p
        return sorted(blended.items(), key=lambda kv: (-kv[1], kv[0]))

    def _grievance(self, d: _Draft) -> None:
        """The complaint reading: harm by rule, else the act model's complaint, with the complaint model as backstop."""
        triage = self.triage.classify_vector(d.cleaned, d.vector) if d.act not in ("venue", "reservation") else None
        backstop = False
        unsure = d.ranked[0][0] != "complaint" or d.ranked[0][1] < COMPLAINT_SURE
        vetoed = triage is not None and triage.complaint_probability < COMPLAINT_VETO
        # "broke student here, my cap for food is $25": a price limit for what comes next is an order, not a bill.
        ordering = d.budget is not None and not d.mentions and d.timeframe != "past"
        if not d.harm and d.act == "complaint" and unsure and (vetoed or ordering):
            # A ticket takes both models: the act model alone reads "I'm allergic to sulphites" as a grievance.
            rest = [(a, q) for a, q in d.ranked if a != "complaint"] or [("other", 1.0)]
            d.act, d.assumed = self._act(rest, d)
        if d.harm:
            d.complaint = ComplaintReading(harm=True, category="allergen-safety", severity="critical")
        elif d.act in ("complaint", "handoff") or (
            backstop := self._backstop(d.act, dict(d.ranked).get(d.act, 0.0), triage, self._asks_for_things(d))
        ):
            if aimed_at_bot(d.cleaned):
                # An order aimed at the bot is no grievance: answer the next most likely ask it carries.
                rest = [(a, q) for a, q in d.ranked if a not in ("complaint", "handoff")] or [("other", 1.0)]
                d.act, d.assumed = self._act(rest, d)
            elif d.act == "handoff" and (
                triage is None
                or triage.category is None
                or triage.complaint_probability < COMPLAINT_VETO
                or self.pack.table("about_concierge").find(d.folded)
            ):
                # "wait, am I talking to a real person?" asks for a person, not about a wait; "this bot is useless,
                # get me someone real" is a grievance with the concierge, with no dish or bill to put right.
                d.wants_person = True
            else:
                judged = assess(d.cleaned, triage.category if triage and triage.category else "other")
                if judged.severity == "critical" and backstop:
                    # On the complaint model's word alone, critical is too much: "that mixed grill was sick" is praise.
                    judged = replace(judged, severity="high")
                lost, takeaway = lost_items(d.cleaned, d.names, d.drinks, self.pack, self._quantities)
                d.complaint = ComplaintReading(
                    category=judged.category, severity=judged.severity, cues=list(judged.cues), lost=lost,
                    takeaway=takeaway,
                )  # fmt: skip
                d.act = "complaint"
        also = d.act == "complaint" and triage is not None and triage.handoff_probability >= HANDOFF_ALSO
        d.wants_person = d.wants_person or also or d.act == "handoff"

    def _booking(self, d: _Draft, today: dt.date) -> None:
        pending = d.context.booking
        said = d.said
        if pending is not None and d.act not in ("complaint", "reservation") and not d.harm:
            # A booking being put together is a form being filled: "Ines Moreau, +1 207 555 0156" answers the
            # question the last turn asked, whatever it looks like alone.
            fills = [f for f in pending.missing if getattr(said, f) is not None]
            if fills and d.ranked[0][1] < FORM_OVERRIDE:
                d.act, d.assumed = "reservation", None
        if d.act == "reservation":
            if pending is None and said.date is None and d.context.day is not None:
                said = said.model_copy(update={"date": d.context.day})  # the day the guest just asked about
            d.booking = pending.merged_with(said) if pending else said
        if d.act in ("venue", "reservation"):
            d.day = read_day(d.folded, today, self.pack)

    def _request(self, d: _Draft, text: str, staff: Mapping[str, str]) -> Request:
        folded, act, needs = d.folded, d.act, d.needs
        drinky = [(h.start, h.end) for h in self.pack.table("drink_words").find(folded) if h.value == "drink"]
        drink_scope = act in ("drink", "pairing") or _drink_budget(folded, drinky)
        drink = read_drink(
            _without_names(folded, d.names, d.mentions) if act in ("pairing", "question", "choose") else folded,
            d.budget,
            self.pack,
            cheapest="cheapest" in self.pack.table("drink_words").values(folded),
            priciest="priciest" in self.pack.table("drink_words").values(folded),
            drink_budget=drink_scope,
            dislikes=frozenset(fold(x) for x in needs.dislikes),
            budget_below=budget_below(folded),
        )
        earlier = d.context.drink if d.context.last_act in ("drink", "pairing") else None
        if earlier is not None and act in ("drink", "pairing") and not any(m in d.drinks for m in d.mentions):
            drink = earlier.then(drink)  # "we like red", then "by the glass under 15?"
        elif earlier is not None and earlier.kinds and act == "skip" and not d.mentions and not drink.kinds:
            drink = earlier.then(drink)  # "a bottle for the table", then "any on the list you'd avoid?"
        abstains = self.pack.table("abstain").values(folded)
        course = d.course
        unscoped = not (d.mentions or d.among or course or drink.kinds or needs.open_tastes or needs.likes)
        if act == "skip" and unscoped and d.context.last_act in ("recommend", "skip"):
            course = d.context.course  # "three desserts, ranked", then "which one's the weakest though?"
        elif (
            act == "recommend"
            and unscoped
            and d.budget is not None
            and d.context.last_act == "recommend"
            and (_few_words(d.cleaned))
        ):
            course = d.context.course  # "top 3 mains", then "any under 30?"
        elif (
            act == "recommend"
            and unscoped
            and d.count is not None
            and d.context.last_act == "recommend"
            and self.pack.table("revisions").find(folded)
        ):
            course = d.context.course  # "which mains should we share?", then "actually make it two"
        constraints = _constraints(needs, act, None if drink_scope else d.budget, course, abstains)  # type: ignore[arg-type]
        if constraints.allergies and SEVERE.search(folded):
            constraints = constraints.model_copy(update={"severe": True})
        diners = self.pack.table("diners").values(folded)
        if diners:
            constraints = constraints.model_copy(update={"diners": min(int(n) for n in diners)})
        if constraints.budget is not None and budget_below(folded):
            constraints = constraints.model_copy(update={"budget_below": True})
        if act == "skip" and d.mentions:
            # "should I avoid the kofta?" asks about the kofta; it is not the guest ruling it out.
            named = {a for a, i in d.names.items() if i in d.mentions}
            constraints = constraints.model_copy(
                update={"dislikes": [x for x in constraints.dislikes if x not in named]}
            )
        topics: list[str] = []
        if act == "question":
            topics = self.pack.table("question_topics").values(folded)
        elif act == "venue":
            # "till what time are they allowed?" after "bringing my kids": a pointer back keeps the last topic.
            kept = d.context.topics if d.refers and d.context.last_act == "venue" else ()
            topics = list(dict.fromkeys([*kept, *d.visit]))
        asks_about = list(dict.fromkeys([*needs.open_diets, *needs.open_allergens]))
        return Request(
            text=d.cleaned,
            intent=act,
            scores={a: round(p, 3) for a, p in d.ranked[:3]},
            assumed=d.assumed,
            constraints=constraints,
            drink=drink,
            count=d.count,
            mentions=d.mentions,
            among=d.among,
            besides=d.besides,
            instead=d.instead,
            courses=d.courses if act == "recommend" else [],
            shared=bool(self.pack.table("sharing").values(folded)),
            about_drinks=bool(drinky),
            chat=self._chat(folded) if act == "smalltalk" else None,
            refers=d.refers,
            topics=topics,
            faults=faults_in(folded) if act == "skip" else [],
            day=d.day,
            timeframe=d.timeframe,
            booking=d.booking,
            complaint=d.complaint,
            person=_person(folded, staff),
            asks_about=asks_about if act in ("question", "compare", "choose") else [],
            wants_person=d.wants_person,
            truncated=len(text) > MAX_CHARS,
        )

    def _act(self, ranked: Sequence[tuple[str, float]], d: _Draft) -> tuple[str, str | None]:
        """The model's first choice, unless the words cannot carry it (see `_fallback`), and what was assumed."""
        items = len(d.mentions)
        dishes = sum(1 for m in d.mentions if m not in d.drinks)
        pointed = len(set(d.pointed_at) | set(d.mentions)) if d.refers else len(d.pointed_at)
        stated = d.needs.firm or bool(d.needs.open_diets)
        top, p = ranked[0]
        act = top
        follow = d.context.last_act
        continued = top in ("smalltalk", "other") and p < CONTINUE_BELOW
        # A day said after a question about opening books nothing unless it says to book, or for how many.
        unbooked = top == "reservation" and follow == "venue" and not d.books and d.said.party is None
        if follow in _CONTINUED and (continued or unbooked) and d.continues:
            act = follow  # "are you open on the 24th?" then "what about the 26th": the same ask, of the 26th
        elif follow in _NARROWED and d.budget is not None and not items and _few_words(d.cleaned) and top not in _KEPT:
            act = follow  # "what reds by the glass?" then "any under 15?": the same ask, under a price
        elif p < UNSURE and items and top in ("smalltalk", "other"):
            act = "question"  # a bare "the bream" is most usefully read as a question about the bream
        elif p < UNSURE and top in ("smalltalk", "other"):
            # Unsure whether this is a pleasantry or an ask, nearly as likely: commit to the reading that helps the
            # guest (an answer with picks beats a greeting), and say what was assumed.
            close = [a for a, q in ranked[:3] if q >= p - CLOSE_CALL]
            act = min(close, key=_USEFUL.index)
        elif top in ("smalltalk", "other") and d.count is not None:
            # A count is an ask for picks ("what YOU think is the best" is one): a close call goes to the picks.
            close = [a for a, q in ranked[:3] if q >= p - CLOSE_CALL and a == "recommend"]
            act = close[0] if close else top
        for _ in range(3):  # question -> venue, choose -> question: a fallback may itself need one
            act = _fallback(
                act,
                items,
                dishes,
                pointed,
                bool(d.visit),
                stated,
                bool(d.asks_fact),
                policy=bool(set(d.visit) - _BOOKING_TOPICS),
                books=d.books and (d.said.party is not None or d.said.date is not None),
                corkage="corkage" in d.visit,
                drink_kinds=self._drinks_only(d),
            )
        if act == "recommend" and items >= 2 and d.versus:
            # "tabouli vs fattoush?": two named and set against each other is a choice (or a comparison)
            act = max(("choose", "compare"), key=lambda a: dict(ranked).get(a, 0.0))
        if act == "reservation" and not self._booking_talk(d) and d.drink_kinds:
            # "a bottle of wine for the table, there's six of us" gives a party and asks for a drink, booking nothing.
            return _fallback("drink", items, dishes, pointed, bool(d.visit)), top
        if act != top:
            return act, top
        return act, (top if p < UNSURE else None)

    @staticmethod
    def _backstop(act: str, sure: float, triage: Triage | None, asks_for_things: bool = False) -> bool:
        """Whether the complaint model overrules the act model: sure enough, for what the act would lose."""
        if triage is None or act in ("complaint", "handoff", "reservation", "venue"):
            return False
        if act == "other":
            # Off-topic talk is often cross ("my boyfriend forgot my birthday", "why is this query slow"):
            # only a complaint model all but certain makes it a grievance about us.
            return triage.complaint_probability >= COMPLAINT_OFF_TOPIC
        if act == "smalltalk":
            return triage.complaint_probability >= COMPLAINT_BACKSTOP
        return triage.complaint_probability >= COMPLAINT_OVERRIDE and sure < ASK_SURE and not asks_for_things

    def _whole_table_unless_told(self, needs: Needs, folded: str) -> Needs:
        """A diet said of some ("two veggies") is the whole table's unless the message says there are others: a
        party bigger than a pair, or "of us", "the rest", "eat anything". Read wrongly the other way, a vegetarian
        would be offered lamb."""
        if not needs.some_diets:
            return needs
        party = party_size(folded, NUMBERS)
        if self.pack.table("party_rest").values(folded) or (party is not None and party >= 3):
            return needs
        return needs.for_the_whole_table()

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
        if {"those", "they", "among"} & set(refers):
            # "how do they compare?" after a choice between two: the two named, not the one picked
            return tuple(named) if len(named) > len(picks) else tuple(earlier)
        if "it" in refers:
            return tuple(earlier[:1]) if len(earlier) == 1 or not picks else tuple(earlier)
        return tuple(earlier) if not mentions else ()

    def _chat(self, folded: str) -> str | None:
        """The kind of small talk, the table's first entry that the message holds ("thanks, the lamb was unreal" is
        praise before it is thanks)."""
        table = self.pack.table("chat_kinds")
        found = set(table.values(folded))
        return next((e.value for e in table.entries if e.value in found), None)

    def _booking_talk(self, d: _Draft) -> bool:
        """Whether the message is about a booking at all: asks for one, names a day or a time, or fills the one
        being put together."""
        said = d.said
        filling = d.context.booking is not None and any(getattr(said, f) is not None for f in d.context.booking.missing)
        party_alone = said.party is not None and len(d.folded.split()) <= PARTY_ALONE_WORDS  # "for 6 people please"
        return d.books or said.date is not None or said.time is not None or filling or party_alone

    def _only_pleasantries(self, folded: str) -> bool:
        """Every word of the message is a greeting, a thanks or a goodbye ("marhaba!", "thanks so much!!")."""
        hits = self.pack.table("chat_kinds").find(folded)
        covered = bytearray(len(folded))
        for h in hits:
            covered[h.start : h.end] = b"\x01" * (h.end - h.start)
        words = list(re.finditer(r"[a-z']+", folded))
        return bool(hits) and all(covered[m.start()] or len(m.group()) <= 2 for m in words)

    def _still_on_drinks(self, d: _Draft) -> bool:
        """An open ask that says nothing of food, straight after the guest said they aren't drinking tonight, asks
        what they can drink. (After a drinks answer, "and what's good here?" is about the food.)"""
        on_drinks = d.context.constraints.no_alcohol and d.context.last_act in ("smalltalk", "other", "drink")
        if not on_drinks or d.mentions or d.among or d.course is not None or d.needs.firm:
            return False
        return not self.pack.table("food_words").find(d.folded) and len(d.folded.split()) <= OPEN_FOLLOW_UP_WORDS

    def _pairs_across(self, d: _Draft) -> bool:
        """Picks asked for beside a drink the guest names and no dish ask what to eat with it ("ordering the arak
        for the table, which mezze go with it?"); beside a dish, from a guest who says they aren't drinking, what to
        drink with it ("pregnant, so no alcohol: what would go with the lamb?")."""
        if not d.mentions or d.among:
            return False
        drinks = [m for m in d.mentions if m in d.drinks]
        if len(drinks) == len(d.mentions):
            return True
        return not drinks and d.course is None and bool(self.pack.table("abstain").values(d.folded))

    def _drinks_only(self, d: _Draft) -> bool:
        """A kind of drink is named ("which cocktails are safe?") and no food is talked of."""
        if d.course is not None or self.pack.table("food_words").find(d.folded):
            return False
        return d.drink_kinds

    def _asks_for_things(self, d: _Draft) -> bool:
        """A question after dishes or drinks, or a message that says how many, which course or what price ("two
        mains under $30"): the complaint model, trained on reviews, never turns an order into a grievance."""
        if d.count is not None or d.course is not None or d.budget is not None:
            return True
        if (d.needs.allergies or d.needs.dietary) and d.timeframe != "past":
            return True  # "sulphites give me a bad reaction" tells us a limit; it reports nothing that happened
        return _asks_about_things(d.folded)

    def _timeframe(self, folded: str) -> TimeFrame:
        found = self.pack.table("timeframes").values(folded)
        for frame in ("future", "past", "now"):  # "we're coming Friday; last time it was loud" is about Friday
            if frame in found:
                return frame
        return "now"


# Acts a bare follow-up ("and on sunday?") can continue, and how unsure the model must be of its own reading.
_CONTINUED = ("venue", "question", "drink", "pairing", "recommend", "skip", "compare")
CONTINUE_BELOW = 0.7
# A short message that only adds a price narrows the last ask: it never turns a complaint or a booking into one.
_NARROWED = ("drink", "pairing", "recommend")
_KEPT = ("complaint", "handoff", "reservation")
NARROWING_WORDS = 6
OPEN_FOLLOW_UP_WORDS = 12


def _few_words(cleaned: str) -> bool:
    return len(cleaned.split()) <= NARROWING_WORDS


# Under a tie, the reading that serves the guest most: committed picks first, a polite word last.
_USEFUL = (
    "recommend",
    "choose",
    "pairing",
    "drink",
    "question",
    "compare",
    "skip",
    "reservation",
    "venue",
    "handoff",
    "complaint",
    "smalltalk",
    "other",
)
_BOOKING_TOPICS = frozenset({"booking", "cancellations"})  # visit topics that are about a booking itself
_ITEM_FACTS = ("price", "availability")  # facts of one drink that no pairing or drink list answers
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


STATEMENT_WORDS = 8  # a need stated in more words than this is likely asking something too


def _only_states_a_need(sentence: str) -> bool:
    """ "Dairy free here.", "my son is allergic to nuts": a firm need, said in a few words, asking nothing."""
    if sentence.rstrip().endswith("?") or len(sentence.split()) > STATEMENT_WORDS:
        return False
    return needs_in(fold(sentence)).firm


# Question words that ask about things ("what's the most boring dish?"), not about events ("why is it so slow?").
_EVENT_QUESTIONS = frozenset({"why", "when", "where", "who", "how"})
_CLAUSES = re.compile(r"(?<=[.!?;,])\s+|\n+")


def _asks_about_things(folded: str) -> bool:
    """A question after dishes or drinks ("whats the most boring thing on the menu lol"), not about an event."""
    for clause in _CLAUSES.split(folded):
        word = question_word(clause)
        if word is None and clause.rstrip().endswith("?") and clause.split():
            word = clause.split()[0]  # "weakest main on the menu?" asks without a question word
        if word is not None:
            return word not in _EVENT_QUESTIONS
    return False


def _drink_budget(folded: str, drink_words: Sequence[tuple[int, int]]) -> bool:
    """Whether the budget phrase sits next to a drink word ("under 70 a bottle", "a $15 glass")."""
    for m in re.finditer(r"\d+|\$", folded):
        if any(start < m.end() + 25 and m.start() - 25 < end for start, end in drink_words):
            return True
    return False


def _without_names(
    folded: str, names: Mapping[str, str], mentions: list[str], keep: frozenset[str] = frozenset()
) -> str:
    """The text with the names of mentioned items blanked, so "the Musar Red" asks for no red; names in `keep`
    stay."""
    out = folded
    for alias in sorted((a for a, i in names.items() if i in mentions and a not in keep), key=len, reverse=True):
        out = re.sub(rf"\b{re.escape(alias)}\b", " ", out)
    return out


def _fact_keys(folded: str, keys: Sequence[str]) -> list[str]:
    """The venue's own fact keys a message names ("wifi", "mansaf"): a venue that writes a fact is asked about it in
    its own words."""
    return [k for k in keys if all(p.search(folded) for p in _key_patterns(k))]


@lru_cache(maxsize=256)
def _key_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"\b{re.escape(w)}") for w in words_of(key))


def _person(folded: str, staff: Mapping[str, str]) -> str | None:
    # Longest words first, so "pastry chef" is Priya before "chef" is the head chef; "chef's" and "chefs" count.
    for word, staff_id in sorted(staff.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(fold(word))}(?:'?s)?\b", folded):
            return staff_id
    return None


# Words that mark a language. Only a few dozen of each: enough to tell which way a message leans. English's are the
# pack's everyday words; the others' stay here until those languages have packs of their own.
_ENGLISH = load_pack().everyday
# Names that are only a taste word ("the chicken"): said with "no", they rule out the taste, not one dish.
_TASTE_WORDS = frozenset(" ".join(words_of(w)) for words in TASTES.values() for w in words)
_PLEASANTRIES = frozenset(w for phrase in load_pack().table("chat_kinds").mapping for w in phrase.split())
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
    # A "gracias!" or a "marhaba" is a pleasantry English speakers use too: the pack lists them as small talk.
    foreign = sum(1 for w in words if w in _FOREIGN and w not in _PLEASANTRIES) + (
        2 if "¿" in head or "¡" in head else 0
    )
    return foreign <= english
