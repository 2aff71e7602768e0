"""`register_targets`: the plan's targets are written once and never overwrite a changed one."""

from __future__ import annotations

from sqlalchemy import update

from core.metrics.models import metric_target
from core.platform import Platform
from core.testing import GraphQLClient, seed_targets

QUERY = '{ metric(key: "training.trained_workers", asOf: "2019-09-30") { target } }'


async def test_defaults_are_written_once(platform: Platform, gql: GraphQLClient) -> None:
    assert (await gql(QUERY))["metric"]["target"] is None
    assert await seed_targets(platform) > 0
    assert (await gql(QUERY))["metric"]["target"] == "3100"
    async with platform.db.begin() as conn:
        await conn.execute(
            update(metric_target)
            .where(metric_target.c.metric_key == "training.trained_workers")
            .values(value="3200")
        )
    assert await seed_targets(platform) == 0
    assert (await gql(QUERY))["metric"]["target"] == "3200"
