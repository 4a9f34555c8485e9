"""What one run of the suite produced: per case, per scorer, with the transcript, for the report and the baseline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Score(BaseModel):
    """One scorer's verdict on one case. `applies` is False when the scorer has nothing to say about the case."""

    model_config = ConfigDict(extra="forbid")

    scorer: str
    passed: bool
    applies: bool = True
    value: float | None = None  # a measure where one exists (overlap, latency), for the plots
    detail: str = ""


class Exchange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    said: str
    reply: dict[str, Any]  # the `ask --json` object


class CaseResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_id: str
    kind: str
    group: str | None = None
    repeat: int = 0
    transcript: list[Exchange]
    scores: list[Score]
    expected: dict[str, Any] = Field(default_factory=dict)
    error: str | None = None  # the concierge raised: a failure of every scorer

    @property
    def passed(self) -> bool:
        return self.error is None and all(s.passed for s in self.scores if s.applies)

    @property
    def last(self) -> dict[str, Any]:
        return self.transcript[-1].reply if self.transcript else {}


class RunResult(BaseModel):
    model_config = ConfigDict(extra="forbid")

    started_at: dt.datetime
    voice: str
    knowledge: str
    repeat: int
    cases: list[CaseResult]
    thresholds: dict[str, float] = Field(default_factory=dict)
    scorer_rates: dict[str, float] = Field(default_factory=dict)
    kind_rates: dict[str, float] = Field(default_factory=dict)
    act_rates: dict[str, float] = Field(default_factory=dict)  # blind paraphrase cases passing, by the act asked
    held_out_act_rates: dict[str, float] = Field(default_factory=dict)  # the held-out part alone, by act
    blind_scorer_rates: dict[str, float] = Field(default_factory=dict)  # the blind set's rates, reported not gated
    missed: list[str] = Field(default_factory=list)  # scorers under their threshold
    regressions: list[str] = Field(default_factory=list)  # case ids that passed in the baseline and fail now
    improvements: list[str] = Field(default_factory=list)

    @property
    def verdict(self) -> bool:
        return not self.missed and not self.regressions
