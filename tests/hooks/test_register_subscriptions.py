"""`register_subscriptions`: each part's async-generator fields join the root `Subscription`;
the core's `metricsChanged` pushes when a write touches the subscribed region."""

from __future__ import annotations

import asyncio
from datetime import date

from graphql import parse, subscribe

from core.platform import Platform
from core.security.caller import Caller
from core.testing.factories import VILLAGE_A1, add_household, add_regions, member


async def test_subscriptions_join_the_root_and_push(platform: Platform) -> None:
    schema = platform.schema._schema
    assert schema.subscription_type is not None
    assert "metricsChanged" in schema.subscription_type.fields
    assert "core" in {c.plugin for c in platform.plugins.flat("register_subscriptions")}

    await add_regions(platform)
    context = platform.context(caller=Caller(name="融水", role="county", region="450225"))
    document = parse('subscription { metricsChanged(region: "450225") { regionCode writes } }')
    stream = await subscribe(schema, document, context_value=context)
    waiting = asyncio.ensure_future(stream.__anext__())  # type: ignore[union-attr]
    await asyncio.sleep(0.2)
    await add_household(platform, "S-1", VILLAGE_A1, [member("韦", date(1970, 1, 1), 1)])
    pushed = await asyncio.wait_for(waiting, 10)
    assert pushed.data == {"metricsChanged": {"regionCode": "450225", "writes": 1}}
    await stream.aclose()  # type: ignore[union-attr]

    # a region outside the caller's scope is refused as for a query
    outside = parse('subscription { metricsChanged(region: "450226") { writes } }')
    refused = await subscribe(schema, outside, context_value=context)
    assert refused.errors and "不在您的范围内" in refused.errors[0].message  # type: ignore[union-attr]
