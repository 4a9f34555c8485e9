"""Bookings: the venue's own link and phone, and, where `booking.requests` allows, a request passed to staff.

The concierge never says a table is booked: it files a request that a person confirms. A request is complete with
party, date, time, a name and a contact; until then it asks for exactly what is missing. A party above
`max_party`, a closed day or a closure is said before anything is filed.
"""

from __future__ import annotations

import datetime as dt

from bot.decide.decision import BookingRequest, Decision
from bot.knowledge.venue import VenueKnowledge
from bot.understand.request import Request


def booking_answer(venue: VenueKnowledge, request: Request) -> Decision:
    v = venue.venue
    policy = v.booking
    asked = request.booking
    base = Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="reservation",
        situation="booking-direct",
        phone=v.contact_phone,
        booking_url=policy.url if policy else None,
    )
    if asked is None or policy is None or not policy.requests:
        return base
    draft = BookingRequest(
        action=asked.action,
        party=asked.party,
        date=asked.date.isoformat() if asked.date else None,
        time=asked.time,
        name=asked.name,
        contact=asked.contact,
    )
    if asked.action == "make":
        if asked.party is not None and policy.max_party is not None and asked.party > policy.max_party:
            return base.model_copy(update={"situation": "booking-direct", "booking": draft, "unanswered": ["party"]})
        if asked.date is not None and _closed(venue, asked.date):
            return base.model_copy(update={"situation": "visit", "booking": draft, "unanswered": ["closed"]})
        missing = asked.missing
    else:
        missing = [f for f in ("date", "name", "contact") if getattr(asked, f) is None]
    if missing:
        return base.model_copy(
            update={"situation": "booking-needs", "booking": draft.model_copy(update={"missing": missing})}
        )
    return base.model_copy(update={"situation": "booking-filed", "booking": draft})


def _closed(venue: VenueKnowledge, day: dt.date) -> bool:
    v = venue.venue
    if day in v.closures:
        return True
    spans = v.hours.on(day) if v.hours else None
    return spans == []
