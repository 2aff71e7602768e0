"""Per-request loaders for every relation of the plugin's records; each applies the scope."""

from __future__ import annotations

from collections.abc import Sequence

from core.sdk import (
    Employment,
    Loader,
    employment,
    employments_in,
    many_per_key,
    one_per_key,
    subtree_prefix,
)
from plugins.entrepreneurship import sql, types
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base, loan


class LoanByIdLoader(Loader[int, types.Loan | None]):
    """Loans by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Loan | None]:
        query = sql.loans_in(self.context.scope).where(loan.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Loan.from_row, rows), lambda x: x.pk)


class LoansByBorrowerLoader(Loader[int, list[types.Loan]]):
    """Loans of persons by the borrower's person id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Loan]]:
        query = (
            sql.loans_in(self.context.scope)
            .where(loan.c.borrower_id.in_(keys))
            .order_by(loan.c.issued_on, loan.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Loan.from_row, rows), lambda x: x.borrower_id)


class LoansByEnterpriseLoader(Loader[int, list[types.Loan]]):
    """Loans financing enterprises, by enterprise id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Loan]]:
        query = (
            sql.loans_in(self.context.scope)
            .where(loan.c.enterprise_id.in_(keys))
            .order_by(loan.c.issued_on, loan.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Loan.from_row, rows), lambda x: x.enterprise_id or 0)


class EnterpriseByIdLoader(Loader[int, types.Enterprise | None]):
    """Enterprises by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.Enterprise | None]:
        query = sql.enterprises_in(self.context.scope).where(enterprise.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.Enterprise.from_row, rows), lambda x: x.pk)


class EnterprisesByOwnerLoader(Loader[int, list[types.Enterprise]]):
    """Enterprises of persons by the owner's person id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Enterprise]]:
        query = (
            sql.enterprises_in(self.context.scope)
            .where(enterprise.c.owner_id.in_(keys))
            .order_by(enterprise.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(keys, map(types.Enterprise.from_row, rows), lambda x: x.owner_id)


class EnterprisesByBaseLoader(Loader[int, list[types.Enterprise]]):
    """Enterprises incubated at bases, by base id, in registration order."""

    async def fetch(self, keys: list[int]) -> Sequence[list[types.Enterprise]]:
        query = (
            sql.enterprises_in(self.context.scope)
            .where(enterprise.c.incubation_base_id.in_(keys))
            .order_by(enterprise.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return many_per_key(
            keys, map(types.Enterprise.from_row, rows), lambda x: x.incubation_base_id or 0
        )


class WorkersByEnterpriseLoader(Loader[int, list[Employment]]):
    """Linked employment records of poor labourers, by enterprise id, oldest first."""

    async def fetch(self, keys: list[int]) -> Sequence[list[Employment]]:
        query = (
            employments_in(self.context.scope)
            .add_columns(enterprise_worker.c.enterprise_id.label("linked_enterprise_id"))
            .join(enterprise_worker, enterprise_worker.c.employment_id == employment.c.id)
            .where(enterprise_worker.c.enterprise_id.in_(keys))
            .order_by(employment.c.start_date, employment.c.id)
        )
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        pairs = [(row.linked_enterprise_id, Employment.from_row(row)) for row in rows]
        grouped = many_per_key(keys, pairs, lambda pair: pair[0])
        return [[job for _, job in group] for group in grouped]


class IncubationBaseByIdLoader(Loader[int, types.IncubationBase | None]):
    """Incubation bases by database id."""

    async def fetch(self, keys: list[int]) -> Sequence[types.IncubationBase | None]:
        query = sql.bases_in(self.context.scope).where(incubation_base.c.id.in_(keys))
        async with self.context.db.connect() as conn:
            rows = (await conn.execute(query)).all()
        return one_per_key(keys, map(types.IncubationBase.from_row, rows), lambda x: x.pk)


class IncubationBasesByRegionLoader(Loader[str, list[types.IncubationBase]]):
    """Incubation bases in each region's subtree, by region code, ordered by id."""

    async def fetch(self, keys: list[str]) -> Sequence[list[types.IncubationBase]]:
        query = (
            sql.bases_in(self.context.scope)
            .where(sql.in_any_subtree(incubation_base.c.region_code, keys))
            .order_by(incubation_base.c.id)
        )
        async with self.context.db.connect() as conn:
            bases = [types.IncubationBase.from_row(row) for row in (await conn.execute(query))]
        return [[b for b in bases if b.region_code.startswith(subtree_prefix(key))] for key in keys]


LOADERS = (
    LoanByIdLoader,
    LoansByBorrowerLoader,
    LoansByEnterpriseLoader,
    EnterpriseByIdLoader,
    EnterprisesByOwnerLoader,
    EnterprisesByBaseLoader,
    WorkersByEnterpriseLoader,
    IncubationBaseByIdLoader,
    IncubationBasesByRegionLoader,
)
