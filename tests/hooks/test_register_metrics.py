"""`register_metrics`: every plugin's metrics are defined, keyed by the plugin's name, and computed."""

from __future__ import annotations

from core.platform import Platform
from core.testing import GraphQLClient


async def test_metrics_of_every_plugin(platform: Platform, gql: GraphQLClient) -> None:
    owners = {c.value.key: c.plugin for c in platform.plugins.flat("register_metrics")}
    assert all(key.startswith(f"{plugin}.") for key, plugin in owners.items())
    # `supervision` acts on the other plugins' metrics (四(六)) and has none of its own.
    assert {plugin for plugin in owners.values()} == set(platform.plugins.names) - {"supervision"}
    data = await gql(
        '{ metricDefinitions { key } metric(key: "training.trained_workers", asOf: "2019-09-30") { value } }'
    )
    assert {d["key"] for d in data["metricDefinitions"]} == set(owners)
    assert data["metric"] == {"value": "0"}
