"""The demo: one issued bulletin whose tasks a county officer can read, in several states."""

from __future__ import annotations

from typing import Any

from core.testing import GraphQLClient
from plugins.supervision.demo import generate


def test_the_demo_is_the_same_for_the_same_seed() -> None:
    assert generate(7) == generate(7)


async def test_the_demo_bulletin_and_its_tasks(demo_gql: GraphQLClient, demo_platform: Any) -> None:
    data = await demo_gql(
        """{ bulletins(first: 5) { nodes { number status items { regionCode value expected } pageUrl } }
             rectificationTasks { nodes { regionCode status history { toStatus } updates { measures } } }
             escalatedTasks { regionCode } }"""
    )
    (bulletin,) = data["bulletins"]["nodes"]
    assert bulletin["number"] == "柳人社通〔2019〕5号" and bulletin["status"] == "ISSUED"
    assert len(bulletin["items"]) == 5
    tasks = data["rectificationTasks"]["nodes"]
    assert {t["status"] for t in tasks} == {"RECTIFIED", "ESCALATED"}
    assert all(t["history"][0]["toStatus"] == "OPEN" for t in tasks)
    assert len(data["escalatedTasks"]) == 2
    page = await demo_gql.http.get(bulletin["pageUrl"])
    assert page.status_code == 200 and "柳人社通〔2019〕5号" in page.text
