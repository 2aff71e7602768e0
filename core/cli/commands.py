"""The core's commands: serve, db, demo, schema, plugins."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy import func, select

from core import migrate
from core.cli.main import run, state
from core.db import is_sqlite, normalize_url
from core.plugins import PluginError
from core.records.models import household
from core.security.logs import server_log_config

DEFAULT_SCHEMA_PATH = Path("schema/schema.graphql")


def _fail(message: str) -> None:
    raise click.ClickException(message)


async def _is_empty() -> bool:
    platform = state().platform
    async with platform.db.connect() as conn:
        count = (await conn.execute(select(func.count()).select_from(household))).scalar_one()
    return int(count) == 0


async def _upgrade() -> list[str]:
    platform = state().platform
    return await migrate.upgrade(platform.db, platform.plugins)


@click.command()
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1）。")
@click.option("--port", default=None, type=int, help="端口（默认 8000）。")
@click.option("--workers", default=None, type=int, help="worker 进程数（默认 1）。")
@click.option(
    "--demo-tokens",
    is_flag=True,
    help="打印演示用管理员与查看者令牌及带令牌的网址（再次启动沿用上次的，过期后换新）。",
)
def serve(host: str | None, port: int | None, workers: int | None, demo_tokens: bool) -> None:
    """启动 API 与看板（uvicorn）。空的 SQLite 文件会先自动迁移。"""
    import uvicorn

    cli_state = state()
    overrides = {
        k: v for k, v in (("host", host), ("port", port), ("workers", workers)) if v is not None
    }
    cli_state.overrides.update(overrides)
    settings = cli_state.settings()
    _port_free(settings.host, settings.port)
    url = normalize_url(settings.database_url)
    if is_sqlite(url) and (
        not url.database
        or not Path(url.database).exists()
        or Path(url.database).stat().st_size == 0
    ):
        branches = run(_upgrade())
        click.echo(f"已迁移新的 SQLite 数据库：{', '.join(branches)}")
    else:
        waiting = run(_pending())
        if waiting:
            _fail(f"数据库需要迁移（{', '.join(waiting)}）：请先运行 jiuye db upgrade")
    # uvicorn's workers build their own app from the environment; hand the settings over.
    os.environ["JIUYE_DATABASE_URL"] = settings.database_url
    if settings.plugins is not None:
        os.environ["JIUYE_PLUGINS"] = settings.plugins
    base = f"http://{settings.host}:{settings.port}"
    click.echo(f"GraphQL API 与 GraphiQL: {base}/graphql")
    click.echo(f"看板: {base}/")
    click.echo(f"健康检查: {base}/healthz")
    if demo_tokens:
        admin, viewer = run(_demo_tokens())
        click.echo(f"演示管理员令牌: {admin}")
        click.echo(f"  看板 {base}/#token={admin}")
        click.echo(f"  GraphiQL {base}/graphql#token={admin}")
        click.echo(f"演示查看者令牌（只看汇总）: {viewer}")
        click.echo(f"  看板 {base}/#token={viewer}")
    elif not settings.auth_required:
        click.echo("注意：JIUYE_AUTH_REQUIRED=false，所有请求都以本地管理员身份执行（只用于开发）")
    uvicorn.run(
        "core.app:app_factory",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="info",
        log_config=server_log_config(),
    )


def _port_free(host: str, port: int) -> None:
    """Stop before printing any address when the port is taken: the addresses would be wrong."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            _fail(
                f"端口 {host}:{port} 已被占用：先停掉占用它的程序，或换一个端口"
                f"（make serve PORT={port + 1}，或 JIUYE_PORT={port + 1}，或 jiuye serve --port {port + 1}）"
            )


DEMO_TOKENS = (("演示管理员", "admin"), ("演示查看者", "viewer"))


def demo_token_file(database_url: str) -> Path:
    """Where `serve --demo-tokens` keeps the demo tokens it printed, so that a restart prints
    the same ones: next to the SQLite file, else `jiuye-demo-tokens` in the working folder."""
    url = normalize_url(database_url)
    if is_sqlite(url) and url.database:
        return Path(url.database + ".tokens")
    return Path("jiuye-demo-tokens")


