"""`jiuye plugins check`: every breach of the contract is named, per plugin, before anything starts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli.main import cli
from core.plugin_check import PluginCheck, check_plugins, hook_specs
from core.settings import Settings
from tests.test_plugins import good, install

IN_TREE = ["entrepreneurship", "relocation", "supervision", "training"]


def problems(name: str) -> list[str]:
    (found,) = check_plugins(Settings(), name)
    assert isinstance(found, PluginCheck)
    return found.problems


def test_every_hook_is_read_from_hookspecs() -> None:
    specs = hook_specs()
    assert specs["populate_demo"] == ["db", "seed", "households"]
    assert "plugin_info" in specs and "register_importers" in specs


@pytest.mark.parametrize("name", IN_TREE)
def test_in_tree_plugins_pass(name: str) -> None:
    assert problems(name) == []


def test_employment_assistance_passes() -> None:
    # Its tables are `assistance_…`, declared with PluginInfo.table_prefix.
    assert problems("employment_assistance") == []


BROKEN = """
    from pathlib import Path
    from sqlmodel import Field, SQLModel
    import strawberry
    from core.graphql.loaders import Loader
    from core.hookspecs import hookimpl
    from core.importing.sheets import SheetKind
    from core.metrics.definitions import MetricDefinition

    class Thing(SQLModel, table=True):
        __tablename__ = "things"
        id: int | None = Field(default=None, primary_key=True)

    class ThingLoader(Loader[int, int]):
        pass

    @strawberry.type
    class Q:
        @strawberry.field
        def sample_count(self, at: int) -> int:
            return 1

    @hookimpl
    def register_querys():
        return []

    @hookimpl
    def populate_demo(db, seed, rng):
        pass

    def register_types():
        return []

    @hookimpl
    def register_models():
        return [Thing]

    @hookimpl
    def register_loaders():
        return [ThingLoader]

    @hookimpl
    def register_queries():
        return [Q]

    @hookimpl
    def register_metrics():
        return [MetricDefinition("things", "东西", "个", "三(四)", "RSJ", source=None)]

    @hookimpl
    def register_importers():
        return [SheetKind("ledger", "重名台账", (), importer=None)]
"""


def test_every_breach_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = good("broken", requires=">=9") + textwrap.dedent(BROKEN)
    install(tmp_path, monkeypatch, "alias", source.replace('name="broken"', 'name="other"'))
    found = problems("alias")
    expected = [
        "register_querys 不是钩子",
        "钩子 populate_demo 的参数 rng 不存在；它只接受 db, seed, households",
        "函数 register_types 与钩子同名，却没有 @hookimpl 标记",
        "入口点名 'alias' 与 plugin_info().name 'other' 不一致",
        "核心版本不符：plugin 'other' 1.0 needs jiuye core >=9",
        "表 things 应以插件名加下划线（alias_）开头",
        "指标键 things 应为 alias.<名称>",
        "台账种类 ledger 与插件 core 重名",
        "加载器 ThingLoader 应按 <Thing>By<Key>Loader 命名",
        "注册了表却没有迁移分支",
        "字段 Q.sample_count 没有中文说明",
        "字段 Q.sample_count 的参数 at 没有说明",
        "引用了核心内部模块 core.graphql.loaders",
        "引用了核心内部模块 core.hookspecs",
        "引用了核心内部模块 core.importing.sheets",
        "引用了核心内部模块 core.metrics.definitions",
    ]
    for message in expected:
        assert any(message in p for p in found), (message, found)
    assert len(found) == len(expected), found


def test_migration_branch_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "one.py").write_text(
        'revision = "m1"\ndown_revision = None\nbranch_labels = None\n'
    )
    source = good("migrated") + textwrap.dedent(
        f"""
        from core.sdk import MigrationBranch

        @hookimpl
        def register_migrations():
            return MigrationBranch("migrated", Path({str(versions)!r}), depends_on=("absent",))
        """
    ).replace(
        "from core.sdk import MigrationBranch",
        "from pathlib import Path\nfrom core.sdk import MigrationBranch",
    )
    install(tmp_path, monkeypatch, "migrated", source)
    assert problems("migrated") == [
        "迁移分支依赖的 absent 没有安装",
        "第一个迁移应带 branch_labels = ('migrated',)",
    ]


def test_cli_reports_and_exits_non_zero(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A plugin the server would refuse to load still leaves `jiuye plugins check` to say why.
    install(
        tmp_path,
        monkeypatch,
        "typo",
        good("typo") + "\n@hookimpl\ndef register_querys():\n    return []\n",
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["plugins", "check", "typo"], env={"JIUYE_PLUGINS": None})
    assert result.exit_code == 1, result.output
    assert "✗ typo 1.0（发行包 jiuye-typo）：1 个问题" in result.output
    assert "register_querys 不是钩子" in result.output
    assert "1 个插件不符合插件约定：typo" in result.output
    fine = runner.invoke(cli, ["plugins", "check", "training"], env={"JIUYE_PLUGINS": None})
    assert fine.exit_code == 0 and "✓ training 0.1.0" in fine.output
    missing = runner.invoke(cli, ["plugins", "check", "nope"], env={"JIUYE_PLUGINS": None})
    assert missing.exit_code == 1 and "没有安装名为 'nope' 的插件" in missing.output
