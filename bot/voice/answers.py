"""The template voice for the acts beyond picks and pairings: choose, skip, compare, visit facts, bookings, drinks.

Each function turns one kind of decision into lines, from the phrase bank only; `TemplateVoice` dispatches here.
"""

from __future__ import annotations

import datetime as dt
import random

from bot.decide.decision import Citation, Decision, Pick
from bot.money import money
from bot.voice.phrasebook import Phrasebook
from bot.wording import and_list, mid_sentence

_ACT_WORDS = {
    "recommend": "a request for picks",
    "choose": "a choice between the dishes you named",
    "skip": "a question about what to skip",
    "compare": "a comparison",
    "pairing": "a pairing question",
    "drink": "a drinks question",
    "question": "a question about the dish",
    "venue": "a question about visiting",
    "reservation": "a booking",
}
# How a taste reads after "craving": "craving heat", not "craving spicy".
_TASTE_WORDS = {
    "spicy": "heat",
    "light": "something lighter",
    "rich": "something richer",
    "smoky": "char and smoke",
    "sweet": "something sweet",
    "creamy": "something creamy",
    "crispy": "crunch",
    "vegetables": "vegetables",
    "green": "something green",
}
_TOPIC_WORDS = {"hours": "our hours", "closures": "closures", "party": "large parties"}


def _quoted(c: Citation) -> str:
    return f'{c.author_name.split()[0]} ({c.role}): "{c.quote}"'


def _price(p: Pick, currency: str) -> str:
    if p.kind == "drink" and p.serve is not None:
        return f"{money(p.price, currency)} a {p.serve}"
    return money(p.price, currency)


def _reason(p: Pick) -> str:
    if p.citations:
        return _quoted(p.citations[0])
    return "; ".join(p.reasons) if p.reasons else p.why


def _backed_reason(book: Phrasebook, pick: Pick, rng: random.Random) -> str:
    """The lead backer's words, who else backs it, and what the kitchen changes for this guest."""
    reason = _reason(pick)
    others = [c.author_name.split()[0] for c in pick.citations[1:]]
    if others:
        reason += " " + book.say("also_backed", rng, others=and_list(others))
    if pick.change:
        reason += f" For you: {pick.change}."
    return reason


