"""The register_importers hook: a plugin's own sheet kind is recognised, fed, ordered and exported."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.graphql.context import Caller
from core.importing.exporting import run_export
from core.importing.sheets import Column, ExportRequest, SheetKind, import_order, sheet_kinds
from core.platform import Platform
from core.plugin_report import describe_plugins
from core.plugins import PluginError, Plugins
from core.settings import Settings
from tests.conftest import make_platform
from tests.importing.helpers import run, write_xlsx
from tests.test_plugins import install

PLUGIN = """
    from __future__ import annotations
    from core.hookspecs import PluginInfo, hookimpl
    from core.importing.sheets import Column, SheetKind
    from core.problems import ErrorCode, Problem

    SEEN = []

    @hookimpl
    def plugin_info():
        return PluginInfo(name="{name}", title="测试插件", version="1.0")

    class Importer:
        def __init__(self, ctx):
            self.ctx = ctx

        async def add(self, rows):
            for row in rows:
                if row.values["hours"] is not None and not str(row.values["hours"]).isdigit():
                    self.ctx.problem(row.sheet, row.number, Problem("hours", ErrorCode.INVALID, "学时应为整数", row.values["hours"]))
                    self.ctx.counts(row.sheet).rejected += 1
                else:
                    SEEN.append((row.sheet, row.number, dict(row.values)))
                    self.ctx.counts(row.sheet).created += 1

        async def finish(self):
            SEEN.append("finished")

    async def open_importer(ctx):
        return Importer(ctx)

    async def export(conn, request):
        yield ["李四", 32]
        yield [request.region, None]

    @hookimpl
    def register_importers():
        return [
            SheetKind(
                name="{kind}",
                title="培训学员",
                columns=(Column("学员姓名", "name", required=True, variants=("姓名",)), Column("学时", "hours", required=True)),
                importer=open_importer,
                exporter=export,
                after=("ledger",),
            )
        ]
"""


def plugin(name: str, kind: str) -> str:
    return textwrap.dedent(PLUGIN).replace("{name}", name).replace("{kind}", kind)


async def test_a_plugins_sheet_kind_is_imported_and_exported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    install(tmp_path, monkeypatch, "trainees", plugin("trainees", "trainees"))
    platform = make_platform(database_url, plugins="trainees")
    try:
        from jiuye_trainees.plugin import SEEN  # type: ignore[import-not-found]

        path = write_xlsx(
            tmp_path / "t.xlsx",
            {"学员": [[" 学时 ", "姓名"], [40, "张三"], [None, None], ["很多", "王五"]]},
        )
        report = await run(platform, path)
        assert SEEN == [("学员", 2, {"hours": 40, "name": "张三"}), "finished"]
        assert [(p.row, p.header, p.cell, p.message) for p in report.problems] == [
            (4, "学时", "A4", "学时应为整数")
        ]
        assert (report.totals.read, report.totals.created, report.totals.rejected) == (2, 1, 1)

        kind = sheet_kinds(platform.plugins)["trainees"]
        out = tmp_path / "out.xlsx"
        request = ExportRequest(Caller(), "450225", date(2019, 9, 30))
        assert await run_export(platform.db, kind, request, out, reason="核对往返导入") == 2
        sheet = load_workbook(out)["培训学员"]
        assert [[c.value for c in row] for row in sheet.iter_rows()] == [
            ["学员姓名", "学时"],
            ["李四", 32],
            ["450225", None],
        ]
        described = {p["name"]: p for p in describe_plugins(platform)}
        assert described["trainees"]["contributes"]["importers"] == ["trainees"]
        assert described["core"]["contributes"]["importers"] == ["regions", "ledger"]
        assert "register_importers" in described["trainees"]["hooks"]
    finally:
        await platform.close()


def test_sheet_kind_names_are_unique_across_plugins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path, monkeypatch, "clashing", plugin("clashing", "ledger"))
    with pytest.raises(
        PluginError, match="sheet kind 'ledger' is contributed by both 'core' and 'clashing'"
    ):
        sheet_kinds(Plugins(Settings(plugins="clashing")))


def _kind(name: str, *after: str) -> SheetKind:
    async def importer(ctx: object) -> object:
        raise AssertionError

    return SheetKind(name, name, (Column(name, name),), importer, after=after)  # type: ignore[arg-type]


def test_import_order_follows_dependencies() -> None:
    a, b, c = _kind("a", "c"), _kind("b"), _kind("c", "b", "missing")
    assert [k.name for k in import_order([a, b, c])] == ["b", "c", "a"]
    with pytest.raises(PluginError, match="cycle"):
        import_order([_kind("x", "y"), _kind("y", "x")])


async def test_write_rights_per_sheet_kind(platform: Platform, tmp_path: Path) -> None:
    """The rights of the kinds' mutations: counties import core ledgers, departments the
    ledgers of plugins they lead, viewers nothing — refused before any row is read."""
    from core.graphql.context import Caller
    from tests.factories import add_regions
    from tests.importing.helpers import family, ledger_file

    await add_regions(platform)
    path = ledger_file(tmp_path / "ledger.xlsx", family())
    for caller in (
        Caller(name="看板", role="viewer"),
        Caller(name="市人社局", role="department", department="RSJ"),
    ):
        report = await run(platform, path, caller=caller)
        assert {p.code for p in report.problems} == {"FORBIDDEN"}, caller
        assert "您无权导入“两清台账”" in report.problems[0].message
        assert not report.committed and report.totals.created == 0
    county = await run(platform, path, caller=Caller(name="融水县", role="county", region="450225"))
    assert county.committed and county.problems == []
