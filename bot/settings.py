"""The one place the concierge reads its environment: `CONCIERGE_*` variables and an optional `.env` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONCIERGE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path(".concierge"), description="Index, conversations and other state.")
    knowledge: Path = Field(default=Path("knowledge"), description="The knowledge root: one folder per venue.")
    venue: str | None = Field(default=None, description="Default venue id; else the only one, else the first.")
    voice: Literal["template", "openai"] = Field(default="template", description="Which voice phrases the answers.")
    # The openai voice. Key and base URL keep the SDK's own variable names, so one setup serves OpenAI itself or
    # any OpenAI-compatible server (llama.cpp, vLLM, Ollama); the client is built from these fields, not from the SDK
    # reading the environment behind our back.
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY"), description="Key for the openai voice."
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL"),
        description="An OpenAI-compatible server's /v1 URL; default OpenAI's own.",
    )
    openai_model: str = Field(default="gpt-4o-mini", min_length=1, description="Model the openai voice asks.")
    openai_timeout: float = Field(default=8.0, gt=0, description="Seconds per request, before the SDK's retry.")
    openai_max_retries: int = Field(default=2, ge=0, description="The SDK's own retries on 429, 5xx and timeouts.")
    llm_constraints: bool = Field(
        default=False, description="Also read the guest's constraints with the LLM (the rules reader stays the floor)."
    )
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL for escalations; default SQLite in the data directory."
    )
    max_input_chars: int = Field(
        default=2000, ge=100, description="Longer guest messages are cut here before they are read."
    )
    # Discord's own name for the token, as every Discord guide spells it; CONCIERGE_DISCORD_TOKEN works too.
    discord_token: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("DISCORD_TOKEN", "CONCIERGE_DISCORD_TOKEN"),
        description="The bot token for `concierge discord` (Developer Portal → your application → Bot).",
    )
    discord_config: Path = Field(
        default=Path("discord.yaml"),
        description="Guild → venue, staff roles and staff channel for `concierge discord`.",
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
