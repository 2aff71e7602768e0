"""`jiuye supervision issue` and `jiuye supervision check`: the same work as the mutations."""

from __future__ import annotations

from datetime import date

import click

from core.sdk import (
    EVERYWHERE,
    Caller,
    Platform,
    Problems,
    WriteContext,
    canonical_code,
    run_command,
    send_notices,
)
from plugins.supervision import service
from plugins.supervision.settings import SupervisionSettings

ACTOR = Caller(name="jiuye supervision")


def _day(text: str | None) -> date:
    try:
        return date.fromisoformat(text) if text else date.today()
    except ValueError:
        raise click.BadParameter(f"{text!r} is not a date YYYY-MM-DD") from None


@click.group("supervision")
def supervision_command() -> None:
    """考核通报与限时整改（四(六)）。"""


@supervision_command.command("issue")
@click.option("--region", default="450200", show_default=True, help="全市或一个县区的代码。")
@click.option("--date", "as_of", required=True, help="按看板这一天的数字通报（YYYY-MM-DD）。")
@click.option("--issued-on", default=None, help="印发日期，默认今天；整改期限从这天算起。")
def issue_command(region: str, as_of: str, issued_on: str | None) -> None:
    """按看板某日数字起草并印发一个通报，每条落后生成整改任务。"""
    day, today = _day(as_of), _day(issued_on)

    async def work(platform: Platform) -> tuple[int, str, int]:
        settings = platform.plugins.settings_of(SupervisionSettings)
        async with platform.db.begin() as conn:
            ctx = WriteContext(conn=conn, today=today, scope=EVERYWHERE, caller=ACTOR)
            key = await service.draft(ctx, canonical_code(region), day)
            tasks, notices = await service.issue(ctx, platform.metrics, settings, key)
            number = notices[0].data["number"]
        await send_notices(platform.plugins, notices)
        return key, number, tasks

    try:
        key, number, tasks = run_command(work)
    except Problems as exc:
        raise click.ClickException("；".join(p.message for p in exc.problems)) from None
    click.echo(f"{number}: {tasks} 条，已生成整改任务（/supervision/bulletins/{key}）")


@supervision_command.command("check")
@click.option("--date", "on", default=None, help="核查所按的日期，默认今天。")
def check_command(on: str | None) -> None:
    """到期核查：按这一天的看板把到期任务改为已整改、逾期或问责。"""
    day = _day(on)

    async def work(platform: Platform) -> dict[str, int]:
        settings = platform.plugins.settings_of(SupervisionSettings)
        async with platform.db.begin() as conn:
            ctx = WriteContext(conn=conn, today=day, scope=EVERYWHERE, caller=ACTOR)
            counts, notices = await service.check(ctx, platform.metrics, settings, day)
        await send_notices(platform.plugins, notices)
        return counts

    counts = run_command(work)
    click.echo(
        f"{day}: 已整改 {counts.get('RECTIFIED', 0)}，逾期 {counts.get('OVERDUE', 0)}，"
        f"问责 {counts.get('ESCALATED', 0)}"
    )
