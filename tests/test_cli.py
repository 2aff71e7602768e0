"""The `jiuye` command as people run it: real processes, real databases, one-line failures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ScratchDatabases

JIUYE = str(Path(sys.executable).parent / "jiuye")
ROOT = Path(__file__).parent.parent


def jiuye(
    *args: str, database_url: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **env}
    if database_url is not None:
        environment["JIUYE_DATABASE_URL"] = database_url
    return subprocess.run(
        [JIUYE, *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_help_lists_core_commands() -> None:
    result = jiuye("--help")
    assert result.returncode == 0
    for command in ("serve", "db", "demo", "schema", "plugins"):
        assert command in result.stdout


def test_help_and_usage_errors_are_chinese() -> None:
    top = jiuye("--help").stdout
    assert top.startswith("用法： jiuye [选项] 命令 [参数]...")
    for words in ("选项:", "命令:", "显示本帮助并退出。", "显示版本并退出。"):
        assert words in top
    assert "Usage" not in top and "Options" not in top and "Show this" not in top
    sub = jiuye("metrics", "--help").stdout
    assert sub.startswith("用法： jiuye metrics") and "选项:" in sub
    unknown = jiuye("nope")
    assert unknown.returncode == 2
    assert "运行“jiuye --help”查看帮助。" in unknown.stderr
    assert "错误：没有子命令 'nope'。" in unknown.stderr
    wrong = jiuye("metrics", "--quarter", "2", database_url="sqlite:///:memory:")
    assert wrong.returncode == 2 and "错误：--quarter 须与 --year 一起给出" in wrong.stderr
    for command in ("serve", "db", "demo", "schema", "plugins"):
        assert jiuye(command, "--help").returncode == 0


def test_plugins_json_lists_core_and_shells() -> None:
    result = jiuye("plugins", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [p["name"] for p in report] == [
        "core",
        "employment_assistance",
        "entrepreneurship",
        "relocation",
        "supervision",
        "training",
    ]
    core = report[0]
    assert "Query.households" in core["contributes"]["queryFields"]
    assert "register_queries" in core["hooks"]
    assert report[5]["department"] == "RSJ"
    assert report[5]["clause"] == "三(二)"
    text = jiuye("plugins")
    assert "training 0.1.0 — 精准培训与务工带头人培训" in text.stdout


def test_allow_list_from_environment_and_flag() -> None:
    assert [
        p["name"] for p in json.loads(jiuye("plugins", "--json", JIUYE_PLUGINS="training").stdout)
    ] == ["core", "training"]
    flagged = jiuye("--plugins", "", "plugins", "--json")
    assert [p["name"] for p in json.loads(flagged.stdout)] == ["core"]


def test_serve_on_a_taken_port_says_so_before_printing_addresses(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        found = jiuye(
            "serve", "--port", str(port), database_url=f"sqlite:///{tmp_path / 'serve.db'}"
        )
    assert found.returncode == 1
    assert "已被占用" in found.stderr and f"PORT={port + 1}" in found.stderr
    assert "http://" not in found.stdout


def _demo_tokens_of_one_start(database_url: str) -> list[str]:
    """Start `serve --demo-tokens`, read the tokens it prints, stop it."""
    from tests.servers import free_port

    environment = {**os.environ, "JIUYE_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [JIUYE, "serve", "--demo-tokens", "--port", str(free_port())],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=environment,
        cwd=ROOT,
    )
    found = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "令牌" in line and ": jy_" in line:
                found.append(line.split(": ", 1)[1].strip())
            if len(found) == 2:
                break
    finally:
        process.terminate()
        process.communicate(timeout=15)
    return found


def test_demo_tokens_survive_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    first = _demo_tokens_of_one_start(url)
    assert len(first) == 2 and first[0] != first[1]
    assert _demo_tokens_of_one_start(url) == first
    kept = tmp_path / "serve.db.tokens"
    assert kept.stat().st_mode & 0o077 == 0
    # A token revoked in between is replaced by a fresh one; the other stays.
    revoked = jiuye("token", "revoke", first[0][:10], database_url=url)
    assert revoked.returncode == 0, revoked.stderr
    third = _demo_tokens_of_one_start(url)
    assert third[0] != first[0] and third[1] == first[1]


def test_failures_are_one_line_and_non_zero() -> None:
    unknown = jiuye("plugins", JIUYE_PLUGINS="nope")
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == [
        "错误：JIUYE_PLUGINS names nope, but no installed plugin has that name; `jiuye plugins` lists the installed ones"
    ]
    bad_url = jiuye("db", "upgrade", database_url="mysql://x@y/z")
    assert bad_url.returncode == 1
    assert len(bad_url.stderr.strip().splitlines()) == 1
    assert "不支持的数据库" in bad_url.stderr


async def test_upgrade_demo_and_status(databases: ScratchDatabases) -> None:
    url = await databases.create("cli")
    assert jiuye("db", "status", database_url=url).returncode == 1
    upgraded = jiuye("db", "upgrade", database_url=url)
    assert upgraded.returncode == 0, upgraded.stderr
    assert jiuye("db", "status", database_url=url).returncode == 0
    demo = jiuye("demo", "--households", "40", "--seed", "3", database_url=url)
    assert demo.returncode == 0, demo.stderr
    assert "40 户" in demo.stdout
    again = jiuye("demo", "--households", "40", database_url=url)
    assert again.returncode == 1
    assert "只写入空数据库" in again.stderr
    assert jiuye("demo", "--if-empty", database_url=url).returncode == 0


def test_schema_check(tmp_path: Path) -> None:
    assert jiuye("schema", "check").returncode == 0
    changed = tmp_path / "schema.graphql"
    committed = (ROOT / "schema" / "schema.graphql").read_text(encoding="utf-8")
    changed.write_text(
        committed.replace(
            "  registryNumber: String!\n", "  registryNumber: String!\n  oldField: Int\n", 1
        )
    )
    result = jiuye("schema", "check", str(changed))
    assert result.returncode == 1
    # the committed file has a field the code lacks: removing it breaks clients
    assert "BREAKING" in result.stderr
    assert "[core] Field ChangeHouseholdHeadInput.oldField was removed." in result.stderr


@pytest.mark.parametrize("argument", ["--households=0", "--seed=x"])
def test_bad_options(argument: str) -> None:
    result = jiuye("demo", argument)
    assert result.returncode == 2
