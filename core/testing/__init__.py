"""The test kit: fixtures (a pytest plugin) and helpers for testing the core and plugins."""

from __future__ import annotations

from core.testing.kit import (
    GraphQLClient,
    ScratchDatabases,
    StatementCounter,
    client_for,
    count_statements,
    make_platform,
    seed_targets,
)

__all__ = [
    "GraphQLClient",
    "ScratchDatabases",
    "StatementCounter",
    "client_for",
    "count_statements",
    "make_platform",
    "seed_targets",
]
