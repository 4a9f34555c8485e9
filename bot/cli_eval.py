"""`concierge eval`: run the eval suite against a knowledge root and a voice, and write the operator's report."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.errors import ConciergeError
from bot.evaluation.badvoice import HedgingVoice, ScriptedVoice
from bot.evaluation.case import CaseError, load_cases
from bot.evaluation.runner import load_baseline, load_thresholds, run_cases
from bot.runtime import open_concierge, open_llm, open_voice
from bot.settings import Settings
from bot.voice.base import Voice
from bot.voice.template import TemplateVoice

out = Console()
err = Console(stderr=True)

# The bad voices are here and nowhere else: they exist to prove the scorers catch hedging and scripts.
VOICES: dict[str, Callable[[], Voice]] = {
    "template": TemplateVoice,
    "hedging": HedgingVoice,
    "scripted": ScriptedVoice,
    "openai": lambda: open_voice(Settings(), "openai"),  # OPENAI_API_KEY / OPENAI_BASE_URL, CONCIERGE_OPENAI_*
}


def evaluate(
    out_dir: Annotated[Path, typer.Option("--out", help="Where report.html, results.json and junit.xml go.")],
    cases: Annotated[Path, typer.Option("--cases", help="Folder of eval case files.")] = Path("evals/cases"),
    knowledge: Annotated[Path | None, typer.Option("--knowledge", help="Knowledge root (default: knowledge/).")] = None,
    venue: Annotated[str | None, typer.Option("--venue", help="Only the cases for this venue.")] = None,
    voice: Annotated[str, typer.Option("--voice", help=f"One of: {', '.join(VOICES)}.")] = "template",
    repeat: Annotated[int, typer.Option("--repeat", min=1, help="Run each case N times; all N must pass.")] = 1,
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="An earlier results.json to compare with.")
    ] = None,
    thresholds: Annotated[Path, typer.Option("--thresholds")] = Path("evals/thresholds.yaml"),
    judge: Annotated[
        bool,
        typer.Option("--judge", help="Also grade each answer with an LLM judge (needs OPENAI_API_KEY or _BASE_URL)."),
    ] = False,
) -> None:
    """Run the eval suite; exit 1 when a scorer misses its threshold or a case regressed against the baseline."""
    if voice not in VOICES:
        raise typer.BadParameter(f"unknown voice '{voice}' (choose from {', '.join(VOICES)})", param_hint="--voice")
    # The report pulls in matplotlib; importing it here keeps every other command's start-up fast.
    from bot.evaluation.report import write_report

    settings = Settings()
    try:
        suite = load_cases(cases)
        if venue:
            suite = [c for c in suite if c.venue == venue]
            if not suite:
                raise CaseError(f"{cases}: no case is for venue '{venue}'")
        limits = load_thresholds(thresholds)
        before = load_baseline(baseline) if baseline else None
        with tempfile.TemporaryDirectory(prefix="concierge-eval-") as state:
            concierge, refresh = open_concierge(settings, knowledge, voice=VOICES[voice](), state=Path(state))
            if refresh.problem is not None:
                err.print(f"[yellow]warning:[/] {refresh.problem}", highlight=False, soft_wrap=True)
            # Fitting the act and complaint models is start-up, not an answer: do it before anything is timed.
            concierge.warm()
            grader = None
            if judge:
                from bot.evaluation.judge import LLMJudge

                grader = LLMJudge(open_llm(settings), settings.openai_model)
            bar = Progress(
                TextColumn(f"eval ({voice})"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
            )
            with bar:
                task = bar.add_task("eval", total=len(suite) * repeat)
                run = asyncio.run(
                    run_cases(
                        concierge,
                        suite,
                        thresholds=limits,
                        voice=voice,
                        knowledge=str(knowledge or settings.knowledge),
                        repeat=repeat,
                        baseline=before,
                        progress=lambda done, total: bar.update(task, completed=done, total=total),
                        judge=grader,
                    )
                )
            concierge.escalations.close()
        files = write_report(run, out_dir)
    except ConciergeError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(code=2) from None
    table = Table(title=f"eval: {len(suite)} cases × {repeat}, voice {voice}")
    for col in ("scorer", "pass rate", "threshold", "verdict"):
        table.add_column(col)
    for name, rate in run.scorer_rates.items():
        floor = run.thresholds.get(name)
        ok = floor is None or rate >= floor
        table.add_row(
            name, f"{rate:.1%}", "-" if floor is None else f"{floor:.0%}", "[green]met[/]" if ok else "[red]missed[/]"
        )
    out.print(table)
    if run.regressions:
        out.print(f"[red]regressed against the baseline:[/] {', '.join(run.regressions)}")
    out.print(f"report: {files['html']}")
    if not run.verdict:
        reasons = [*run.missed, f"{len(run.regressions)} regressions"] if run.regressions else run.missed
        out.print("[bold red]FAIL[/] " + "; ".join(reasons))
        raise typer.Exit(code=1)
    out.print("[bold green]PASS[/]")
