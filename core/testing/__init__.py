"""The test kit: fixtures (a pytest plugin) and helpers for testing the core and plugins."""

from __future__ import annotations

from core.platform import Platform
from core.testing.kit import (
    GraphQLClient,
    ScratchDatabases,
    StatementCounter,
    check_plugin,
    client_for,
    count_statements,
    import_file,
    make_platform,
    seed_targets,
)

__all__ = [
    "GraphQLClient",
    "Platform",
    "ScratchDatabases",
    "StatementCounter",
    "check_plugin",
    "client_for",
    "count_statements",
    "import_file",
    "make_platform",
    "seed_targets",
]
