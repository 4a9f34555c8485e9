"""Wiring: build a ready Concierge from settings. Channels call this and nothing deeper."""

from __future__ import annotations

from pathlib import Path

from bot.catalog import Catalog, Progress, Refresh
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.escalation.store import SqlEscalationStore
from bot.index import Embedder, MiniLMEmbedder
from bot.live_menu import LiveMenu
from bot.settings import Settings
from bot.triage.classifier import ComplaintClassifier
from bot.voice.template import TemplateVoice


def open_catalog(
    settings: Settings,
    knowledge: Path | None = None,
    progress: Progress | None = None,
    embedder: Embedder | None = None,
) -> tuple[Catalog, Refresh]:
    return Catalog.open(knowledge or settings.knowledge, settings.index_root, embedder or MiniLMEmbedder(), progress)


def open_escalations(settings: Settings) -> SqlEscalationStore:
    return SqlEscalationStore(settings.escalation_url)


def open_concierge(
    settings: Settings, knowledge: Path | None = None, progress: Progress | None = None
) -> tuple[Concierge, Refresh]:
    embedder = MiniLMEmbedder()
    catalog, refresh = open_catalog(settings, knowledge, progress, embedder)
    concierge = Concierge(
        catalog,
        ConversationStore(settings.sessions_dir),
        TemplateVoice(),
        ComplaintClassifier(embedder, cache_dir=settings.triage_dir),
        open_escalations(settings),
        LiveMenu(settings.live_menu_dir),
        max_input_chars=settings.max_input_chars,
    )
    return concierge, refresh
