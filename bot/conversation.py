"""Conversations that outlive one command: `--session ID` continues where the guest left off.

Each conversation is one small JSON file, replaced atomically, so a crash mid-write never leaves a torn session.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.understand.request import Booking, Constraints, DrinkAsk

_SAFE = re.compile(r"^[A-Za-z0-9_.-]{1,80}$")
MAX_TURNS_KEPT = 50


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    intent: str
    picks: list[str] = Field(default_factory=list)
    skips: list[str] = Field(default_factory=list)
    mentions: list[str] = Field(default_factory=list)
    critical: bool = False  # this turn reported harm: a follow-up is the same emergency
    drink: DrinkAsk | None = None  # the drink this turn asked for: "and by the glass?" asks it again
    day: dt.date | None = None  # the day this turn asked about
    topics: list[str] = Field(default_factory=list)  # what this turn asked about a dish or the visit
    course: str | None = None  # the course this turn asked about
    at: dt.datetime


class Conversation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    venue: str
    constraints: Constraints = Field(default_factory=Constraints)
    turns: list[Turn] = Field(default_factory=list)
    booking: Booking | None = None  # a booking request still being put together, detail by detail

    @property
    def warned(self) -> set[str]:
        """Dishes this guest has already been steered off: once is honest, every turn is nagging."""
        return {s for t in self.turns for s in t.skips}


class ConversationStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, session: str, venue: str) -> Path:
        key = f"{venue}--{session}"
        # Session ids come from guests and channels: anything odd is hashed rather than trusted as a file name.
        name = key if _SAFE.match(key) else hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.folder / f"{name}.json"

    def load(self, session: str, venue: str) -> Conversation:
        path = self._path(session, venue)
        try:
            return Conversation.model_validate_json(path.read_bytes())
        except (FileNotFoundError, ValidationError, ValueError):
            # A missing or unreadable session starts afresh: losing a guest's context is better than refusing them.
            return Conversation(id=session, venue=venue)

    def save(self, conversation: Conversation) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        conversation.turns = conversation.turns[-MAX_TURNS_KEPT:]
        path = self._path(conversation.id, conversation.venue)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(conversation.model_dump_json().encode())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
