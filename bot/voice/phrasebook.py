"""The template voice's phrase bank: a validated YAML file in prompts/, never strings buried in code."""

from __future__ import annotations

import random
import string
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.errors import ConciergeError
from bot.yaml_files import parse

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
DEFAULT_FILE = PROMPTS_DIR / "template_voice.yaml"


class Slot(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vars: list[str] = Field(default_factory=list)
    lines: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_placeholders(self) -> Slot:
        # `x_cap` is the capitalised form of `x`, for phrasings that open a sentence with a variable.
        allowed = set(self.vars) | {f"{v}_cap" for v in self.vars}
        for line in self.lines:
            used = {name for _, name, _, _ in string.Formatter().parse(line) if name is not None}
            unknown = used - allowed
            if unknown:
                raise ValueError(f"'{line}' uses {sorted(unknown)}, not in vars {self.vars}")
        return self


class Phrasebook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    slots: dict[str, Slot]

    def say(self, slot: str, rng: random.Random, **values: str) -> str:
        """One phrasing of `slot`, chosen by `rng`, filled with `values`; a missing value is a bug, so it raises."""
        chosen = self.slots[slot]
        line = rng.choice(chosen.lines)
        missing = set(chosen.vars) - set(values)
        if missing:
            raise KeyError(f"slot {slot} needs {sorted(missing)}")
        filled = {**values, **{f"{k}_cap": v[:1].upper() + v[1:] for k, v in values.items()}}
        return line.format(**filled)


def load_phrasebook(path: Path = DEFAULT_FILE) -> Phrasebook:
    try:
        data = parse(path.read_text(encoding="utf-8"))
        return Phrasebook.model_validate(data)
    except OSError as exc:
        raise ConciergeError(f"{path}: cannot be read: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConciergeError(f"{path}: is not valid YAML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ConciergeError(f"{path}: {where}: {err['msg']}") from None
