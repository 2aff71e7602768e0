"""The floor for any Python server: plain Starlette endpoints that run the same SQL as the
GraphQL requests they stand beside and return the same JSON, with no GraphQL in between."""

from __future__ import annotations

from datetime import date

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.platform import Platform
from core.records import sql
from core.records.loaders import MEMBER_ORDER
from core.records.models import employment, household, person
from core.regions import CITY_CODE
from core.settings import Settings

platform = Platform(Settings())


def _json(data: object) -> Response:
    return Response(orjson.dumps(data), media_type="application/json")


async def typename(request: Request) -> Response:
    return _json({"data": {"__typename": "Query"}})


async def nested(request: Request) -> Response:
    size = int(request.query_params.get("n", "100"))
    async with platform.db.connect() as conn:
        homes = (
            await conn.execute(
                sql.households_in(platform.context().scope).order_by(household.c.id).limit(size)
            )
        ).all()
        ids = [h.id for h in homes]
        members = (
            await conn.execute(
                person.select().where(person.c.household_id.in_(ids)).order_by(*MEMBER_ORDER)
            )
        ).all()
        spells = (
            await conn.execute(
                employment.select()
                .where(employment.c.person_id.in_([m.id for m in members]))
                .order_by(employment.c.start_date, employment.c.id)
            )
        ).all()
    jobs: dict[int, list[dict[str, str]]] = {}
    for spell in spells:
        jobs.setdefault(spell.person_id, []).append({"startDate": spell.start_date.isoformat()})
    people: dict[int, list[dict[str, object]]] = {}
    for member in members:
        people.setdefault(member.household_id, []).append(
            {"name": member.name, "employments": jobs.get(member.id, [])}
        )
    edges = [
        {"node": {"registryNumber": h.registry_number, "members": people.get(h.id, [])}}
        for h in homes
    ]
    return _json({"data": {"households": {"edges": edges}}})


async def board(request: Request) -> Response:
    as_of = date.fromisoformat(request.query_params.get("asOf", "2019-09-30"))
    async with platform.db.connect() as conn:
        found = await platform.metrics.evaluate(
            conn, platform.metrics.select(None), CITY_CODE, as_of
        )
    return _json(
        {
            "data": {
                "metrics": [
                    {
                        "key": e.definition.key,
                        "value": str(e.value),
                        "target": str(e.target),
                        "status": e.status.value,
                        "breakdown": [
                            {
                                "regionCode": c.region_code,
                                "value": str(c.value),
                                "status": c.status.value,
                            }
                            for c in e.children
                        ],
                    }
                    for e in found
                ]
            }
        }
    )


app = Starlette(
    routes=[
        Route("/typename", typename),
        Route("/nested", nested),
        Route("/board", board),
    ]
)
