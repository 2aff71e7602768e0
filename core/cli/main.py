"""The `jiuye` command. Its subcommands come from plugins' `register_commands` (the core's too)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click
from pydantic import ValidationError

from core.cli import zh
from core.platform import Platform
from core.plugins import Claims, PluginError, Plugins
from core.security.logs import install as install_log_masking
from core.settings import Settings

T = TypeVar("T")

zh.install()


@dataclass
class CliState:
    """Settings overrides from the global flags, and the platform built from them."""

    overrides: dict[str, Any] = field(default_factory=dict)
    _platform: Platform | None = None

    def settings(self) -> Settings:
        try:
            return Settings(**self.overrides)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise click.ClickException(
                f"设置 {'.'.join(map(str, first['loc']))} 有误：{first['msg']}"
            ) from None

    @property
    def platform(self) -> Platform:
        if self._platform is None:
            try:
                self._platform = Platform(self.settings())
            except (PluginError, ValueError) as exc:
                raise click.ClickException(str(exc)) from None
        return self._platform


def state() -> CliState:
    """The CLI state of the running command."""
    return click.get_current_context().find_object(CliState) or CliState()


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion, closing the database afterwards."""

    async def wrapped() -> T:
        try:
            return await coroutine
        finally:
            current = state()._platform
            if current is not None:
                await current.close()

    return asyncio.run(wrapped())


def _state_from(ctx: click.Context) -> CliState:
    if not isinstance(ctx.obj, CliState):
        overrides = {
            key: value
            for key, value in (
                ("database_url", ctx.params.get("database_url")),
                ("plugins", ctx.params.get("plugins")),
            )
            if value is not None
        }
        ctx.obj = CliState(overrides)
    return ctx.obj


class PluginCommands(click.Group):
    """A group whose commands are whatever the loaded plugins register."""

    def _commands(self, ctx: click.Context) -> dict[str, click.Command]:
        cached: dict[str, click.Command] | None = ctx.meta.get("jiuye.commands")
        if cached is not None:
            return cached
        cli_state = _state_from(ctx)
        try:
            plugins = cli_state.platform.plugins
        except click.ClickException:
            # A plugin that cannot load must not hide the core's commands (`jiuye plugins
            # check` above all, which says what is wrong with it); any command that needs the
            # platform still stops with the same message.
            plugins = Plugins(cli_state.settings().model_copy(update={"plugins": ""}))
        claims = Claims("command")
        commands: dict[str, click.Command] = {}
        try:
            for contribution in plugins.flat("register_commands"):
                command = contribution.value
                if not isinstance(command, click.Command) or not command.name:
                    raise PluginError(
                        f"plugin {contribution.plugin!r}: register_commands must return named click commands"
                    )
                claims.claim(command.name, contribution.plugin)
                commands[command.name] = command
        except PluginError as exc:
            raise click.ClickException(str(exc)) from None
        ctx.meta["jiuye.commands"] = commands
        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._commands(ctx))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._commands(ctx).get(cmd_name)


@click.group(
    cls=PluginCommands,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[选项]",
    subcommand_metavar="命令 [参数]...",
)
@click.option(
    "--database-url",
    default=None,
    help="数据库地址，如 sqlite:///jiuye.db 或 postgresql://user@host/db（默认取 JIUYE_DATABASE_URL）。",
)
@click.option(
    "--plugins",
    default=None,
    help="启用的插件，逗号分隔；空字符串只启用核心（默认取 JIUYE_PLUGINS，未设置则全部启用）。",
)
@click.version_option(package_name="jiuye", prog_name="jiuye")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, plugins: str | None) -> None:
    """就业扶贫数据平台（Jiuye）。"""
    _state_from(ctx)


def main() -> None:
    """Console entry point."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    install_log_masking()
    logging.getLogger("jiuye").setLevel(logging.INFO)
    try:
        cli.main(prog_name="jiuye", standalone_mode=True)
    except PluginError as exc:  # raised outside any command, e.g. while listing commands
        click.echo(f"错误：{exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        # One line for people; the whole story when JIUYE_DEBUG is set.
        if os.environ.get("JIUYE_DEBUG"):
            raise
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        click.echo(
            f"错误：{type(exc).__name__}：{reason}（设 JIUYE_DEBUG=1 可看完整的调用栈）", err=True
        )
        sys.exit(1)
