"""Who may approve a remedy: each role's cap comes from the venue's remedies.yaml; the owner is above every cap."""

from __future__ import annotations

from bot.errors import EscalationError
from bot.knowledge.model import RemedyPolicy
from bot.money import money

OWNER = "owner"


def roles(policy: RemedyPolicy) -> list[str]:
    """The venue's roles, least senior first, ending with the owner."""
    return [role for role, _ in sorted(policy.approval.items(), key=lambda kv: kv[1])] + [OWNER]


def require_approval(policy: RemedyPolicy, role: str, value: float, escalation_id: str) -> None:
    """Raise unless `role` may give `value` without asking the next role up."""
    known = roles(policy)
    if role not in known:
        raise EscalationError(f"'{role}' is not a role in remedies.yaml (known: {', '.join(known)}).")
    if role == OWNER:
        return
    cap = policy.approval[role]
    if value > cap:
        above = next((r for r in known[known.index(role) + 1 :] if r == OWNER or policy.approval[r] >= value), OWNER)
        raise EscalationError(
            f"Escalation {escalation_id}: {money(value, policy.currency)} is above the {role} cap of "
            f"{money(cap, policy.currency)}; the {above} must approve it."
        )
