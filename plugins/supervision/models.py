"""The plugin's records (四(六)): bulletins with their frozen items, the rectification tasks an
issued bulletin gives, what each unit reports on its task, and each task's status history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import UniqueConstraint, select
from sqlmodel import Field

from core.sdk import (
    CHECKS_EACH_RECORD,
    ErrorCode,
    LabelledEnum,
    Problem,
    Record,
    RecordKind,
    Role,
    Row,
    WriteContext,
    field,
    level_of,
    parent_field,
    region_field,
    table_of,
)
from plugins.supervision.extensions import BulletinFields, TaskFields


class BulletinStatus(LabelledEnum):
    """通报的状态：草稿（条目按看板实时计算）或已印发（条目冻结）。"""

    DRAFT = "DRAFT", "草稿"
    ISSUED = "ISSUED", "已印发"


class TaskStatus(LabelledEnum):
    """整改任务的状态（四(六)：限时整改，问题严重的问责）。"""

    OPEN = "OPEN", "整改中"
    RECTIFIED = "RECTIFIED", "已整改"
    OVERDUE = "OVERDUE", "逾期未整改"
    ESCALATED = "ESCALATED", "问责"


class Bulletin(Record, table=True):
    """A bulletin (通报) on who is behind, for the city or one county, from the board on a date."""

    __tablename__ = "supervision_bulletin"
    __table_args__ = (UniqueConstraint("number", name="uq_supervision_bulletin_number"),)

    region_code: str = region_field(
        header="区划代码",
        description="通报的范围：柳州市（450200）或一个县区的 6 位代码。",
        level=None,
    )
    as_of: date = field(
        header="统计日", description="按看板这一天的数字通报，不晚于今天。", not_future=True
    )
    title: str | None = field(
        header="标题",
        description="通报标题，至多 128 个字；不填时按区划和统计日生成。",
        default=None,
        max_length=128,
        searchable=True,
    )
    status: str = field(
        header="状态",
        description="草稿（数字实时计算）或已印发（条目冻结，不可再改）。",
        default=BulletinStatus.DRAFT.code,
        max_length=16,
        choices=BulletinStatus,
        input=False,
    )
    number: str | None = field(
        header="文号",
        description="印发时编的文号，如“柳人社通〔2019〕3号”；草稿为空。",
        default=None,
        max_length=64,
        input=False,
        searchable=True,
    )
    issued_on: date | None = field(
        header="印发日期", description="印发日期；草稿为空。", default=None, input=False
    )
    issued_by: str | None = field(
        header="印发人", description="印发人；草稿为空。", default=None, max_length=64, input=False
    )


class BulletinEntry(Record, table=True):
    """One item of an issued bulletin: a metric behind in a region, as the board stood."""

    __tablename__ = "supervision_bulletin_item"

    bulletin_id: int = Field(foreign_key="supervision_bulletin.id", index=True)
    position: int
    metric_key: str = Field(max_length=64)
    title: str = Field(max_length=128)
    unit: str = Field(max_length=8)
    clause: str = Field(max_length=16)
    lead_department: str = Field(max_length=16)
    region_code: str = Field(foreign_key="region.code", max_length=12)
    value: str | None = Field(default=None, max_length=32)
    expected: str | None = Field(default=None, max_length=32)
    target: str | None = Field(default=None, max_length=32)
    status: str = Field(max_length=16)
    reason: str = Field(max_length=256)
    shortfall: float
    deadline: date


class RectificationTask(Record, table=True):
    """A time-limited rectification task (限时整改): one item of an issued bulletin, for the
    unit responsible (the region's own, or the metric's lead department for city-wide items)."""

    __tablename__ = "supervision_task"

    region_code: str = region_field(
        header="责任区划",
        description="负责整改的区划（县区的条目为该县区；全市的条目为柳州市，由牵头部门整改）。",
        level=None,
    )
    item_id: int | None = Field(
        default=None, foreign_key="supervision_bulletin_item.id", index=True
    )
    department: str | None = field(
        header="牵头部门",
        description="全市条目的牵头部门代码（如 RSJ）；县区的条目为空。",
        default=None,
        max_length=16,
    )
    metric_key: str = field(header="指标键", description="落后的指标。", max_length=64)
    metric_title: str = field(
        header="指标", description="落后的指标名称。", max_length=128, searchable=True
    )
    deadline: date = field(header="整改期限", description="整改期限（含）：到这天仍落后即逾期。")
    status: str = field(header="状态", description="整改状态。", max_length=16, choices=TaskStatus)
    checked_on: date | None = field(
        header="核查日", description="最近一次到期核查所按的日期；尚未核查为空。", default=None
    )


class TaskUpdate(Record, table=True):
    """What the responsible unit reports on its task: measures taken and evidence (kept, never
    changed or deleted)."""

    __tablename__ = "supervision_task_update"

    task_id: int = parent_field(
        table="supervision_task", header="整改任务", description="所报的整改任务。"
    )
    measures: str = field(
        header="整改措施", description="已采取的整改措施，1–2000 个字。", max_length=2000
    )
    evidence: str | None = field(
        header="佐证材料",
        description="佐证材料（文件名、链接或说明），至多 2000 个字。",
        default=None,
        max_length=2000,
    )
    recorded_by: str = field(
        header="报送人",
        description="谁报送的（调用者的名称），平台自动填写。",
        default="",
        max_length=64,
        input=False,
    )


class TaskEvent(Record, table=True):
    """A change of a task's status: from what, to what, why, by whom, on which date."""

    __tablename__ = "supervision_task_event"

    task_id: int = parent_field(
        table="supervision_task", header="整改任务", description="状态变化的整改任务。"
    )
    from_status: str | None = field(
        header="原状态",
        description="变化前的状态；任务建立时为空。",
        default=None,
        max_length=16,
        choices=TaskStatus,
    )
    to_status: str = field(
        header="新状态", description="变化后的状态。", max_length=16, choices=TaskStatus
    )
    reason: str = field(header="原因", description="为什么变化。", max_length=256)
    actor: str = field(header="操作人", description="谁（或哪个命令）改变了状态。", max_length=64)
    on: date = field(header="日期", description="按哪一天的情况改变（核查日或印发日）。")


