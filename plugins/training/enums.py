"""The training plugin's enumerations, with the labels its ledgers use."""

from __future__ import annotations

from core.sdk import LabelledEnum


class TrainingKind(LabelledEnum):
    """What a class is for (三(二)1 precise training, 三(二)2 work-leader training)."""

    VOCATIONAL = "VOCATIONAL", "精准培训", "职业技能培训"
    LEADER = "LEADER", "务工带头人培训", "务工带头人"


class TrainingOrganiserKind(LabelledEnum):
    """Who runs a class."""

    INSTITUTION = "INSTITUTION", "职业培训机构", "培训机构"
    CITY_GROUP = "CITY_GROUP", "市属集团公司", "市属政府集团公司"
    ENTERPRISE = "ENTERPRISE", "扶贫基地企业", "企业"
    GOVERNMENT = "GOVERNMENT", "人社部门", "政府部门"
    OTHER = "OTHER", "其他"


class LeaderClassComplianceStatus(LabelledEnum):
    """Where a region stands on the work-leader class rule for one quarter or year."""

    MET = "MET", "已达标"
    MISSED = "MISSED", "未达标"
    PENDING = "PENDING", "进行中"
    NOT_STARTED = "NOT_STARTED", "未开始"
    NOT_REQUIRED = "NOT_REQUIRED", "不按季度考核"
