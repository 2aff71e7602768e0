"""Queries a county officer runs: regions, households and persons with filters, lookups, paging."""

from __future__ import annotations

from datetime import date

import pytest

from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, VILLAGE_A2, VILLAGE_B1, add_regions, four_households


@pytest.fixture
async def households(platform: Platform) -> dict[str, str]:
    """Four households with known employment on 2019-09-30; returns ID numbers by label."""
    return await four_households(platform)


async def _registries(gql: GraphQLClient, filter: str) -> list[str]:
    data = await gql(
        f"{{ households(first: 100, filter: {filter}) {{ totalCount nodes {{ registryNumber }} }} }}"
    )
    nodes = [n["registryNumber"] for n in data["households"]["nodes"]]
    assert data["households"]["totalCount"] == len(nodes)
    return nodes


@pytest.mark.usefixtures("households")
@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ("{}", ["H-A", "H-B", "H-C", "H-D"]),
        ('{region: "450225"}', ["H-A", "H-B", "H-C"]),
        ('{region: "450225000000"}', ["H-A", "H-B", "H-C"]),
        ('{region: "450225101"}', ["H-A", "H-B"]),
        (f'{{region: "{VILLAGE_A2}"}}', ["H-B"]),
        ('{region: "450200"}', ["H-A", "H-B", "H-C", "H-D"]),
        ("{relocated: true}", ["H-B"]),
        ("{hasLabourCapacity: false}", ["H-C"]),
        ('{someoneEmployed: true, employedOn: "2019-09-30"}', ["H-A", "H-D"]),
        ('{someoneEmployed: false, hasLabourCapacity: true, employedOn: "2019-09-30"}', ["H-B"]),
        ('{someoneEmployed: true, employedOn: "2019-09-29"}', ["H-A", "H-B", "H-D"]),
        ('{someoneEmployed: true, employedOn: "2019-02-28"}', ["H-B", "H-D"]),
    ],
)
async def test_household_filters(gql: GraphQLClient, filter: str, expected: list[str]) -> None:
    assert await _registries(gql, filter) == expected


@pytest.mark.usefixtures("households")
@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ('{workPlace: [GUANGDONG], employedOn: "2019-09-30"}', ["甲子"]),
        (
            '{employed: false, hasLabourCapacity: true, employedOn: "2019-09-30", region: "450225"}',
            ["甲", "乙"],
        ),
        ("{labourCapacity: [LOST, NONE]}", ["丙"]),
        ("{relation: CHILD}", ["甲子"]),
        ("{relocated: true}", ["乙"]),
    ],
)
async def test_person_filters(gql: GraphQLClient, filter: str, expected: list[str]) -> None:
    data = await gql(f"{{ persons(filter: {filter}) {{ totalCount nodes {{ name }} }} }}")
    assert [n["name"] for n in data["persons"]["nodes"]] == expected
    assert data["persons"]["totalCount"] == len(expected)


async def test_nested_household_members_employments(
    gql: GraphQLClient, households: dict[str, str]
) -> None:
    data = await gql(
        """{ household(registryNumber: "H-A") {
              registryNumber village { name parent { name parent { shortName } } }
              hasLabourCapacity employedMembers(on: "2019-09-30")
              members { name relation sex birthYear age hasLabourCapacity
                        employed(on: "2019-09-30")
                        employments { form place startDate endDate monthlyIncome activeOn(on: "2019-09-30") } } } }"""
    )
    household = data["household"]
    assert household["village"] == {
        "name": "甲一村",
        "parent": {"name": "甲镇", "parent": {"shortName": "融水县"}},
    }
    assert household["employedMembers"] == 1
    assert household["hasLabourCapacity"] is True
    head, son = household["members"]
    assert head["relation"] == "HEAD"
    assert head["birthYear"] == 1970 and head["age"] == date.today().year - 1970
    assert head["employed"] is False
    assert son["employments"] == [
        {
            "form": "WAGE_WORK",
            "place": "GUANGDONG",
            "startDate": "2019-03-01",
            "endDate": None,
            "monthlyIncome": "3000.00",
            "activeOn": True,
        }
    ]


