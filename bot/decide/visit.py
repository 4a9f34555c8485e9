"""The facts of a visit, from venue.yaml only: hours (for the day asked, closures first), address, phone, booking
and every policy the venue wrote under `facts`. What is not written is said to be unwritten, with the phone to
call: a guessed opening hour sends a family to a locked door."""

from __future__ import annotations

import datetime as dt

from bot.decide.decision import Decision, Fact
from bot.knowledge.venue import VenueKnowledge
from bot.knowledge.visit import DAYS, Span
from bot.understand.request import Request

_DAY_NAMES = dict(
    zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)


def _spans_text(spans: list[Span]) -> str:
    return " and ".join(s.label() for s in spans)


def _hours(venue: VenueKnowledge, day: dt.date | None) -> Fact | None:
    v = venue.venue
    if day is not None and day in v.closures:
        return Fact(id="hours", name=day.strftime("%A %-d %B"), topic="visit", verdict=False, detail="closed")
    if v.hours is None:
        return None
    if day is not None:
        spans = v.hours.on(day)
        if spans is None:
            return None
        label = day.strftime("%A %-d %B")  # the date too: "Thursday" alone misleads about New Year's Eve
        if not spans:
            return Fact(id="hours", name=label, topic="visit", verdict=False, detail="closed")
        return Fact(id="hours", name=label, topic="visit", verdict=True, detail=f"open {_spans_text(spans)}")
    week = []
    for key in DAYS:
        spans = v.hours.days.get(key)
        if spans is not None:
            week.append(f"{_DAY_NAMES[key]} {_spans_text(spans) if spans else 'closed'}")
    return Fact(id="hours", name="our hours", topic="visit", detail="; ".join(week))


def visit_answer(venue: VenueKnowledge, request: Request) -> Decision:
    v = venue.venue
    facts: list[Fact] = []
    unknown: list[str] = []
    topics = request.topics or (["hours"] if request.day else [])
    for topic in dict.fromkeys(topics):
        fact: Fact | None = None
        if topic == "hours":
            fact = _hours(venue, request.day)
        elif topic == "closures":
            if request.day is not None:
                fact = _hours(venue, request.day)
            elif v.closures:
                listed = ", ".join(d.strftime("%-d %B %Y") for d in v.closures)
                fact = Fact(id="closures", name="closures", topic="visit", detail=f"closed on {listed}")
        elif topic == "address" and v.address:
            fact = Fact(id="address", name="address", topic="visit", detail=v.address)
        elif topic == "phone" and v.contact_phone:
            fact = Fact(id="phone", name="phone", topic="visit", detail=v.contact_phone)
        elif topic == "booking" and v.booking is not None:
            how = [
                f"book at {v.booking.url}" if v.booking.url else "",
                f"call {v.booking.phone}" if v.booking.phone else "",
            ]
            detail = " or ".join(h for h in how if h) or "ask us"
            fact = Fact(id="booking", name="bookings", topic="visit", detail=f"we take bookings: {detail}")
        elif topic in v.facts:
            fact = Fact(id=topic, name=topic, topic="visit", detail=v.facts[topic])
        if fact is None:
            unknown.append(topic)
        elif all(f.id != fact.id for f in facts):  # "hours" and "closures" of one day are the same fact
            facts.append(fact)
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="venue",
        situation="visit" if facts else "no-answer",
        facts=facts,
        phone=v.contact_phone,
        booking_url=v.booking.url if v.booking else None,
        unanswered=unknown,
    )
