"""GraphQL over HTTP: methods, media types, status codes, GraphiQL, masking of the unexpected."""

from __future__ import annotations

import logging

import pytest

from core.graphql.http import UNEXPECTED_MESSAGE
from tests.conftest import GraphQLClient

GRAPHQL_RESPONSE = "application/graphql-response+json"


async def test_post_json(gql: GraphQLClient) -> None:
    response = await gql.post('{ region(code: "450225") { name shortName } }')
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "data": {"region": {"name": "融水苗族自治县", "shortName": "融水县"}}
    }


async def test_get_query_with_variables(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/graphql",
        params={
            "query": "query R($c: String!) { region(code: $c) { code } }",
            "variables": '{"c": "450226000000"}',
        },
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"region": {"code": "450226"}}}


async def test_mutation_over_get_is_refused(gql: GraphQLClient) -> None:
    response = await gql.http.get(
        "/graphql",
        params={
            "query": 'mutation { endEmployment(input: {employmentId: "x", endDate: "2019-01-01"}) { __typename } }'
        },
    )
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]


async def test_graphql_response_media_type_and_status_for_invalid_documents(
    gql: GraphQLClient,
) -> None:
    response = await gql.post("{ households { nope } }", accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    body = response.json()
    assert "data" not in body
    assert "nope" in body["errors"][0]["message"]
    # application/json keeps 200 for a well-formed request that fails validation
    legacy = await gql.post("{ households { nope } }", accept="application/json")
    assert legacy.status_code == 200
    assert "data" not in legacy.json()


async def test_syntax_error_is_a_request_error(gql: GraphQLClient) -> None:
    response = await gql.post("{ households ", accept=GRAPHQL_RESPONSE)
    assert response.status_code == 400
    assert "Syntax Error" in response.json()["errors"][0]["message"]


async def test_variable_coercion_failure_is_a_request_error(gql: GraphQLClient) -> None:
    response = await gql.post(
        "query R($c: String!) { region(code: $c) { code } }", {"c": 5}, accept=GRAPHQL_RESPONSE
    )
    assert response.status_code == 400
    assert "data" not in response.json()


async def test_field_error_keeps_data_and_names_the_argument(gql: GraphQLClient) -> None:
    response = await gql.post("{ households(first: 500) { totalCount } }", accept=GRAPHQL_RESPONSE)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    error = body["errors"][0]
    assert "参数 first（字段 households）" in error["message"]
    assert error["extensions"]["code"] == "BAD_ARGUMENT"
    assert error["path"] == ["households"]


@pytest.mark.parametrize(
    ("content_type", "body", "status"),
    [
        ("text/plain", "{ __typename }", 415),
        ("application/json", "{not json", 400),
        ("application/json", "[]", 400),
        ("application/json", '{"query": 5}', 400),
        ("application/json", '{"query": "{ __typename }", "variables": [1]}', 400),
        ("application/json", '{"query": "{ __typename }", "extensions": "x"}', 400),
        ("application/json", '{"query": "{ __typename }", "extensions": [1]}', 400),
    ],
)
async def test_malformed_requests(
    gql: GraphQLClient, content_type: str, body: str, status: int
) -> None:
    response = await gql.http.post("/graphql", content=body, headers={"content-type": content_type})
    assert response.status_code == status
    assert response.json()["errors"][0]["message"]


async def test_extensions_must_be_an_object_over_get_too(gql: GraphQLClient) -> None:
    refused = await gql.http.get(
        "/graphql", params={"query": "{ __typename }", "extensions": "[1]"}
    )
    assert refused.status_code == 400
    taken = await gql.http.get("/graphql", params={"query": "{ __typename }", "extensions": "{}"})
    assert taken.status_code == 200


async def test_unacceptable_accept_header(gql: GraphQLClient) -> None:
    response = await gql.post("{ __typename }", accept="text/csv")
    assert response.status_code == 406


async def test_other_methods(gql: GraphQLClient) -> None:
    response = await gql.http.put("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405


async def test_graphiql_for_browsers_uses_only_local_assets(gql: GraphQLClient) -> None:
    response = await gql.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    page = response.text
    assert "graphiql.min.js" in page
    assert "http://" not in page
    assert "https://" not in page
    for asset in (
        "/static/vendor/graphiql/graphiql.min.js",
        "/static/vendor/react/react.production.min.js",
    ):
        assert (await gql.http.get(asset)).status_code == 200


async def test_unexpected_errors_are_masked_and_logged(
    gql: GraphQLClient, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.records import loaders

    async def broken(self: object, keys: list[str]) -> list[object]:
        raise RuntimeError("secret connection string")

    monkeypatch.setattr(loaders.RegionByCodeLoader, "fetch", broken)
    with caplog.at_level(logging.ERROR, logger="jiuye.graphql"):
        response = await gql.post('{ region(code: "450225") { name } }')
    error = response.json()["errors"][0]
    assert error["message"] == UNEXPECTED_MESSAGE
    assert "secret" not in response.text
    assert error["extensions"]["requestId"] in caplog.text
    assert "secret connection string" in caplog.text


async def test_healthz(gql: GraphQLClient) -> None:
    response = await gql.http.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
