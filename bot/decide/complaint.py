"""Turn a complaint or a request for a person into what staff must see: category, severity, loss and remedy."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from bot.decide.decision import Decision, Escalated
from bot.decide.remedy import estimate_loss, loss_text, plan_remedy
from bot.knowledge.model import DEFAULT_SLA
from bot.knowledge.venue import VenueKnowledge
from bot.triage.model import Triage
from bot.triage.severity import assess
from bot.understand import read
from bot.understand.instruction import aimed_at_bot
from bot.understand.request import Constraints, Request

HANDOFF_OWNER = "the manager on duty"


# How sure the classifier must be before a message the rules did not call a complaint goes to a manager. A ticket
# for a joke or a praise costs a manager's attention, so these sit well above the classifier's own threshold, and
# overriding the rules' reading of a request for picks takes more still: a guest who asked for picks and got an
# apology has been failed as surely as one whose complaint was answered with a menu.
BACKSTOP_PROBABILITY = 0.6
OVERRIDE_PROBABILITY = 0.85
HANDOFF_PROBABILITY = 0.8


def needs_person(request: Request, classify: Callable[[str], Triage]) -> Triage | None:
    """The triage of a message that must reach a person, or None.

    The reader's rules catch most complaints and every plain ask for a person. The classifier is the backstop for
    what they miss ("the staff were chatting on their phones while we waited", "the fries were bland and greasy",
    which names tastes and so reads to the rules as a request for picks).
    """
    if request.intent not in ("complaint", "handoff") and aimed_at_bot(request.text):
        return None
    triage = classify(request.text)
    if request.intent in ("complaint", "handoff"):
        return triage
    if triage.severity == "critical":
        # Telling a guest to call emergency services is for what the rules themselves read as harm (a reaction,
        # breathing, a person being sick). On the model's word alone ("that mixed grill was sick"), it is high.
        triage = triage.model_copy(update={"severity": "high"})
    if request.intent in ("smalltalk", "other", "question"):
        sure = triage.complaint_probability >= BACKSTOP_PROBABILITY
        asks = triage.handoff_probability >= HANDOFF_PROBABILITY
        return triage if sure or asks else None
    return triage if triage.complaint_probability >= OVERRIDE_PROBABILITY else None


def escalate(
    venue: VenueKnowledge, request: Request, triage: Triage, wants: Constraints, names: Mapping[str, str]
) -> Decision:
    """The decision for a guest whose message needs a person. Pure: filing the ticket is the caller's job.

    `names` maps the ways guests name dishes and drinks to ids, to find what was lost in the complaint's words.
    """
    complaint = request.intent == "complaint" or triage.category is not None
    sla = {**DEFAULT_SLA, **venue.remedies.sla_minutes}
    if complaint:
        if triage.category is not None and triage.severity is not None:
            category, severity = triage.category, triage.severity
        else:
            # The reader's rules caught a complaint the model scored low: the severity rules still apply.
            judged = assess(request.text)
            category, severity = judged.category, judged.severity
        said = loss_text(request.text)
        lost = estimate_loss(venue, read(said, names=names).mentions if said else [], said)
        remedy = plan_remedy(venue, category, severity, lost, said, wants)
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
        escalated = Escalated(category="handoff", severity="medium", sla_minutes=sla["medium"], owner=HANDOFF_OWNER)
    return Decision(
        venue=venue.id,
        venue_name=venue.name,
        currency=venue.currency,
        intent="complaint" if complaint else "handoff",
        situation="complaint" if complaint else "handoff",
        constraints=wants,
        escalation=escalated,
    )
