"""`extend_types`: plugins' fields on the core's types resolve with the core's object as `self`."""

from __future__ import annotations

from core.platform import Platform
from core.testing import GraphQLClient
from core.testing.factories import four_households


async def test_fields_on_core_types(platform: Platform, gql: GraphQLClient) -> None:
    await four_households(platform)
    data = await gql(
        """{ region(code: "450225") { trainingClasses { title } relocationSites { name } }
             households(first: 1) { nodes { registryNumber relocationSite { name } } } }"""
    )
    assert data["region"] == {"trainingClasses": [], "relocationSites": []}
    assert data["households"]["nodes"] == [{"registryNumber": "H-A", "relocationSite": None}]
