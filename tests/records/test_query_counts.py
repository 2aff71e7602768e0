"""Every list field resolves through loaders: SQL statements do not grow with the page size."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, StatementCounter

NESTED = "{ households(first: %d) { %s edges { node { registryNumber members { name employments { startDate } } } } } }"


@pytest.mark.parametrize("size", [1, 10, 100])
async def test_households_members_employments(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, size: int
) -> None:
    data = await demo_gql(NESTED % (size, ""))
    assert len(data["households"]["edges"]) == size
    assert demo_sql_counter.count == 3, demo_sql_counter.statements
    demo_sql_counter.reset()
    await demo_gql(NESTED % (size, "totalCount"))
    assert demo_sql_counter.count == 4


@pytest.mark.parametrize("size", [5, 50])
async def test_regions_persons_households(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, size: int
) -> None:
    await demo_gql(
        f"{{ persons(first: {size}) {{ nodes {{ name household {{ registryNumber village {{ name parent {{ name parent {{ name }} }} }} }} "
        "employments { form person { name } } } } }"
    )
    # page, households, village, township, county, employments, employment→person
    assert demo_sql_counter.count == 7, demo_sql_counter.statements


async def test_region_children(demo_gql: GraphQLClient, demo_sql_counter: StatementCounter) -> None:
    await demo_gql("{ regions { children { children { children { code } } } } }")
    assert demo_sql_counter.count == 4
