"""Refusals and request errors never quote a full ID or phone number back."""

from __future__ import annotations

from datetime import date

from core.platform import Platform
from core.security.masking import mask_id_number
from tests.conftest import GraphQLClient
from tests.factories import VILLAGE_A1, VILLAGE_C1, add_regions, four_households, id_number

CREATE = """mutation($input: CreateHouseholdInput!) { createHousehold(input: $input) {
  ... on RecordError { code message problems { field code message } } } }"""


def household(registry: str, village: str, number: str) -> dict[str, object]:
    return {
        "registryNumber": registry,
        "villageCode": village,
        "members": [
            {"name": "韦一", "idNumber": number, "relation": "HEAD", "labourCapacity": "ORDINARY"}
        ],
    }


async def test_a_duplicate_is_refused_without_the_full_number(
    platform: Platform, gql: GraphQLClient, gql_as: object
) -> None:
    await add_regions(platform)
    number = id_number(date(1983, 7, 22), 153)
    await gql(CREATE, {"input": household("H-1", VILLAGE_A1, number)})
    again = (await gql(CREATE, {"input": household("H-2", VILLAGE_A1, number)}))["createHousehold"]
    texts = [again["message"], *(p["message"] for p in again["problems"])]
    assert any("已登记在户 H-1" in text for text in texts)
    assert all(number not in text for text in texts), texts
    assert any(mask_id_number(number) in text for text in texts)
    async with gql_as(role="county", region="450226") as county:  # type: ignore[attr-defined]
        elsewhere = (await county(CREATE, {"input": household("H-3", VILLAGE_C1, number)}))[
            "createHousehold"
        ]
    assert "权限范围外" in elsewhere["message"] and number not in elsewhere["message"]


async def test_a_plugin_refusal_is_masked(platform: Platform, gql: GraphQLClient) -> None:
    ids = await four_households(platform)
    unknown = id_number(date(1990, 5, 6), 21)
    assert unknown not in ids.values()
    answer = await gql(
        """mutation($n: String!) { enrol(input: {trainingClass: "VHJhaW5pbmdDbGFzczox",
           idNumber: $n}) { __typename ... on RecordError { message problems { message } } } }""",
        {"n": unknown},
    )
    refused = answer["enrol"]
    assert refused["__typename"] == "RecordError"
    assert unknown not in str(refused)


async def test_a_request_error_does_not_echo_a_number(gql: GraphQLClient) -> None:
    number = id_number(date(1983, 7, 22), 153)
    response = await gql.post(f"{{ personByIdNumber(idNumber: {number}) {{ id }} }}")
    errors = response.json()["errors"]
    assert errors and all(number not in error["message"] for error in errors), errors
    assert any(number[:6] in error["message"] for error in errors)