def assumption(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    # A verdict on the dish named answers what was asked, whichever act the words leaned to: nothing to own up to.
    changed = d.assumed and d.assumed != d.intent and d.assumed in _ACT_WORDS
    if changed and d.situation != "vouched" and d.intent in ("question", "recommend"):
        return [book.say("assumed", rng, act=_ACT_WORDS[d.intent])]
    return []


def choice(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    if not d.picks:
        lines = [book.say("choice_blocked", rng, name=mid_sentence(s.name), why=s.why) for s in d.skips]
        return [*lines, book.say("choice_none", rng)]
    pick = d.picks[0]
    reason = _backed_reason(book, pick, rng)
    lines = [book.say("choice_pick", rng, name=mid_sentence(pick.name), price=_price(pick, d.currency), reason=reason)]
    for other in d.skips:
        if other.reason == "does-not-fit":
            lines.append(book.say("choice_blocked", rng, name=mid_sentence(other.name), why=other.why))
        else:
            lines.append(book.say("choice_over", rng, other=mid_sentence(other.name), why=other.why))
    if d.switch_if and d.skips:
        taste = _TASTE_WORDS.get(d.switch_if, d.switch_if)
        lines.append(book.say("choice_switch", rng, other=mid_sentence(d.skips[0].name), taste=taste))
    return lines


def vouched(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    """A yes to "is the duck any good?", in the backer's words."""
    pick = d.picks[0]
    reason = _backed_reason(book, pick, rng)
    return [book.say("vouched", rng, name=mid_sentence(pick.name), price=_price(pick, d.currency), reason=reason)]


def skips(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    if not d.skips:
        return [book.say("nothing_to_skip", rng)]
    against = [s for s in d.skips if s.reason == "breaks-limit"]
    lines = [book.say("skips_limit_open" if against else "skips_open", rng)]
    lines += [book.say("skip_limit_line", rng, name=mid_sentence(s.name), why=s.why) for s in against]
    if len(against) < d.excluded:
        lines.append(book.say("skip_limit_more", rng, more=str(d.excluded - len(against))))
    staff = [s for s in d.skips if s.reason != "breaks-limit"]
    if against and staff:
        lines.append(book.say("skips_then_staff", rng))
    for s in staff:
        c = s.citations[0] if s.citations else None
        if c is None:
            continue
        first = c.author_name.split()[0]
        slot = "skip_split_line" if s.reason == "staff-split" else "skip_line"
        lines.append(book.say(slot, rng, name=mid_sentence(s.name), first=first, role=c.role, quote=c.quote))
    return lines


def comparison(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    lines = [book.say("compare_open", rng)]
    lines += [book.say("compare_line", rng, name=mid_sentence(f.name), detail=f.detail.rstrip(".")) for f in d.facts]
    if d.picks:
        lines += choice(book, d.model_copy(update={"skips": []}), rng)
    return lines


def visit(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    lines: list[str] = []
    for f in d.facts:
        if f.id == "hours" and f.verdict is not None:
            lines.append(book.say("visit_hours_day", rng, day=f.name, detail=f.detail))
        else:
            lines.append(book.say("visit_fact", rng, topic=f.name, detail=f.detail.rstrip(".") + "."))
    if d.unanswered or not d.facts:
        topics = and_list([_TOPIC_WORDS.get(t, t) for t in d.unanswered]) or "that"
        if d.phone:
            lines.append(book.say("visit_unknown", rng, topics=topics, phone=d.phone))
        else:
            lines.append(book.say("visit_unknown_nophone", rng, topics=topics))
    return lines


def _how(d: Decision) -> str:
    ways = [f"book at {d.booking_url}" if d.booking_url else "", f"call {d.phone}" if d.phone else ""]
    return " or ".join(w for w in ways if w) or "ask the team"


def _spoken_day(iso: str | None) -> str:
    """ "2026-12-04" as a guest says it: "Friday 4 December"."""
    if not iso:
        return ""
    try:
        return dt.date.fromisoformat(iso).strftime("%A %-d %B")
    except ValueError:
        return iso


def _spoken_time(hhmm: str) -> str:
    """ "20:00" as "8pm", "20:15" as "8:15pm"."""
    try:
        t = dt.time.fromisoformat(hhmm)
    except ValueError:
        return hhmm
    hour = t.hour % 12 or 12
    return f"{hour}{f':{t.minute:02d}' if t.minute else ''}{'am' if t.hour < 12 else 'pm'}"


def booking(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    b = d.booking
    if d.situation == "booking-filed" and b is not None and b.id is not None:
        parts = [
            f"{b.party} people" if b.party else "",
            _spoken_day(b.date),
            f"at {_spoken_time(b.time)}" if b.time else "",
            f"under {b.name}" if b.name else "",
        ]
        summary = ", ".join(p for p in parts if p) or "your booking"
        if b.action != "make":
            summary = f"{'cancel' if b.action == 'cancel' else 'change'}: {summary}"
        return [book.say("booking_filed", rng, summary=summary, ticket=b.id)]
    if d.situation == "booking-needs" and b is not None:
        words = {"party": "how many of you", "date": "the day", "time": "the time", "name": "a name for it",
                 "contact": "a phone number or email"}  # fmt: skip
        return [book.say("booking_needs", rng, missing=and_list([words[m] for m in b.missing]))]
    if b is not None and "party" in d.unanswered:
        return [book.say("booking_big_party", rng, party=str(b.party), how=_how(d))]
    if b is not None and "closed" in d.unanswered and b.date:
        return [book.say("booking_closed_day", rng, day=_spoken_day(b.date), how=_how(d))]
    return [book.say("booking_direct", rng, how=_how(d))]


def drinks(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    if not d.picks:
        near = next((s for s in d.skips if s.reason == "does-not-fit"), None)
        if near is None:
            return [book.say("drink_none_at_all", rng)]
        return [book.say("drink_none", rng, nearest=mid_sentence(near.name), why=near.why)]
    if len(d.picks) == 1:
        p = d.picks[0]
        return [book.say("drink_pick", rng, name=mid_sentence(p.name), price=_price(p, d.currency), reason=_reason(p))]
    return [
        book.say("drink_line", rng, rank=str(p.rank), name=p.name, price=_price(p, d.currency), reason=_reason(p))
        for p in d.picks
    ]


def pairing_many(book: Phrasebook, d: Decision, rng: random.Random) -> list[str]:
    if any(p.for_item for p in d.picks):
        names = dict(zip(d.pairing_ids, d.pairing_names, strict=True))
        return [
            book.say(
                "pairing_for_each",
                rng,
                dish=mid_sentence(names.get(p.for_item or "", "dish")),
                name=p.name,
                price=_price(p, d.currency),
                reason=_reason(p),
            )
            for p in d.picks
        ]
    lines = [book.say("pairing_many_open", rng, dishes=and_list([mid_sentence(n) for n in d.pairing_names]))]
    for p in d.picks:
        detail = "; ".join(p.reasons) if p.reasons else _reason(p)
        lines.append(f"{p.rank}. {p.name} ({_price(p, d.currency)}): {detail[:1].upper()}{detail[1:]}.")
    return lines
