"""Choose the dishes to commit to: staff conviction first, then fit to what this guest likes, then balance.

Allergens, diets and dislikes are hard filters (`bot.decide.constraint`); a dish is only ever picked when at least one
member of staff backs it in a note, so every pick can be defended in somebody's own words. Dishes the staff back on
balance come first; one they are split on only makes up a count the guest asked for, with the dissent quoted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.decide.constraint import Verdict, check
from bot.decide.decision import Citation, Decision, Pick, Skip
from bot.knowledge.model import Dish, Note
from bot.knowledge.venue import VenueKnowledge
from bot.text import sentences
from bot.understand.lexicon import needs_in
from bot.understand.request import Constraints
from bot.understand.taste import SAID_BY_STAFF, TASTES, taste_words, tastes_in

DEFAULT_COUNT = 3
# What is eaten alongside a dish of a course, best fit first: a main is joined by sides, then by starters.
_ALONGSIDE: dict[str, tuple[str, ...]] = {"main": ("side", "starter")}
STANCE_WEIGHT = {"love": 3.0, "like": 1.5, "mixed": -0.5, "skip": -3.0}
FIT_WEIGHT = 4.5  # one full match to the guest's likes is worth more than one staff "love"
CONVICTION_KNEE = 6.0  # past two loves, more notes add less: a crowd of fans should not drown out the guest
SAME_COURSE_PENALTY = 2.5  # a top three of three mains is rarely what a table wants
SAME_PROTEIN_PENALTY = 2.0  # nor is lamb, then more lamb
SIDE_PENALTY = 1.5
PROTEINS = frozenset({"lamb", "beef", "chicken", "duck", "pork", "seafood"})
# Words that mark the critical sentence of a lukewarm note: a skip should quote the warning, not the compliment.
_CRITICAL = re.compile(
    r"\b(but|skip|instead|not|never|only|dry|bland|boring|fine|quiet|muddy|wrong|overpriced|underwhelming|"
    r"tired|flat|mushy|heavy|too|rather|honestly|though)\b"
)
SEMANTIC_SHARE = 0.6  # a retrieval match counts, but less than the dish plainly saying the word


@lru_cache(maxsize=4096)
def dish_tastes(name: str, description: str) -> frozenset[str]:
    """A dish's taste words from the menu's own text; cached, since every answer asks it of every dish."""
    return frozenset(tastes_in(f"{name}. {description}"))


@dataclass(frozen=True, eq=False)
class Scored:
    dish: Dish
    verdict: Verdict
    conviction: float
    fit: float
    fits: tuple[str, ...]
    backers: tuple[Note, ...]
    critics: tuple[Note, ...]

    @property
    def score(self) -> float:
        conviction = self.conviction
        if conviction > CONVICTION_KNEE:
            conviction = CONVICTION_KNEE + 0.5 * (conviction - CONVICTION_KNEE)
        return conviction + FIT_WEIGHT * self.fit

    @property
    def proteins(self) -> frozenset[str]:
        return dish_tastes(self.dish.name, self.dish.description) & PROTEINS

    @property
    def backed(self) -> bool:
        return bool(self.backers) and self.conviction > 0


@lru_cache(maxsize=256)
def _cue_patterns(likes: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """One pattern per liked taste, matching any of its cue words at a word start."""
    return tuple(
        re.compile(r"\b(?:" + "|".join(re.escape(w) for w in (like, *taste_words(like))) + ")") for like in likes
    )


def best_quote(note: Note, likes: list[str], subject: str) -> str:
    """The sentence of a note that speaks most to this guest: one naming their taste, else the dish, else the first.

    For a mixed or skip note, the sentence carrying the reservation wins, so a warning quotes the warning.
    """
    critical = note.stance in ("mixed", "skip")
    cues = _cue_patterns(tuple(likes))
    subject_words = {w for w in re.findall(r"[a-z]+", subject.lower()) if len(w) > 3}

    def score(pair: tuple[int, str]) -> tuple[float, int]:
        i, sentence = pair
        low = sentence.lower()
        taste_hits = sum(1 for c in cues if c.search(low))
        subject_hits = sum(1 for w in subject_words if w in low)
        warns = 3.0 if critical and _CRITICAL.search(low) else 0.0
        return (warns + 2.0 * taste_hits + 0.5 * min(subject_hits, 1), -i)

    options = list(enumerate(sentences(note.body)))
    return max(options, key=score)[1] if options else note.body


def cite(venue: VenueKnowledge, note: Note, likes: list[str], subject: str) -> Citation:
    person = venue.staff(note.author)
    return Citation(
        note=note.id,
        author=person.id,
        author_name=person.name,
        role=person.role,
        stance=note.stance,
        quote=best_quote(note, likes, subject),
    )


def _fit(
    dish: Dish, likes: list[str], relevance: Mapping[str, float], backers: Sequence[Note] = ()
) -> tuple[float, list[str]]:
    if not likes:
        return 0.0, []
    # Only the menu's own words count as a plain match: notes say "eat it hot" of a dessert, and that is no chili.
    # The exception is a taste only staff ever write down, and then only in a note that backs the dish.
    kind_words = dish_tastes(dish.name, dish.description)
    if SAID_BY_STAFF.intersection(likes):
        kind_words = kind_words | {t for n in backers for t in dish_tastes("", n.body) & SAID_BY_STAFF}
    semantic = relevance.get(dish.id, 0.0)
    matched = [like for like in likes if like in kind_words]
    # A dish the retriever finds close to the guest's words earns partial credit for the likes it doesn't name.
    credit = len(matched) + SEMANTIC_SHARE * semantic * (len(likes) - len(matched))
    return credit / len(likes), matched


def score_dishes(
    venue: VenueKnowledge, wants: Constraints, relevance: Mapping[str, float] | None = None
) -> list[Scored]:
    relevance = relevance or {}
    out: list[Scored] = []
    for dish in venue.dishes:
        notes = venue.notes_about(dish.id)
        verdict = check(dish, wants, set(dish_tastes(dish.name, dish.description)))
        conviction = sum(STANCE_WEIGHT[n.stance] for n in notes)
        backers = tuple(n for n in notes if n.stance in ("love", "like"))
        # Breadth: two people backing a dish is a stronger signal than one person backing it twice.
        conviction += 0.5 * max(0, len({n.author for n in backers}) - 1)
        fit, fits = _fit(dish, wants.likes, relevance, backers)
        critics = tuple(n for n in notes if n.stance in ("mixed", "skip"))
        out.append(Scored(dish, verdict, conviction, fit, tuple(fits), backers, critics))
    return out


def _as_told_by(s: Scored, by: str) -> Scored:
    """A dish as one member of staff sees it: their love or like leads, and what they back outranks the rest."""
    own = [n for n in s.backers if n.author == by]
    if not own:
        return s
    boost = sum(2 * STANCE_WEIGHT[n.stance] for n in own) + CONVICTION_KNEE
    backers = (*own, *(n for n in s.backers if n.author != by))
    return Scored(s.dish, s.verdict, s.conviction + boost, s.fit, s.fits, backers, s.critics)


def _sharpest(critics: Sequence[Note]) -> Note:
    """The note most against a dish: a skip before a mixed feeling."""
    return min(critics, key=lambda n: (STANCE_WEIGHT[n.stance], n.id))


def _keeps_to(dish: Dish, wants: Constraints, diet: str) -> bool:
    return check(dish, wants.model_copy(update={"dietary": [*wants.dietary, diet]})).ok


def _covering(chosen: list[Scored], backed: list[Scored], wants: Constraints) -> list[Scored]:
    """Picks that feed the whole table: for each diet part of it keeps ("two of us don't eat meat"), at least one
    pick keeps to it, swapped in for the lowest pick that isn't needed."""
    picks = list(chosen)
    for diet in wants.some_dietary:
        if not picks or any(_keeps_to(s.dish, wants, diet) for s in picks):
            continue
        taken = {s.dish.id for s in picks}
        fitting = [s for s in backed if s.dish.id not in taken and _keeps_to(s.dish, wants, diet)]
        if not fitting:
            continue
        needed = {s.dish.id for s in picks for d in wants.some_dietary if _keeps_to(s.dish, wants, d)}
        spare = [i for i, s in enumerate(picks) if s.dish.id not in needed]
        if spare:
            picks[spare[-1]] = max(fitting, key=lambda s: (s.score, s.dish.id))
    return picks


