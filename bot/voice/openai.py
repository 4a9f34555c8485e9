"""The LLM voice: an OpenAI-compatible chat model phrases the decision; the guard checks it; the template catches it.

The model never decides anything. It is handed the decision (without the staff-only remedy), the guest's words as
quoted data, and the house rules in `prompts/voice_system.j2`. Its answer reaches the guest only if the guard
passes it; a rejected answer gets one retry carrying the guard's reasons, then the template voice speaks. So does
any fault of the model or the server (timeout, connection refused, 429, 5xx, a refusal, a length cut-off, the
content filter) and anything over the answer budget, and `Phrasing.note` says which.

This is the only module that knows the openai SDK's exceptions; it leans on the SDK's own `timeout` and
`max_retries` instead of a retry loop of its own. Every call is logged to the exchange log.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import openai
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletionMessageParam

from bot.decide.decision import Citation, Decision
from bot.knowledge.venue import VenueKnowledge
from bot.money import money
from bot.voice.base import Phrasing, VoiceContext
from bot.voice.exchange_log import Exchange, ExchangeLog, Outcome
from bot.voice.guard import Grounds, GuardVerdict, check_text
from bot.voice.prompt import PROMPTS_DIR, load_prompt
from bot.voice.template import TemplateVoice

SAFETY_NOTE = "openai: a safety-critical answer is always the template's"


class Guard(Protocol):
    def __call__(
        self,
        text: str,
        decision: Decision,
        grounds: Grounds | None = None,
        *,
        guest: Sequence[str] = (),
        instructions: str = "",
    ) -> GuardVerdict: ...


class _Fault(Exception):
    """A call that produced no words we can use; `note` says why, for `Reply.voice_note`."""

    def __init__(self, note: str) -> None:
        super().__init__(note)
        self.note = note


@dataclass(frozen=True)
class _Answer:
    text: str
    latency_ms: float
    request_id: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    finish_reason: str | None


def quoted(text: str) -> str:
    """Guest text as a JSON string that cannot close the tags around it: data, never instructions."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")


def _staff(c: Citation) -> dict[str, str]:
    return {"name": c.author_name, "role": c.role, "stance": c.stance, "quote": c.quote}


def brief(decision: Decision) -> dict[str, Any]:
    """What the model is told: the decision, whitelisted field by field, so the remedy and the loss (staff only)
    and the internal ids can never reach it."""
    cur = decision.currency

    def price(x: float | None) -> str | None:
        return None if x is None else money(x, cur)

    out: dict[str, Any] = {
        "venue": decision.venue_name,
        "situation": decision.situation,
        "speaking_to": decision.role,
        "picks": [
            {
                "rank": p.rank,
                "name": p.name,
                "kind": p.kind,
                "course": p.course,
                "price": price(p.price),
                "serve": p.serve,
                "bottle_price": price(p.bottle_price),
                "reason": p.why,
                "staff": [_staff(c) for c in p.citations],
                "staff_against": [_staff(c) for c in p.dissent],
                "suits": p.suits,
                "fits_their_taste_for": p.fits,
                "kitchen_change": p.change,
                "why_it_works": p.reasons,
                "caveats": p.caveats,
            }
            for p in decision.picks
        ],
        "skips": [{"name": s.name, "why": s.why, "staff": [_staff(c) for c in s.citations]} for s in decision.skips],
        "facts": [{"name": f.name, "topic": f.topic, "yes": f.verdict, "detail": f.detail} for f in decision.facts],
        "guest_limits": decision.constraints.model_dump(exclude_defaults=True)
        | ({"budget": price(decision.constraints.budget)} if decision.constraints.budget is not None else {}),
        "asked_for": decision.asked,
        "shortfall": decision.shortfall,
        "confirm_with_staff": decision.confirm_with_staff,
    }
    if decision.pairing_name:
        out["pairing_for"] = decision.pairing_name
    if decision.at_limit is not None:
        out["priced_at_the_limit"] = price(decision.at_limit)  # asked "under" it; say the pick is at it, not under
    if decision.chat is not None:
        out["small_talk"] = decision.chat
    if decision.praised is not None:
        backer = decision.praised.backer
        out["praised"] = {"name": decision.praised.name, "staff_who_back_it": [_staff(backer)] if backer else []}
    esc = decision.escalation
    if esc is not None:
        out["escalation"] = {
            "category": esc.category,
            "severity": esc.severity,
            "owner": esc.owner,
            "when": "right away" if esc.sla_minutes <= 1 else f"within {esc.sla_minutes} minutes",
            "items": esc.items,
            "filed": esc.filed,
            "ticket": esc.id,
        }
    pruned: dict[str, Any] = _pruned(out)
    return pruned


