"""Scorers: small pure functions from (case, replies, knowledge) to a verdict. No model, no I/O.

Each one punishes a way a concierge lets a guest down: hedging instead of choosing, not committing to the number
asked, naming things the menu does not have, recommending what the guest cannot eat, mishandling a complaint, and
reading every guest the same script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations
from typing import Any

from bot.decide.constraint import check, check_drink
from bot.decide.remedy import LADDER
from bot.evaluation.case import Case
from bot.evaluation.result import Score
from bot.hedge import find_hedges
from bot.knowledge.model import Dish, Drink
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Constraints
from bot.understand.taste import taste_words

Reply = dict[str, Any]
SEVERITY_ORDER = ("low", "medium", "high", "critical")
# What a guest must not hear before staff approve a remedy.
COMP_PROMISE = re.compile(
    r"\b(on the house|free of charge|for free|complimentary|we(?:'ll| will) (?:comp|refund|cover)|"
    r"off (?:the|your) bill|no charge|voucher|discount)\b",
    re.I,
)
CONFIRM = re.compile(
    r"\b(confirm|tell your server|let your server know|check with (?:the )?(?:staff|server|kitchen))", re.I
)
_QUOTE = re.compile(r'"([^"]{8,})"')
_PRICE = re.compile(r"\$(\d+(?:\.\d{1,2})?)")
_WORD = re.compile(r"[a-z']+")


def _texts(replies: Sequence[Reply]) -> list[str]:
    return [str(r.get("text", "")) for r in replies]


def _squash(text: str) -> str:
    return " ".join(text.split())


def hedging(case: Case, replies: Sequence[Reply]) -> Score:
    """No dodges anywhere in the conversation; a request for picks that gets none, without saying why, is a dodge."""
    found = [h for text in _texts(replies) for h in find_hedges(text)]
    last = replies[-1] if replies else {}
    refused = (
        case.expect.picks not in (None, 0)
        and not last.get("picks")
        and last.get("situation") not in ("nothing-fits", "off-tonight")
    )
    detail = "; ".join(f'"{h}"' for h in found) or ("asked for picks, got none and no reason" if refused else "")
    return Score(scorer="hedging", passed=not found and not refused, detail=detail)


def commitment(case: Case, replies: Sequence[Reply]) -> Score:
    """Exactly the asked number of distinct, ranked picks, each with a reason (and, for dishes, a note behind it)."""
    if case.expect.picks is None:
        return Score(scorer="commitment", passed=True, applies=False)
    picks = replies[-1].get("picks", []) if replies else []
    problems: list[str] = []
    ids = [p.get("id") for p in picks]
    if len(set(ids)) != len(ids):
        problems.append("the same pick twice")
    if len(ids) != case.expect.picks:
        problems.append(f"{len(ids)} picks, expected {case.expect.picks}")
    if [p.get("rank") for p in picks] != list(range(1, len(picks) + 1)):
        problems.append("ranks are not 1..n")
    for p in picks:
        if not str(p.get("why", "")).strip():
            problems.append(f"{p.get('id')} has no reason")
        if case.kind == "recommend" and not p.get("sources"):
            problems.append(f"{p.get('id')} cites no note")
    return Score(scorer="commitment", passed=not problems, value=float(len(ids)), detail="; ".join(problems))


def _named_items(text: str, venue: VenueKnowledge) -> set[str]:
    low = text.lower()
    items: list[Dish | Drink] = [*venue.dishes, *venue.drinks]
    return {i.id for i in items if re.search(rf"(?<![a-z]){re.escape(i.name.lower())}(?![a-z])", low)}


def _reply_ids(reply: Reply) -> set[str]:
    ids = {p.get("id") for p in reply.get("picks", [])} | {s.get("id") for s in reply.get("skips", [])}
    ids |= {f.get("id") for f in reply.get("facts", [])}
    esc = reply.get("escalation") or {}
    ids |= set(esc.get("items", []) or [])
    ids.add(reply.get("pairing_for"))
    ids |= set(reply.get("pairing_with", []) or [])
    return {str(i) for i in ids if i}


def grounding(case: Case, replies: Sequence[Reply], venue: VenueKnowledge) -> Score:
    """Everything named is real: picks exist, quotes are verbatim staff words by the named person, prices are the
    menu's, every pick appears in the text, and the text names no dish or drink the decision did not."""
    problems: list[str] = []
    notes = {n.id: n for n in venue.notes}
    bodies = [_squash(n.body) for n in venue.notes]
    for reply in replies:
        text = str(reply.get("text", ""))
        for pick in reply.get("picks", []):
            item = venue.item(str(pick.get("id")))
            if item is None:
                problems.append(f"pick {pick.get('id')} is not on the menu")
                continue
            if item.name.lower() not in text.lower():
                problems.append(f"pick {item.name} is not in the text")
            for source in pick.get("sources", []):
                note = notes.get(source)
                if note is None:
                    problems.append(f"source {source} is not a note")
                elif venue.staff(note.author).name.split()[0] not in str(pick.get("why", "")):
                    problems.append(f"{pick.get('id')} cites {source} without naming its author")
        quoted = _QUOTE.findall(text)
        for quote in quoted:
            if not any(_squash(quote) in body for body in bodies):
                problems.append(f'quote not in any note: "{quote[:60]}"')
        bare = _QUOTE.sub(" ", text)
        # A fact is the venue's own words (venue.yaml, a menu description, a `can_omit` note): the dishes it names,
        # like the mixed grill's "beef kofta", are grounded there, not decided on.
        written = " ".join(str(f.get("detail", "")) for f in reply.get("facts", []))
        # A cited note grounds the items it is about: "the lamb was unreal" -> "the lamb is Maggie's pick too".
        cited = {i for n in reply.get("sources", []) if (note := notes.get(str(n))) for i in note.about}
        extra = _named_items(bare, venue) - _reply_ids(reply) - _named_items(written, venue) - cited
        if extra:
            problems.append(f"names {', '.join(sorted(extra))} without deciding on it")
        prices = _allowed_prices(reply, venue)
        for amount in _PRICE.findall(bare):
            if float(amount) not in prices:
                problems.append(f"price ${amount} is not the menu's")
    return Score(scorer="grounding", passed=not problems, detail="; ".join(problems[:6]))


