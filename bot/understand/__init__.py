"""Understand: read a guest's or staff member's free text into a `Request` (intent and constraints)."""

from bot.understand.reader import aliases, looks_english, read
from bot.understand.request import Constraints, Intent, Request

__all__ = ["Constraints", "Intent", "Request", "aliases", "looks_english", "read"]
