"""The answer as the outside world sees it: `concierge ask --json` (../shared/CONTRACT.md section 3)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bot.decide.decision import Decision
from bot.understand.request import Constraints, Intent


class ReplyPick(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rank: int
    id: str
    name: str
    why: str
    sources: list[str]
    change: str | None = None


class ReplySkip(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    why: str
    sources: list[str] = Field(default_factory=list)


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")

    venue: str
    intent: Intent
    text: str
    picks: list[ReplyPick] = Field(default_factory=list)
    skips: list[ReplySkip] = Field(default_factory=list)
    constraints: Constraints = Field(default_factory=Constraints)
    escalation: dict[str, Any] | None = None
    sources: list[str] = Field(default_factory=list)
    voice: str
    latency_ms: float
    # Beyond the contract: what the answer rests on, for the eval suite and for operators tracing an answer.
    session: str
    situation: str
    facts: list[dict[str, Any]] = Field(default_factory=list)
    voice_note: str | None = None
    warnings: list[str] = Field(default_factory=list)
    pairing_for: str | None = None
    pairing_with: list[str] = Field(default_factory=list)  # every dish a several-dish pairing suits
    reservation: dict[str, Any] | None = None  # contract section 3: a booking request passed to staff
    assumed: str | None = None  # the act the reader preferred when the words could not carry it

    @classmethod
    def from_decision(
        cls,
        decision: Decision,
        *,
        text: str,
        voice: str,
        latency_ms: float,
        session: str,
        voice_note: str | None = None,
        warnings: list[str] | None = None,
    ) -> Reply:
        return cls(
            venue=decision.venue,
            intent=decision.intent,
            text=text,
            picks=[
                ReplyPick(rank=p.rank, id=p.id, name=p.name, why=p.why, sources=p.sources, change=p.change)
                for p in decision.picks
            ],
            skips=[ReplySkip(id=s.id, why=s.why, sources=s.sources) for s in decision.skips],
            constraints=decision.constraints,
            escalation=_escalation(decision),
            sources=decision.sources,
            voice=voice,
            latency_ms=round(latency_ms, 2),
            session=session,
            situation=decision.situation,
            facts=[f.model_dump() for f in decision.facts],
            voice_note=voice_note,
            warnings=warnings or [],
            pairing_for=decision.pairing_for,
            pairing_with=decision.pairing_ids,
            reservation=_reservation(decision),
            assumed=decision.assumed,
        )


def _reservation(decision: Decision) -> dict[str, Any] | None:
    booking = decision.booking
    if booking is None or booking.id is None:
        return None
    return booking.model_dump(exclude={"missing"})


def _escalation(decision: Decision) -> dict[str, Any] | None:
    esc = decision.escalation
    if esc is None:
        return None
    return {
        "id": esc.id,
        "category": esc.category,
        "severity": esc.severity,
        "remedy": esc.remedy.contract_dict() if esc.remedy else None,
        "sla_minutes": esc.sla_minutes,
        # Beyond the contract: whether the ticket is committed, who the guest was told has it, and the loss.
        "filed": esc.filed,
        "owner": esc.owner,
        "loss": esc.loss,
        "items": list(esc.item_ids),
    }
