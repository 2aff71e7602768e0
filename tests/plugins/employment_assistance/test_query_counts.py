"""The plugin's relations resolve through loaders: SQL statements do not grow with the page size.

Each case names the most statements it may run, whatever the page size.
"""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient, StatementCounter

CASES = {
    # persons page, posts by person, their villages, subsidies by person, subsidised persons
    "person": (
        """{ persons(first: %d, filter: {hasLabourCapacity: true}) { nodes { name
             villagePosts { post monthlyPay activeOn(on: "2019-09-30") region { name } }
             subsidies { kind total person { name } } } } }""",
        5,
    ),
    # townships, their workshops, the workshops' townships, workers, the workers' persons
    "region": (
        """{ regions(level: TOWNSHIP) { code workshops { name region { name }
             workers { startDate person { name } } } } }""",
        5,
    ),
    "workshops": (
        "{ povertyWorkshops(first: %d) { nodes { region { name } workers { form } } } }",
        3,
    ),
    "posts": ("{ villagePosts(first: %d) { nodes { person { name } region { name } } } }", 3),
    "subsidies": ("{ hiringSubsidies(first: %d) { nodes { person { name } } } }", 2),
    "pushes": (
        "{ jobPushes(first: %d) { nodes { region { name } reachedHouseholds { registryNumber } } } }",
        3,
    ),
    "fairs": ("{ jobFairs(first: %d) { nodes { region { name } } } }", 2),
    "events": ("{ fiveEvents(first: %d) { nodes { region { name } } } }", 2),
    # the totals, the villages' page, their regions
    "coverage": (
        """{ villagePostCoverage(asOf: "2019-09-30") { posts
             villages(first: %d) { nodes { posts village { name } } } } }""",
        3,
    ),
}


@pytest.mark.parametrize("size", [5, 50])
@pytest.mark.parametrize("case", sorted(CASES))
async def test_statements_do_not_grow_with_the_page(
    demo_gql: GraphQLClient, demo_sql_counter: StatementCounter, case: str, size: int
) -> None:
    document, statements = CASES[case]
    await demo_gql(document % size if "%d" in document else document)
    # A relation with nothing to load on this page runs no statement, hence "at most".
    assert demo_sql_counter.count <= statements, demo_sql_counter.statements