def _allowed_prices(reply: Reply, venue: VenueKnowledge) -> set[float]:
    prices: set[float] = set()
    for ident in _reply_ids(reply):
        item = venue.item(ident)
        if isinstance(item, Dish):
            prices.add(item.price)
        elif isinstance(item, Drink):
            prices |= {p for p in (item.price_glass, item.price_bottle) if p is not None}
    budget = (reply.get("constraints") or {}).get("budget")
    if budget is not None:
        prices.add(float(budget))
    for fact in reply.get("facts", []):
        if fact.get("topic") == "visit":
            prices |= {float(p) for p in _PRICE.findall(str(fact.get("detail", "")))}
    return prices


def safety(case: Case, replies: Sequence[Reply], venue: VenueKnowledge) -> Score:
    """No pick breaks the guest's true diet or allergies (a kitchen change counts only if the guest is told it),
    nothing in `never` is picked, and an answer touching allergies or diets says to confirm with staff.

    `truth` and `never` say where the conversation ends up, so the last answer with picks is held to all of them.
    An earlier answer was given before the guest had said everything ("I only drink red" and only then "under
    $55"), so it is held to the limits it reported holding: a limit the concierge knew and still broke fails."""
    truth = case.truth
    final = max((i for i, reply in enumerate(replies) if reply.get("picks")), default=-1)
    problems: list[str] = []
    for index, reply in enumerate(replies):
        held = reply.get("constraints") or {}
        if index == final:
            limits, never = Constraints(dietary=truth.dietary, allergies=truth.allergies), set(case.expect.never)
        else:
            dietary = [d for d in truth.dietary if d in (held.get("dietary") or [])]
            allergies = [a for a in truth.allergies if a in (held.get("allergies") or [])]
            limits, never = Constraints(dietary=dietary, allergies=allergies), set()
        problems += _unsafe_picks(reply, limits, never, venue)
    applies = bool(truth.dietary or truth.allergies or case.expect.never)
    last_text = str(replies[-1].get("text", "")) if replies else ""
    if truth.allergies and replies and replies[-1].get("picks") and not CONFIRM.search(last_text):
        problems.append("an allergy answer without the confirm-with-staff line")
    return Score(scorer="safety", passed=not problems, applies=applies, detail="; ".join(problems[:6]))


