"""Every call to a language model, one JSON line each, in `<data_dir>/llm-exchanges.jsonl`.

Enough to trace a failing eval or a guest's complaint to the exact call: which model, which prompt, the request id
the server gave, tokens, latency, how the call ended and what the guard said about the words.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FILE_NAME = "llm-exchanges.jsonl"

Outcome = Literal["ok", "error", "refusal", "length", "content-filter", "empty"]


class Exchange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    purpose: Literal["voice", "constraints"]
    model: str
    prompt: str  # the prompt files behind the messages, system first ("voice_system+voice_user")
    attempt: int = 1  # 2 is the retry after the guard said no
    session: str | None = None
    turn: int | None = None
    request_id: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_ms: float
    outcome: Outcome
    finish_reason: str | None = None
    error: str | None = None  # why the call failed, in our words ("HTTP 429", "timeout")
    verdict: str | None = None  # the guard: "ok", its reasons, or None when there was nothing to check
    text: str | None = None  # what the model wrote


class ExchangeLog:
    """Appends exchanges to a JSON-lines file; safe across threads, one `write` per line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @classmethod
    def in_dir(cls, data_dir: Path) -> ExchangeLog:
        return cls(data_dir / FILE_NAME)

    def write(self, exchange: Exchange) -> None:
        line = exchange.model_dump_json(exclude_none=True) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)

    def read(self) -> list[Exchange]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [Exchange.model_validate_json(line) for line in lines if line.strip()]
