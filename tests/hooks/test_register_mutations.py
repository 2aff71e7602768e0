"""`register_mutations`: each part's fields join the root `Mutation`; write rights follow the
plugin's lead department."""

from __future__ import annotations

from typing import Any

from core.platform import Platform
from core.plugin_report import describe_plugins


async def test_mutations_join_and_follow_the_plugin(platform: Platform, gql_as: Any) -> None:
    report = {item["name"]: item for item in describe_plugins(platform)}
    assert "Mutation.createHousehold" in report["core"]["contributes"]["mutationFields"]
    assert "Mutation.createTrainingClass" in report["training"]["contributes"]["mutationFields"]
    query = 'mutation { deleteTrainingClass(input: {id: "x", version: 1}) { __typename } }'
    async with gql_as(name="市财政局", role="department", department="CZJ") as other:
        refused = (await other.post(query)).json()
    assert "createTrainingClass" not in str(refused) and refused["errors"], refused
    assert "不能调用" in refused["errors"][0]["message"]
    assert "属于插件 training" in refused["errors"][0]["message"]