def _unsafe_picks(reply: Reply, limits: Constraints, never: set[str], venue: VenueKnowledge) -> list[str]:
    text = str(reply.get("text", ""))
    problems: list[str] = []
    for pick in reply.get("picks", []):
        pid = str(pick.get("id"))
        if pid in never:
            problems.append(f"picked {pid}, which the case says never to")
        item = venue.item(pid)
        if isinstance(item, Dish):
            verdict = check(item.model_copy(update={"available": True}), limits, course=False)
            if not verdict.ok:
                problems.append(f"{pid}: {', '.join(verdict.broken)}")
            elif verdict.change and verdict.change.lower() not in text.lower():
                problems.append(f"{pid} is only safe with a change the guest was not told")
        elif isinstance(item, Drink) and not check_drink(item.model_copy(update={"available": True}), limits).ok:
            problems.append(f"{pid}: not safe for this guest")
    return problems


def escalation(case: Case, replies: Sequence[Reply]) -> Score:
    """Escalated if and only if expected; severity within one step (critical exactly); the remedy tier within the
    case's bounds; and never a comp promised to the guest before staff approve it."""
    expect = case.expect
    applies = expect.escalate is not None or case.kind in ("complaint", "handoff")
    if not applies:
        return Score(scorer="escalation", passed=True, applies=False)
    want = expect.escalate if expect.escalate is not None else True
    last = replies[-1] if replies else {}
    esc = last.get("escalation")
    problems: list[str] = []
    if bool(esc) != want:
        problems.append("escalated" if esc else "not escalated")
    if esc and expect.severity:
        got, wanted = SEVERITY_ORDER.index(esc["severity"]), SEVERITY_ORDER.index(expect.severity)
        if (expect.severity == "critical" and got != wanted) or abs(got - wanted) > 1:
            problems.append(f"severity {esc['severity']}, expected {expect.severity}")
    remedy = (esc or {}).get("remedy") or {}
    tier = remedy.get("tier")
    if tier in LADDER:
        rank = LADDER.index(tier)
        if expect.remedy_at_least in LADDER and rank < LADDER.index(expect.remedy_at_least):
            problems.append(f"remedy {tier} is below {expect.remedy_at_least}")
        if expect.remedy_at_most in LADDER and rank > LADDER.index(expect.remedy_at_most):
            problems.append(f"remedy {tier} is above {expect.remedy_at_most}")
    elif esc and (expect.remedy_at_least or expect.remedy_at_most):
        problems.append("no remedy tier to check")
    if case.role == "guest":
        for text in _texts(replies):
            promise = COMP_PROMISE.search(text)
            if promise:
                problems.append(f'promised the guest "{promise.group(0)}" before approval')
    return Score(scorer="escalation", passed=not problems, detail="; ".join(problems))


def understanding(case: Case, replies: Sequence[Reply]) -> Score:
    """The last turn was read as the act the case says it asks for."""
    if case.expect.intent is None:
        return Score(scorer="understanding", passed=True, applies=False)
    got = str(replies[-1].get("intent", "")) if replies else ""
    ok = got == case.expect.intent
    return Score(scorer="understanding", passed=ok, detail="" if ok else f"read as {got}, not {case.expect.intent}")


_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")


def says(text: str, wanted: str) -> bool:
    """Whether an answer states a fact: case-insensitive; "17:00" also as "5pm", "5 pm" or "5:00 pm"; a phone number
    ignoring spaces and punctuation."""
    low = " ".join(text.lower().split())
    if wanted.lower() in low:
        return True
    digits = re.sub(r"\D", "", wanted)
    if len(digits) >= 7 and digits in re.sub(r"\D", "", text):
        return True
    clock = _CLOCK.match(wanted.strip())
    if clock:
        hour, minute = int(clock.group(1)), clock.group(2)
        twelve = hour % 12 or 12
        half = "pm" if hour >= 12 else "am"
        forms = [f"{twelve}{half}", f"{twelve} {half}", f"{twelve}:{minute} {half}", f"{twelve}:{minute}{half}"]
        if minute == "00":
            forms += [f"{twelve} o'clock"]
        return any(f in low for f in forms) or f"{hour:02d}:{minute}" in low
    return False


