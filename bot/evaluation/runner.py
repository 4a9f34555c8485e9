"""Run eval cases through a real Concierge and score every answer.

The concierge under test is the production one (same catalog, classifier, decisions) with its state (sessions,
escalation tickets, tonight's menu) in a throwaway folder, so an eval run never files a ticket a manager would see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.concierge import Concierge
from bot.errors import ConciergeError
from bot.evaluation import scorers
from bot.evaluation.case import BLIND, HELD_OUT, Case, CaseError
from bot.evaluation.result import CaseResult, Exchange, RunResult, Score

Progress = Callable[[int, int], None]
# Cases are written against a fixed "now", so "tonight", "this Friday" and "tomorrow" mean one thing in every run.
EVAL_NOW = dt.datetime(2026, 12, 1, 15, 0)
SCORERS = (
    "understanding",
    "hedging",
    "commitment",
    "grounding",
    "safety",
    "escalation",
    "expectations",
    "authenticity",
    "latency",
    "judge",
)


class Judge(Protocol):
    async def judge(self, case: Case, replies: Sequence[dict[str, Any]]) -> Score: ...


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    pass_rate: dict[str, float] = Field(default_factory=dict)
    act_pass_rate: float | None = None  # every act of the blind paraphrase set must reach this
    latency_budget_ms: float = 1500.0
    authenticity_max_overlap: float = 0.5


def load_thresholds(path: Path) -> Thresholds:
    try:
        return Thresholds.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    except OSError as exc:
        raise CaseError(f"{path}: cannot be read: {exc.strerror}") from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise CaseError(f"{path}: is not a valid thresholds file: {exc}") from None


async def _converse(concierge: Concierge, case: Case, session: str) -> tuple[list[Exchange], str | None]:
    exchanges: list[Exchange] = []
    for said in case.turns:
        try:
            reply = await concierge.ask(said, session=session, venue=case.venue, role=case.role)
        except ConciergeError as exc:
            return exchanges, str(exc)
        exchanges.append(Exchange(said=said, reply=reply.model_dump(mode="json")))
    return exchanges, None


def _score_case(case: Case, replies: Sequence[dict[str, Any]], concierge: Concierge, t: Thresholds) -> list[Score]:
    venue = concierge.tonight(case.venue)
    return [
        scorers.understanding(case, replies),
        scorers.hedging(case, replies),
        scorers.commitment(case, replies),
        scorers.grounding(case, replies, venue),
        scorers.safety(case, replies, venue),
        scorers.escalation(case, replies),
        scorers.expectations(case, replies, venue),
        scorers.latency(replies, t.latency_budget_ms),
    ]


async def run_cases(
    concierge: Concierge,
    cases: Sequence[Case],
    *,
    thresholds: Thresholds,
    voice: str,
    knowledge: str,
    repeat: int = 1,
    baseline: RunResult | None = None,
    progress: Progress | None = None,
    judge: Judge | None = None,
) -> RunResult:
    started = dt.datetime.now(dt.UTC)
    concierge.clock = lambda: EVAL_NOW
    results: list[CaseResult] = []
    total, done = len(cases) * repeat, 0
    for r in range(repeat):
        batch: list[CaseResult] = []
        for case in cases:
            # Session ids are fixed so a run is repeatable: the template voice is seeded by the session.
            exchanges, error = await _converse(concierge, case, f"eval-{case.id}-{r}")
            replies = [e.reply for e in exchanges]
            scores = _score_case(case, replies, concierge, thresholds) if error is None else []
            if judge is not None and error is None:
                scores.append(await judge.judge(case, replies))
            batch.append(
                CaseResult(
                    case_id=case.id,
                    kind=case.kind,
                    group=case.group,
                    repeat=r,
                    transcript=exchanges,
                    scores=scores,
                    expected=case.expect.model_dump(exclude_defaults=True) | {"truth": case.truth.model_dump()},
                    error=error,
                )
            )
            done += 1
            if progress:
                progress(done, total)
        _score_groups(cases, batch, concierge, thresholds)
        results.extend(batch)
    return summarise(
        RunResult(started_at=started, voice=voice, knowledge=knowledge, repeat=repeat, cases=results),
        thresholds,
        baseline,
    )


def _score_groups(cases: Sequence[Case], batch: list[CaseResult], concierge: Concierge, t: Thresholds) -> None:
    by_id = {c.id: c for c in cases}
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for result in batch:
        if result.group and result.error is None:
            groups[result.group].append(result)
    for members in groups.values():
        if len(members) < 2:
            continue
        venue = concierge.tonight(by_id[members[0].case_id].venue)
        scored = scorers.authenticity(
            [(by_id[m.case_id], [e.reply for e in m.transcript]) for m in members], venue, t.authenticity_max_overlap
        )
        for m in members:
            m.scores.append(scored[m.case_id])


def _all_repeats(results: Sequence[CaseResult]) -> dict[str, list[CaseResult]]:
    by_case: dict[str, list[CaseResult]] = defaultdict(list)
    for r in results:
        by_case[r.case_id].append(r)
    return by_case


def summarise(run: RunResult, thresholds: Thresholds, baseline: RunResult | None) -> RunResult:
    """Pass rates counted over cases, where a case passes a scorer only if it passed in every repeat (LLM voices
    vary: a case that works one time in three does not work). The scorer thresholds gate the hand-written suite;
    the blind paraphrase set is gated per act, and its scorer rates are reported beside."""
    by_case = _all_repeats(run.cases)
    scorer_rates = _scorer_rates({k: v for k, v in by_case.items() if not k.startswith(BLIND)})
    blind_rates = _scorer_rates({k: v for k, v in by_case.items() if k.startswith(BLIND)})
    return _verdicts(run, thresholds, baseline, by_case, scorer_rates, blind_rates)


def _scorer_rates(by_case: dict[str, list[CaseResult]]) -> dict[str, float]:
    scorer_rates: dict[str, float] = {}
    for name in SCORERS:
        verdicts = []
        for attempts in by_case.values():
            scores = [s for a in attempts for s in a.scores if s.scorer == name and s.applies]
            errored = any(a.error for a in attempts)
            if scores or errored:
                verdicts.append(not errored and all(s.passed for s in scores))
        if verdicts:
            scorer_rates[name] = sum(verdicts) / len(verdicts)
    return scorer_rates


def _verdicts(
    run: RunResult,
    thresholds: Thresholds,
    baseline: RunResult | None,
    by_case: dict[str, list[CaseResult]],
    scorer_rates: dict[str, float],
    blind_rates: dict[str, float],
) -> RunResult:
    kinds: dict[str, list[bool]] = defaultdict(list)
    acts: dict[str, list[bool]] = defaultdict(list)
    held: dict[str, list[bool]] = defaultdict(list)
    for attempts in by_case.values():
        kinds[attempts[0].kind].append(all(a.passed for a in attempts))
        act = attempts[0].expected.get("intent")
        if act and attempts[0].case_id.startswith(BLIND):
            acts[str(act)].append(all(a.passed for a in attempts))
        if act and attempts[0].case_id.startswith(HELD_OUT):
            held[str(act)].append(all(a.passed for a in attempts))
    missed = [
        f"{name}: {scorer_rates[name]:.1%} < {floor:.0%}"
        for name, floor in thresholds.pass_rate.items()
        if name in scorer_rates and scorer_rates[name] < floor
    ]
    floor = thresholds.act_pass_rate
    if floor is not None:
        missed += [
            f"blind {act}: {sum(v) / len(v):.1%} < {floor:.0%}"
            for act, v in sorted(acts.items())
            if sum(v) / len(v) < floor
        ]
    regressions: list[str] = []
    improvements: list[str] = []
    if baseline is not None:
        before = {cid: all(a.passed for a in attempts) for cid, attempts in _all_repeats(baseline.cases).items()}
        for cid, attempts in by_case.items():
            now = all(a.passed for a in attempts)
            if cid in before and before[cid] and not now:
                regressions.append(cid)
            elif cid in before and not before[cid] and now:
                improvements.append(cid)
    return run.model_copy(
        update={
            "thresholds": dict(thresholds.pass_rate),
            "scorer_rates": scorer_rates,
            "kind_rates": {k: sum(v) / len(v) for k, v in kinds.items()},
            "act_rates": {k: sum(v) / len(v) for k, v in sorted(acts.items())},
            "held_out_act_rates": {k: sum(v) / len(v) for k, v in sorted(held.items())},
            "blind_scorer_rates": blind_rates,
            "missed": missed,
            "regressions": regressions,
            "improvements": improvements,
        }
    )


def load_baseline(path: Path) -> RunResult:
    try:
        return RunResult.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise CaseError(f"{path}: cannot be read: {exc.strerror}") from None
    except ValidationError:
        raise CaseError(f"{path}: is not a results.json written by `concierge eval`") from None
