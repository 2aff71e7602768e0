"""Per-request loaders for every relation of the training records."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import or_

from core.sdk import Loader, in_subtree, many_per_key, one_per_key, subtree_prefix
from plugins.training import sql, types
from plugins.training.models import enrolment, training_class

CLASS_ORDER = (training_class.c.start_date, training_class.c.id)


class TrainingClassByIdLoader(Loader[int, types.TrainingClass | None]):
    """Training classes by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.TrainingClass | None]:
        query = sql.classes_in(self.context.scope).where(training_class.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.TrainingClass.from_row, rows), lambda c: c.pk)


class TrainingClassesByRegionLoader(Loader[str, list[types.TrainingClass]]):
    """Classes credited to each region's subtree (a county's own, or every county's under the
    city), by region code, earliest start first."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.TrainingClass]]:
        query = (
            sql.classes_in(self.context.scope)
            .where(or_(*(in_subtree(training_class.c.county_code, k) for k in keys)))
            .order_by(*CLASS_ORDER)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        classes = [types.TrainingClass.from_row(row) for row in rows]
        return [
            [c for c in classes if c.county_code.startswith(subtree_prefix(key))] for key in keys
        ]


class EnrolmentByIdLoader(Loader[int, types.Enrolment | None]):
    """Enrolments by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Enrolment | None]:
        query = sql.enrolments_in(self.context.scope).where(enrolment.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Enrolment.from_row, rows), lambda e: e.pk)


class EnrolmentsByClassLoader(Loader[int, list[types.Enrolment]]):
    """Enrolments of classes by class id, in the order they were entered."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Enrolment]]:
        query = (
            sql.enrolments_in(self.context.scope)
            .where(enrolment.c.class_id.in_(keys))
            .order_by(enrolment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Enrolment.from_row, rows), lambda e: e.class_id)


class EnrolmentsByPersonLoader(Loader[int, list[types.Enrolment]]):
    """Enrolments of persons by person id, by their class's start date."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Enrolment]]:
        query = (
            sql.enrolments_in(self.context.scope)
            .where(enrolment.c.person_id.in_(keys))
            .order_by(*CLASS_ORDER, enrolment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Enrolment.from_row, rows), lambda e: e.person_id)


LOADERS = (
    TrainingClassByIdLoader,
    TrainingClassesByRegionLoader,
    EnrolmentByIdLoader,
    EnrolmentsByClassLoader,
    EnrolmentsByPersonLoader,
)
