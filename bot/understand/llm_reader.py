"""Optional (`CONCIERGE_LLM_CONSTRAINTS=true`): an LLM reads the guest's constraints with structured output.

The rules reader stays the default and the floor. What the model reads can only widen what the rules read: it may
add a diet, an allergy or a dislike the rules missed, and fill a budget or a course the rules left empty, but it
can never drop a limit the rules found, and every value must come from the same vocabulary the rules use. On any
fault (timeout, 429, 5xx, a refusal, output that does not validate) the caller keeps the rules' result.

Servers that reject `response_format={"type": "json_schema"}` (a llama.cpp build answered HTTP 500 to it) are asked
again with `json_object`, and are not asked for a schema again.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.knowledge.model import ALLERGENS, COURSES, DIETS, Allergen, Course, Diet
from bot.understand.request import Constraints
from bot.understand.taste import TASTES
from bot.voice.exchange_log import Exchange, ExchangeLog, Outcome
from bot.voice.openai import quoted
from bot.voice.prompt import PROMPTS_DIR, load_prompt

# Statuses with which a server says it cannot do `json_schema`, as opposed to a fault in our request.
_SCHEMA_REFUSED = (400, 422, 500, 501)


class ReadConstraints(BaseModel):
    """What the model returns: `Constraints` with every field required (strict structured output wants that) and
    the diets, allergens and courses held to the knowledge format's own vocabulary."""

    model_config = ConfigDict(extra="forbid")

    dietary: list[Diet]
    allergies: list[Allergen]
    likes: list[str]
    dislikes: list[str]
    budget: float | None
    course: Course | None


def widen(rules: Constraints, read: ReadConstraints) -> Constraints:
    """The rules' constraints with what the model read added: never fewer limits, only known words."""

    def more(a: Sequence[str], b: Sequence[str], drop: Sequence[str] = ()) -> list[str]:
        return [x for x in dict.fromkeys([*a, *b]) if x not in drop]

    dislikes = more(rules.dislikes, [t for t in read.dislikes if t in TASTES])
    budget = rules.budget if rules.budget is not None else (read.budget if read.budget and read.budget > 0 else None)
    return Constraints(
        dietary=more(rules.dietary, list(read.dietary)),
        allergies=more(rules.allergies, list(read.allergies)),
        likes=more(rules.likes, [t for t in read.likes if t in TASTES], dislikes),
        dislikes=dislikes,
        budget=budget,
        course=rules.course or read.course,
    )


class _Fault(Exception):
    pass


