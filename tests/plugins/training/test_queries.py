"""Lists, lookups and the fields added to core types; statements do not grow with page size."""

from __future__ import annotations

from datetime import date

import pytest

from core.graphql.node import from_global_id, to_global_id
from core.platform import Platform
from plugins.training.enums import TrainingKind
from tests.conftest import GraphQLClient, StatementCounter
from tests.factories import four_households
from tests.plugins.training.builders import add_class, enrol


@pytest.fixture
async def data(platform: Platform) -> dict[str, int]:
    ids = await four_households(platform)
    welding = await add_class(
        platform, "450225", date(2019, 3, 1), kind=TrainingKind.VOCATIONAL, days=9
    )
    leaders = await add_class(platform, "450225", date(2019, 6, 1), other=28)  # 29 with 甲
    sanjiang = await add_class(platform, "450226", date(2019, 7, 1), other=40)
    await enrol(platform, welding, ids["a_head"], date(2019, 3, 10))
    await enrol(platform, welding, ids["a_son"])
    await enrol(platform, leaders, ids["a_head"], date(2019, 6, 4))
    await enrol(platform, sanjiang, ids["d_head"], date(2019, 7, 4))
    return {"welding": welding, "leaders": leaders, "sanjiang": sanjiang}


async def test_class_list_filters(gql: GraphQLClient, data: dict[str, int]) -> None:
    async def listed(filter: str) -> list[int]:
        found = await gql("{ trainingClasses(filter: %s) { totalCount nodes { id } } }" % filter)
        ids = [n["id"] for n in found["trainingClasses"]["nodes"]]
        assert found["trainingClasses"]["totalCount"] == len(ids)
        return [pk_of(i) for i in ids]

    assert await listed('{region: "450225"}') == [data["welding"], data["leaders"]]
    assert await listed("{kind: LEADER}") == [data["leaders"], data["sanjiang"]]
    assert await listed("{qualifying: true}") == [data["sanjiang"]]
    assert await listed("{qualifying: false}") == [data["welding"], data["leaders"]]
    assert await listed('{startFrom: "2019-06-01", startTo: "2019-06-30"}') == [data["leaders"]]
    assert await listed("{organiserKind: INSTITUTION}") == []
    page = await gql("{ trainingClasses(first: 1) { pageInfo { hasNextPage endCursor } } }")
    after = page["trainingClasses"]["pageInfo"]["endCursor"]
    rest = await gql('{ trainingClasses(after: "%s") { nodes { title } } }' % after)
    assert len(rest["trainingClasses"]["nodes"]) == 2
    bad = await gql.post('{ trainingClasses(filter: {region: "45x"}) { totalCount } }')
    assert "参数 filter.region（字段 trainingClasses）" in bad.json()["errors"][0]["message"]


def pk_of(global_id: str) -> int:
    parsed = from_global_id(global_id)
    assert parsed is not None
    return int(parsed[1])


async def test_enrolment_list_filters(gql: GraphQLClient, data: dict[str, int]) -> None:
    async def count(filter: str) -> int:
        found = await gql("{ enrolments(filter: %s) { totalCount } }" % filter)
        total: int = found["enrolments"]["totalCount"]
        return total

    welding = to_global_id("TrainingClass", data["welding"])
    assert await count("{}") == 4
    assert await count('{trainingClass: "%s"}' % welding) == 2
    assert await count('{region: "450226"}') == 1
    assert await count("{completed: false}") == 1
    assert await count('{completedFrom: "2019-06-01", completedTo: "2019-06-30"}') == 1
    assert await count("{kind: LEADER}") == 2
    bad = await gql.post('{ enrolments(filter: {trainingClass: "nope"}) { totalCount } }')
    assert "is not a TrainingClass id" in bad.json()["errors"][0]["message"]


@pytest.mark.usefixtures("data")
async def test_person_trainings_and_region_classes(gql: GraphQLClient) -> None:
    found = await gql(
        """{ household(registryNumber: "H-A") { members { name
               trainings { completed trainingClass { kind startDate } } } }
             city: region(code: "450200") { trainingClasses { countyCode } }
             rongshui: region(code: "450225") { trainingClasses(kind: LEADER, year: 2019) { title }
               all: trainingClasses { kind } }
             township: region(code: "450225101") { trainingClasses { title } } }"""
    )
    head, son = found["household"]["members"]
    assert head["trainings"] == [
        {"completed": True, "trainingClass": {"kind": "VOCATIONAL", "startDate": "2019-03-01"}},
        {"completed": True, "trainingClass": {"kind": "LEADER", "startDate": "2019-06-01"}},
    ]
    assert son["trainings"] == [
        {"completed": False, "trainingClass": {"kind": "VOCATIONAL", "startDate": "2019-03-01"}}
    ]
    assert [c["countyCode"] for c in found["city"]["trainingClasses"]] == [
        "450225",
        "450225",
        "450226",
    ]
    assert len(found["rongshui"]["trainingClasses"]) == 1
    assert [c["kind"] for c in found["rongshui"]["all"]] == ["VOCATIONAL", "LEADER"]
    assert found["township"]["trainingClasses"] == []


CLASSES = """{ trainingClasses(first: %d, filter: %s) { nodes { title county { name } trainees
    enrolments { completed person { name household { registryNumber } } placement { startDate }
      trainingClass { title } } } } }"""


@pytest.mark.parametrize(
    ("filter", "size"), [("{kind: VOCATIONAL}", 1), ("{kind: VOCATIONAL}", 5), ("{}", 30)]
)
async def test_class_list_statements(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, filter: str, size: int
) -> None:
    found = await demo_gql(CLASSES % (size, filter))
    assert len(found["trainingClasses"]["nodes"]) == size
    # page, counties, enrolments, persons, households, employments, classes by id
    assert demo_sql_counter.count == 7, demo_sql_counter.statements


@pytest.mark.parametrize("size", [5, 50])
async def test_core_type_fields_statements(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, size: int
) -> None:
    found = await demo_gql(
        "{ persons(first: %d) { nodes { trainings { completed trainingClass { title } } } } }"
        % size
    )
    assert any(p["trainings"] for p in found["persons"]["nodes"]) or size == 5
    # persons, their enrolments, the enrolments' classes
    assert demo_sql_counter.count == 3, demo_sql_counter.statements
    demo_sql_counter.reset()
    await demo_gql("{ regions(level: COUNTY) { trainingClasses { title } } }")
    await demo_gql("{ regions(level: DISTRICT) { trainingClasses { title } } }")
    # regions and their classes, twice
    assert demo_sql_counter.count == 4, demo_sql_counter.statements
