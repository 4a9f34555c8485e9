"""Understand: read a guest's or staff member's free text into a `Request` (the act and every slot a decider needs)."""

from bot.understand.request import Constraints, Intent, Request

__all__ = ["Constraints", "Intent", "Request"]
