"""Demo data: deterministic, and something for the board to show."""

from __future__ import annotations

from jiuye_public_services.demo import generate

from core.testing import GraphQLClient

VILLAGES = [(f"450225101{n:03d}", n % 3 == 0) for n in range(200, 260)]


def test_same_seed_same_rows() -> None:
    assert generate(2019, VILLAGES, ["450225"]) == generate(2019, VILLAGES, ["450225"])
    assert generate(2019, VILLAGES, ["450225"]) != generate(2020, VILLAGES, ["450225"])


async def test_demo_board(demo_gql: GraphQLClient) -> None:
    data = await demo_gql(
        """{ metric(key: "public_services.poor_villages_with_video_platform", asOf: "2019-09-30") {
               value target status }
             regions(level: COUNTY) { code labourStations { staffed } acceptanceItems { item passedOn } } }"""
    )
    metric = data["metric"]
    assert 0 < int(metric["value"]) < 171 and metric["target"] == "171"
    stations = [s for r in data["regions"] for s in r["labourStations"]]
    assert len(stations) > 50
    assert any(s["staffed"] for s in stations) and not all(s["staffed"] for s in stations)
    assert any(r["acceptanceItems"] for r in data["regions"])