def _pruned(value: Any) -> Any:
    """Without the empty fields, at any depth: a small model reads a short brief better, and tokens cost."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v is not None and v not in ([], {})}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def _critical(decision: Decision) -> bool:
    esc = decision.escalation
    return esc is not None and (esc.severity == "critical" or esc.category == "allergen-safety")


class OpenAIVoice:
    name = "openai"

    def __init__(
        self,
        client: AsyncOpenAI,
        *,
        model: str,
        fallback: TemplateVoice,
        log: ExchangeLog,
        guard: Guard = check_text,
        budget: float = 20.0,
        max_tokens: int = 600,
        prompts: Path = PROMPTS_DIR,
    ) -> None:
        self.client = client
        self.model = model
        self.fallback = fallback
        self.log = log
        self.guard = guard
        self.budget = budget  # seconds for the whole answer, retries and the guard's second try included
        self.max_tokens = max_tokens
        self.system = load_prompt("voice_system", prompts)
        self.user = load_prompt("voice_user", prompts)
        self.retry = load_prompt("voice_retry", prompts)
        self._grounds: dict[tuple[str, tuple[str, ...]], Grounds] = {}

    async def phrase(self, decision: Decision, context: VoiceContext) -> Phrasing:
        if _critical(decision):
            # "Get a member of staff now" must never depend on a model's mood or a server's uptime.
            return self._fall_back(decision, context, SAFETY_NOTE)
        try:
            async with asyncio.timeout(self.budget):
                return await self._phrase(decision, context)
        except TimeoutError:
            return self._fall_back(decision, context, f"openai: over the {self.budget:g} s answer budget")
        except _Fault as fault:
            return self._fall_back(decision, context, fault.note)

    def _fall_back(self, decision: Decision, context: VoiceContext, note: str) -> Phrasing:
        return Phrasing(text=self.fallback.render(decision, context), voice=self.fallback.name, note=note)

    async def _phrase(self, decision: Decision, context: VoiceContext) -> Phrasing:
        system = self.system.render(venue_name=decision.venue_name)
        user = self.user.render(
            decision_json=json.dumps(brief(decision), ensure_ascii=False, indent=1),
            situation=decision.situation,
            guest_message=quoted(context.text),
            history=[quoted(h) for h in context.history],
        )
        messages: list[ChatCompletionMessageParam] = [
            {"role": "system", "content": system},
            {"role": "user", "content": user},
        ]
        grounds = self._grounds_of(context.venue)
        guest = [context.text, *context.history]
        verdict = GuardVerdict(ok=False)
        for attempt in (1, 2):
            answer = await self._complete(messages, context, attempt)
            verdict = self.guard(answer.text, decision, grounds, guest=guest, instructions=system)
            self._record(answer, context, attempt, verdict)
            if verdict.ok:
                return Phrasing(text=answer.text, voice=self.name)
            messages += [
                {"role": "assistant", "content": answer.text},
                {"role": "user", "content": self.retry.render(reasons=list(verdict.reasons))},
            ]
        raise _Fault(f"openai: the guard rejected both answers ({verdict})")

    def _grounds_of(self, venue: VenueKnowledge | None) -> Grounds | None:
        if venue is None:
            return None
        key = (venue.id, tuple(d.id for d in venue.dishes) + tuple(d.id for d in venue.drinks))
        if key not in self._grounds:
            if len(self._grounds) > 32:
                self._grounds.clear()
            self._grounds[key] = Grounds.of(venue)
        return self._grounds[key]

    async def _complete(
        self, messages: list[ChatCompletionMessageParam], context: VoiceContext, attempt: int
    ) -> _Answer:
        started = time.perf_counter()

        def failed(outcome: Outcome, note: str, request_id: str | None = None, **more: Any) -> _Fault:
            self.log.write(
                self._exchange(
                    context,
                    attempt,
                    request_id=request_id,
                    latency_ms=round((time.perf_counter() - started) * 1000, 1),
                    outcome=outcome,
                    error=note,
                    **more,
                )
            )
            return _Fault(f"openai: {note}")

        try:
            completion = await self.client.chat.completions.create(
                model=self.model, messages=messages, max_tokens=self.max_tokens
            )
        except asyncio.CancelledError:
            failed("error", "cancelled: over the answer budget")
            raise
        except openai.APITimeoutError:
            raise failed("error", "timed out") from None
        except openai.APIConnectionError:
            raise failed("error", "cannot reach the server") from None
        except openai.RateLimitError as exc:
            raise failed("error", "rate limited (HTTP 429)", exc.request_id) from None
        except openai.APIStatusError as exc:
            raise failed("error", f"server said HTTP {exc.status_code}", exc.request_id) from None
        except openai.OpenAIError as exc:
            raise failed("error", f"unusable response ({type(exc).__name__})") from None
        usage = completion.usage
        tokens: dict[str, Any] = {
            "prompt_tokens": usage.prompt_tokens if usage else None,
            "completion_tokens": usage.completion_tokens if usage else None,
        }
        rid = completion._request_id
        if not completion.choices:
            raise failed("empty", "no answer in the response", rid, **tokens)
        choice = completion.choices[0]
        finish = choice.finish_reason
        message = choice.message
        if message.refusal:
            raise failed("refusal", "the model refused", rid, finish_reason=finish, text=message.refusal, **tokens)
        if finish == "length":
            raise failed("length", "cut off at the length limit", rid, finish_reason=finish, **tokens)
        if finish == "content_filter":
            raise failed("content-filter", "stopped by the content filter", rid, finish_reason=finish, **tokens)
        text = (message.content or "").strip()
        if not text:
            raise failed("empty", "an empty answer", rid, finish_reason=finish, **tokens)
        return _Answer(
            text=text,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            request_id=rid,
            finish_reason=finish,
            **tokens,
        )

    def _exchange(self, context: VoiceContext, attempt: int, **fields: Any) -> Exchange:
        """One log line for one call: which prompts, which attempt, which conversation turn."""
        return Exchange(
            purpose="voice",
            model=self.model,
            prompt=f"{self.system.name}+{self.user.name}" + ("+voice_retry" if attempt > 1 else ""),
            attempt=attempt,
            session=context.session,
            turn=context.turn,
            **fields,
        )

    def _record(self, answer: _Answer, context: VoiceContext, attempt: int, verdict: GuardVerdict) -> None:
        self.log.write(
            self._exchange(
                context,
                attempt,
                request_id=answer.request_id,
                prompt_tokens=answer.prompt_tokens,
                completion_tokens=answer.completion_tokens,
                latency_ms=answer.latency_ms,
                outcome="ok",
                finish_reason=answer.finish_reason,
                verdict=str(verdict),
                text=answer.text,
            )
        )
