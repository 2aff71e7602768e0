"""Scoped SELECTs over the plugin's tables, shared by lists, lookups, loaders and metrics.

A loan reaches its region through the borrower's household (the rule for every record of
a person); enterprises and bases carry their own region code.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select

from core.sdk import Scope, household, in_subtree, person
from plugins.entrepreneurship.models import enterprise, incubation_base, loan

LOAN_REGION = household.c.village_code
"""The region a loan counts under: the village of the borrower's household."""


def loans_with_region() -> Any:
    """`loan` joined to the borrower and the borrower's household."""
    return loan.join(person, person.c.id == loan.c.borrower_id).join(
        household, household.c.id == person.c.household_id
    )


def loans_in(scope: Scope) -> Select[Any]:
    """Loan rows the scope may see (through the borrower's household)."""
    if scope.unrestricted:
        return select(loan)
    return select(loan).select_from(loans_with_region()).where(scope.where(LOAN_REGION))


def loans_under(scope: Scope, region: str) -> Select[Any]:
    """Loan rows the scope may see whose borrower lives in `region`'s subtree."""
    return (
        select(loan)
        .select_from(loans_with_region())
        .where(scope.where(LOAN_REGION), in_subtree(LOAN_REGION, region))
    )


def enterprises_in(scope: Scope) -> Select[Any]:
    """Enterprise rows the scope may see (by the enterprise's own region)."""
    return select(enterprise).where(scope.where(enterprise.c.region_code))


def bases_in(scope: Scope) -> Select[Any]:
    """Incubation base rows the scope may see."""
    return select(incubation_base).where(scope.where(incubation_base.c.region_code))


def in_any_subtree(column: ColumnElement[Any], codes: list[str]) -> ColumnElement[bool]:
    """`column` lies under at least one of the region codes."""
    return or_(*(in_subtree(column, code) for code in codes))
