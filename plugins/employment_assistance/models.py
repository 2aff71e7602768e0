"""The plugin's record kinds (tables prefixed `assistance_`), declared once for the table, the
API, the ledgers and the checks; two link tables beside them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from core.sdk import (
    JobFairFields,
    JobFairLevel,
    JobPushFields,
    LabelledEnum,
    Record,
    UtcDateTime,
    field,
    graphql_enum,
    money_field,
    person_field,
    region_field,
    table_of,
)

END = "（含当天）；为空表示仍在。"


class HiringSubsidyKind(LabelledEnum):
    """The subsidies of "一岗多补" (三(一)2)."""

    WAGE = "WAGE", "工资性补贴"
    GRADUATE_POST = "GRADUATE_POST", "高校毕业生一次性岗位补贴", "一次性岗位补贴"
    SOCIAL_INSURANCE = "SOCIAL_INSURANCE", "社保补贴", "社会保险补贴"
    EMPLOYMENT_REWARD = "EMPLOYMENT_REWARD", "一次性带动就业奖励", "带动就业奖励"
    NEW_JOB = "NEW_JOB", "新增就业补贴"

    @property
    def monthly(self) -> bool:
        """Whether the subsidy is paid by the month (an amount a month for some months)."""
        return self in (HiringSubsidyKind.WAGE, HiringSubsidyKind.SOCIAL_INSURANCE)


class FiveEventKind(LabelledEnum):
    """The five events of "五个一" (三(一)1)."""

    JOB_FAIR = "JOB_FAIR", "就业创业帮扶大型招聘会", "大型招聘会"
    GUIDANCE_TRAINING = "GUIDANCE_TRAINING", "就业引导培训"
    BASKETBALL = "BASKETBALL", "农村行政村迎春篮球赛", "迎春篮球赛"
    RETURNEE_FORUM = "RETURNEE_FORUM", "返乡农民工座谈会"
    PERFORMANCE_TOUR = "PERFORMANCE_TOUR", "扶贫攻坚文艺宣传巡演", "文艺宣传巡演"


graphql_enum(
    HiringSubsidyKind,
    "“一岗多补”的补贴种类（三(一)2）：工资性补贴与社保补贴按月计，其余为一次性。",
)
graphql_enum(FiveEventKind, "“五个一”活动的五种（三(一)1），每种至少举办一次。")


class Workshop(Record, table=True):
    """A poverty-alleviation workshop (扶贫车间/微车间) certified in a township (三(一)4)."""

    __tablename__ = "assistance_workshop"
    __table_args__ = (
        UniqueConstraint("township_code", "name", name="uq_assistance_workshop_name"),
    )

    township_code: str = region_field(
        header="乡镇", description="所在乡镇的 9 位区划代码。", level="TOWNSHIP", places=True
    )
    name: str = field(
        header="车间名称", description="车间名称，同一乡镇内唯一，至多 128 个字。",
        max_length=128, searchable=True, variants=("扶贫车间名称", "微车间名称"),
    )  # fmt: skip
    enterprise: str = field(
        header="运营企业", description="运营企业（或合作社）名称。", max_length=128,
        searchable=True, variants=("运营企业名称", "运营主体", "企业名称", "合作社名称"),
    )  # fmt: skip
    certified_on: date = field(
        header="认定日期", description="建成认定日期，不晚于今天。", not_future=True,
        variants=("建成认定日期", "认定时间"),
    )  # fmt: skip
    jobs: int = field(
        header="岗位数", description="提供的岗位数，单位：个，不小于 0。", default=0, minimum=0,
        maximum=100_000, variants=("提供岗位数", "岗位数(个)", "就业岗位数"),
    )  # fmt: skip
    ended_on: date | None = field(
        header="停办日期", description="停办（撤销认定）日期" + END, default=None,
        not_future=True, variants=("撤销认定日期", "停办时间"),
    )  # fmt: skip
    end_reason: str | None = field(
        header="停办原因", description="停办原因，未停办时为空。", default=None, max_length=200,
        variants=("撤销认定原因",),
    )  # fmt: skip


class WorkshopWorker(SQLModel, table=True):
    """A poor labourer's employment record at a workshop (one workshop per record)."""

    __tablename__ = "assistance_workshop_worker"

    id: int | None = Field(default=None, primary_key=True)
    workshop_id: int = Field(foreign_key="assistance_workshop.id", index=True)
    employment_id: int = Field(foreign_key="employment.id", unique=True)
    created_at: datetime = Field(sa_type=UtcDateTime)


