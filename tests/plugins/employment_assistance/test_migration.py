"""The move to the SDK's shape keeps every row: renamed columns carry their values, a push's
household count comes from its links, a monthly subsidy's total stays monthly × months; and
the migrated tables are what the models declare."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, text
from sqlmodel import SQLModel

from core.migrate import alembic_config, branches
from core.testing import ScratchDatabases, make_platform
from core.testing.factories import four_households
from plugins.employment_assistance.models import job_fair, job_push, subsidy

STAMPS = "version, created_at, updated_at"
NOW = "1, '2019-10-01 00:00:00+00:00', '2019-10-01 00:00:00+00:00'"


async def test_upgrade_keeps_the_rows_and_matches_the_models(databases: ScratchDatabases) -> None:
    platform = make_platform(await databases.create("assistance_0002"))
    try:
        from core import migrate

        await migrate.upgrade(platform.db, platform.plugins)
        await four_households(platform)
        ours = next(b for b in branches(platform.plugins) if b.name == "employment_assistance")

        def move(conn: Any, target: str) -> None:
            config = alembic_config(ours, conn)
            if target == "head":
                command.upgrade(config, "heads")
            else:
                command.downgrade(config, target)

        async with platform.db.begin() as conn:
            await conn.run_sync(move, "employment_assistance_0001")
            people = (
                await conn.execute(text("SELECT id FROM person ORDER BY id LIMIT 1"))
            ).scalar_one()
            households = list(
                (await conn.execute(text("SELECT id FROM household ORDER BY id LIMIT 2"))).scalars()
            )
            await conn.execute(
                text(
                    "INSERT INTO assistance_job_fair (id, name, level, region_code, held_on, place,"
                    f" employers, postings, attendance, cancelled, {STAMPS}) VALUES (1, '春风行动',"
                    f" 'CITY', '450200', '2019-02-14', '广场', 30, 800, 1200, false, {NOW})"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO assistance_job_push (id, region_code, pushed_on, postings, channel,"
                    f" cancelled, {STAMPS}) VALUES (1, '450225', '2019-04-02', 30, 'ONLINE', false,"
                    f" {NOW})"
                )
            )
            for household in households:
                await conn.execute(
                    text(
                        "INSERT INTO assistance_job_push_household (push_id, household_id)"
                        f" VALUES (1, {household})"
                    )
                )
            await conn.execute(
                text(
                    "INSERT INTO assistance_subsidy (id, kind, person_id, employer, hired_on,"
                    " graduate, monthly_amount_fen, months, amount_fen, granted_on,"
                    f" {STAMPS}) VALUES (1, 'WAGE', {people}, '某厂', '2019-03-01', false, 40000,"
                    f" 6, 240000, '2019-04-15', {NOW})"
                )
            )
            await conn.run_sync(move, "head")
        async with platform.db.connect() as conn:
            fair = (await conn.execute(select(job_fair))).one()
            push = (await conn.execute(select(job_push))).one()
            grant = (await conn.execute(select(subsidy))).one()

            def differences(sync: Any) -> list[Any]:
                context = MigrationContext.configure(sync, opts={"compare_type": True})
                return list(compare_metadata(context, SQLModel.metadata))

            found = await conn.run_sync(differences)
        assert (fair.title, fair.attendees, fair.intentions, fair.place) == (
            "春风行动",
            1200,
            0,
            "广场",
        )
        assert (push.households, push.channel) == (2, "ONLINE")
        assert grant.amount_fen is None and grant.monthly_amount_fen * grant.months == 240_000
        assert [d for d in found if "assistance_" in repr(d)] == []
    finally:
        await platform.close()