def _tempered_tastes(wants: Constraints) -> list[str]:
    """The tastes among the guest's dislikes (not ingredients): when they rule out everything, they are read as
    "less of it"."""
    return [d for d in wants.dislikes if d in TASTES]


@lru_cache(maxsize=1024)
def _tastes_held_back(body: str) -> frozenset[str]:
    return frozenset(needs_in(body).dislikes)


def _holds_back(note: Note, tastes: Sequence[str]) -> bool:
    """Whether a staff note says its dish holds back on one of these tastes ("tangy rather than sugary")."""
    held = _tastes_held_back(note.body)
    return any(t in held for t in tastes)


def _balanced(candidates: list[Scored], count: int, course_given: bool) -> list[Scored]:
    """Greedy pick, each round discounting courses already chosen, so the top three reads like a meal."""
    chosen: list[Scored] = []
    pool = sorted(candidates, key=lambda s: (-s.score, s.dish.id))
    while pool and len(chosen) < count:

        def adjusted(s: Scored) -> float:
            if course_given:
                return s.score
            same = sum(1 for c in chosen if c.dish.course == s.dish.course)
            side = SIDE_PENALTY if s.dish.course == "side" else 0.0
            protein = SAME_PROTEIN_PENALTY if any(c.proteins & s.proteins for c in chosen) else 0.0
            return s.score - SAME_COURSE_PENALTY * same - side - protein

        # A guest who named a taste gets dishes that plainly have it before any that don't, when there are enough.
        # Ties keep the sorted order (highest raw score, then id), so the choice is deterministic.
        best = max(range(len(pool)), key=lambda i: (bool(pool[i].fits), adjusted(pool[i]), -i))
        chosen.append(pool.pop(best))
    return chosen


