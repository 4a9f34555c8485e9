"""LLM prompts are files: `prompts/*.j2`, Jinja2 under a YAML front matter that names the prompt and its variables.

    ---
    name: voice_user
    description: What the model is asked to phrase.
    variables: [decision_json, guest_message]
    ---
    {{ decision_json }} …

A prompt is checked when it loads (the front matter is valid, and the template uses exactly the variables it
declares) and when it renders (the caller passes exactly those variables; `StrictUndefined` catches the rest).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2 import meta
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import ConciergeError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # prompts are plain text for a model, never HTML
    keep_trailing_newline=False,
    trim_blocks=True,
    lstrip_blocks=True,
)


class PromptError(ConciergeError):
    """A prompt file is malformed, or was rendered with the wrong variables."""


class FrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    variables: list[str] = Field(default_factory=list)


class Prompt:
    def __init__(self, front: FrontMatter, source: str, path: Path) -> None:
        self.name = front.name
        self.description = front.description
        self.variables = frozenset(front.variables)
        self.path = path
        try:
            self._template = _ENV.from_string(source)
            used = meta.find_undeclared_variables(_ENV.parse(source))
        except jinja2.TemplateSyntaxError as exc:
            raise PromptError(f"{path}:{exc.lineno}: {exc.message}") from None
        if used != self.variables:
            raise PromptError(
                f"{path}: the template uses {sorted(used)} but the front matter declares {sorted(self.variables)}"
            )

    def render(self, **values: Any) -> str:
        """The prompt with `values` filled in; a missing or an undeclared variable is an error, never a blank."""
        given = set(values)
        missing, extra = self.variables - given, given - self.variables
        if missing or extra:
            parts = [f"missing {sorted(missing)}"] if missing else []
            parts += [f"unexpected {sorted(extra)}"] if extra else []
            raise PromptError(f"prompt {self.name}: {', '.join(parts)}")
        try:
            return self._template.render(**values).strip()
        except jinja2.UndefinedError as exc:
            raise PromptError(f"prompt {self.name}: {exc.message}") from None


def load_prompt(name: str, root: Path = PROMPTS_DIR) -> Prompt:
    """`prompts/<name>.j2`, validated."""
    return parse_prompt(root / f"{name}.j2")


def parse_prompt(path: Path) -> Prompt:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"{path}: cannot be read: {exc.strerror}") from None
    if not raw.startswith("---\n"):
        raise PromptError(f"{path}: must open with a '---' front matter block")
    head, sep, body = raw[4:].partition("\n---\n")
    if not sep:
        raise PromptError(f"{path}: the front matter is never closed with '---'")
    try:
        front = FrontMatter.model_validate(yaml.safe_load(head))
    except yaml.YAMLError as exc:
        raise PromptError(f"{path}: front matter is not valid YAML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        raise PromptError(f"{path}: front matter {'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None
    if front.name != path.stem:
        raise PromptError(f"{path}: front matter names it '{front.name}', but the file is '{path.stem}'")
    return Prompt(front, body, path)


def all_prompts(root: Path = PROMPTS_DIR) -> list[Prompt]:
    return [parse_prompt(p) for p in sorted(root.glob("*.j2"))]
