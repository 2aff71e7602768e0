"""Hand-made training records for the tests, written through the plugin's services."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from core.platform import Platform
from plugins.training import services
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.validation import ClassData
from tests.factories import TODAY


async def add_class(
    platform: Platform,
    county: str,
    start: date,
    *,
    kind: TrainingKind = TrainingKind.LEADER,
    days: int = 3,
    other: int = 0,
) -> int:
    """A class credited to `county` starting on `start`, lasting `days` more days."""
    async with platform.db.begin() as conn:
        return await create_class(conn, county, start, kind=kind, days=days, other=other)


async def create_class(
    conn: AsyncConnection,
    county: str,
    start: date,
    *,
    kind: TrainingKind = TrainingKind.LEADER,
    days: int = 3,
    other: int = 0,
    title: str | None = None,
) -> int:
    """Like `add_class`, inside the caller's transaction."""
    data = ClassData(
        kind=kind,
        title=title or f"{county} {start.isoformat()} {kind.label}",
        organiser="柳州市投资控股集团有限公司",
        organiser_kind=TrainingOrganiserKind.CITY_GROUP,
        county_code=county,
        start_date=start,
        end_date=start + timedelta(days=days),
        other_trainees=other,
    )
    return await services.create_class(conn, data)


async def enrol(
    platform: Platform, class_id: int, id_number: str, completed_on: date | None = None
) -> int:
    """Enrol a registered person, completed on `completed_on` if given."""
    async with platform.db.begin() as conn:
        return await services.enrol(
            conn, class_id, id_number, completed_on=completed_on, today=TODAY
        )