class VillagePost(Record, table=True):
    """A public-welfare post (乡村公益性岗位) in a not-yet-exited poor village (三(一)5)."""

    __tablename__ = "assistance_village_post"
    __table_args__ = (
        Index("ix_assistance_village_post_person", "person_id", "start_date"),
        Index("uq_assistance_village_post_start", "person_id", "start_date", unique=True),
    )

    village_code: str = region_field(
        header="行政村", description="所在贫困村的 12 位区划代码。", level="VILLAGE", places=True
    )
    post: str = field(
        header="岗位名称", description="岗位名称，如“保洁员”“护林员”，至多 64 个字。",
        max_length=64, searchable=True, variants=("岗位", "公益性岗位名称", "岗位类别"),
    )  # fmt: skip
    person_id: int = person_field(
        description="在岗人员（有劳动能力的建档立卡户成员）", editable=True
    )
    monthly_pay_fen: int = money_field(
        header="月岗位补贴(元)", description="月岗位补贴，不低于所在县区的最低工资标准。",
        personal=True, variants=("月岗位补贴", "岗位补贴(元)", "月补贴(元)", "月补贴"),
    )  # fmt: skip
    start_date: date = field(
        header="上岗日期", description="上岗日期（含），不晚于今天。", not_future=True,
        variants=("上岗时间", "聘用日期"),
    )  # fmt: skip
    end_date: date | None = field(
        header="离岗日期", description="离岗日期" + END, default=None, not_future=True,
        variants=("离岗时间", "解聘日期"),
    )  # fmt: skip


class MinimumWage(Record, table=True):
    """A county's monthly minimum wage from a date on (a setting administrators keep)."""

    __tablename__ = "assistance_minimum_wage"
    __table_args__ = (
        UniqueConstraint("county_code", "effective_from", name="uq_assistance_minimum_wage_from"),
    )

    county_code: str = region_field(
        header="县区代码", description="县区 6 位区划代码。", level="COUNTY"
    )
    monthly_minimum_fen: int = money_field(
        header="月最低工资(元)", description="月最低工资，大于 0 元。", minimum=1
    )
    effective_from: date = field(
        header="生效日期", description="生效日期；到下一条标准生效的前一天为止。"
    )
    source: str = field(header="依据", description="依据（文件名与文号）。", max_length=200)


class Subsidy(Record, table=True):
    """One subsidy of "一岗多补" granted to an employer for hiring a poor labourer (三(一)2)."""

    __tablename__ = "assistance_subsidy"
    __table_args__ = (
        Index("ix_assistance_subsidy_person", "person_id", "kind"),
        Index(
            "uq_assistance_subsidy_grant",
            "person_id", "kind", "employer", "hired_on", "granted_on",
            unique=True,
        ),
    )  # fmt: skip

    kind: str = field(
        header="补贴种类", description="补贴种类。", max_length=24, choices=HiringSubsidyKind,
        variants=("补贴类别", "补贴类型", "补贴项目"),
    )  # fmt: skip
    person_id: int = person_field(description="被吸纳就业的人（有劳动能力的建档立卡户成员）")
    employer: str = field(
        header="用人单位", description="吸纳就业的企业（用人单位）名称，至多 128 个字。",
        max_length=128, searchable=True, variants=("用人单位名称", "吸纳企业", "企业名称"),
    )  # fmt: skip
    hired_on: date = field(
        header="入职日期", description="吸纳就业（入职）日期，不晚于今天。", not_future=True,
        variants=("入职时间", "就业日期"),
    )  # fmt: skip
    graduate: bool = field(
        header="是否高校毕业生", description="被吸纳的人是否贫困家庭高校毕业生。", default=False,
        variants=("高校毕业生", "是否贫困家庭高校毕业生"),
    )  # fmt: skip
    monthly_amount_fen: int | None = money_field(
        header="每月金额(元)", default=None,
        description="按月补贴的每月金额（工资性补贴 300–500 元）；一次性补贴为空。",
        variants=("每月金额", "月补贴标准(元)"),
    )  # fmt: skip
    months: int | None = field(
        header="月数", default=None, minimum=1, maximum=36,
        description="按月补贴的月数，单位：月（工资性补贴最多 12，社保补贴最多 36）；一次性补贴为空。",
        variants=("补贴月数", "补贴期限(月)"),
    )  # fmt: skip
    amount_fen: int | None = money_field(
        header="金额(元)", default=None,
        description="一次性补贴的金额（高校毕业生一次性岗位补贴 3000–5000 元）；按月补贴为空，总额见 total。",
        variants=("补贴金额(元)", "一次性补贴金额(元)", "金额"),
    )  # fmt: skip
    granted_on: date = field(
        header="发放日期", description="审批发放日期，不早于入职日期。", not_future=True,
        variants=("审批发放日期", "发放时间"),
    )  # fmt: skip
    revoked_on: date | None = field(
        header="撤销日期", description="撤销日期（补贴被追回或误录）；撤销后不再计入指标，也不能再改。",
        default=None, not_future=True, variants=("追回日期",),
    )  # fmt: skip
    revoke_reason: str | None = field(
        header="撤销原因", description="撤销原因；撤销时必填。", default=None, max_length=200,
        variants=("撤销说明",),
    )  # fmt: skip


