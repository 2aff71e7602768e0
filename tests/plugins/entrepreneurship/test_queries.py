"""Lists with filters and cursors, lookups, the fields on core types, and their SQL counts."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, StatementCounter
from tests.factories import TOWNSHIP_A, VILLAGE_C1
from tests.plugins.entrepreneurship.conftest import create_base, create_enterprise, create_loan


@pytest.fixture
async def records(gql: GraphQLClient, ids: dict[str, str]) -> dict[str, str]:
    """Three loans, two enterprises, two bases; returns some global ids."""
    base = await create_base(gql, "布央基地", "SANJIANG_BUYANG", "450226", status="APPLIED")
    await create_base(gql, "融水基地", "OTHER", "450225", areaName="融水县")
    firm = await create_enterprise(
        gql,
        ids["d_head"],
        "丁记",
        regionCode=VILLAGE_C1,
        kind="WORKSHOP",
        incubationBaseId=base["id"],
    )
    await create_enterprise(gql, ids["a_head"], "甲记", establishedOn="2018-05-01")
    await create_loan(gql, ids["a_head"], "A-1", issuedOn="2019-01-15")
    await create_loan(
        gql,
        ids["a_son"],
        "A-2",
        programme="MIGRANT_WORKER",
        issuedOn="2019-06-30",
        status="OVERDUE",
    )
    await create_loan(gql, ids["d_head"], "D-1", issuedOn="2019-09-30", enterpriseId=firm["id"])
    return {"base": base["id"], "firm": firm["id"]}


async def contracts(gql: GraphQLClient, filter: str) -> list[str]:
    data = await gql("{ loans(filter: %s) { totalCount nodes { contractNumber } } }" % filter)
    found = [n["contractNumber"] for n in data["loans"]["nodes"]]
    assert data["loans"]["totalCount"] == len(found)
    return found


async def test_loan_filters(
    gql: GraphQLClient, ids: dict[str, str], records: dict[str, str]
) -> None:
    assert await contracts(gql, "{}") == ["A-1", "A-2", "D-1"]
    assert await contracts(gql, '{region: "450226"}') == ["D-1"]
    assert await contracts(gql, '{region: "%s000"}' % TOWNSHIP_A) == ["A-1", "A-2"]
    assert await contracts(gql, "{programmes: [MIGRANT_WORKER]}") == ["A-2"]
    assert await contracts(gql, "{statuses: [ISSUED]}") == ["A-1", "D-1"]
    dates = '{issuedFrom: "2019-06-30", issuedTo: "2019-09-29"}'
    assert await contracts(gql, dates) == ["A-2"]
    assert await contracts(gql, '{borrowerIdNumber: "%s"}' % ids["d_head"].lower()) == ["D-1"]
    assert await contracts(gql, '{region: "450225", statuses: [OVERDUE]}') == ["A-2"]
    response = await gql.post(
        '{ loans(filter: {issuedFrom: "2019-02-01", issuedTo: "2019-01-01"}) { totalCount } }'
    )
    assert "2019-02-01 晚于 2019-01-01" in response.json()["errors"][0]["message"]


async def test_pages(gql: GraphQLClient, records: dict[str, str]) -> None:
    first = await gql("{ loans(first: 2) { edges { cursor } pageInfo { hasNextPage endCursor } } }")
    assert first["loans"]["pageInfo"]["hasNextPage"] is True
    rest = await gql(
        '{ loans(first: 2, after: "%s") { nodes { contractNumber } pageInfo { hasNextPage hasPreviousPage } } }'
        % first["loans"]["pageInfo"]["endCursor"]
    )
    assert rest["loans"]["nodes"] == [{"contractNumber": "D-1"}]
    assert rest["loans"]["pageInfo"] == {"hasNextPage": False, "hasPreviousPage": True}
    last = await gql("{ enterprises(last: 1) { nodes { name } } }")
    assert last["enterprises"]["nodes"] == [{"name": "甲记"}]
    response = await gql.post("{ incubationBases(first: 101) { totalCount } }")
    assert "应在 1 至 100 之间" in response.json()["errors"][0]["message"]


async def test_enterprise_and_base_filters(gql: GraphQLClient, records: dict[str, str]) -> None:
    async def names(field: str, filter: str) -> list[str]:
        data = await gql("{ %s(filter: %s) { nodes { name } } }" % (field, filter))
        return [n["name"] for n in data[field]["nodes"]]

    assert await names("enterprises", '{region: "450226"}') == ["丁记"]
    assert await names("enterprises", "{kinds: [INDIVIDUAL_BUSINESS, MICRO_MARKET]}") == ["甲记"]
    assert await names("enterprises", '{establishedFrom: "2019-01-01"}') == ["丁记"]
    assert await names("enterprises", '{establishedTo: "2018-12-31"}') == ["甲记"]
    assert await names("enterprises", '{incubationBaseId: "%s"}' % records["base"]) == ["丁记"]
    assert await names("incubationBases", "{namedInPlan: true}") == ["布央基地"]
    assert await names("incubationBases", "{namedInPlan: false}") == ["融水基地"]
    assert await names("incubationBases", "{areas: [OTHER, RONGAN]}") == ["融水基地"]
    assert await names("incubationBases", "{statuses: [APPLIED]}") == ["布央基地"]
    assert await names("incubationBases", '{region: "450225"}') == ["融水基地"]


async def test_lookups(gql: GraphQLClient, records: dict[str, str]) -> None:
    found = await gql(
        '{ byId: enterprise(id: "%s") { name loans { contractNumber } incubationBase { name } } '
        'wrongKind: enterprise(id: "%s") { name } missing: loan(contractNumber: "nope") { id } }'
        % (records["firm"], records["base"])
    )
    assert found["byId"] == {
        "name": "丁记",
        "loans": [{"contractNumber": "D-1"}],
        "incubationBase": {"name": "布央基地"},
    }
    assert found["wrongKind"] is None and found["missing"] is None
    response = await gql.post('{ loan(id: "x", contractNumber: "A-1") { id } }')
    assert "exactly one" in response.json()["errors"][0]["message"]


async def test_statements_do_not_grow_with_the_page(
    gql: GraphQLClient, ids: dict[str, str], sql_counter: StatementCounter
) -> None:
    # Eight loans of the same shape: each finances an enterprise that sits in a base and has
    # a linked worker.
    base = await create_base(gql, "基地", "OTHER", "450200", areaName="柳州市")
    assert "id" not in base  # a base is at a county or below
    base = await create_base(gql, "基地", "OTHER", "450225", areaName="融水县")
    for owner, worker, village in (
        ("a_head", "a_son", "450225101201"),
        ("d_head", "d_head", VILLAGE_C1),
    ):
        jobs = await gql(
            '{ personByIdNumber(idNumber: "%s") { employments { id } } }' % ids[worker]
        )
        firm = await create_enterprise(
            gql,
            ids[owner],
            f"{owner}记",
            regionCode=village,
            incubationBaseId=base["id"],
            workerEmploymentIds=[jobs["personByIdNumber"]["employments"][0]["id"]],
        )
        for n, programme in enumerate(["NATIONAL"] + ["MIGRANT_WORKER"] * 3):
            loan = await create_loan(
                gql, ids[owner], f"{owner}-{n}", programme=programme, enterpriseId=firm["id"]
            )
            assert "id" in loan, loan
    query = (
        "{ loans(first: %d) { nodes { amount borrower { name household { registryNumber } } "
        "enterprise { name owner { name } incubationBase { name } loans { id } workers { person { name } } } } } }"
    )
    counts = []
    for size in (1, 3, 8):
        sql_counter.reset()
        data = await gql(query % size)
        assert len(data["loans"]["nodes"]) == size
        counts.append(sql_counter.count)
    # page, borrowers, households, enterprises, bases, their loans, workers, workers' persons
    # (owners are borrowers here, already loaded)
    assert counts == [8, 8, 8], sql_counter.statements


@pytest.mark.parametrize("size", [1, 3])
async def test_fields_on_core_types_batch(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, size: int
) -> None:
    data = await demo_gql(
        "{ enterprises(first: %d) { nodes { owner { loans { contractNumber } "
        "enterprises { name workers { id } } } } } }" % size
    )
    assert len(data["enterprises"]["nodes"]) == size
    # page, owners, Person.loans, Person.enterprises, Enterprise.workers
    assert demo_sql_counter.count == 5, demo_sql_counter.statements
    demo_sql_counter.reset()
    await demo_gql(
        "{ regions(level: COUNTY) { incubationBases { enterprisesIncubated enterprises { name } } } }"
    )
    # regions, Region.incubationBases, IncubationBase.enterprises
    assert demo_sql_counter.count == 3, demo_sql_counter.statements
