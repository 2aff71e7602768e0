"""A record kind whose key is unique across the city: a key held in another county is answered
as registered elsewhere, naming nobody, audited and capped like every probe answer."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.security.models import audit_log
from core.testing import GraphQLClient, Platform
from core.testing.factories import add_regions

CREATE = """mutation($i: HrAgencyCreateInput!) { createHrAgency(input: $i) {
    __typename ... on RecordError { code problems { field code message } } } }"""


def agency(county: str, name: str) -> dict[str, Any]:
    return {
        "countyCode": county,
        "creditCode": "91450200MA5K12345X",
        "name": name,
        "agencyKind": "HR_AGENCY",
    }


async def test_a_key_held_in_another_county_is_a_probe_answer(
    platform: Platform, gql: GraphQLClient, gql_as: Any
) -> None:
    await add_regions(platform)
    first = await gql(CREATE, {"i": agency("450225", "融水县人力资源服务有限公司")})
    assert first["createHrAgency"]["__typename"] == "HrAgencySuccess"
    async with gql_as(
        name="三江县人社局", role="department", department="RSJ", region="450226"
    ) as sanjiang:
        answer = (await sanjiang(CREATE, {"i": agency("450226", "三江某公司")}))["createHrAgency"]
    [problem] = answer["problems"]
    assert problem["code"] == "DUPLICATE" and "权限范围外" in problem["message"]
    assert "融水" not in problem["message"] and "450225" not in problem["message"]
    async with platform.db.connect() as conn:
        actions = (await conn.scalars(select(audit_log.c.action))).all()
    assert "PROBE" in actions
