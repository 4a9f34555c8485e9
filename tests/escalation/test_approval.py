"""Approval caps: a role may approve up to its cap; above it, the next role up must."""

from __future__ import annotations

import pytest

from bot.errors import EscalationError
from bot.escalation.approval import require_approval, roles
from bot.knowledge.model import RemedyPolicy

POLICY = RemedyPolicy(approval={"server": 25, "manager": 250})


def test_roles_least_senior_first() -> None:
    """Roles come in cap order, with the owner last."""
    assert roles(POLICY) == ["server", "manager", "owner"]


@pytest.mark.parametrize(("role", "value"), [("server", 25), ("manager", 250), ("owner", 10_000)])
def test_require_approval_within_cap(role: str, value: float) -> None:
    """Up to the cap is fine."""
    require_approval(POLICY, role, value, "esc-1")


def test_require_approval_above_cap_names_the_next_role() -> None:
    """Above the cap, the error names who must approve."""
    with pytest.raises(EscalationError, match="the manager must approve"):
        require_approval(POLICY, "server", 54, "esc-1")
    with pytest.raises(EscalationError, match="the owner must approve"):
        require_approval(POLICY, "server", 400, "esc-1")


def test_require_approval_unknown_role() -> None:
    """A role the venue does not have is refused."""
    with pytest.raises(EscalationError, match="not a role"):
        require_approval(POLICY, "sommelier", 5, "esc-1")
