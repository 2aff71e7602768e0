"""`register_queries`: each part's fields join the root `Query`, flat, and answer."""

from __future__ import annotations

from core.platform import Platform
from core.plugin_report import describe_plugins
from core.testing import GraphQLClient


async def test_root_fields_come_from_their_plugins(platform: Platform, gql: GraphQLClient) -> None:
    report = {item["name"]: item for item in describe_plugins(platform)}
    assert "Query.households" in report["core"]["contributes"]["queryFields"]
    assert "Query.trainingClasses" in report["training"]["contributes"]["queryFields"]
    data = await gql("{ households { totalCount } trainingClasses { totalCount } }")
    assert data == {"households": {"totalCount": 0}, "trainingClasses": {"totalCount": 0}}
