"""Escalations: complaint tickets committed to a database before the guest is told, and an outbox to tell staff."""

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
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

# The store and the outbox import SQLAlchemy, which costs a `concierge ask` that files nothing about half a second:
# they load when first named.
_LAZY = {
    "DrainReport": "outbox",
    "Notifier": "outbox",
    "OutboxSender": "outbox",
    "RETRY_BASE": "store",
    "RETRY_CAP": "store",
    "EscalationStore": "store",
    "SqlEscalationStore": "store",
    "new_escalation_id": "store",
    "retry_delay": "store",
    "utcnow": "store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bot.escalation' has no attribute {name!r}")
    return getattr(importlib.import_module(f"bot.escalation.{module}"), name)


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
