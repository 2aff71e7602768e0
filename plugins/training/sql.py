"""SQL over the training tables, shared by lists, loaders, services, metrics and the grid.

A metric's number and the list behind it are built from the same conditions here, so they
cannot disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    exists,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from core.sdk import Scope, employment, household, person
from plugins.training.models import enrolment, training_class


class add_days(FunctionElement[date]):
    """SQL: a date column plus a whole number of days, on SQLite and PostgreSQL alike."""

    type = Date()
    name = "add_days"
    inherit_cache = True


@compiles(add_days, "sqlite")
def _add_days_sqlite(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"date({day}, printf('%+d days', {days}))"


@compiles(add_days, "postgresql")
def _add_days_postgresql(element: add_days, compiler: SQLCompiler, **kw: Any) -> str:
    day, days = (compiler.process(c, **kw) for c in element.clauses)
    return f"({day} + CAST({days} AS INTEGER))"


def enrolled_count() -> ColumnElement[int]:
    """Registered trainees of the outer `training_class` row (a correlated count)."""
    counted = (
        select(func.count())
        .select_from(enrolment)
        .where(enrolment.c.class_id == training_class.c.id)
        .correlate(training_class)
        .scalar_subquery()
    )
    return counted


def class_size() -> ColumnElement[int]:
    """Everyone trained in the outer `training_class` row: registered trainees and others."""
    return training_class.c.other_trainees + enrolled_count()


def classes_in(scope: Scope) -> Select[Any]:
    """Class rows the scope may see (by the county they are credited to), with their size."""
    return select(training_class, enrolled_count().label("enrolled")).where(
        scope.where(training_class.c.county_code)
    )


def enrolment_visible(scope: Scope) -> ColumnElement[bool]:
    """An enrolment (joined to its class, person and household) is visible to the scope when
    its class is credited to a region in scope or the trainee's household lives in it."""
    return or_(scope.where(training_class.c.county_code), scope.where(household.c.village_code))


def enrolments_in(scope: Scope, *, home: bool = False) -> Select[Any]:
    """Enrolment rows the scope may see, joined to their class (and, when `home` is asked for
    or the scope is limited, to the trainee and their household)."""
    query = select(enrolment).join(training_class, training_class.c.id == enrolment.c.class_id)
    if scope.unrestricted and not home:
        return query
    query = query.join(person, person.c.id == enrolment.c.person_id).join(
        household, household.c.id == person.c.household_id
    )
    return query if scope.unrestricted else query.where(enrolment_visible(scope))


def placed(window_days: int, known_by: date | None = None) -> ColumnElement[bool]:
    """The outer `training_enrolment` row's trainee has an employment record starting on the
    completion day or within `window_days` days after it (and, if given, by `known_by`)."""
    starts = employment.c.start_date
    job = select(1).where(
        employment.c.person_id == enrolment.c.person_id,
        starts >= enrolment.c.completed_on,
        starts <= add_days(enrolment.c.completed_on, literal(window_days, Integer)),
    )
    if known_by is not None:
        job = job.where(starts <= known_by)
    return and_(enrolment.c.completed_on.is_not(None), exists(job))
