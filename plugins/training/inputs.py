"""Inputs and results of the training plugin's mutations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import strawberry

from core.sdk import RecordError
from plugins.training import types
from plugins.training.enums import TrainingKind, TrainingOrganiserKind


@strawberry.type(description="培训班的登记或修改成功。")
class TrainingClassSuccess:
    """A class as saved."""

    training_class: types.TrainingClass = strawberry.field(description="保存后的培训班。")


@strawberry.type(description="培训班已删除。")
class TrainingClassDeleted:
    """A class removed."""

    id: strawberry.ID = strawberry.field(description="被删除的培训班的全局标识。")


@strawberry.type(description="学员的登记或修改成功。")
class EnrolmentSuccess:
    """An enrolment as saved."""

    enrolment: types.Enrolment = strawberry.field(description="保存后的学员记录。")


@strawberry.type(description="学员记录已移除。")
class EnrolmentRemoved:
    """An enrolment removed."""

    id: strawberry.ID = strawberry.field(description="被移除的学员记录的全局标识。")


TrainingClassResult = Annotated[
    TrainingClassSuccess | RecordError,
    strawberry.union("TrainingClassResult", description="培训班变更的结果。"),
]
TrainingClassDeleteResult = Annotated[
    TrainingClassDeleted | RecordError,
    strawberry.union("TrainingClassDeleteResult", description="删除培训班的结果。"),
]
EnrolmentResult = Annotated[
    EnrolmentSuccess | RecordError,
    strawberry.union("EnrolmentResult", description="学员变更的结果。"),
]
EnrolmentRemoveResult = Annotated[
    EnrolmentRemoved | RecordError,
    strawberry.union("EnrolmentRemoveResult", description="移除学员的结果。"),
]


@strawberry.input(description="登记一个培训班。")
class TrainingClassCreateInput:
    """A new class."""

    kind: TrainingKind = strawberry.field(description="培训类别。")
    title: str = strawberry.field(description="班级名称，不超过 128 个字。")
    organiser: str = strawberry.field(description="承办单位名称，不超过 128 个字。")
    organiser_kind: TrainingOrganiserKind = strawberry.field(description="承办单位类别。")
    county: str = strawberry.field(
        description="培训班记在哪个县区名下：6 位县区代码（如 450225），须在您的权限范围内。"
    )
    start_date: date = strawberry.field(description="开班日期；务工带头人班按它归入季度。")
    end_date: date = strawberry.field(
        description="结束日期，不早于开班日期，与开班相隔不超过 365 天。"
    )
    trade: str | None = strawberry.field(
        default=None, description="培训工种（专业），不超过 64 个字。"
    )
    place: str | None = strawberry.field(default=None, description="培训地点，不超过 128 个字。")
    subsidy: Decimal | None = strawberry.field(
        default=None,
        description="已拨付的培训补贴，单位：元，最多两位小数，0 至 100,000,000.00；不填为 0。",
    )
    other_trainees: int = strawberry.field(
        default=0, description="未在平台登记的其他学员人数，单位：人，0–1000。"
    )


@strawberry.input(description="修改一个培训班；不给的字段保持不变。")
class TrainingClassUpdateInput:
    """Changes to a class."""

    id: strawberry.ID = strawberry.field(description="培训班的全局标识（TrainingClass.id）。")
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )
    kind: TrainingKind | None = strawberry.field(default=strawberry.UNSET, description="培训类别。")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="班级名称。")
    organiser: str | None = strawberry.field(default=strawberry.UNSET, description="承办单位。")
    organiser_kind: TrainingOrganiserKind | None = strawberry.field(
        default=strawberry.UNSET, description="承办单位类别。"
    )
    county: str | None = strawberry.field(
        default=strawberry.UNSET, description="所记县区的 6 位代码。"
    )
    start_date: date | None = strawberry.field(default=strawberry.UNSET, description="开班日期。")
    end_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="结束日期；不能早于已登记学员的结业日期。"
    )
    trade: str | None = strawberry.field(
        default=strawberry.UNSET, description="培训工种；传 null 清除。"
    )
    place: str | None = strawberry.field(
        default=strawberry.UNSET, description="培训地点；传 null 清除。"
    )
    subsidy: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="已拨付的培训补贴，单位：元；传 null 记为 0。"
    )
    other_trainees: int | None = strawberry.field(
        default=strawberry.UNSET, description="未在平台登记的其他学员人数，单位：人，0–1000。"
    )


@strawberry.input(description="删除一个误登记的培训班（须先移除全部学员）。")
class TrainingClassDeleteInput:
    """Which class to delete."""

    id: strawberry.ID = strawberry.field(description="培训班的全局标识（TrainingClass.id）。")
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )


@strawberry.input(description="把一名建档立卡户成员登记为培训班学员。")
class EnrolmentCreateInput:
    """A new enrolment."""

    training_class: strawberry.ID = strawberry.field(
        description="培训班的全局标识（TrainingClass.id）。"
    )
    id_number: str = strawberry.field(
        description="学员的 18 位身份证号；须是已登记、有劳动能力的建档立卡户成员。"
    )
    completed_on: date | None = strawberry.field(
        default=None, description="结业日期（已结业时填）：不早于培训班结束日期、不晚于今天。"
    )
    certificate: str | None = strawberry.field(
        default=None, description="证书编号或名称，不超过 64 个字；只有结业学员才能填。"
    )


@strawberry.input(
    description="登记、更正或撤销学员的结业与证书；不给的字段保持不变，传 null 清除。"
)
class EnrolmentUpdateInput:
    """Changes to an enrolment."""

    enrolment_id: strawberry.ID = strawberry.field(
        description="学员记录的全局标识（Enrolment.id）。"
    )
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )
    completed_on: date | None = strawberry.field(
        default=strawberry.UNSET,
        description="结业日期：不早于培训班结束日期、不晚于今天；传 null 表示未结业。",
    )
    certificate: str | None = strawberry.field(
        default=strawberry.UNSET, description="证书编号或名称，不超过 64 个字；传 null 清除。"
    )


@strawberry.input(description="移除一条误登记的学员记录。")
class EnrolmentRemoveInput:
    """Which enrolment to remove."""

    enrolment_id: strawberry.ID = strawberry.field(
        description="学员记录的全局标识（Enrolment.id）。"
    )
    version: int | None = strawberry.field(
        default=None, description="您读到的版本号；记录已被他人修改时拒绝（CONFLICT）。"
    )
