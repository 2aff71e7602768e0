"""Alembic environment: runs on the connection `core.migrate` hands over.

Each branch (the core, each plugin) keeps its own version table, so a plugin that is
uninstalled leaves the others free to migrate.
"""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=config.attributes.get("target_metadata"),
    version_table=config.attributes["version_table"],
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
