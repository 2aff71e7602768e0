"""The plugin's enumerations, with the Chinese labels people read and write.

Each is registered as a GraphQL enum here, where it is defined, so that whichever module
names it first sees the one registration.
"""

from __future__ import annotations

from core.sdk import LabelledEnum, graphql_enum


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
        return self in MONTHLY_SUBSIDIES


MONTHLY_SUBSIDIES = frozenset({HiringSubsidyKind.WAGE, HiringSubsidyKind.SOCIAL_INSURANCE})
ONE_OFF_SUBSIDIES = frozenset(set(HiringSubsidyKind) - MONTHLY_SUBSIDIES)


class JobFairLevel(LabelledEnum):
    """Who holds a job fair (三(一)6): the city, a county/district, or a township."""

    CITY = "CITY", "市级"
    COUNTY = "COUNTY", "县区级"
    TOWNSHIP = "TOWNSHIP", "乡镇级"


class JobPushChannel(LabelledEnum):
    """How postings reached households (三(一)6)."""

    WORK_TEAM = "WORK_TEAM", "驻村工作队员"
    CONTACT = "CONTACT", "帮扶联系人"
    VILLAGE_COMMITTEE = "VILLAGE_COMMITTEE", "村两委干部"
    ONLINE = "ONLINE", "互联网+人社平台", "短信", "微信"
    LABOUR_STATION = "LABOUR_STATION", "劳务工作站"


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
graphql_enum(
    JobFairLevel,
    "招聘会的层级（三(一)6）：市级每年 2 场，各县区每年 2 场，每个重点贫困乡镇每年 3 场。",
)
graphql_enum(JobPushChannel, "岗位信息送到贫困户的渠道（三(一)6）。")
# The SDK's shared JobPushChannel (core.sdk) owns the GraphQL name until this plugin moves to it.
JobPushChannel.__strawberry_definition__.name = "AssistanceJobPushChannel"  # type: ignore[attr-defined]
graphql_enum(FiveEventKind, "“五个一”活动的五种（三(一)1），每种至少举办一次。")
