"""The 三(四)1 metric counts poor villages whose platform is live, against the plan's 171; the
subsidy metric sums yuan by county and says the plan sets no amount."""

from __future__ import annotations

from datetime import date

from helpers import create_station
from jiuye_public_services.models import subsidy
from sqlalchemy import insert

from core.platform import Platform
from core.sqltypes import utcnow
from core.testing import GraphQLClient, seed_targets
from core.testing.factories import VILLAGE_A1, VILLAGE_A2, VILLAGE_B1, VILLAGE_C1, add_regions

BOARD = """{ metrics(asOf: "2019-09-30", region: "%s", keys: [
    "public_services.poor_villages_with_video_platform", "public_services.placement_subsidy_amount"]) {
    key value target targetBasis breakdown { regionCode value target } }
  dashboard(asOf: "2019-09-30") { lines { actionLine metrics { key } } } }"""


async def test_platform_metric_against_the_plan(platform: Platform, gql: GraphQLClient) -> None:
    await add_regions(platform)
    await seed_targets(platform)
    await create_station(gql, VILLAGE_A1, videoPlatformOn="2019-05-01")  # poor, live
    await create_station(gql, VILLAGE_B1, videoPlatformOn="2019-10-08")  # poor, live too late
    await create_station(gql, VILLAGE_A2, videoPlatformOn="2019-05-01")  # not a poor village
    await create_station(gql, VILLAGE_C1)  # no platform
    async with platform.db.begin() as conn:
        await conn.execute(
            insert(subsidy).values(
                county_code="450225",
                agency="融水县人力资源服务有限公司",
                agency_kind="HR_AGENCY",
                transferred=12,
                amount_fen=2_400_00,
                paid_on=date(2019, 6, 1),
                created_at=utcnow(),
                updated_at=utcnow(),
            )
        )
    data = await gql(BOARD % "450200")
    found = {m["key"]: m for m in data["metrics"]}
    platforms = found["public_services.poor_villages_with_video_platform"]
    assert platforms["value"] == "1" and platforms["target"] == "171"
    by_county = {b["regionCode"]: b for b in platforms["breakdown"]}
    assert by_county["450225"] == {"regionCode": "450225", "value": "1", "target": "70"}
    assert by_county["450226"]["target"] == "63"
    amount = found["public_services.placement_subsidy_amount"]
    assert amount["value"] == "2400.00" and amount["target"] is None
    assert "没有规定金额" in amount["targetBasis"]
    line = next(x for x in data["dashboard"]["lines"] if x["actionLine"] == "三(四)")
    assert [m["key"] for m in line["metrics"]] == [
        "public_services.poor_villages_with_video_platform",
        "public_services.placement_subsidy_amount",
    ]
