"""Export 培训班台账 and 培训学员台账 in the very format they are imported from, so that
export → import changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ExportRequest, Scope, fen_to_yuan, household, in_subtree, person, region
from plugins.training.enums import TrainingKind, TrainingOrganiserKind
from plugins.training.models import enrolment, training_class

ORDER = (training_class.c.county_code, training_class.c.start_date, training_class.c.title)


async def export_classes(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """The classes credited to the region's subtree, by county, opening day and name."""
    query = (
        select(training_class, region.c.name.label("county_name"))
        .join(region, region.c.code == training_class.c.county_code)
        .where(in_subtree(training_class.c.county_code, request.region))
        .order_by(*ORDER)
    )
    for row in await conn.execute(query):
        yield [
            row.county_name,
            row.title,
            TrainingKind(row.kind).label,
            row.start_date,
            row.end_date,
            row.organiser,
            TrainingOrganiserKind(row.organiser_kind).label,
            row.trade,
            row.place,
            fen_to_yuan(row.subsidy_fen),
            row.other_trainees,
        ]


async def export_trainees(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """The trainees of the classes credited to the region's subtree, class by class; a
    trainee whose household lies outside the caller's scope is left out."""
    query = (
        select(
            region.c.name.label("county_name"),
            training_class.c.title,
            training_class.c.start_date,
            person.c.id_number,
            person.c.name,
            enrolment.c.completed_on,
            enrolment.c.certificate,
        )
        .select_from(enrolment)
        .join(training_class, training_class.c.id == enrolment.c.class_id)
        .join(region, region.c.code == training_class.c.county_code)
        .join(person, person.c.id == enrolment.c.person_id)
        .join(household, household.c.id == person.c.household_id)
        .where(
            in_subtree(training_class.c.county_code, request.region),
            Scope(request.caller.region).where(household.c.village_code),
        )
        .order_by(*ORDER, enrolment.c.id)
    )
    for row in await conn.execute(query):
        yield [
            row.county_name,
            row.title,
            row.start_date,
            row.id_number,
            row.name,
            row.completed_on,
            row.certificate,
        ]
