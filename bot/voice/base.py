"""The seam every voice plugs into: a decision goes in, the words a person reads come out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from bot.decide.decision import Decision
from bot.knowledge.venue import VenueKnowledge


@dataclass(frozen=True)
class VoiceContext:
    """Who is being answered: the same decision reads differently to different guests."""

    session: str
    turn: int
    text: str  # the guest's own words this turn
    history: tuple[str, ...] = field(default=())  # earlier guest turns, oldest first
    # The venue as it stands tonight, when the caller has it: what a guard checks an LLM's words against.
    venue: VenueKnowledge | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Phrasing:
    text: str
    voice: str  # the voice that actually wrote the text (a fallback reports itself)
    note: str | None = None  # why a fallback happened, when it did


class Voice(Protocol):
    name: str

    async def phrase(self, decision: Decision, context: VoiceContext) -> Phrasing: ...
