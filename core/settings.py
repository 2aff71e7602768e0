"""One settings object, read from `JIUYE_*` environment variables and CLI flags."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the platform reads; CLI flags override the environment."""

    model_config = SettingsConfigDict(env_prefix="JIUYE_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///jiuye.db",
        description="Database URL as people type it: sqlite:///jiuye.db, postgresql://user@host/db.",
    )
    read_database_url: str | None = Field(
        default=None,
        description=(
            "Read replicas (PostgreSQL streaming standbys), comma-separated. Queries read from "
            "them in turn; mutations, imports, snapshots, commands and a token's reads just "
            "after its own write stay on the primary. A replica that cannot be reached is "
            "skipped for JIUYE_REPLICA_RETRY_SECONDS."
        ),
    )
    read_after_write_seconds: float = Field(
        default=5.0,
        ge=0,
        description=(
            "After a token writes, its queries read from the primary for this long (in this "
            "process), so it sees its own writes whatever the replicas' lag."
        ),
    )
    replica_retry_seconds: float = Field(
        default=30.0, gt=0, description="How long an unreachable replica is left out."
    )
    db_pool_size: int = Field(
        default=10, ge=1, le=1_000, description="Pooled connections per process and database."
    )
    db_max_overflow: int = Field(
        default=20, ge=0, le=1_000, description="Connections opened beyond the pool at peaks."
    )
    pgbouncer: bool = Field(
        default=False,
        description=(
            "The PostgreSQL URLs point at PgBouncer in transaction mode: no prepared statement "
            "outlives its transaction (asyncpg's statement cache off, unique statement names)."
        ),
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
    metric_concurrency: int = Field(
        default=2,
        ge=1,
        le=16,
        description=(
            "How many of a board's metric statements run at once, each on its own pooled "
            "connection (1: one after another on the request's connection)."
        ),
    )
    heavy_concurrency: int = Field(
        default=2,
        ge=1,
        le=64,
        description=(
            "How many metric evaluations (metrics, metric, dashboard) run at once in a process; "
            "each holds up to 1 + metric_concurrency pooled connections."
        ),
    )
    heavy_wait_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long a metric evaluation waits for its turn before LIMIT_BUSY, in s.",
    )
    postgres_jit: bool = Field(
        default=False, description="Let PostgreSQL JIT-compile queries (off: faster aggregates)."
    )
    graphiql: bool = Field(default=True, description="Serve GraphiQL at /graphql to browsers.")
    auth_required: bool = Field(
        default=True,
        description=(
            "Require an API token (Authorization: Bearer …) on /graphql. Off only for local "
            "development: every request then acts as the local administrator."
        ),
    )
    production: bool = Field(
        default=False,
        description=(
            "Production mode: no introspection, no field suggestions, no GraphiQL, no queries "
            "over GET (schema/schema.graphql is the public contract)."
        ),
    )
    max_depth: int = Field(default=10, ge=1, description="Deepest selection a request may nest.")
    max_aliases: int = Field(
        default=15, ge=0, description="Most aliases a request may use (fragments included)."
    )
    max_cost: int = Field(
        default=5_000,
        ge=1,
        description=(
            "Largest cost a request may have, in points, computed before it runs "
            "(core/graphql/cost.py: a board, metrics, drill-through cost far more than a name)."
        ),
    )
    rate_per_minute: float = Field(
        default=300.0,
        ge=0,
        description=(
            "Requests an API token may send per minute, on average, to /graphql (0: no limit); "
            "over it: 429 with Retry-After."
        ),
    )
    rate_burst: int = Field(
        default=100, ge=1, description="Requests an API token may send at once, before the rate."
    )
    max_tokens: int = Field(default=2_000, ge=10, description="Most tokens a document may have.")
    max_list_length: int = Field(
        default=1_000, ge=1, description="Longest list a request's input may carry."
    )
    max_body_bytes: int = Field(
        default=1_000_000, ge=1_000, description="Largest JSON request body, in bytes."
    )
    request_timeout_seconds: float = Field(
        default=30.0, gt=0, description="A request running longer is stopped and rolled back."
    )
    live_poll_seconds: float = Field(
        default=2.0,
        gt=0,
        description=(
            "How often a process looks for new writes to push to open subscriptions "
            "(metricsChanged); one small query per process, however many boards are open."
        ),
    )
    live_max_subscriptions: int = Field(
        default=10, ge=1, description="Most subscriptions one WebSocket connection may hold."
    )
    live_init_seconds: float = Field(
        default=10.0,
        gt=0,
        description="A WebSocket that sends no connection_init within this time is closed.",
    )
    trace_plugins: bool = Field(
        default=False, description="Log every plugin hook call with its plugin and duration."
    )
    upload_timeout_seconds: float = Field(
        default=600.0,
        gt=0,
        description="An upload (importLedger) running longer is stopped and rolled back.",
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=1,
        description="Largest file the GraphQL upload (importLedger) accepts, in bytes.",
    )
    probe_limit: int = Field(
        default=20,
        ge=0,
        description=(
            'Most answers "registered outside your scope" one token name may receive in '
            "`probe_window_minutes`; a request that would pass it is refused as a whole."
        ),
    )
    probe_window_minutes: int = Field(
        default=60,
        ge=1,
        le=7 * 24 * 60,
        description="The sliding window `probe_limit` counts over, in minutes.",
    )
    import_max_unzipped_bytes: int = Field(
        default=500 * 1024 * 1024,
        ge=1,
        description="Largest a .xlsx may unzip to, all its parts together, in bytes.",
    )
    import_max_zip_ratio: int = Field(
        default=100,
        ge=1,
        description="How many times its zipped size a .xlsx part of 1 MB or more may unzip to.",
    )
    import_max_rows: int = Field(
        default=1_048_576, ge=1, description="Most rows one sheet of an imported file may have."
    )
    import_max_shared_strings: int = Field(
        default=2_000_000,
        ge=1,
        description="Most shared texts (distinct cell texts) a .xlsx may hold.",
    )
    import_max_shared_strings_bytes: int = Field(
        default=100 * 1024 * 1024,
        ge=1,
        description="Largest a .xlsx's shared texts may unzip to, in bytes (held in memory).",
    )
    echo_sql: bool = Field(default=False, description="Log every SQL statement (debugging).")
    data_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that encrypts ID numbers and phones at rest (32 random bytes, URL-safe base64; "
            "`jiuye keys new`). Required in production; elsewhere a local key file is used."
        ),
    )
    old_data_keys: SecretStr | None = Field(
        default=None,
        description="Comma-separated former data keys, still used to read until `jiuye keys rotate`.",
    )
    lookup_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key of the HMAC over ID numbers used for lookups, uniqueness and audit search "
            "(separate from the data key and not rotated with it). Required in production."
        ),
    )
    data_key_file: str | None = Field(
        default=None,
        description=(
            "Outside production, with no keys configured: the key file to read or create "
            "(default: the SQLite file's name plus `.key`, else `jiuye.key`)."
        ),
    )

    def plugin_allow_list(self) -> frozenset[str] | None:
        """Return the allowed plugin names, or None when every installed plugin is allowed."""
        if self.plugins is None:
            return None
        return frozenset(name.strip() for name in self.plugins.split(",") if name.strip())
