"""SQL over the plugin's tables, shared by lists, loaders and metrics; every read is scoped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from core.scope import Scope
from jiuye_public_services.models import acceptance, staff, station, subsidy


def stations_in(scope: Scope) -> Select[Any]:
    """Station rows in villages the scope may see."""
    return select(station).where(scope.where(station.c.village_code))


def staff_in(scope: Scope) -> Select[Any]:
    """Staff rows of stations the scope may see."""
    return (
        select(staff)
        .join(station, station.c.id == staff.c.station_id)
        .where(scope.where(station.c.village_code))
    )


def subsidies_in(scope: Scope) -> Select[Any]:
    """Subsidy rows of counties the scope may see."""
    return select(subsidy).where(scope.where(subsidy.c.county_code))


def acceptance_in(scope: Scope) -> Select[Any]:
    """Checklist rows of regions the scope may see."""
    return select(acceptance).where(scope.where(acceptance.c.region_code))
