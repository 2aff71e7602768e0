"""The plugin's enumerations, stored as short codes and shown by their Chinese labels."""

from __future__ import annotations

from core.sdk import LabelledEnum


class SiteFacilityKind(LabelledEnum):
    """The "三微" platforms of 三(五)1."""

    WORKSHOP = "WORKSHOP", "微车间", "扶贫车间", "微车间（扶贫车间）"
    GARDEN = "GARDEN", "微田园"
    MARKET = "MARKET", "微市场"


class SitePostRuleStatus(LabelledEnum):
    """Where a site's required number of public-welfare posts comes from."""

    PLAN_RULE = "PLAN_RULE", "方案规则"
    ADMINISTRATOR = "ADMINISTRATOR", "管理员设定"
    NO_RULE = "NO_RULE", "方案未规定"


class SitePopulationBand(LabelledEnum):
    """The population bands of 三(五)2 (以下/以上 read inclusively)."""

    UP_TO_1000 = "UP_TO_1000", "1000人以下（含1000人）"
    FROM_1001_TO_3000 = "FROM_1001_TO_3000", "1001–3000人"
    FROM_3001_TO_4999 = "FROM_3001_TO_4999", "3001–4999人（方案未规定）"
    FROM_5000 = "FROM_5000", "5000人以上（含5000人）"


class ServiceStationStatus(LabelledEnum):
    """Where a site stands on its labour and social-security service station (三(五)4)."""

    NOT_REQUIRED = "NOT_REQUIRED", "不要求（规模以下或已纳入社区管理）"
    MISSING = "MISSING", "应建未建"
    INCOMPLETE = "INCOMPLETE", "已建，六到位未全部到位"
    COMPLETE = "COMPLETE", "已建且六到位"


class RelocationLinkIssueKind(LabelledEnum):
    """Ways the core's relocated flag and a household's site can disagree."""

    FLAGGED_WITHOUT_SITE = "FLAGGED_WITHOUT_SITE", "标记为搬迁户但未分配安置点"
    LINKED_NOT_FLAGGED = "LINKED_NOT_FLAGGED", "已分配安置点但未标记为搬迁户"
    OTHER_COUNTY = "OTHER_COUNTY", "所在村与安置点不在同一县区"
