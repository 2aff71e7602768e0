"""An outside plugin as a department ships it: examples/public_services, and what
`jiuye plugins new` writes, each installed as its own distribution.

Both go into a throw-away folder with `pip install --no-deps --target` (never into this
environment); subprocesses that should see them get it on PYTHONPATH, where their
entry points are found from the dist-info. The CLI parts run on a fresh SQLite file; the
plugins' own test runs use whatever database the suite uses (the test kit decides).
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from packaging.version import Version

from core.cli.main import cli

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "public_services"
JIUYE = str(Path(sys.executable).parent / "jiuye")
SCAFFOLD = "sample_dept"

# Builds the schema and asks for the board the way a client does, in one process.
PROBE = """
import asyncio, json, sys
from core.testing.kit import client_for, make_platform

async def main():
    platform = make_platform(sys.argv[1])
    sdl = platform.schema.as_str()
    async for client in client_for(platform):
        response = await client.post(sys.argv[2])
    await platform.close()
    print(json.dumps({"sdl": sdl, "body": response.json()}, ensure_ascii=False))

asyncio.run(main())
"""
BOARD = """{ dashboard(asOf: "2019-09-30") { lines { actionLine metrics { key target } } }
  region(code: "450225") { code %s } }"""


@dataclass(frozen=True)
class Installed:
    site: Path
    example: Path
    scaffold: Path
    database: str


def environment(site: Path | None, database: str | None = None) -> dict[str, str]:
    """This process's environment, with the folder on PYTHONPATH (or none) and no bytecode
    written into the source folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "JIUYE_PLUGINS")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if site is not None:
        env["PYTHONPATH"] = str(site)
    if database is not None:
        env["JIUYE_DATABASE_URL"] = database
    return env


def run(args: list[str], env: dict[str, str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, env=env, cwd=cwd, timeout=600, check=False
    )


def probe(database: str, site: Path | None, fields: str) -> dict[str, Any]:
    result = run(
        [sys.executable, "-c", PROBE, database, BOARD % fields], environment(site, database)
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    folder = tmp_path_factory.mktemp("outside")
    scaffold = folder / "jiuye-sample-dept"
    new = ["plugins", "new", SCAFFOLD, "--department", "RSJ", "--clause", "三(四)"]
    written = CliRunner().invoke(cli, [*new, "--dir", str(scaffold)])
    assert written.exit_code == 0, written.output
    # A copy: building in place would leave build/ and egg-info in the source tree.
    example = folder / "public_services"
    shutil.copytree(
        EXAMPLE, example, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    site = folder / "site"
    # An isolated build env (pip's default) costs seconds per package; setuptools 70.1 and
    # later (a dev dependency) builds wheels itself, so this environment's can do it.
    isolation = "--no-build-isolation" if _builds_wheels() else "--use-pep517"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", isolation]
    built = run([*pip, "--target", str(site), str(example), str(scaffold)], environment(None))
    assert built.returncode == 0, built.stderr
    return Installed(site, example, scaffold, f"sqlite:///{folder / 'outside.db'}")


def _builds_wheels() -> bool:
    try:
        version = importlib.metadata.version("setuptools")
    except importlib.metadata.PackageNotFoundError:
        return False
    return Version(version) >= Version("70.1")


def test_installed_outside_plugins_work_and_leave_the_rest_alone(installed: Installed) -> None:
    site, database = installed.site, installed.database
    # The plugins' own tests run alongside the CLI checks below.
    own_tests = [
        subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path / "tests")],
            env=environment(site),
            cwd=path,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for path in (installed.example, installed.scaffold)
    ]
    try:
        env = environment(site, database)
        listed = run([JIUYE, "plugins", "--json"], env)
        assert listed.returncode == 0, listed.stderr
        by_name = {p["name"]: p for p in json.loads(listed.stdout)}
        assert by_name["public_services"]["distribution"] == "jiuye-public-services"
        assert by_name["public_services"]["contributes"]["importers"] == [
            "public_services_stations",
            "public_services_subsidies",
            "public_services_acceptance",
            "public_services_agencies",
        ]
        assert by_name[SCAFFOLD]["distribution"] == "jiuye-sample-dept"

        checked = run([JIUYE, "plugins", "check", "public_services", SCAFFOLD], env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.count("符合插件约定") == 2

        upgraded = run([JIUYE, "db", "upgrade"], env)
        assert upgraded.returncode == 0, upgraded.stderr
        assert "public_services" in upgraded.stdout and SCAFFOLD in upgraded.stdout

        seen = probe(database, site, "labourStations { name } sampleDeptRecords { title }")
        for name in (
            "labourStations",
            "createLabourStation",
            "type LabourStation",
            "sampleDeptRecords",
        ):
            assert name in seen["sdl"], name
        assert "errors" not in seen["body"], seen["body"]
        lines = {line["actionLine"]: line for line in seen["body"]["data"]["dashboard"]["lines"]}
        keys = {m["key"]: m["target"] for m in lines["三(四)"]["metrics"]}
        assert keys["public_services.poor_villages_with_video_platform"] == "171"
        assert keys[f"{SCAFFOLD}.records"] == "10"

        # Uninstalled: the same database still serves the core and the in-tree plugins.
        without = probe(database, None, "trainingClasses { title }")
        assert "LabourStation" not in without["sdl"] and "sampleDeptRecords" not in without["sdl"]
        assert "errors" not in without["body"], without["body"]
        assert without["body"]["data"]["region"] == {"code": "450225", "trainingClasses": []}
        assert "三(二)" in {
            line["actionLine"] for line in without["body"]["data"]["dashboard"]["lines"]
        }
        status = run([JIUYE, "db", "status"], environment(None, database))
        assert status.returncode == 0, status.stdout + status.stderr
        assert "public_services" not in status.stdout
    finally:
        outputs = [process.communicate(timeout=600)[0] for process in own_tests]
    for process, output in zip(own_tests, outputs, strict=True):
        assert process.returncode == 0, output
        assert " passed" in output and "skipped" not in output, output


def test_new_refuses_what_cannot_be_a_plugin(tmp_path: Path) -> None:
    runner = CliRunner()
    for args, message in (
        (["Bad-Name", "--department", "RSJ"], "插件名 'Bad-Name' 不合适"),
        (["training", "--department", "RSJ"], "已有名为 'training' 的插件"),
        (["fine_name", "--department", "NOPE"], "没有责任单位 'NOPE'"),
    ):
        result = runner.invoke(cli, ["plugins", "new", *args, "--dir", str(tmp_path / "x")])
        assert result.exit_code == 1 and message in result.output, result.output
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "file").write_text("")
    taken = runner.invoke(
        cli,
        ["plugins", "new", "fine_name", "--department", "RSJ", "--dir", str(tmp_path / "taken")],
    )
    assert taken.exit_code == 1 and "已存在且不是空目录" in taken.output


def test_new_plugin_is_lint_clean(tmp_path: Path) -> None:
    target = tmp_path / "jiuye-lint-me"
    written = CliRunner().invoke(
        cli, ["plugins", "new", "lint_me", "--department", "RSJ", "--dir", str(target)]
    )
    assert written.exit_code == 0, written.output
    ruff = Path(sys.executable).parent / "ruff"
    result = run(
        [str(ruff), "check", "--config", str(ROOT / "pyproject.toml"), str(target)],
        environment(None),
    )
    assert result.returncode == 0, result.stdout + result.stderr
