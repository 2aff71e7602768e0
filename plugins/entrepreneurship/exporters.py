"""Export the plugin's ledgers in the very format they are imported from: export → import changes
nothing. Loans of borrowers living in the region's subtree issued by the export's date;
enterprises in the subtree established by then."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import ExportRequest, RegionIndex, employment, fen_to_yuan, in_subtree, person
from plugins.entrepreneurship.enums import (
    SEQUENCE_LABELS,
    EnterpriseKind,
    LoanProgramme,
    LoanStatus,
)
from plugins.entrepreneurship.models import enterprise, enterprise_worker, incubation_base, loan
from plugins.entrepreneurship.sql import LOAN_REGION, loans_with_region


async def export_loans(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per loan, in registration order."""
    financed = enterprise.alias("financed")
    rows = await conn.execute(
        select(loan, person.c.name.label("borrower_name"), person.c.id_number, financed.c.name)
        .select_from(loans_with_region().outerjoin(financed, financed.c.id == loan.c.enterprise_id))
        .where(in_subtree(LOAN_REGION, request.region), loan.c.issued_on <= request.as_of)
        .order_by(loan.c.id)
    )
    for row in rows:
        yield [
            row.contract_number,
            row.borrower_name,
            row.id_number,
            LoanProgramme(row.programme).label,
            SEQUENCE_LABELS[row.sequence],
            fen_to_yuan(row.amount_fen),
            row.bank,
            row.issued_on,
            row.term_months,
            LoanStatus(row.status).label,
            row.name,
        ]


async def export_enterprises(
    conn: AsyncConnection, request: ExportRequest
) -> AsyncIterator[Sequence[object]]:
    """One row per enterprise, in registration order, with its linked workers' ID numbers."""
    regions = await RegionIndex.load(conn)
    chosen = (
        select(enterprise.c.id)
        .where(
            in_subtree(enterprise.c.region_code, request.region),
            enterprise.c.established_on <= request.as_of,
        )
        .scalar_subquery()
    )
    workers: dict[int, list[str]] = defaultdict(list)
    linked = await conn.execute(
        select(enterprise_worker.c.enterprise_id, person.c.id_number)
        .join(employment, employment.c.id == enterprise_worker.c.employment_id)
        .join(person, person.c.id == employment.c.person_id)
        .where(enterprise_worker.c.enterprise_id.in_(chosen))
        .order_by(employment.c.start_date, employment.c.id)
    )
    for row in linked:
        workers[row.enterprise_id].append(row.id_number)
    rows = await conn.execute(
        select(
            enterprise,
            person.c.name.label("owner_name"),
            person.c.id_number,
            incubation_base.c.name.label("base_name"),
        )
        .join(person, person.c.id == enterprise.c.owner_id)
        .outerjoin(incubation_base, incubation_base.c.id == enterprise.c.incubation_base_id)
        .where(enterprise.c.id.in_(chosen))
        .order_by(enterprise.c.id)
    )
    for row in rows:
        code = row.region_code
        if len(code) == 12:
            county, township, village = regions.village_names(code)
        else:
            township_entry = regions.by_code[code]
            county = regions.by_code[township_entry.parent_code or ""].name
            township, village = township_entry.name, None
        yield [
            row.owner_name,
            row.id_number,
            row.name,
            EnterpriseKind(row.kind).label,
            row.registration_number,
            county,
            township,
            village,
            row.established_on,
            row.jobs_created,
            row.poor_jobs,
            row.base_name,
            "、".join(workers[row.id]) or None,
        ]