async def _demo_tokens() -> tuple[str, str]:
    """The demo tokens printed last time while they still work; otherwise fresh ones (older
    tokens with the same names are revoked and renamed `名称#id`)."""
    from sqlalchemy import String, cast, update

    from core.security import tokens
    from core.security.models import api_token
    from core.sqltypes import utcnow

    platform = state().platform
    path = demo_token_file(platform.settings.database_url)
    kept: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, sep, raw = line.partition("=")
            if sep and not line.startswith("#"):
                kept[name.strip()] = raw.strip()
    made = []
    async with platform.db.begin() as conn:
        for name, role in DEMO_TOKENS:
            earlier = kept.get(name)
            if earlier is not None:
                try:
                    found = await tokens.authenticate(conn, earlier)
                except tokens.TokenError:
                    found = None
                if found is not None and found.name == name and found.role == role:
                    made.append(earlier)
                    continue
            await conn.execute(
                update(api_token)
                .where(api_token.c.name == name)
                .values(
                    revoked_at=func.coalesce(api_token.c.revoked_at, utcnow()),
                    name=api_token.c.name + "#" + cast(api_token.c.id, String),
                )
            )
            raw, _ = await tokens.create(conn, name=name, role=role, days=30)
            made.append(raw)
    text = "# 演示令牌（jiuye serve --demo-tokens 生成；再次启动时沿用，直到过期或被吊销）\n"
    text += "".join(f"{name}={raw}\n" for (name, _), raw in zip(DEMO_TOKENS, made, strict=True))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return made[0], made[1]


async def _pending() -> list[str]:
    platform = state().platform
    waiting = await migrate.pending(platform.db, platform.plugins)
    return [name for name, revisions in waiting.items() if revisions]


@click.group()
def db() -> None:
    """数据库迁移。"""


@db.command("upgrade")
def db_upgrade() -> None:
    """把核心与每个启用插件的表迁移到最新版本，并写入随平台发布的参考数据。"""
    branches = run(_upgrade())
    click.echo(f"已迁移到最新：{', '.join(branches)}")


@db.command("status")
def db_status() -> None:
    """列出每个分支尚未执行的迁移；全部最新时退出码为 0。"""
    platform = state().platform
    waiting = run(migrate.pending(platform.db, platform.plugins))
    for name, revisions in waiting.items():
        click.echo(f"{name}: {'最新' if not revisions else '待迁移 ' + ', '.join(revisions)}")
    if any(waiting.values()):
        sys.exit(1)


@click.command()
@click.option(
    "--households",
    default=2000,
    show_default=True,
    type=click.IntRange(1, 2_000_000),
    help="生成的户数。",
)
@click.option(
    "--seed", default=2019, show_default=True, type=int, help="随机种子：同一种子生成同样的数据。"
)
@click.option("--if-empty", is_flag=True, help="数据库已有户时什么也不做（而不是报错）。")
def demo(households: int, seed: int, if_empty: bool) -> None:
    """生成确定的演示数据：乡镇、行政村（含 171 个贫困村）、户、成员与就业。"""

    async def work() -> str:
        platform = state().platform
        await migrate.upgrade(platform.db, platform.plugins)
        if not await _is_empty():
            if if_empty:
                return "数据库中已有户，未生成演示数据"
            _fail("数据库中已有户；演示数据只写入空数据库（加 --if-empty 可跳过）")
        await platform.plugins.acall(
            "populate_demo", db=platform.db, seed=seed, households=households
        )
        return f"已生成演示数据：{households} 户（种子 {seed}）"

    click.echo(run(work()))


@click.group()
def schema() -> None:
    """导出或核对 GraphQL schema（schema/schema.graphql）。"""


def _sdl() -> str:
    try:
        return state().platform.schema.as_str().rstrip() + "\n"
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None


@schema.command("export")
@click.argument("path", default=str(DEFAULT_SCHEMA_PATH), type=click.Path(dir_okay=False))
def schema_export(path: str) -> None:
    """把当前代码的 schema 写入 PATH。"""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_sdl(), encoding="utf-8")
    click.echo(f"已写入 {target}")


