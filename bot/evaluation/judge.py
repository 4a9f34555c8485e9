"""An optional LLM judge for `concierge eval --judge`: a rubric no regex can check ("does this sound like a person
who has eaten here?"). Off by default, it needs a key or a local server, and its faults never fail a case: a judge
that cannot answer says so in the report instead of scoring."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import openai
from openai import AsyncOpenAI
from pydantic import BaseModel, Field, ValidationError

from bot.evaluation.case import Case
from bot.evaluation.result import Score
from bot.voice.prompt import Prompt, load_prompt


class Grade(BaseModel):
    score: int = Field(ge=1, le=5)
    reason: str = ""


class LLMJudge:
    def __init__(self, client: AsyncOpenAI, model: str, *, pass_score: int = 4) -> None:
        self.client = client
        self.model = model
        self.pass_score = pass_score
        self.system: Prompt = load_prompt("judge_system")
        self.user: Prompt = load_prompt("judge_user")

    async def judge(self, case: Case, replies: Sequence[dict[str, Any]]) -> Score:
        if not replies:
            return Score(scorer="judge", passed=True, applies=False, detail="no answer to grade")
        user = self.user.render(
            # JSON strings, so nothing a guest typed can close the tags around it.
            guest_turns=json.dumps(case.turns, ensure_ascii=False),
            answer=json.dumps(str(replies[-1].get("text", "")), ensure_ascii=False),
        )
        try:
            completion = await self.client.chat.completions.create(
                model=self.model,
                messages=[{"role": "system", "content": self.system.render()}, {"role": "user", "content": user}],
                response_format={"type": "json_object"},
                max_tokens=200,
                temperature=0,
            )
            content = completion.choices[0].message.content if completion.choices else None
            grade = Grade.model_validate_json(content or "")
        except (openai.OpenAIError, ValidationError, ValueError) as exc:
            return Score(scorer="judge", passed=True, applies=False, detail=f"judge unavailable: {type(exc).__name__}")
        return Score(
            scorer="judge",
            passed=grade.score >= self.pass_score,
            value=float(grade.score),
            detail=f"{grade.score}/5: {grade.reason}",
        )
