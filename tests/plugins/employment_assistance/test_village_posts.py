"""Village public-welfare posts (三(一)5) and the minimum wages their pay is held to."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from core.platform import Platform
from core.records.enums import Relation
from core.records.models import region
from tests.conftest import GraphQLClient
from tests.factories import (
    TOWNSHIP_A,
    VILLAGE_A1,
    VILLAGE_A2,
    VILLAGE_B1,
    add_household,
    id_number,
    member,
)
from tests.plugins.employment_assistance.helpers import (
    VILLAGE_C2,
    VILLAGE_L1,
    assistance_households,
    metrics,
    mutate,
    person_id,
    problems,
)

FIELDS = """... on VillagePostSuccess { post: villagePost { id villageCode post monthlyPay startDate
  endDate version holder: person { name } village: region { name } } }"""
WAGE = """... on MinimumWageSuccess { minimumWage { id countyCode monthlyMinimum effectiveFrom source version } }"""


async def create(gql: GraphQLClient, id_number: str, **overrides: Any) -> dict[str, Any]:
    data = {
        "villageCode": VILLAGE_A1,
        "post": "保洁员",
        "personId": await person_id(gql, id_number),
        "monthlyPay": "1300.00",
        "startDate": "2019-03-01",
    } | overrides
    return await mutate(gql, "createVillagePost", "VillagePostCreateInput", FIELDS, data)


async def wage(gql: GraphQLClient, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    return await mutate(gql, f"{verb}MinimumWage", f"MinimumWage{verb.title()}Input", WAGE, data)


@pytest.fixture
async def ids(platform: Platform) -> dict[str, str]:
    found = await assistance_households(platform)
    # Three more labourers in 丙二村 (三江), so that one village can reach 5 posts.
    born = date(1985, 1, 1)
    await add_household(
        platform,
        "H-F",
        VILLAGE_C2,
        [
            member("庚", born, 21, county="450226"),
            member("庚妻", born, 22, Relation.SPOUSE, county="450226"),
            member("庚弟", born, 23, Relation.SIBLING, county="450226"),
        ],
    )
    return found | {f"f{i}": id_number(born, 20 + i, "450226") for i in (1, 2, 3)}


@pytest.mark.usefixtures("ids")
async def test_the_shipped_minimum_wages(gql: GraphQLClient) -> None:
    data = await gql(
        "{ minimumWages { nodes { countyCode monthlyMinimum effectiveFrom source region { name } } } }"
    )
    wages = {w["countyCode"]: w for w in data["minimumWages"]["nodes"]}
    assert len(wages) == 10
    assert wages["450225"]["monthlyMinimum"] == "1300.00"
    assert wages["450206"]["monthlyMinimum"] == "1680.00"
    assert wages["450202"]["monthlyMinimum"] == "1680.00"
    assert all(w["effectiveFrom"] == "2018-02-01" for w in wages.values())
    assert "桂政发〔2018〕6号" in wages["450226"]["source"]
    one = await gql('{ minimumWages(filter: {region: "450226"}) { nodes { region { name } } } }')
    assert one["minimumWages"]["nodes"] == [{"region": {"name": "三江侗族自治县"}}]


async def test_pay_at_and_below_the_minimum(gql: GraphQLClient, ids: dict[str, str]) -> None:
    below = problems(await create(gql, ids["a_head"], monthlyPay="1299.99"))
    code, message = below["monthlyPay"]
    assert code == "OUT_OF_RANGE" and "1,300 元" in message and "1,299.99 元" in message
    at = await create(gql, ids["a_head"])
    assert at["__typename"] == "VillagePostSuccess"
    assert at["post"]["monthlyPay"] == "1300.00" and at["post"]["holder"] == {"name": "甲"}
    # 柳江区 is a district of the city: 1,680 元.
    district = problems(await create(gql, ids["l_head"], villageCode=VILLAGE_L1))
    assert district["monthlyPay"][0] == "OUT_OF_RANGE" and "1,680 元" in district["monthlyPay"][1]
    ok = await create(gql, ids["l_head"], villageCode=VILLAGE_L1, monthlyPay="1680")
    assert ok["__typename"] == "VillagePostSuccess"
    before = problems(await create(gql, ids["a_son"], startDate="2018-01-31"))
    assert before["monthlyPay"][0] == "RULE_VIOLATED" and "最低工资标准" in before["monthlyPay"][1]


async def test_only_in_poor_villages_and_only_labourers(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    found = problems(await create(gql, ids["c_head"], villageCode=VILLAGE_A2))
    assert found["villageCode"][0] == "RULE_VIOLATED" and "贫困村" in found["villageCode"][1]
    assert found["personId"][0] == "RULE_VIOLATED" and "劳动能力" in found["personId"][1]
    found = problems(
        await create(gql, ids["a_head"], post="", monthlyPay="-1", startDate="2099-01-01")
    )
    assert found["post"][0] == "REQUIRED"
    assert found["monthlyPay"][0] == "OUT_OF_RANGE"
    assert found["startDate"][0] == "OUT_OF_RANGE"
    township = problems(await create(gql, ids["a_head"], villageCode=TOWNSHIP_A))
    assert township["villageCode"][0] == "INVALID"
    nobody = problems(await create(gql, "450225197001010000"))
    assert nobody["personId"][0] == "NOT_FOUND"


async def test_one_post_at_a_time_and_the_persons_post(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    first = (await create(gql, ids["a_head"], endDate="2019-05-31"))["post"]
    overlapping = problems(
        await create(gql, ids["a_head"], villageCode=VILLAGE_B1, startDate="2019-05-31")
    )
    assert overlapping["personId"][0] == "CONFLICT" and "保洁员" in overlapping["personId"][1]
    second = await create(
        gql, ids["a_head"], villageCode=VILLAGE_B1, post="护林员", startDate="2019-06-01"
    )
    assert second["__typename"] == "VillagePostSuccess"
    data = await gql(
        """{ personByIdNumber(idNumber: "%s") { villagePosts { post region { name }
             before: activeOn(on: "2019-02-28") spring: activeOn(on: "2019-05-31")
             summer: activeOn(on: "2019-06-01") } } }"""
        % ids["a_head"]
    )
    assert data["personByIdNumber"]["villagePosts"] == [
        {
            "post": "保洁员",
            "region": {"name": "甲一村"},
            "before": False,
            "spring": True,
            "summer": False,
        },
        {
            "post": "护林员",
            "region": {"name": "乙一村"},
            "before": False,
            "spring": False,
            "summer": True,
        },
    ]
    end = "VillagePostUpdateInput"
    backwards = problems(
        await mutate(
            gql, "updateVillagePost", end, FIELDS, {"id": first["id"], "endDate": "2019-02-01"}
        )
    )
    assert backwards["endDate"][0] == "INVALID"
    moved = await mutate(
        gql,
        "updateVillagePost",
        "VillagePostUpdateInput",
        FIELDS,
        {"id": second["post"]["id"], "version": 1, "monthlyPay": "1500", "endDate": None},
    )
    assert moved["post"]["monthlyPay"] == "1500.00" and moved["post"]["version"] == 2
    ended = await mutate(
        gql, "updateVillagePost", end, FIELDS, {"id": second["post"]["id"], "endDate": "2019-08-31"}
    )
    assert ended["post"]["endDate"] == "2019-08-31"


async def test_an_administrator_changes_the_minimum(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    standard = {"countyCode": "450225", "effectiveFrom": "2019-07-01", "source": "测试文件"}
    raised = await wage(gql, "create", standard | {"monthlyMinimum": "1400"})
    saved = raised["minimumWage"]
    assert saved["monthlyMinimum"] == "1400.00" and saved["version"] == 1
    assert (await create(gql, ids["a_head"], startDate="2019-06-30"))[
        "__typename"
    ] == "VillagePostSuccess"
    later = problems(await create(gql, ids["a_son"], startDate="2019-07-01"))
    assert "1,400 元" in later["monthlyPay"][1]
    twice = problems(await wage(gql, "create", standard | {"monthlyMinimum": "1400"}))
    assert twice["effectiveFrom"][0] == "DUPLICATE"
    changed = await wage(gql, "update", {"id": saved["id"], "monthlyMinimum": "1350", "version": 1})
    assert changed["minimumWage"]["version"] == 2 and changed["minimumWage"]["id"] == saved["id"]
    stale = problems(await wage(gql, "update", {"id": saved["id"], "source": "x", "version": 1}))
    assert stale["version"][0] == "CONFLICT"
    bad = problems(
        await wage(
            gql,
            "create",
            {
                "countyCode": TOWNSHIP_A,
                "effectiveFrom": "2019-07-01",
                "monthlyMinimum": "0",
                "source": " ",
            },
        )
    )
    assert set(bad) == {"countyCode", "monthlyMinimum", "source"}
    deleted = await mutate(
        gql,
        "deleteMinimumWage",
        "MinimumWageDeleteInput",
        "... on MinimumWageDeleted { id }",
        {"id": saved["id"]},
    )
    assert deleted == {"__typename": "MinimumWageDeleted", "id": saved["id"]}
    assert (await create(gql, ids["a_son"], startDate="2019-07-01"))[
        "__typename"
    ] == "VillagePostSuccess"


async def test_coverage_lists_a_village_with_four_posts(
    gql: GraphQLClient, ids: dict[str, str]
) -> None:
    # 甲一村: 4 posts (one short); 丙二村: 5 (met); 乙一村 and 丁一村: none. One post ended early.
    for label in ("a_head", "a_son", "b_head", "d_head"):
        assert (await create(gql, ids[label]))["__typename"] == "VillagePostSuccess"
    for label in ("e_head", "e_wife", "f1", "f2", "f3"):
        assert (await create(gql, ids[label], villageCode=VILLAGE_C2))[
            "__typename"
        ] == "VillagePostSuccess"
    await create(
        gql, ids["l_head"], villageCode=VILLAGE_L1, monthlyPay="1680", endDate="2019-09-29"
    )
    report = """query($r: String) { villagePostCoverage(region: $r, asOf: "2019-09-30") {
        regionCode poorVillages posts postsPerVillage ruleTotal statedTotal shortVillages shortfall
        short: villages(onlyShort: true) { totalCount nodes { villageCode posts required shortBy met village { name } } }
        all: villages { nodes { villageCode posts met } } } }"""
    city = (await gql(report, {"r": None}))["villagePostCoverage"]
    assert city["regionCode"] == "450200"
    assert (city["poorVillages"], city["posts"], city["postsPerVillage"]) == (4, 9, 5)
    assert (city["ruleTotal"], city["statedTotal"]) == (20, 830)
    assert (city["shortVillages"], city["shortfall"]) == (3, 1 + 5 + 5)
    assert city["short"]["totalCount"] == 3
    assert city["short"]["nodes"][0] == {
        "villageCode": VILLAGE_L1,
        "posts": 0,
        "required": 5,
        "shortBy": 5,
        "met": False,
        "village": {"name": "丁一村"},
    }
    four = next(n for n in city["short"]["nodes"] if n["villageCode"] == VILLAGE_A1)
    assert (four["posts"], four["shortBy"], four["met"]) == (4, 1, False)
    assert {n["villageCode"]: n["met"] for n in city["all"]["nodes"]}[VILLAGE_C2] is True
    county = (await gql(report, {"r": "450225"}))["villagePostCoverage"]
    assert (county["ruleTotal"], county["statedTotal"], county["posts"]) == (10, None, 4)
    found = await metrics(gql, "450200", "2019-09-30", "employment_assistance.village_posts")
    posts = found["employment_assistance.village_posts"]
    assert posts["value"] == "9" and posts["target"] == "20" and posts["statedTarget"] == "830"
    assert posts["targetSource"] == "RULE" and "855" in posts["targetBasis"]
    by_county = {b["regionCode"]: b for b in posts["breakdown"]}
    assert (by_county["450225"]["value"], by_county["450225"]["target"]) == ("4", "10")
    assert (by_county["450226"]["value"], by_county["450226"]["status"]) == ("5", "MET")
    assert (by_county["450206"]["value"], by_county["450206"]["target"]) == ("0", "5")
    assert (by_county["450202"]["target"], by_county["450202"]["status"]) == ("0", "MET")
    village = await metrics(gql, TOWNSHIP_A, "2019-12-31", "employment_assistance.village_posts")
    rows = {b["regionCode"]: b for b in village["employment_assistance.village_posts"]["breakdown"]}
    assert (rows[VILLAGE_A1]["value"], rows[VILLAGE_A1]["target"], rows[VILLAGE_A1]["status"]) == (
        "4",
        "5",
        "BEHIND",
    )


async def test_an_old_post_stays_editable_when_the_rules_move(
    gql: GraphQLClient, platform: Platform, ids: dict[str, str]
) -> None:
    saved = (await create(gql, ids["a_head"]))["post"]
    # The village leaves poverty and the county's standard is raised back to 2019-01-01.
    async with platform.db.begin() as conn:
        await conn.execute(
            update(region).where(region.c.code == VILLAGE_A1).values(poor_village=False)
        )
    await wage(
        gql,
        "create",
        {
            "countyCode": "450225",
            "effectiveFrom": "2019-01-01",
            "monthlyMinimum": "1500",
            "source": "x",
        },
    )
    renamed = await mutate(
        gql,
        "updateVillagePost",
        "VillagePostUpdateInput",
        FIELDS,
        {"id": saved["id"], "post": "护路员"},
    )
    assert renamed["__typename"] == "VillagePostSuccess" and renamed["post"]["post"] == "护路员"
    repaid = problems(
        await mutate(
            gql,
            "updateVillagePost",
            "VillagePostUpdateInput",
            FIELDS,
            {"id": saved["id"], "monthlyPay": "1400"},
        )
    )
    assert "1,500 元" in repaid["monthlyPay"][1]
    new = problems(await create(gql, ids["a_son"], monthlyPay="1500"))
    assert new["villageCode"][0] == "RULE_VIOLATED"