class LLMConstraintReader:
    def __init__(
        self, client: AsyncOpenAI, *, model: str, log: ExchangeLog, budget: float = 8.0, prompts: Path = PROMPTS_DIR
    ) -> None:
        self.client = client
        self.model = model
        self.log = log
        self.budget = budget
        self.system = load_prompt("constraints_system", prompts)
        self.user = load_prompt("constraints_user", prompts)
        self.schema_ok = True  # until the server says it cannot do json_schema

    async def read(self, text: str, *, session: str | None = None) -> Constraints | None:
        """What the model reads in `text`, held to the rules' vocabulary, or None on any fault (the caller then
        keeps the rules' result). The caller lays the rules' own reading over it (`Constraints.merged_with`), so the
        rules win every conflict and no limit they found is lost."""
        found = await self._read(text, session)
        return None if found is None else widen(Constraints(), found)

    async def _read(self, text: str, session: str | None) -> ReadConstraints | None:
        system = self.system.render(
            diets=list(DIETS),
            allergens=list(ALLERGENS),
            courses=list(COURSES),
            schema=json.dumps(ReadConstraints.model_json_schema()),
        )
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": self.user.render(guest_message=quoted(text))},
        ]
        try:
            async with asyncio.timeout(self.budget):
                if self.schema_ok:
                    try:
                        return await self._parse(messages, session)
                    except openai.APIStatusError as exc:
                        if exc.status_code not in _SCHEMA_REFUSED:
                            return None
                        self.schema_ok = False
                return await self._json_object(messages, session)
        except TimeoutError:
            self.log.write(
                Exchange(
                    purpose="constraints",
                    model=self.model,
                    prompt=f"{self.system.name}+{self.user.name}",
                    session=session,
                    latency_ms=round(self.budget * 1000, 1),
                    outcome="error",
                    error="over the answer budget",
                )
            )
            return None
        except (_Fault, openai.OpenAIError):
            return None

    async def _parse(self, messages: list[ChatCompletionMessageParam], session: str | None) -> ReadConstraints:
        started = time.perf_counter()
        try:
            completion = await self.client.chat.completions.parse(
                model=self.model, messages=messages, response_format=ReadConstraints, max_tokens=300
            )
        except openai.APIStatusError as exc:
            self._write(started, session, "json_schema", "error", error=f"HTTP {exc.status_code}", rid=exc.request_id)
            raise
        except openai.LengthFinishReasonError:
            self._write(started, session, "json_schema", "length", error="cut off at the length limit")
            raise _Fault from None
        except openai.ContentFilterFinishReasonError:
            self._write(started, session, "json_schema", "content-filter", error="stopped by the content filter")
            raise _Fault from None
        except (openai.OpenAIError, ValidationError) as exc:
            self._write(started, session, "json_schema", "error", error=type(exc).__name__)
            raise _Fault from None
        message = completion.choices[0].message if completion.choices else None
        usage = completion.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else None
        if message is None or message.refusal or message.parsed is None:
            outcome: Outcome = "refusal" if message is not None and message.refusal else "empty"
            self._write(started, session, "json_schema", outcome, rid=completion._request_id, tokens=tokens)
            raise _Fault
        self._write(
            started, session, "json_schema", "ok", rid=completion._request_id, text=message.content, tokens=tokens
        )
        return message.parsed

    async def _json_object(self, messages: list[ChatCompletionMessageParam], session: str | None) -> ReadConstraints:
        started = time.perf_counter()
        try:
            completion = await self.client.chat.completions.create(
                model=self.model, messages=messages, response_format={"type": "json_object"}, max_tokens=300
            )
        except openai.APIStatusError as exc:
            self._write(started, session, "json_object", "error", error=f"HTTP {exc.status_code}", rid=exc.request_id)
            raise _Fault from None
        except openai.OpenAIError as exc:
            self._write(started, session, "json_object", "error", error=type(exc).__name__)
            raise _Fault from None
        choice = completion.choices[0] if completion.choices else None
        usage = completion.usage
        tokens = (usage.prompt_tokens, usage.completion_tokens) if usage else None
        rid = completion._request_id
        content = choice.message.content if choice else None
        if choice is None or choice.message.refusal or choice.finish_reason != "stop" or not content:
            outcome: Outcome = "refusal" if choice is not None and choice.message.refusal else "empty"
            if choice is not None and choice.finish_reason == "length":
                outcome = "length"
            self._write(started, session, "json_object", outcome, rid=rid, tokens=tokens)
            raise _Fault
        try:
            found = ReadConstraints.model_validate_json(content)
        except ValidationError:
            self._write(
                started, session, "json_object", "error", error="output does not validate", rid=rid, tokens=tokens
            )
            raise _Fault from None
        self._write(started, session, "json_object", "ok", rid=rid, text=content, tokens=tokens)
        return found

    def _write(
        self,
        started: float,
        session: str | None,
        mode: str,
        outcome: Outcome,
        *,
        error: str | None = None,
        rid: str | None = None,
        text: str | None = None,
        tokens: tuple[int, int] | None = None,
    ) -> None:
        fields: dict[str, Any] = {"prompt_tokens": tokens[0], "completion_tokens": tokens[1]} if tokens else {}
        self.log.write(
            Exchange(
                purpose="constraints",
                model=self.model,
                prompt=f"{self.system.name}+{self.user.name} ({mode})",
                session=session,
                request_id=rid,
                latency_ms=round((time.perf_counter() - started) * 1000, 1),
                outcome=outcome,
                error=error,
                verdict=None,
                text=text,
                **fields,
            )
        )