bulletin = table_of(Bulletin)
item = table_of(BulletinEntry)
task = table_of(RectificationTask)
task_update = table_of(TaskUpdate)
task_event = table_of(TaskEvent)


def city_or_county(
    ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None
) -> Iterable[Problem]:
    """A bulletin is the city's or one county's."""
    if level_of(values["region_code"]) not in ("CITY", "COUNTY"):
        return [Problem("region_code", ErrorCode.INVALID, "通报只发给全市或一个县区")]
    return []


async def answerable(
    ctx: WriteContext, values: Mapping[str, Any], before: Row[Any] | None
) -> Iterable[Problem]:
    """The responsible unit answers: a county within its scope (checked by the parent), the
    lead department on a city-wide task; a rectified task takes no more reports."""
    found = (
        await ctx.conn.execute(
            select(task.c.status, task.c.department).where(task.c.id == values["task_id"])
        )
    ).first()
    if found is None:
        return []
    caller = ctx.caller
    if caller.role == Role.DEPARTMENT and caller.department != found.department:
        return [Problem("task_id", "NOT_LEAD_DEPARTMENT", "只有牵头部门可以报送这项整改")]
    if caller.role not in (Role.ADMIN, Role.COUNTY, Role.DEPARTMENT):
        return [Problem("task_id", "NOT_RESPONSIBLE", "您的角色不能报送整改情况")]
    if found.status == TaskStatus.RECTIFIED:
        return [Problem("task_id", "TASK_RECTIFIED", "这项任务已整改完成，无需再报")]
    return []


def issued(row: Row[Any]) -> str | None:
    """An issued bulletin is frozen."""
    if row.status == BulletinStatus.ISSUED:
        return f"通报{row.number}已印发，不能修改或删除"
    return None


BULLETINS = RecordKind(
    Bulletin,
    name="Bulletin",
    title="通报",
    description="考核通报（四(六)）：全市或一个县区按看板某日数字落后的指标；印发后冻结。",
    plural="bulletins",
    date_field="as_of",
    rules=[city_or_county],
    locked=issued,
    extra_fields=BulletinFields,
)
TASKS = RecordKind(
    RectificationTask,
    name="RectificationTask",
    title="整改任务",
    description="限时整改任务（四(六)）：通报的一条，由责任单位在期限内整改，到期核查。",
    plural="rectificationTasks",
    date_field="deadline",
    mutations=False,
    extra_fields=TaskFields,
)
UPDATES = RecordKind(
    TaskUpdate,
    name="TaskUpdate",
    title="整改情况",
    description="责任单位报送的整改措施与佐证；只增不改不删。",
    plural="taskUpdates",
    parent=TASKS,
    children_field="updates",
    mutations=("create",),
    mutation_directives=[CHECKS_EACH_RECORD],
    rules=[answerable],
    fill=lambda ctx: {"recorded_by": ctx.caller.name[:64]},
)
EVENTS = RecordKind(
    TaskEvent,
    name="TaskEvent",
    title="任务状态变化",
    description="整改任务的一次状态变化：原状态、新状态、原因、操作人、日期。",
    plural="taskEvents",
    parent=TASKS,
    children_field="history",
    mutations=False,
)
KINDS = [BULLETINS, TASKS, UPDATES, EVENTS]
