"""The plugin's ledgers (台账): 培训班台账 and 培训学员台账, their columns and shared cell parsing.

A class is identified by its county, opening day and name (unique per county); a trainee row
by its class and the trainee's ID number. The importers live in `importers.py`, the exporters
in `exporters.py`; docs/plugins/training.md documents every column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from core.sdk import (
    Caller,
    Column,
    ErrorCode,
    ImportContext,
    Problem,
    RegionCodeError,
    Role,
    SheetImporter,
    SheetKind,
    canonical_code,
    digits_text,
    region,
    text,
)
from plugins.training.compliance import COUNTY_LEVELS

LEAD_DEPARTMENT = "RSJ"
"""The department whose tokens may write the plugin's records (its mutations and ledgers)."""

_COUNTY = Column(
    "县区",
    "county",
    required=True,
    variants=("县(区)", "县/区", "所属县区", "县区名称", "县(市、区)", "培训班所属县区"),
)
_TITLE = Column("班级名称", "title", required=True, variants=("培训班名称", "班名", "培训班"))
_START = Column(
    "开班日期", "start_date", required=True, variants=("开班时间", "开训日期", "培训开始日期")
)

CLASS_COLUMNS = (
    _COUNTY,
    _TITLE,
    Column("培训类别", "kind", required=True, variants=("培训类型", "班级类别")),
    _START,
    Column(
        "结束日期", "end_date", required=True, variants=("结束时间", "培训结束日期", "结班日期")
    ),
    Column(
        "承办单位",
        "organiser",
        required=True,
        variants=("培训机构", "举办单位", "承训单位", "培训单位"),
    ),
    Column(
        "承办单位类别",
        "organiser_kind",
        required=True,
        variants=("承办单位类型", "培训机构类别", "机构类别"),
    ),
    Column("培训工种", "trade", variants=("工种", "培训专业", "专业", "培训工种(专业)")),
    Column("培训地点", "place", variants=("地点", "培训地址")),
    Column(
        "培训补贴(元)",
        "subsidy",
        variants=("培训补贴", "补贴金额", "补贴金额(元)", "已拨付补贴(元)", "培训补贴金额(元)"),
    ),
    Column(
        "其他学员人数",
        "other_trainees",
        variants=("非建档立卡学员人数", "其他学员", "其他学员(人)"),
    ),
)

TRAINEE_COLUMNS = (
    _COUNTY,
    _TITLE,
    _START,
    Column(
        "身份证号",
        "id_number",
        required=True,
        variants=("身份证号码", "身份证", "公民身份号码", "公民身份证号码", "证件号码"),
    ),
    Column("姓名", "name", variants=("学员姓名",)),
    Column("结业日期", "completed_on", variants=("结业时间", "结业")),
    Column("证书编号", "certificate", variants=("证书号", "证书", "证书名称", "证书编号或名称")),
)


def may_write(caller: Caller) -> bool:
    """Administrators and the lead department write the plugin's records, as with its mutations."""
    return caller.role == Role.ADMIN or (
        caller.role == Role.DEPARTMENT and caller.department == LEAD_DEPARTMENT
    )


def refusal(caller: Caller) -> str:
    """Why `caller` may not import the plugin's ledgers (Chinese)."""
    return (
        f"“{caller.name}”（{caller.role}）不能导入培训台账：只有管理员和牵头部门市人社局"
        f"（{LEAD_DEPARTMENT}）可以写入培训记录"
    )


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "")


@dataclass(frozen=True)
class Counties:
    """County-level regions by full name, short name and code, as ledgers name them."""

    codes: dict[str, str]
    names: dict[str, str]
    """Full name by code, as exports write it."""

    @classmethod
    async def load(cls, conn: AsyncConnection) -> Counties:
        rows = (
            await conn.execute(
                select(region.c.code, region.c.name, region.c.short_name).where(
                    region.c.level.in_(COUNTY_LEVELS)
                )
            )
        ).all()
        codes: dict[str, str] = {}
        for row in rows:
            for name in (row.name, row.short_name, row.code):
                codes[_key(name)] = row.code
        return cls(codes, {row.code: row.name for row in rows})

    def parse(self, value: object, *, field: str = "county") -> str | Problem | None:
        """The code of the county or district a cell names (name, short name or code)."""
        found = digits_text(value, field=field, what="县区代码")
        if isinstance(found, Problem) or found is None:
            return found
        code = self.codes.get(_key(found))
        if code is None and found.isdigit():
            try:
                code = self.codes.get(canonical_code(found))
            except RegionCodeError:
                code = None
        if code is None:
            return Problem(
                field,
                ErrorCode.NOT_FOUND,
                f"“{found}”不是柳州市的县区：请写县区全称、简称（如 融水县）或 6 位代码",
                value,
            )
        return code


def parse_count(value: object, *, field: str, label: str) -> int | Problem | None:
    """A whole number of people (a number cell or digits)."""
    if isinstance(value, bool):
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数（人）", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return Problem(field, ErrorCode.INVALID, f"{label}应为整数（人），这里是 {value}", value)
    found = text(value)
    if found is None:
        return None
    cleaned = unicodedata.normalize("NFKC", found).replace("人", "").strip()
    if cleaned.lstrip("-").isdigit():
        return int(cleaned)
    return Problem(field, ErrorCode.INVALID, f"{label}应为整数（人），这里是“{found}”", value)


def required(values: dict[str, object], columns: Sequence[Column], problems: list[Problem]) -> None:
    """A REQUIRED problem for each required column whose cell is blank."""
    for column in columns:
        if column.required and values.get(column.field) is None:
            problems.append(Problem(column.field, ErrorCode.REQUIRED, f"{column.header}不能为空"))


async def _classes(ctx: ImportContext) -> SheetImporter:
    from plugins.training.importers import ClassImporter

    return await ClassImporter.open(ctx)


async def _trainees(ctx: ImportContext) -> SheetImporter:
    from plugins.training.trainee_import import TraineeImporter

    return await TraineeImporter.open(ctx)


def sheet_kinds() -> list[SheetKind]:
    """The plugin's two ledgers, returned by its `register_importers` hook."""
    from plugins.training.exporters import export_classes, export_trainees

    return [
        SheetKind(
            name="training_classes",
            title="培训班台账",
            columns=CLASS_COLUMNS,
            importer=_classes,
            exporter=export_classes,
            after=("regions",),
            description="培训班台账：每行一个精准培训班或务工带头人培训班（县区、班级名称、开班日期为键）。",
        ),
        SheetKind(
            name="training_trainees",
            title="培训学员台账",
            columns=TRAINEE_COLUMNS,
            importer=_trainees,
            exporter=export_trainees,
            after=("ledger", "training_classes"),
            description="培训学员台账：每行一名学员参加一个培训班，含结业日期与证书。",
        ),
    ]