def _why(
    venue: VenueKnowledge, s: Scored, citations: list[Citation], fits: tuple[str, ...], dissent: list[Citation]
) -> str:
    lead = citations[0]
    verb = {"love": "loves it", "like": "likes it"}.get(lead.stance, "backs it")
    parts = [f'{lead.author_name} ({lead.role}) {verb}: "{lead.quote}"']
    others = [c.author_name.split()[0] for c in citations[1:]]
    if others:
        parts.append(f"{' and '.join(others)} backs it too.")
    if fits:
        parts.append(f"Fits your taste for {', '.join(fits)}.")
    for c in dissent:
        parts.append(f'Split vote: {c.author_name} ({c.role}) says "{c.quote}"')
    if s.verdict.change:
        parts.append(f"For you: {s.verdict.change}.")
    return " ".join(parts)


def _skips(venue: VenueKnowledge, scored: list[Scored], picked: set[str], wants: Constraints) -> list[Skip]:
    """At most two honest warnings: a dish this guest would be drawn to that staff are lukewarm on, and the
    house favourite this guest can't have."""
    skips: list[Skip] = []
    tempting = [
        s
        for s in scored
        if s.dish.id not in picked
        and s.dish.available
        and s.critics
        and not s.backed
        and s.verdict.ok
        and (s.fits or not wants.likes)
    ]
    tempting.sort(key=lambda s: (-len(s.fits), s.conviction, s.dish.id))
    if tempting:
        s = tempting[0]
        c = cite(venue, _sharpest(s.critics), wants.likes, s.dish.name)
        why = f'{c.author_name} ({c.role}) says: "{c.quote}"'
        skips.append(Skip(id=s.dish.id, name=s.dish.name, why=why, reason="staff-lukewarm", citations=[c]))
    hard = wants.model_copy(update={"course": None, "budget": None})
    favourites = [
        s for s in scored if s.dish.available and s.backed and not check(s.dish, hard).ok and s.dish.id not in picked
    ]
    # The favourite they would miss is one of the course they asked about: a dessert ask hears of a dessert.
    favourites = [s for s in favourites if s.dish.course == wants.course] if wants.course else favourites
    if favourites and (wants.dietary or wants.allergies or wants.dislikes):
        s = max(favourites, key=lambda s: (s.conviction, s.dish.id))
        c = cite(venue, s.backers[0], [], s.dish.name)
        reasons = ", ".join(check(s.dish, hard).broken)
        why = f"{c.author_name}'s favourite, but not for you: {reasons}."
        skips.append(Skip(id=s.dish.id, name=s.dish.name, why=why, reason="does-not-fit", citations=[c]))
    return skips