@schema.command("check")
@click.argument("path", default=str(DEFAULT_SCHEMA_PATH), type=click.Path(dir_okay=False))
def schema_check(path: str) -> None:
    """核对 PATH 与代码是否一致；不一致时列出会破坏客户端的变更并以非 0 退出。"""
    from core.schema_diff import describe_changes

    target = Path(path)
    if not target.exists():
        _fail(f"{target} 不存在：先运行 jiuye schema export")
    committed = target.read_text(encoding="utf-8")
    current = _sdl()
    if committed == current:
        click.echo(f"{target} 与代码一致")
        return
    report = describe_changes(committed, current, state().platform)
    click.echo(report, err=True)
    _fail(f"{target} 与代码不一致：运行 jiuye schema export 后提交")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出，供程序读取。")
@click.pass_context
def plugins(ctx: click.Context, as_json: bool) -> None:
    """列出已加载的插件：名称、版本、责任单位、实现的钩子与贡献的内容。"""
    if ctx.invoked_subcommand is not None:
        return
    from core.plugin_report import describe_plugins

    report = describe_plugins(state().platform)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    for item in report:
        click.echo(f"{item['name']} {item['version']} — {item['title']}")
        click.echo(
            f"  责任单位: {item['department'] or '-'}  条款: {item['clause'] or '-'}  发行包: {item['distribution'] or '-'}"
        )
        click.echo(f"  钩子: {', '.join(item['hooks'])}")
        for key in (
            "types",
            "queryFields",
            "mutationFields",
            "extensionFields",
            "commands",
            "importers",
        ):
            values: list[Any] = item["contributes"][key]
            if values:
                click.echo(f"  {key}: {', '.join(map(str, values))}")


COMMANDS = [serve, db, demo, schema, plugins]


@plugins.command("check")
@click.argument("names", metavar="[NAME]...", nargs=-1)
def plugins_check(names: tuple[str, ...]) -> None:
    """按插件约定检查已安装的插件（默认全部，或只查给出的），不启动服务：钩子签名、入口点名、命名、迁移分支、核心版本、字段说明。"""
    from core.plugin_check import check_plugins

    try:
        results = check_plugins(state().settings(), *names)
    except PluginError as exc:
        raise click.ClickException(str(exc)) from None
    for result in results:
        label = f"{result.name} {result.version or '?'}（发行包 {result.distribution or '-'}）"
        if result.ok:
            click.echo(f"✓ {label}：符合插件约定（{'、'.join(result.checked)}）")
            continue
        click.echo(f"✗ {label}：{len(result.problems)} 个问题")
        for problem in result.problems:
            click.echo(f"  - {problem}")
    failed = [r.name for r in results if not r.ok]
    if failed:
        _fail(f"{len(failed)} 个插件不符合插件约定：{', '.join(failed)}")


@plugins.command("new")
@click.argument("name")
@click.option("--department", required=True, help="牵头的责任单位代码，如 RSJ（市人社局）。")
@click.option("--clause", default="二", show_default=True, help="插件服务的方案条款，如 三(四)。")
@click.option("--title", default=None, help="插件的中文名称（默认同 NAME）。")
@click.option(
    "--dir",
    "directory",
    default=None,
    type=click.Path(file_okay=False, path_type=Path),
    help="写到这个目录（默认当前目录下的 jiuye-NAME）；目录须不存在或为空。",
)
def plugins_new(
    name: str, department: str, clause: str, title: str | None, directory: Path | None
) -> None:
    """生成一个独立的插件包（pyproject、钩子模块、迁移分支、测试、README），装上即可通过自带测试。"""
    from core.scaffold import Names, ScaffoldError, write_plugin

    target = directory or Path.cwd() / f"jiuye-{name.replace('_', '-')}"
    try:
        written = write_plugin(Names(name, department, clause, title or name), target)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已生成插件 {name}：{target}（{len(written)} 个文件）")
    click.echo(f"  安装：pip install -e {target}")
    click.echo(f"  检查：jiuye plugins check {name}")
    click.echo(f"  测试：python -m pytest {target / 'tests'}")
