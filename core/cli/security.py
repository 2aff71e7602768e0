"""`jiuye token create|list|revoke` and `jiuye keys new|rotate`."""

from __future__ import annotations

import click

from core import crypto
from core.cli.main import run, state
from core.db import table_of
from core.security import rotation, tokens
from core.security.roles import Role


@click.group("token")
def token_command() -> None:
    """API 令牌：创建（只显示一次）、列出、吊销。"""


@token_command.command("create")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="角色。")
@click.option("--region", default=None, help="区划代码：令牌只能看到这个区划及其下级。")
@click.option("--department", default=None, help="部门代码或中文名（部门角色必填）。")
@click.option("--name", required=True, help="谁或什么使用这个令牌。")
@click.option("--days", default=tokens.DEFAULT_DAYS, show_default=True, type=int, help="有效天数。")
def create_command(
    role: str, region: str | None, department: str | None, name: str, days: int
) -> None:
    """创建令牌；令牌本身单独打印在最后一行，只显示这一次。"""
    platform = state().platform

    async def work() -> tuple[str, tokens.TokenInfo]:
        async with platform.db.begin() as conn:
            return await tokens.create(
                conn, name=name, role=role, region_code=region, department=department, days=days
            )

    try:
        raw, info = run(work())
    except tokens.TokenError as exc:
        raise click.ClickException(str(exc)) from None
    scope = f"区划 {info.region_code}" if info.region_code else "全部区划"
    expires = info.expires_at.date().isoformat() if info.expires_at else "不过期"
    click.echo(
        f"已创建令牌 #{info.id}“{info.name}”：{info.role}，{scope}，有效至 {expires}。请妥善保存，它不会再显示："
    )
    click.echo(raw)


@token_command.command("list")
def list_command() -> None:
    """列出全部令牌（只显示前缀，不显示令牌本身）。"""
    platform = state().platform

    async def work() -> list[tokens.TokenInfo]:
        async with platform.db.connect() as conn:
            return await tokens.list_tokens(conn)

    for info in run(work()):
        status = "已吊销" if info.revoked_at else "有效"
        expires = info.expires_at.date().isoformat() if info.expires_at else "-"
        click.echo(
            f"#{info.id}  {info.prefix}…  {info.name}  {info.role}  {info.region_code or '-'}  "
            f"{info.department_code or '-'}  到期 {expires}  {status}"
        )


@token_command.command("revoke")
@click.argument("token_id")
def revoke_command(token_id: str) -> None:
    """吊销令牌（按编号或前缀）。"""
    platform = state().platform

    async def work() -> tokens.TokenInfo:
        async with platform.db.begin() as conn:
            return await tokens.revoke(conn, token_id)

    try:
        info = run(work())
    except tokens.TokenError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已吊销令牌 #{info.id}“{info.name}”")


@click.group("keys")
def keys_command() -> None:
    """数据密钥：生成新密钥、把全部加密字段换到当前密钥下。"""


@keys_command.command("new")
def new_key_command() -> None:
    """打印一个新的随机密钥（可用作 JIUYE_DATA_KEY 或 JIUYE_LOOKUP_KEY）。"""
    click.echo(crypto.new_key())


@keys_command.command("rotate")
def rotate_command() -> None:
    """用当前的 JIUYE_DATA_KEY 重新加密每一行；旧密钥须仍列在 JIUYE_OLD_DATA_KEYS 中。"""
    platform = state().platform
    tables = [table_of(c.value) for c in platform.plugins.flat("register_models")]

    async def work() -> tuple[rotation.Rotation, dict[str, int]]:
        done = await rotation.rotate(platform.db, tables)
        return done, await rotation.stale_rows(platform.db, tables)

    try:
        done, left = run(work())
    except crypto.DataKeyError as exc:
        raise click.ClickException(str(exc)) from None
    for name, count in done.rewritten.items():
        click.echo(f"{name}：重新加密 {count} 行，跳过（期间被改动）{done.skipped[name]} 行")
    remaining = sum(left.values())
    if remaining:
        raise click.ClickException(
            f"仍有 {remaining} 行不在当前密钥 {done.key_id} 下；请再运行一次"
        )
    click.echo(
        f"全部加密字段都在当前密钥 {done.key_id} 下；现在可以从 JIUYE_OLD_DATA_KEYS 中删去旧密钥"
    )
