"""Wiring: build a ready Concierge from settings. Channels call this and nothing deeper."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.catalog import Catalog, Progress, Refresh
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.errors import ConciergeError
from bot.escalation.lazy import LazyEscalationStore
from bot.index import Embedder, MiniLMEmbedder
from bot.live_menu import LiveMenu
from bot.settings import Settings
from bot.triage.classifier import ComplaintClassifier
from bot.understand.act import ActModel
from bot.voice.base import Voice
from bot.voice.template import TemplateVoice

if TYPE_CHECKING:
    from openai import AsyncOpenAI

    from bot.escalation.store import EscalationStore, SqlEscalationStore
    from bot.understand.llm_reader import LLMConstraintReader


def open_catalog(
    settings: Settings,
    knowledge: Path | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> tuple[Catalog, Refresh]:
    return Catalog.open(knowledge or settings.knowledge, settings.index_root, embedder or MiniLMEmbedder(), progress)


def open_escalations(settings: Settings) -> SqlEscalationStore:
    from bot.escalation.store import SqlEscalationStore

    return SqlEscalationStore(settings.escalation_url)


def open_llm(settings: Settings) -> AsyncOpenAI:
    """The process's one OpenAI-compatible client, with the SDK's own timeout and retries."""
    # Imported here: the SDK costs start-up time that template-only commands should not pay.
    from openai import AsyncOpenAI

    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
    if key is None and settings.openai_base_url is None:
        raise ConciergeError("the openai voice needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local server)")
    return AsyncOpenAI(
        api_key=key or "no-key-needed",  # a local OpenAI-compatible server ignores the key, the SDK wants one
        base_url=settings.openai_base_url or "https://api.openai.com/v1",
        timeout=settings.openai_timeout,
        max_retries=settings.openai_max_retries,
    )


def open_voice(settings: Settings, name: str | None = None) -> Voice:
    """The voice `name` (default: the settings'), ready to phrase; the openai voice falls back to the template."""
    if (name or settings.voice) != "openai":
        return TemplateVoice()
    from bot.voice.exchange_log import ExchangeLog
    from bot.voice.openai import OpenAIVoice

    return OpenAIVoice(
        open_llm(settings),
        model=settings.openai_model,
        fallback=TemplateVoice(),
        log=ExchangeLog.in_dir(settings.data_dir),
        budget=settings.openai_timeout * 2,
    )


def open_constraints_reader(settings: Settings, voice: Voice | None = None) -> LLMConstraintReader | None:
    """The LLM constraints reader when `CONCIERGE_LLM_CONSTRAINTS` asks for it, sharing the voice's client."""
    if not settings.llm_constraints:
        return None
    from bot.understand.llm_reader import LLMConstraintReader
    from bot.voice.exchange_log import ExchangeLog
    from bot.voice.openai import OpenAIVoice

    client = voice.client if isinstance(voice, OpenAIVoice) else open_llm(settings)
    log = ExchangeLog.in_dir(settings.data_dir)
    return LLMConstraintReader(client, model=settings.openai_model, log=log, budget=settings.openai_timeout)


def open_concierge(
    settings: Settings,
    knowledge: Path | None = None,
    progress: Progress | None = None,
    *,
    voice: Voice | None = None,
    state: Path | None = None,
) -> tuple[Concierge, Refresh]:
    """The concierge the settings describe. `state`, when given, holds conversations, escalation tickets and
    tonight's menu instead of the data directory (the eval suite's throwaway copy); the index is shared."""
    embedder = MiniLMEmbedder()
    catalog, refresh = open_catalog(settings, knowledge, progress, embedder)
    if state is None:
        # Opened on first use: most conversations never file a ticket, and the SQL store is slow to import.
        escalations: EscalationStore = LazyEscalationStore(settings.escalation_url)
        sessions, live = settings.sessions_dir, settings.live_menu_dir
    else:
        sessions, live = state / "sessions", state / "live-menu"
        escalations = LazyEscalationStore(f"sqlite:///{(state / 'concierge.db').resolve()}")
    voice = voice or open_voice(settings)
    concierge = Concierge(
        catalog,
        ConversationStore(sessions),
        voice,
        ComplaintClassifier(embedder, cache_dir=settings.triage_dir),
        escalations,
        LiveMenu(live),
        max_input_chars=settings.max_input_chars,
        constraints_reader=open_constraints_reader(settings, voice),
        acts=ActModel(embedder, cache_dir=settings.triage_dir),
    )
    return concierge, refresh