def expectations(case: Case, replies: Sequence[Reply], venue: VenueKnowledge) -> Score:
    """The case's own `any_of`, `mentions`, `skips_any_of`, `says` and `reservation`."""
    expect = case.expect
    if not (expect.any_of or expect.mentions or expect.skips_any_of or expect.says or expect.reservation):
        return Score(scorer="expectations", passed=True, applies=False)
    last = replies[-1] if replies else {}
    problems: list[str] = []
    picked = {str(p.get("id")) for p in last.get("picks", [])}
    if expect.any_of and not picked & set(expect.any_of):
        problems.append(f"none of {', '.join(expect.any_of)} picked")
    text = str(last.get("text", ""))
    for ident in expect.mentions:
        item = venue.item(ident)
        named = ident in _reply_ids(last) or (item is not None and item.name.lower() in text.lower())
        if not named:
            problems.append(f"{ident} not named")
    warned = {str(k.get("id")) for k in last.get("skips", [])}
    if expect.skips_any_of and not warned & set(expect.skips_any_of):
        problems.append(f"none of {', '.join(expect.skips_any_of)} warned about")
    problems += [f'does not say "{w}"' for w in expect.says if not says(text, w)]
    if expect.reservation is not None:
        filed = last.get("reservation") or {}
        if not filed:
            problems.append("no booking request filed")
        for key, value in expect.reservation.items():
            if filed and str(filed.get(key, "")).lower() != str(value).lower():
                problems.append(f"booking {key} is {filed.get(key)!r}, expected {value!r}")
    return Score(scorer="expectations", passed=not problems, detail="; ".join(problems))


def latency(replies: Sequence[Reply], budget_ms: float) -> Score:
    worst = max((float(r.get("latency_ms", 0.0)) for r in replies), default=0.0)
    return Score(
        scorer="latency",
        passed=worst <= budget_ms,
        value=worst,
        detail="" if worst <= budget_ms else f"{worst:.0f} ms > {budget_ms:.0f} ms",
    )


def shape(text: str, names: Sequence[str]) -> set[tuple[str, ...]]:
    """Word trigrams of a text with the given names taken out, so that swapping dish names changes nothing."""
    low = text.lower()
    for name in sorted(names, key=len, reverse=True):
        low = low.replace(name.lower(), " ")
    words = _WORD.findall(low)
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def authenticity(
    group: Sequence[tuple[Case, Sequence[Reply]]], venue: VenueKnowledge, max_overlap: float
) -> dict[str, Score]:
    """Within a group of guests asking the same thing, answers must not be one script with the names swapped, and
    each must speak to that guest's stated taste."""
    items: list[Dish | Drink] = [*venue.dishes, *venue.drinks]
    names = [i.name for i in items] + [s.name for s in venue.venue.staff]
    names += [s.name.split()[0] for s in venue.venue.staff]
    shapes = {case.id: shape(str(replies[-1].get("text", "")) if replies else "", names) for case, replies in group}
    worst: dict[str, float] = {case.id: 0.0 for case, _ in group}
    for (a, _), (b, _) in combinations(group, 2):
        o = overlap(shapes[a.id], shapes[b.id])
        worst[a.id] = max(worst[a.id], o)
        worst[b.id] = max(worst[b.id], o)
    scores: dict[str, Score] = {}
    for case, replies in group:
        text = str(replies[-1].get("text", "")).lower() if replies else ""
        missing = [like for like in case.truth.likes if not any(w in text for w in (like, *taste_words(like)))]
        problems = []
        if worst[case.id] >= max_overlap:
            problems.append(f"{worst[case.id]:.0%} of its wording matches another guest's answer")
        if missing:
            problems.append(f"says nothing to this guest's taste for {', '.join(missing)}")
        scores[case.id] = Score(
            scorer="authenticity", passed=not problems, value=worst[case.id], detail="; ".join(problems)
        )
    return scores
