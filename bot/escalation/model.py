"""Escalation tickets as validated models: what the concierge files, what the store keeps, and its history.

The store hands these out as frozen snapshots, so a caller holding a ticket can never mistake a local edit for a
change that was written: every change goes through the store and comes back as a new snapshot.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

Severity = Literal["low", "medium", "high", "critical"]
State = Literal["open", "acknowledged", "approved", "resolved"]
EventAction = Literal["filed", "acknowledged", "approved", "adjusted", "resolved", "notified"]
NotificationKind = Literal["filed", "acknowledged", "approved", "resolved"]

SEVERITIES: tuple[str, ...] = Severity.__args__  # type: ignore[attr-defined]
STATES: tuple[str, ...] = State.__args__  # type: ignore[attr-defined]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Remedy(_Frozen):
    """A service-recovery offer, priced, with the role whose cap in remedies.yaml covers its value."""

    tier: str = Field(min_length=1, description="A tier id from remedies.yaml.")
    actions: list[str]
    value: float = Field(ge=0, description="Money, in `currency`.")
    # A plain string rather than a fixed set: roles are whatever a venue names under `approval:` in remedies.yaml,
    # plus "owner" for anything above every cap.
    approval: str = Field(min_length=1)
    currency: str = Field(min_length=1)

    def contract_dict(self) -> dict[str, Any]:
        return {"tier": self.tier, "actions": list(self.actions), "value": self.value, "approval": self.approval}


class NewEscalation(_Frozen):
    """What the concierge files when a guest complains or asks for a person."""

    venue: str = Field(min_length=1)
    session: str
    guest_text: str
    category: str = Field(min_length=1)
    severity: Severity
    remedy: Remedy | None = Field(description="None for a plain 'talk to a person' handoff.")
    sla_minutes: int = Field(ge=0)
    loss: float | None = Field(default=None, ge=0, description="What the guest lost, in money, when known.")
    items: list[str] = Field(default_factory=list, description="Dish and drink ids the guest named.")


class Escalation(NewEscalation):
    """A stored ticket: the filing plus where it stands and who moved it there."""

    id: str
    state: State
    created_at: AwareDatetime
    due_at: AwareDatetime
    acknowledged_at: AwareDatetime | None = None
    acknowledged_by: str | None = None
    approved_at: AwareDatetime | None = None
    approved_by: str | None = None
    approved_remedy: Remedy | None = Field(
        default=None, description="The remedy as approved; staff may have changed its actions and value."
    )
    resolved_at: AwareDatetime | None = None
    resolved_by: str | None = None
    resolution: str | None = None

    def overdue(self, now: dt.datetime) -> bool:
        """Whether nobody has picked the ticket up within its SLA.

        The SLA is the time a guest waits for a person to take their complaint on. Once a member of staff has
        acknowledged it, someone owns it and is with the guest, so only open tickets can be overdue; a ticket
        waiting on a manager's approval is a different queue, not a broken promise to the guest.
        """
        return self.state == "open" and now > self.due_at

    def contract_dict(self) -> dict[str, Any]:
        """Exactly the `escalation` object of CONTRACT.md section 3 (the suggested remedy, as first filed)."""
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "remedy": None if self.remedy is None else self.remedy.contract_dict(),
            "sla_minutes": self.sla_minutes,
        }


class Event(_Frozen):
    """One line of a ticket's history."""

    escalation_id: str
    at: AwareDatetime
    actor: str
    action: EventAction
    detail: str | None = None


class Notification(_Frozen):
    """An outbox row: a message a channel owes staff and the guest about one transition of one ticket.

    `id` is `<ticket id>:<kind>`, stable across every retry and unique per transition, so a channel can use it as an
    idempotency key: delivery is at least once, and a channel that remembers the ids it has posted turns that into
    exactly once.
    """

    id: str
    escalation_id: str
    kind: NotificationKind
    payload: dict[str, Any]
    attempts: int = Field(ge=0, description="Delivery attempts so far: the failed ones and the one that got through.")
    created_at: AwareDatetime
    next_attempt_at: AwareDatetime
    sent_at: AwareDatetime | None = None
    last_error: str | None = None
