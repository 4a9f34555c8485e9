"""Triage as data: the labels of the project's own examples, and what the classifier says about one message."""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

Category = Literal[
    "food-quality",
    "wrong-missing-discarded",
    "wait",
    "staff-attitude",
    "billing",
    "cleanliness",
    "allergen-safety",
    "other",
]
Severity = Literal["low", "medium", "high", "critical"]
Kind = Literal["complaint", "handoff", "none"]

CATEGORIES: tuple[Category, ...] = get_args(Category)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)


class Triage(BaseModel):
    """What one guest message is, for the remedy step and for the operator who reads the log.

    `kind` is "handoff" whenever the guest asks for a person, even with a complaint in the same breath ("the fish
    was raw, get me the manager"): a person has to step in either way. `category` and `severity` are set whenever
    the message reads as a complaint, whatever the kind. `cues` are the guest's own phrases that set the category or
    the severity, so an operator can see why.
    """

    model_config = ConfigDict(extra="forbid")

    kind: Kind
    complaint_probability: float = Field(ge=0.0, le=1.0)
    handoff_probability: float = Field(ge=0.0, le=1.0)
    category: Category | None = None
    severity: Severity | None = None
    cues: list[str] = Field(default_factory=list)


class Example(BaseModel):
    """One labelled guest message from `examples.yaml`; a complaint carries its category and severity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    complaint: bool
    handoff: bool
    category: Category | None = None
    severity: Severity | None = None

    @model_validator(mode="after")
    def _labels_fit(self) -> Example:
        if self.complaint and (self.category is None or self.severity is None):
            raise ValueError("a complaint needs both a category and a severity")
        if not self.complaint and (self.category is not None or self.severity is not None):
            raise ValueError("only a complaint has a category or a severity")
        return self


class ExampleSet(BaseModel):
    """The whole of `examples.yaml`."""

    model_config = ConfigDict(extra="forbid")

    examples: list[Example] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_repeats(self) -> ExampleSet:
        seen: set[str] = set()
        for example in self.examples:
            key = " ".join(example.text.lower().split())
            if key in seen:
                raise ValueError(f"the example {example.text!r} is written twice")
            seen.add(key)
        return self


class HoldoutReport(BaseModel):
    """How the heads did on the fifth of the examples they were not trained on, at the thresholds chosen there."""

    model_config = ConfigDict(extra="forbid")

    n_train: int
    n_holdout: int
    complaint_threshold: float
    complaint_precision: float
    complaint_recall: float
    handoff_threshold: float
    handoff_precision: float
    handoff_recall: float
    category_accuracy: float
    severity_accuracy: float
