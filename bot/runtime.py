"""Wiring: build a ready Concierge from settings. Channels call this and nothing deeper."""

from __future__ import annotations

from pathlib import Path

from bot.catalog import Catalog, Progress, Refresh
from bot.concierge import Concierge
from bot.conversation import ConversationStore
from bot.index import MiniLMEmbedder
from bot.settings import Settings
from bot.voice.template import TemplateVoice


def open_catalog(
    settings: Settings, knowledge: Path | None = None, progress: Progress | None = None
) -> tuple[Catalog, Refresh]:
    return Catalog.open(knowledge or settings.knowledge, settings.index_root, MiniLMEmbedder(), progress)


def open_concierge(
    settings: Settings, knowledge: Path | None = None, progress: Progress | None = None
) -> tuple[Concierge, Refresh]:
    catalog, refresh = open_catalog(settings, knowledge, progress)
    voice = TemplateVoice()
    concierge = Concierge(
        catalog, ConversationStore(settings.sessions_dir), voice, max_input_chars=settings.max_input_chars
    )
    return concierge, refresh
