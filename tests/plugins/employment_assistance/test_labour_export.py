"""Labour export (三(一)3), computed from the core's employment records; county quotas cascade."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from core.records.enums import WorkPlace
from tests.conftest import GraphQLClient
from tests.factories import add_job
from tests.plugins.employment_assistance.helpers import assistance_households, metrics

KEY = "employment_assistance.labour_export"


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    found = await assistance_households(platform)
    # 甲子 works in Guangdong from 2019-03-01 (factories) and takes a second job there;
    # 戊 worked in another province until 2019-08-31; 己子 works in another province;
    # 己 works elsewhere in Guangxi (区内县外), which is not labour export.
    await add_job(
        platform, found["a_son"], date(2019, 6, 1), place=WorkPlace.GUANGDONG, employer="东莞某厂"
    )
    await add_job(
        platform,
        found["e_head"],
        date(2019, 1, 1),
        end=date(2019, 8, 31),
        place=WorkPlace.OTHER_PROVINCE,
    )
    await add_job(platform, found["l_son"], date(2019, 5, 1), place=WorkPlace.OTHER_PROVINCE)
    await add_job(platform, found["l_head"], date(2019, 5, 1), place=WorkPlace.IN_REGION)
    return found


@pytest.mark.usefixtures("ids")
async def test_people_placed_outside_the_region_on_the_date(gql: GraphQLClient) -> None:
    found = (await metrics(gql, "450200", "2019-09-30", KEY))[KEY]
    assert (
        found["value"] == "2" and found["target"] == "40000" and found["targetSource"] == "RECORD"
    )
    assert found["leadDepartmentCode"] == "XQZF" and found["clause"] == "三(一)3"
    by_county = {b["regionCode"]: b["value"] for b in found["breakdown"]}
    assert (by_county["450225"], by_county["450206"], by_county["450226"]) == ("1", "1", "0")
    august = (await metrics(gql, "450200", "2019-08-31", KEY))[KEY]
    assert august["value"] == "3"
    data = await gql(
        """{ metric(key: "%s", asOf: "2019-09-30") {
             split(dimension: "place") { category label value }
             records { totalCount nodes { node { ... on Person { name } } } } } }"""
        % KEY
    )
    places = {s["category"]: (s["label"], s["value"]) for s in data["metric"]["split"]}
    assert places == {"GUANGDONG": ("广东省", "1"), "OTHER_PROVINCE": ("其他省份", "1")}
    names = [n["node"]["name"] for n in data["metric"]["records"]["nodes"]]
    assert sorted(names) == ["己子", "甲子"] and data["metric"]["records"]["totalCount"] == 2


@pytest.mark.usefixtures("ids")
async def test_county_quotas_cascade_under_the_city_target(gql: GraphQLClient) -> None:
    set_target = """mutation($i: SetTargetInput!) { setTarget(input: $i) { __typename } }"""
    for county, value in (("450225", "15000"), ("450226", "12000")):
        done = await gql(
            set_target,
            {
                "i": {
                    "metricKey": KEY,
                    "region": county,
                    "period": {"year": 2019},
                    "value": value,
                    "source": "自治区下达的转移就业任务",
                }
            },
        )
        assert done["setTarget"]["__typename"] == "TargetSuccess"
    data = await gql(
        """{ metric(key: "%s", asOf: "2019-12-31") { target childTargetsTotal targetSplitMatches
             breakdown { regionCode target targetSource status } } }"""
        % KEY
    )
    metric = data["metric"]
    assert metric["target"] == "40000" and metric["childTargetsTotal"] == "27000"
    assert metric["targetSplitMatches"] is False
    rows = {b["regionCode"]: b for b in metric["breakdown"]}
    assert rows["450225"]["target"] == "15000" and rows["450225"]["targetSource"] == "RECORD"
    assert rows["450225"]["status"] == "BEHIND"
    assert rows["450206"]["status"] == "NO_TARGET"
