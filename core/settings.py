"""One settings object, read from `JIUYE_*` environment variables and CLI flags."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the platform reads; CLI flags override the environment."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///jiuye.db",
        description="Database URL as people type it: sqlite:///jiuye.db, postgresql://user@host/db.",
    )
    plugins: str | None = Field(
        default=None,
        description=(
            "Comma-separated allow-list of plugin names. Unset: every installed plugin; "
            "empty: the core alone."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address `jiuye serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `jiuye serve` listens on.")
    workers: int = Field(default=1, ge=1, le=64, description="uvicorn worker processes.")
    max_page_size: int = Field(
        default=100, ge=1, le=10_000, description="Largest `first`/`last` a connection accepts."
    )
    default_page_size: int = Field(
        default=20,
        ge=1,
        le=10_000,
        description="Page size when neither `first` nor `last` is given.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=5_000, ge=0, description="How long a SQLite writer waits for the lock, in ms."
    )
    graphiql: bool = Field(default=True, description="Serve GraphiQL at /graphql to browsers.")
    trace_plugins: bool = Field(
        default=False, description="Log every plugin hook call with its plugin and duration."
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1,
        description="Largest file the GraphQL upload (importLedger) accepts, in bytes.",
    )
    echo_sql: bool = Field(default=False, description="Log every SQL statement (debugging).")

    def plugin_allow_list(self) -> frozenset[str] | None:
        """Return the allowed plugin names, or None when every installed plugin is allowed."""
        if self.plugins is None:
            return None
        return frozenset(name.strip() for name in self.plugins.split(",") if name.strip())
