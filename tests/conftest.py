"""The suite's fixtures come from the test kit (`core.testing.fixtures`, a pytest plugin).

The names below stay importable from here for the tests that use them directly.
"""

from __future__ import annotations

from core.testing.kit import (
    GraphQLClient,
    ScratchDatabases,
    StatementCounter,
    client_for,
    count_statements,
    make_platform,
)

__all__ = [
    "GraphQLClient",
    "ScratchDatabases",
    "StatementCounter",
    "client_for",
    "count_statements",
    "make_platform",
]
