"""`register_routes`: the app serves every part's routes (the core's board page among them)."""

from __future__ import annotations

from core.testing import GraphQLClient


async def test_routes_are_served(gql: GraphQLClient) -> None:
    for path in ("/", "/dashboard"):
        response = await gql.http.get(path)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