async def test_lookups_and_node(gql: GraphQLClient, households: dict[str, str]) -> None:
    lower_x = households["a_head"].lower()
    data = await gql(
        f'{{ personByIdNumber(idNumber: "{lower_x}") {{ id name household {{ id registryNumber }} }} }}'
    )
    person = data["personByIdNumber"]
    assert person["name"] == "甲"
    assert person["household"]["registryNumber"] == "H-A"
    again = await gql(
        f'{{ p: node(id: "{person["id"]}") {{ ... on Person {{ name }} }} '
        f'h: node(id: "{person["household"]["id"]}") {{ ... on Household {{ registryNumber }} }} '
        '  r: node(id: "UmVnaW9uOjQ1MDIyNQ==") { ... on Region { shortName } } '
        '  gone: node(id: "UGVyc29uOjk5OTk5") { id } }'
    )
    assert again == {
        "p": {"name": "甲"},
        "h": {"registryNumber": "H-A"},
        "r": {"shortName": "融水县"},
        "gone": None,
    }
    bad = (await gql.post('{ node(id: "nonsense") { id } }')).json()
    assert bad["errors"][0]["extensions"]["code"] == "BAD_ARGUMENT", bad
    missing = await gql(
        '{ household(registryNumber: "nope") { id } personByIdNumber(idNumber: "1") { id } }'
    )
    assert missing == {"household": None, "personByIdNumber": None}


@pytest.mark.usefixtures("households")
async def test_cursor_pagination_forwards_and_backwards(gql: GraphQLClient) -> None:
    page = "{ households(first: 3%s) { edges { cursor node { registryNumber } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }"
    first = (await gql(page % ""))["households"]
    assert [e["node"]["registryNumber"] for e in first["edges"]] == ["H-A", "H-B", "H-C"]
    assert first["pageInfo"]["hasNextPage"] is True
    second = (await gql(page % f', after: "{first["pageInfo"]["endCursor"]}"'))["households"]
    assert [e["node"]["registryNumber"] for e in second["edges"]] == ["H-D"]
    assert second["pageInfo"] == {
        **second["pageInfo"],
        "hasNextPage": False,
        "hasPreviousPage": True,
    }
    back = await gql(
        f'{{ households(last: 2, before: "{second["pageInfo"]["startCursor"]}") {{ nodes {{ registryNumber }} pageInfo {{ hasPreviousPage }} }} }}'
    )
    assert [n["registryNumber"] for n in back["households"]["nodes"]] == ["H-B", "H-C"]
    assert back["households"]["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("first: 0", "参数 first（字段 households）：应在 1 至 100 之间"),
        ("first: 101", "应在 1 至 100 之间（收到 101）"),
        ("first: 1, last: 1", "first 和 last 只能给一个"),
        ('after: "garbage"', "参数 after（字段 households）：“garbage”不是这个列表的游标"),
        ('filter: {region: "4502"}', "参数 filter.region（字段 households）：没有区划 4502"),
    ],
)
async def test_bad_arguments_name_the_field(
    gql: GraphQLClient, arguments: str, message: str
) -> None:
    response = await gql.post(f"{{ households({arguments}) {{ totalCount }} }}")
    assert message in response.json()["errors"][0]["message"]


async def test_regions_tree(gql: GraphQLClient, platform: Platform) -> None:
    await add_regions(platform)
    data = await gql(
        """{ regions { code children { shortName } }
             townships: regions(parent: "450225") { code }
             under: regions(under: "450225", level: VILLAGE, poorVillage: true) { code }
             region(code: "450225101201") { level parent { code } } }"""
    )
    assert [r["code"] for r in data["regions"]] == ["450200"]
    assert [c["shortName"] for c in data["regions"][0]["children"]][:3] == [
        "城中区",
        "鱼峰区",
        "柳南区",
    ]
    assert len(data["regions"][0]["children"]) == 10
    assert [r["code"] for r in data["townships"]] == ["450225101", "450225102"]
    assert [r["code"] for r in data["under"]] == [VILLAGE_A1, VILLAGE_B1]
    assert data["region"] == {"level": "VILLAGE", "parent": {"code": "450225101"}}


async def test_departments_by_code_or_name(gql: GraphQLClient) -> None:
    data = await gql(
        '{ a: department(code: "rsj") { name } b: department(code: "市人社局") { code } departments { code } }'
    )
    assert data["a"] == {"name": "市人社局"}
    assert data["b"] == {"code": "RSJ"}
    assert len(data["departments"]) == 19
