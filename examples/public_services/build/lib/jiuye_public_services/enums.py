"""The plugin's enumerations, with the labels its ledger uses."""

from __future__ import annotations

from core.sdk import LabelledEnum


class StaffSource(LabelledEnum):
    """Where a station's worker comes from (三(四)2 names the first two)."""

    SANZHI_YIFU = "SANZHI_YIFU", "三支一扶大学生", "三支一扶"
    WELFARE_POST = "WELFARE_POST", "公益性岗位人员", "公益性岗位"
    OTHER = "OTHER", "其他人员", "其他"


class AgencyKind(LabelledEnum):
    """Who organised a transfer and receives the job-placement subsidy (三(四)3)."""

    HR_AGENCY = "HR_AGENCY", "人力资源服务机构", "人力资源机构"
    BROKER = "BROKER", "劳务经纪人", "劳务经济人"
