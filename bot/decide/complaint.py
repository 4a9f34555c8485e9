"""Turn a complaint or a request for a person into what staff must see: category, severity, loss and remedy."""

from __future__ import annotations

from typing import cast

from bot.decide.decision import Decision, Escalated
from bot.decide.remedy import estimate_loss, plan_remedy
from bot.knowledge.model import DEFAULT_SLA
from bot.knowledge.venue import VenueKnowledge
from bot.triage.model import Category, Severity
from bot.understand.request import Constraints, Request

HANDOFF_OWNER = "the manager on duty"


def escalate(venue: VenueKnowledge, request: Request, wants: Constraints) -> Decision:
    """The decision for a guest whose message needs a person. Pure: filing the ticket is the caller's job; the
    complaint reading (category, severity, what was lost) is the reader's."""
    reading = request.complaint
    complaint = request.intent == "complaint" and reading is not None
    sla = {**DEFAULT_SLA, **venue.remedies.sla_minutes}
    if complaint:
        assert reading is not None
        category = cast(Category, reading.category or "other")
        severity = cast(Severity, reading.severity or "medium")
        lost = estimate_loss(venue, reading.lost)
        remedy = plan_remedy(venue, category, severity, lost, wants, takeaway=reading.takeaway)
        # A complaint about the staff, or one the server can't approve alone, goes to the manager, not back to
        # the same table's server.
        small = remedy.approval == "server" and severity in ("low", "medium")
        owner = "your server" if small and category not in ("staff-attitude", "allergen-safety") else HANDOFF_OWNER
        escalated = Escalated(
            category=category,
            severity=severity,
            sla_minutes=sla[severity],
            owner=owner,
            items=[x.name for x in lost],
            item_ids=[x.id for x in lost],
            loss=round(sum(x.amount for x in lost), 2) if lost else None,
            remedy=remedy,
        )
    else:
        owner = HANDOFF_OWNER
        if request.person is not None:
            person = next((s for s in venue.venue.staff if s.id == request.person), None)
            owner = f"{person.first_name}, our {person.role}" if person else owner
        escalated = Escalated(category="handoff", severity="medium", sla_minutes=sla["medium"], owner=owner)
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="complaint" if complaint else "handoff",
        situation="complaint" if complaint else "handoff",
        constraints=wants,
        escalation=escalated,
    )
