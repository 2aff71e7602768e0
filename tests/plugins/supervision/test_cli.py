"""`jiuye supervision issue` and `check`, run as people run them, on the test database."""

from __future__ import annotations

from sqlalchemy import select

from core.platform import Platform
from plugins.supervision.models import bulletin, task
from tests.test_cli import jiuye


async def test_issue_then_check_from_the_command_line(
    platform: Platform, database_url: str
) -> None:
    issued = jiuye(
        "supervision", "issue", "--region", "450225", "--date", "2019-06-30",
        "--issued-on", "2019-07-05", database_url=database_url,
    )  # fmt: skip
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith("柳人社通〔2019〕1号: ")
    async with platform.db.connect() as conn:
        row = (await conn.execute(select(bulletin))).one()
        statuses = set((await conn.execute(select(task.c.status))).scalars())
    assert (row.region_code, row.status, str(row.issued_on)) == ("450225", "ISSUED", "2019-07-05")
    assert statuses == {"OPEN"}  # an empty database is behind on everything with a target
    checked = jiuye("supervision", "check", "--date", "2019-07-20", database_url=database_url)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("2019-07-20: 已整改 0，逾期 ")
    async with platform.db.connect() as conn:
        assert set((await conn.execute(select(task.c.status))).scalars()) == {"OVERDUE"}
    wrong = jiuye("supervision", "issue", "--region", "4502", "--date", "2019-06-30",
                  database_url=database_url)  # fmt: skip
    assert wrong.returncode != 0 and len(wrong.stderr.strip().splitlines()) == 1
