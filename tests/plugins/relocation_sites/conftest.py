"""Callers the relocation plugin's tests need beyond the suite's own."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from core.graphql.context import Caller
from core.platform import Platform
from core.testing.kit import GraphQLClient, client_for


@pytest.fixture
async def sanjiang_gql(platform: Platform) -> AsyncIterator[GraphQLClient]:
    """三江县人民政府 (XQZF, the plugin's lead department) acting for 450226 only."""
    caller = Caller(name="三江县人民政府", role="department", region="450226", department="XQZF")
    async for client in client_for(platform, caller):
        yield client


@pytest.fixture(autouse=True)
def fresh_metric_settings() -> Iterator[None]:
    """A test that changes the environment leaves no settings behind for the next."""
    from plugins.relocation_sites.settings import metric_settings

    yield
    metric_settings.cache_clear()
