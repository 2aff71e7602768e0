"""`jiuye probes`: who was told that keys exist outside their scope, per token name."""

from __future__ import annotations

from datetime import timedelta

import click

from core.cli.main import run, state
from core.security import probes
from core.sqltypes import utcnow


@click.command("probes")
@click.option(
    "--hours",
    default=24,
    show_default=True,
    type=click.IntRange(1, 24 * 90),
    help="汇总最近多少小时。",
)
def probes_command(hours: int) -> None:
    """越权查重汇总：每个令牌名称收到的“已在您权限范围外登记”答复与因上限被拒绝的次数。"""
    platform = state().platform
    settings = platform.settings
    window = timedelta(minutes=settings.probe_window_minutes)

    async def work() -> list[probes.Tally]:
        async with platform.db.connect() as conn:
            return await probes.tallies(conn, utcnow() - timedelta(hours=hours), window)

    found = run(work())
    click.echo(
        f"最近 {hours} 小时的越权查重（上限：每 {settings.probe_window_minutes} 分钟 "
        f"{settings.probe_limit} 次）："
    )
    if not found:
        click.echo("没有。")
        return
    for t in found:
        limited = "，已达上限" if t.in_window >= settings.probe_limit else ""
        click.echo(
            f"{t.actor}（{t.role}）：答复 {t.answers} 次，拒绝 {t.refusals} 次，"
            f"时间窗内 {t.in_window} 次{limited}；"
            f"{t.first_at:%Y-%m-%d %H:%M} 至 {t.last_at:%Y-%m-%d %H:%M} UTC"
        )
