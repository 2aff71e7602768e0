"""Wild input is a request error the caller can read, never a 500 or an unexpected (masked) error.

One test per input that once reached code unprepared for it; the generated tests in
`test_fuzz.py` keep each class closed for every field a plugin adds.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from core.graphql.http import UNEXPECTED_MESSAGE
from core.platform import Platform
from tests.conftest import GraphQLClient
from tests.factories import four_households
from tests.importing.test_upload import upload

GRAPHQL_RESPONSE = "application/graphql-response+json"
"""Asked for, so that a request error is answered 400 (plain JSON answers 200 with errors)."""


async def post(gql: GraphQLClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    return await gql.post(query, variables, Accept=GRAPHQL_RESPONSE)


def global_id(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def refused(response: httpx.Response) -> dict[str, Any]:
    """The first error of a response that must be a request error; the error itself."""
    assert response.status_code < 500, response.text
    assert UNEXPECTED_MESSAGE not in response.text, response.text
    errors = response.json()["errors"]
    assert errors, response.text
    error: dict[str, Any] = errors[0]
    return error


@pytest.fixture
async def households(platform: Platform) -> None:
    await four_households(platform)


async def test_deeply_nested_variables_are_refused_before_anything_walks_them(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture
) -> None:
    value: Any = "x"
    for _ in range(600):
        value = [value]
    with caplog.at_level(logging.WARNING):
        response = await gql.post(
            "query($k: [String!]) { metrics(keys: $k) { key } }", {"k": value}
        )
    assert response.status_code == 400
    assert "嵌套超过 32 层" in refused(response)["message"]
    assert not caplog.records


async def test_a_multipart_map_path_through_a_scalar_is_refused(
    gql: GraphQLClient, tmp_path: Path
) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"x\r\n")
    for mapping in (
        {"0": ["variables.dryRun.x"]},
        {"0": ["variables.file.x"]},
        {"0": ["variables.dryRun.0"]},
        {"0": ["variables.dryRun.x.y"]},
        {"0": ["variables.file.x.y"]},
    ):
        response = await upload(gql.http, path, mapping=mapping)
        assert response.status_code == 400, (mapping, response.text)
        assert "没有指向任何变量" in refused(response)["message"]


@pytest.mark.parametrize(
    "text",
    [
        "Node:1",
        "Person:" + "9" * 30,
        "Person:2147483648",  # one past the largest key: PostgreSQL's INTEGER overflows
        "Person:²",
        "Household:١",
        "Region:" + "x" * 100,
    ],
)
async def test_node_ids_the_platform_never_issued_are_bad_arguments(
    gql: GraphQLClient, text: str
) -> None:
    response = await gql.post("query($id: ID!) { node(id: $id) { id } }", {"id": global_id(text)})
    error = refused(response)
    assert error["extensions"]["code"] == "BAD_ARGUMENT", error
    assert error["extensions"]["argument"] == "id"


async def test_a_node_id_of_a_record_that_is_gone_is_null(gql: GraphQLClient) -> None:
    response = await gql.post(
        "query($id: ID!) { node(id: $id) { id } }", {"id": global_id("Person:2147483647")}
    )
    assert response.json() == {"data": {"node": None}}


@pytest.mark.usefixtures("households")
async def test_a_households_cursor_past_64_bits_is_a_bad_argument(gql: GraphQLClient) -> None:
    for cursor in (
        global_id("k:" + "9" * 30),
        global_id("k:2147483648"),
        global_id("k:²"),
        global_id("k:-1"),
    ):
        response = await gql.post(
            "query($a: String) { households(after: $a) { nodes { id } } }", {"a": cursor}
        )
        error = refused(response)
        assert error["extensions"]["code"] == "BAD_ARGUMENT", error
        assert error["extensions"]["argument"] == "after"


@pytest.mark.usefixtures("households")
@pytest.mark.parametrize("key", [{"a": 1}, [1], 10**30, True, 1.5, "450225", None])
async def test_drill_cursors_hold_a_key_of_the_lists_type(gql: GraphQLClient, key: Any) -> None:
    cursor = base64.b64encode(json.dumps([key]).encode()).decode()
    response = await gql.post(
        'query($a: String) { metric(key: "core.labor_households") '
        "{ records(after: $a) { edges { cursor } } } }",
        {"a": cursor},
    )
    error = refused(response)
    assert error["extensions"]["code"] == "BAD_ARGUMENT", error
    assert error["extensions"]["argument"] == "after"


@pytest.mark.usefixtures("households")
async def test_a_drill_cursor_from_the_list_still_pages(gql: GraphQLClient) -> None:
    query = (
        'query($a: String) { metric(key: "core.labor_households") '
        "{ records(first: 1, after: $a) { edges { cursor node { key } } } } }"
    )
    first = (await gql(query, {"a": None}))["metric"]["records"]["edges"]
    second = (await gql(query, {"a": first[0]["cursor"]}))["metric"]["records"]["edges"]
    assert int(second[0]["node"]["key"]) > int(first[0]["node"]["key"])


@pytest.mark.usefixtures("households")
async def test_a_period_at_the_ends_of_the_calendar_is_refused(gql: GraphQLClient) -> None:
    literal = await post(
        gql, '{ metrics(period: {start: "0001-01-01", end: "9999-12-31"}) { key value } }'
    )
    assert literal.status_code == 400
    assert "1900-01-01" in refused(literal)["message"]
    variable = await post(
        gql,
        "query($p: PeriodInput) { metrics(period: $p) { key value } }",
        {"p": {"start": "0001-01-01", "end": "9999-12-31"}},
    )
    assert variable.status_code == 400
    assert "1900-01-01" in refused(variable)["message"]


@pytest.mark.usefixtures("households")
async def test_households_not_reached_on_the_first_day_of_the_calendar(gql: GraphQLClient) -> None:
    response = await post(gql, '{ householdsNotReached(asOf: "0001-01-01") { totalCount } }')
    assert response.status_code == 400
    assert "2999-12-31" in refused(response)["message"]


@pytest.mark.parametrize(
    ("field", "filter"),
    [
        ("enterprises", {"incubationBaseId": global_id("IncubationBase:" + "9" * 30)}),
        ("enrolments", {"trainingClass": global_id("TrainingClass:" + "9" * 20)}),
    ],
)
async def test_ids_past_64_bits_in_plugin_filters_are_bad_arguments(
    gql: GraphQLClient, field: str, filter: dict[str, str]
) -> None:
    type_name = "EnterpriseFilter" if field == "enterprises" else "EnrolmentFilter"
    response = await gql.post(
        f"query($f: {type_name}) {{ {field}(filter: $f) {{ totalCount }} }}", {"f": filter}
    )
    error = refused(response)
    assert error["extensions"]["code"] == "BAD_ARGUMENT", error


@pytest.mark.usefixtures("households")
async def test_decimals_too_large_for_the_database_are_refused(gql: GraphQLClient) -> None:
    mutation = (
        "mutation($i: MinimumWageCreateInput!) { createMinimumWage(input: $i) { __typename } }"
    )
    for amount in ("1e30", "NaN", "-Infinity", "9" * 40):
        response = await post(
            gql,
            mutation,
            {
                "i": {
                    "countyCode": "450225",
                    "effectiveFrom": "2019-01-01",
                    "monthlyMinimum": amount,
                    "source": "柳政发〔2019〕1号",
                }
            },
        )
        assert response.status_code == 400, (amount, response.text)
        assert "10^15" in refused(response)["message"]


async def test_a_utf16_csv_cut_at_an_odd_byte_is_a_problem_not_a_crash(
    gql: GraphQLClient, tmp_path: Path
) -> None:
    path = tmp_path / "ledger.csv"
    path.write_bytes("户编号\t姓名\r\nH-1\t覃一\r\n".encode("utf-16") + b"\x00")
    response = await upload(gql.http, path, dry_run=True)
    assert response.status_code == 200, response.text
    result = response.json()["data"]["importLedger"]
    assert not result["committed"]
    assert "无法解码" in result["problems"][0]["reason"]


@pytest.mark.usefixtures("households")
async def test_a_nul_character_is_refused_before_the_database_sees_it(gql: GraphQLClient) -> None:
    mutation = "mutation($i: RecordEmploymentInput!) { recordEmployment(input: $i) { __typename } }"
    variables = {
        "i": {
            "idNumber": "\x00450225",
            "form": "FLEXIBLE",
            "place": "IN_REGION",
            "startDate": "2019-03-01",
        }
    }
    response = await post(gql, mutation, variables)
    assert response.status_code == 400
    assert "NUL" in refused(response)["message"]
    literal = await post(gql, '{ household(registryNumber: "H-\\u0000A") { id } }')
    assert literal.status_code == 400
    assert refused(literal)["extensions"]["code"] == "BAD_ARGUMENT"


async def test_a_snapshot_label_longer_than_its_column_is_a_problem(gql: GraphQLClient) -> None:
    data = await gql(
        "mutation($i: CreateSnapshotInput!) { createMetricSnapshot(input: $i) "
        "{ ... on RecordError { code problems { field code } } } }",
        {"i": {"label": "季" * 65, "asOf": "2019-09-30"}},
    )
    assert data["createMetricSnapshot"] == {
        "code": "INVALID",
        "problems": [{"field": "label", "code": "INVALID"}],
    }
