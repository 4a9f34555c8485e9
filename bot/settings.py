"""The one place the concierge reads its environment: `CONCIERGE_*` variables and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONCIERGE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path(".concierge"), description="Index, conversations and other state.")
    knowledge: Path = Field(default=Path("knowledge"), description="The knowledge root: one folder per venue.")
    venue: str | None = Field(default=None, description="Default venue id; else the only one, else the first.")
    voice: Literal["template"] = Field(default="template", description="Which voice phrases the answers.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL for escalations; default SQLite in the data directory."
    )
    max_input_chars: int = Field(
        default=2000, ge=100, description="Longer guest messages are cut here before they are read."
    )

    @property
    def escalation_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'concierge.db').resolve()}"

    @property
    def index_root(self) -> Path:
        return self.data_dir / "indexes"

    @property
    def live_menu_dir(self) -> Path:
        return self.data_dir / "live-menu"

    @property
    def triage_dir(self) -> Path:
        return self.data_dir / "triage"

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / "sessions"