def recommend(
    venue: VenueKnowledge,
    wants: Constraints,
    count: int | None = None,
    relevance: Mapping[str, float] | None = None,
    among: Sequence[str] = (),
    besides: Sequence[str] = (),
    by: str | None = None,
    shared: bool = False,
    courses: Sequence[str] = (),
    instead: Sequence[str] = (),
) -> Decision:
    """The `count` best dishes for `wants`, from `among` when the guest asked of one kind ("which dip?"), never
    one of `besides`, the dishes the guest already has ("what goes alongside it?"), nor one of `instead`, the
    dishes they want an alternative to ("what should I try instead of the kofta?"). Asked for one person's
    favourites (`by`, a staff id: "what would Rania order?"), the dishes that person backs come first, in their
    words."""
    asked = count or DEFAULT_COUNT
    beside: tuple[str, ...] = ()  # the courses that go with what the guest has, best fit first
    if wants.course is None and not among and not courses:
        if instead:
            course = _same_course(venue, instead)
            wants = wants.model_copy(update={"course": course}) if course else wants
        elif besides:
            beside = _courses_alongside(venue, besides)
    besides = [*besides, *instead]
    if shared and wants.some_dietary:
        # Plates in the middle are eaten by everyone: the vegan at the table rules every one of them.
        wants = wants.model_copy(update={"dietary": [*wants.dietary, *wants.some_dietary], "some_dietary": []})
    scored = score_dishes(venue, wants, relevance)
    if by is not None:
        scored = [_as_told_by(s, by) for s in scored]
    course_given = wants.course is not None or bool(among)

    def open_to(s: Scored) -> bool:
        on_course = not beside or s.dish.course in beside
        return s.verdict.ok and on_course and (not among or s.dish.id in among) and s.dish.id not in besides

    eligible = [s for s in scored if open_to(s)]
    if courses and wants.course is None:
        # A meal course by course: the best of each, in the order the guest named them.
        asked = len(courses)
        chosen = [
            b for c in courses for b in _balanced([s for s in eligible if s.backed and s.dish.course == c], 1, True)
        ]
    elif beside:
        # What goes with a main: the best sides, then starters if the guest asked for more than the sides give.
        chosen = []
        for c in beside:
            chosen += _balanced([s for s in eligible if s.backed and s.dish.course == c], asked - len(chosen), True)
        course_given = True
    else:
        chosen = _balanced([s for s in eligible if s.backed], asked, course_given)
    tempered = _tempered_tastes(wants) if not chosen else []
    if tempered:
        # Every dessert is sweet: "not too sweet" asks for the ones the staff say hold back on it, not for none.
        wants = wants.model_copy(update={"dislikes": [d for d in wants.dislikes if d not in tempered]})
        scored = score_dishes(venue, wants, relevance)
        eligible = [s for s in scored if open_to(s) and any(_holds_back(n, tempered) for n in s.backers)]
        chosen = _balanced([s for s in eligible if s.backed], asked, course_given)
        tempered = tempered if chosen else []
    # Short of the count asked, a dish someone on staff likes but a colleague doesn't makes up the number, ranked
    # last and said to be split: a table asking for three starters wants three, and both sides are in the notes.
    split = [s for s in eligible if not s.backed and s.backers]
    chosen += _balanced(split, asked - len(chosen), course_given)
    chosen = _covering(chosen, [s for s in eligible if s.backed], wants)
    picks: list[Pick] = []
    covered: set[str] = set()
    for rank, s in enumerate(chosen, start=1):
        # Said once, of the first pick that keeps to each diet part of the table keeps.
        suits = [d for d in wants.some_dietary if d not in covered and _keeps_to(s.dish, wants, d)]
        covered.update(suits)
        # Lead with the note that speaks to this guest's taste, then with love over like; a note about this dish
        # alone speaks for it more squarely than a note naming five dishes.
        cues = _cue_patterns(tuple(wants.likes))
        backers = sorted(
            s.backers,
            key=lambda n: (
                bool(tempered) and not _holds_back(n, tempered),
                n.author != by,
                -sum(1 for c in cues if c.search(n.body.lower())),
                n.stance != "love",
                len(n.about) > 1,
                n.id,
            ),
        )
        citations = [cite(venue, n, [*wants.likes, *tempered], s.dish.name) for n in backers[:2]]
        dissent = [] if s.backed else [cite(venue, _sharpest(s.critics), [], s.dish.name)]
        picks.append(
            Pick(
                rank=rank,
                id=s.dish.id,
                name=s.dish.name,
                kind="dish",
                course=s.dish.course,
                price=s.dish.price,
                why=_why(venue, s, citations, s.fits, dissent),
                citations=citations,
                dissent=dissent,
                fits=list(s.fits),
                suits=suits,
                change=s.verdict.change,
            )
        )
    available = [s for s in scored if s.dish.available]
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="recommend",
        situation="picks" if picks else "nothing-fits",
        asked=asked,
        picks=picks,
        skips=_skips(venue, scored, {p.id for p in picks}, wants),
        constraints=wants,
        excluded=sum(1 for s in available if not s.verdict.ok),
        tempered=tempered,
        confirm_with_staff=bool(wants.allergies or wants.dietary),
    )


def _courses_of(venue: VenueKnowledge, ids: Sequence[str]) -> set[str]:
    return {d.course for d in venue.dishes if d.id in ids}


def _same_course(venue: VenueKnowledge, instead: Sequence[str]) -> str | None:
    """The course of the dishes the guest wants an alternative to ("instead of the lamb shoulder": a main)."""
    held = _courses_of(venue, instead)
    return held.pop() if len(held) == 1 else None


def _courses_alongside(venue: VenueKnowledge, besides: Sequence[str]) -> tuple[str, ...]:
    """The courses that go with the dishes a guest already has, best fit first; () when there is no rule for them."""
    held = _courses_of(venue, besides)
    if len(held) != 1:
        return ()
    on_menu = {d.course for d in venue.dishes}
    return tuple(c for c in _ALONGSIDE.get(held.pop(), ()) if c in on_menu)
