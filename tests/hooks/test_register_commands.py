"""`register_commands`: plugins' commands join `jiuye`; a name two parts use is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli.main import cli
from tests.test_plugins import good, install

COMMAND = """
import click

@click.command("{name}")
def command():
    \"\"\"一个插件命令。\"\"\"
    click.echo("来自插件")

@hookimpl
def register_commands():
    return [command]
"""


def test_a_plugin_command_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "cmd", good("cmd") + COMMAND.replace("{name}", "hello"))
    runner = CliRunner()
    listed = runner.invoke(cli, ["--help"], env={"JIUYE_PLUGINS": "cmd"})
    assert "hello" in listed.output and "serve" in listed.output
    ran = runner.invoke(cli, ["hello"], env={"JIUYE_PLUGINS": "cmd"})
    assert ran.exit_code == 0 and ran.output == "来自插件\n"


def test_a_clash_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path, monkeypatch, "cmd2", good("cmd2") + COMMAND.replace("{name}", "serve"))
    result = CliRunner().invoke(cli, ["serve", "--help"], env={"JIUYE_PLUGINS": "cmd2"})
    assert result.exit_code == 1
    assert "command 'serve' is contributed by both 'core' and 'cmd2'" in result.output
