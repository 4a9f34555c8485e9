"""`concierge`: the terminal channel and the operator's commands. A thin adapter over `bot.runtime`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bot.catalog import Progress as ProgressFn
from bot.catalog import Refresh
from bot.cli_escalations import app as escalations_app
from bot.cli_eval import evaluate
from bot.cli_menu import app as menu_app
from bot.concierge import Concierge
from bot.errors import ConciergeError
from bot.reply import Reply
from bot.runtime import open_catalog, open_concierge
from bot.settings import Settings
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.understand.request import Role

app = typer.Typer(help="An opinionated restaurant concierge.", no_args_is_help=True, add_completion=False)
app.add_typer(escalations_app, name="escalations")
app.add_typer(menu_app, name="menu")
app.command("eval")(evaluate)
out = Console()
err = Console(stderr=True)

KnowledgeOpt = Annotated[
    Path | None,
    typer.Option("--knowledge", "-k", help="Knowledge root (default: knowledge/ or CONCIERGE_KNOWLEDGE)."),
]
VenueOpt = Annotated[str | None, typer.Option("--venue", help="Venue id (default: the only one, else the first).")]
SessionOpt = Annotated[str | None, typer.Option("--session", help="Continue this conversation.")]
RoleOpt = Annotated[str, typer.Option("--role", help="Who is asking: guest or staff.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON (one line per turn in chat).")]
VoiceOpt = Annotated[
    str | None, typer.Option("--voice", help="template or openai (default: CONCIERGE_VOICE, else template).")
]


def _with_voice(settings: Settings, voice: str | None) -> Settings:
    if voice is None:
        return settings
    if voice not in ("template", "openai"):
        raise typer.BadParameter("must be template or openai", param_hint="--voice")
    return settings.model_copy(update={"voice": voice})


@contextmanager
def _progress() -> Iterator[ProgressFn]:
    """A progress bar on stderr that only appears if indexing actually happens."""
    bar = Progress(
        TextColumn("indexing knowledge"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("index", total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()


def _fail(exc: ConciergeError) -> typer.Exit:
    err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


def _report_refresh(refresh: Refresh) -> None:
    if refresh.problem is not None:
        err.print(
            f"[yellow]warning:[/] {refresh.problem}\n"
            "[yellow]Answering from the last good index until this is fixed.[/]",
            highlight=False,
            soft_wrap=True,
        )


def _role(value: str) -> Role:
    if value not in ("guest", "staff"):
        raise typer.BadParameter("must be guest or staff", param_hint="--role")
    return "staff" if value == "staff" else "guest"


@app.command()
def ingest(knowledge: KnowledgeOpt = None) -> None:
    """Index a knowledge root (incremental: unchanged files are not embedded again)."""
    settings = Settings()
    try:
        with _progress() as update:
            catalog, refresh = open_catalog(settings, knowledge, update)
    except ConciergeError as exc:
        raise _fail(exc) from None
    if refresh.problem is not None:
        raise _fail(refresh.problem)
    # Fit (or load) the complaint classifier and the act model now, so no answer is the one that waits for them.
    ComplaintClassifier(catalog.embedder, cache_dir=settings.triage_dir).load()
    ActModel(catalog.embedder, cache_dir=settings.triage_dir).load()
    table = Table(title=f"Index for {catalog.root}")
    for col in ("venue", "dishes", "drinks", "notes", "staff"):
        table.add_column(col)
    for venue in catalog.knowledge.venues.values():
        table.add_row(
            venue.id,
            str(len(venue.dishes)),
            str(len(venue.drinks)),
            str(len(venue.notes)),
            str(len(venue.venue.staff)),
        )
    out.print(table)
    report = refresh.report
    if report is None:
        out.print("Nothing changed since the last index.")
    else:
        out.print(
            f"embedded {report.embedded}, reused {report.reused}, removed {report.removed} in {report.seconds:.2f} s"
        )


def _print(reply: Reply, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(reply.model_dump_json() + "\n")
        sys.stdout.flush()
    else:
        out.print(reply.text, highlight=False, markup=False)


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help="What the guest says.")],
    as_json: JsonOpt = False,
    knowledge: KnowledgeOpt = None,
    venue: VenueOpt = None,
    session: SessionOpt = None,
    role: RoleOpt = "guest",
    voice: VoiceOpt = None,
) -> None:
    """Answer one message."""
    who = _role(role)
    settings = _with_voice(Settings(), voice)
    if venue:
        settings.venue = venue
    try:
        with _progress() as update:
            concierge, refresh = open_concierge(settings, knowledge, update)
        _report_refresh(refresh)
        reply = asyncio.run(concierge.ask(text, session=session, venue=settings.venue, role=who))
    except ConciergeError as exc:
        raise _fail(exc) from None
    _print(reply, as_json)


@app.command()
def chat(
    as_json: JsonOpt = False,
    knowledge: KnowledgeOpt = None,
    venue: VenueOpt = None,
    session: SessionOpt = None,
    role: RoleOpt = "guest",
    voice: VoiceOpt = None,
) -> None:
    """Talk to the concierge in the terminal (or pipe lines in; with --json, one JSON line out per line in)."""
    who = _role(role)
    settings = _with_voice(Settings(), voice)
    if venue:
        settings.venue = venue
    try:
        with _progress() as update:
            concierge, refresh = open_concierge(settings, knowledge, update)
        _report_refresh(refresh)
        place = concierge.catalog.venue(settings.venue)
    except ConciergeError as exc:
        raise _fail(exc) from None
    interactive = sys.stdin.isatty() and not as_json
    if interactive:
        out.print(f"[bold]{place.name}[/] — {place.venue.cuisine}. Ask me what to order. (Ctrl-D to leave)")
    asyncio.run(_chat_loop(concierge, place.id, session, who, as_json, interactive))


async def _chat_loop(
    concierge: Concierge, venue: str, session: str | None, role: Role, as_json: bool, interactive: bool
) -> None:
    sid = session
    while True:
        try:
            line = out.input("[bold cyan]you ›[/] ") if interactive else sys.stdin.readline()
        except (EOFError, KeyboardInterrupt):
            break
        if not interactive and line == "":
            break
        if line.strip().lower() in ("quit", "exit", "/quit"):
            break
        if not line.strip() and interactive:
            continue
        try:
            reply = await concierge.ask(line, session=sid, venue=venue, role=role)
        except ConciergeError as exc:
            err.print(f"[red]{exc}[/]", highlight=False)
            continue
        sid = reply.session
        if interactive:
            out.print(f"[bold green]concierge ›[/] {reply.text}\n", highlight=False)
        else:
            _print(reply, as_json)


@app.command("discord")
def discord_bot(
    knowledge: KnowledgeOpt = None,
    sync: Annotated[bool, typer.Option("--sync/--no-sync", help="Register the slash commands with Discord.")] = True,
) -> None:
    """Run the Discord bot (needs DISCORD_TOKEN and the guild config in CONCIERGE_DISCORD_CONFIG)."""
    from bot.discord_channel.app import run  # imported here so no other command loads discord.py

    try:
        run(Settings(), knowledge, sync_commands=sync)
    except ConciergeError as exc:
        raise _fail(exc) from None