class JobFair(Record, JobFairFields, table=True):
    """A job fair held by the city, a county/district or a township (三(一)6)."""

    __tablename__ = "assistance_job_fair"
    __table_args__ = (
        Index("uq_assistance_job_fair", "region_code", "held_on", "title", unique=True),
    )

    level: str = field(
        header="层级", description="层级：市级、县区级或乡镇级（安置点的招聘会记在安置点）。",
        max_length=16, choices=JobFairLevel, variants=("招聘会层级", "级别"),
    )  # fmt: skip
    region_code: str = region_field(
        header="区划", level=None, places="TOWNSHIP",
        description="举办的区划代码：市级为市，县区级为县区（6 位），乡镇级为乡镇（9 位）。",
    )  # fmt: skip


class JobPush(Record, JobPushFields, table=True):
    """A batch of job postings pushed to poor households on one date (三(一)6)."""

    __tablename__ = "assistance_job_push"
    __table_args__ = (
        Index(
            "uq_assistance_job_push", "region_code", "pushed_on", "channel", "title", unique=True
        ),
    )

    region_code: str = region_field(
        header="区划", level=None, places=True,
        description="推送的区划代码（市、县区、乡镇或行政村）；送达的户都在这个区划内。",
    )  # fmt: skip


class JobPushHousehold(SQLModel, table=True):
    """A household a push reached."""

    __tablename__ = "assistance_job_push_household"

    push_id: int = Field(foreign_key="assistance_job_push.id", primary_key=True)
    household_id: int = Field(foreign_key="household.id", primary_key=True, index=True)


class FiveEvent(Record, table=True):
    """One of the "五个一" events (三(一)1)."""

    __tablename__ = "assistance_event"
    __table_args__ = (
        Index("uq_assistance_event", "region_code", "held_on", "kind", "title", unique=True),
    )

    kind: str = field(
        header="活动种类", description="活动种类。", max_length=24, choices=FiveEventKind,
        variants=("活动类别", "五个一活动种类"),
    )  # fmt: skip
    title: str = field(
        header="活动名称", description="活动名称。", max_length=128, searchable=True,
        variants=("活动标题",),
    )  # fmt: skip
    region_code: str = region_field(
        header="区划", description="举办的区划代码（市、县区、乡镇或行政村）。", level=None,
        places=True,
    )  # fmt: skip
    held_on: date = field(header="举办日期", description="举办日期。", not_future=True)
    place: str = field(header="举办地点", description="举办地点。", max_length=128)
    attendance: int = field(
        header="参加人数", description="参加人数，单位：人，不小于 0。", default=0, minimum=0,
        maximum=10_000_000, variants=("参加人数(人)", "参与人数"),
    )  # fmt: skip
    cancelled: bool = field(
        header="已撤销", description="活动撤销了（不计入指标，也不能再改）。", default=False
    )
    cancel_reason: str | None = field(
        header="撤销原因", description="撤销原因；撤销时必填。", default=None, max_length=200
    )


workshop = table_of(Workshop)
workshop_worker = table_of(WorkshopWorker)
village_post = table_of(VillagePost)
minimum_wage = table_of(MinimumWage)
subsidy = table_of(Subsidy)
job_fair = table_of(JobFair)
job_push = table_of(JobPush)
job_push_household = table_of(JobPushHousehold)
five_event = table_of(FiveEvent)
