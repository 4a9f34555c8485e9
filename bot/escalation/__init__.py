"""Escalations: complaint tickets committed to a database before the guest is told, and an outbox to tell staff."""

from bot.escalation.model import (
    Escalation,
    Event,
    EventAction,
    NewEscalation,
    Notification,
    NotificationKind,
    Remedy,
    Severity,
    State,
)
from bot.escalation.outbox import DrainReport, Notifier, OutboxSender
from bot.escalation.store import (
    RETRY_BASE,
    RETRY_CAP,
    EscalationStore,
    SqlEscalationStore,
    new_escalation_id,
    retry_delay,
    utcnow,
)

__all__ = [
    "RETRY_BASE",
    "RETRY_CAP",
    "DrainReport",
    "Escalation",
    "EscalationStore",
    "Event",
    "EventAction",
    "NewEscalation",
    "Notification",
    "NotificationKind",
    "Notifier",
    "OutboxSender",
    "Remedy",
    "Severity",
    "SqlEscalationStore",
    "State",
    "new_escalation_id",
    "retry_delay",
    "utcnow",
]
