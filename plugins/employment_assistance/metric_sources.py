"""The rows each metric of the plugin is made of (see `core.metrics.definitions`).

Built from the same conditions as the list fields (`sql.py`), so a number and the records
behind it agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, literal, select

from core.sdk import MetricQuery, employment, held, household, household_has_labour, person, region
from plugins.employment_assistance import sql
from plugins.employment_assistance.models import (
    five_event,
    job_fair,
    job_push,
    subsidy,
    village_post,
    workshop,
)


def workshops_certified(q: MetricQuery) -> Select[Any]:
    """One row per workshop certified in the period (三(一)4)."""
    return select(
        workshop.c.township_code.label("region_code"),
        workshop.c.id.label("entity_key"),
        literal(1).label("value"),
    ).where(workshop.c.certified_on >= q.start, workshop.c.certified_on <= q.end)


def township_coverage(q: MetricQuery) -> Select[Any]:
    """One row per township: base 1, value 1 when a workshop is in operation there on `as_of`."""
    return select(
        region.c.code.label("region_code"),
        region.c.code.label("entity_key"),
        case((sql.township_has_workshop(region.c.code, q.as_of), 1), else_=0).label("value"),
        literal(1).label("base"),
    ).where(region.c.level == "TOWNSHIP")


def village_posts(q: MetricQuery) -> Select[Any]:
    """One row per post held on `as_of` in a village that is (still) a poor village."""
    return (
        select(
            village_post.c.village_code.label("region_code"),
            village_post.c.id.label("entity_key"),
            literal(1).label("value"),
        )
        .select_from(village_post.join(region, region.c.code == village_post.c.village_code))
        .where(region.c.poor_village.is_(True), sql.post_active_on(q.as_of))
    )


def _subsidies() -> Any:
    return subsidy.join(person, person.c.id == subsidy.c.person_id).join(
        household, household.c.id == person.c.household_id
    )


def subsidised_hires(q: MetricQuery) -> Select[Any]:
    """One row per valid subsidy whose hire falls in the period; people are counted once."""
    return (
        select(
            household.c.village_code.label("region_code"),
            person.c.id.label("entity_key"),
            literal(1).label("value"),
            subsidy.c.kind.label("kind"),
        )
        .select_from(_subsidies())
        .where(
            subsidy.c.revoked_on.is_(None),
            subsidy.c.hired_on >= q.start,
            subsidy.c.hired_on <= q.end,
        )
    )


def subsidy_paid(q: MetricQuery) -> Select[Any]:
    """One row per valid subsidy granted in the period, valued at its amount in fen."""
    return (
        select(
            household.c.village_code.label("region_code"),
            subsidy.c.id.label("entity_key"),
            func.coalesce(
                subsidy.c.amount_fen, subsidy.c.monthly_amount_fen * subsidy.c.months
            ).label("value"),
            subsidy.c.kind.label("kind"),
        )
        .select_from(_subsidies())
        .where(
            subsidy.c.revoked_on.is_(None),
            subsidy.c.granted_on >= q.start,
            subsidy.c.granted_on <= q.end,
        )
    )


def labour_export(q: MetricQuery) -> Select[Any]:
    """One row per spell of work in Guangdong or another province covering `as_of` (core records)."""
    return (
        select(
            household.c.village_code.label("region_code"),
            person.c.id.label("entity_key"),
            literal(1).label("value"),
            employment.c.place.label("place"),
        )
        .select_from(
            employment.join(person, person.c.id == employment.c.person_id).join(
                household, household.c.id == person.c.household_id
            )
        )
        .where(sql.exported_on(q.as_of))
    )


def job_fairs(q: MetricQuery) -> Select[Any]:
    """One row per job fair held in the period (not cancelled)."""
    return select(
        job_fair.c.region_code.label("region_code"),
        job_fair.c.id.label("entity_key"),
        literal(1).label("value"),
        job_fair.c.level.label("level"),
    ).where(held(job_fair, q.start, q.end))


def postings_pushed(q: MetricQuery) -> Select[Any]:
    """One row per push in the period (not cancelled), valued at the postings it carried."""
    return select(
        job_push.c.region_code.label("region_code"),
        job_push.c.id.label("entity_key"),
        job_push.c.postings.label("value"),
        job_push.c.channel.label("channel"),
    ).where(held(job_push, q.start, q.end))


def households_not_reached(q: MetricQuery) -> Select[Any]:
    """One row per household with labour capacity: 1 when no push reached it in the two months
    up to `as_of` (the same condition as `householdsNotReached`)."""
    return select(
        household.c.village_code.label("region_code"),
        household.c.id.label("entity_key"),
        case((sql.household_reached(q.as_of), 0), else_=1).label("value"),
    ).where(household_has_labour())


def five_events(q: MetricQuery) -> Select[Any]:
    """One row per event held in the period; the key is its kind, so kinds are counted once."""
    return select(
        five_event.c.region_code.label("region_code"),
        five_event.c.kind.label("entity_key"),
        literal(1).label("value"),
        five_event.c.kind.label("kind"),
    ).where(
        five_event.c.cancelled.is_(False),
        five_event.c.held_on >= q.start,
        five_event.c.held_on <= q.end,
    )
