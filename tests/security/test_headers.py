"""Every response carries the security headers; pages cannot be framed or run foreign scripts."""

from __future__ import annotations

import re

import pytest

from core.testing.kit import GraphQLClient


@pytest.mark.parametrize("path", ["/", "/dashboard", "/graphql"])
async def test_pages_send_the_browser_headers(gql: GraphQLClient, path: str) -> None:
    response = await gql.http.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    # Under script-src 'self' an inline script would not run: every script is a file.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)


async def test_api_responses_and_assets_are_not_sniffed(gql: GraphQLClient) -> None:
    answered = await gql.http.post("/graphql", json={"query": "{ me { name } }"})
    refused = await gql.http.post("/graphql", content=b"{", headers={"Content-Type": "text/plain"})
    asset = await gql.http.get("/static/graphiql.js")
    health = await gql.http.get("/healthz")
    for response in (answered, refused, asset, health):
        assert response.headers["x-content-type-options"] == "nosniff", response.url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
