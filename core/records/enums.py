"""The core records' enumerations, with the labels the 两清 ledger uses."""

from __future__ import annotations

from core.enums import LabelledEnum


class RegionLevel(LabelledEnum):
    """How high in the administrative tree a region sits."""

    PROVINCE = "PROVINCE", "省"
    CITY = "CITY", "市"
    COUNTY = "COUNTY", "县"
    DISTRICT = "DISTRICT", "区"
    TOWNSHIP = "TOWNSHIP", "乡镇"
    VILLAGE = "VILLAGE", "行政村"


class Relation(LabelledEnum):
    """A member's relation to the household head (与户主关系)."""

    HEAD = "HEAD", "户主"
    SPOUSE = "SPOUSE", "配偶"
    CHILD = "CHILD", "子女"
    PARENT = "PARENT", "父母"
    SIBLING = "SIBLING", "兄弟姐妹"
    GRANDCHILD = "GRANDCHILD", "孙子女"
    OTHER = "OTHER", "其他"


class LabourCapacity(LabelledEnum):
    """Labour capacity (劳动能力); the first three count as having labour capacity."""

    ORDINARY = "ORDINARY", "普通劳动力"
    SKILLED = "SKILLED", "技能劳动力"
    WEAK = "WEAK", "弱劳动力或半劳动力", "弱劳动力", "半劳动力"
    LOST = "LOST", "丧失劳动力"
    NONE = "NONE", "无劳动力"

    @property
    def can_work(self) -> bool:
        """Whether this category counts as "has labour capacity"."""
        return self in LABOUR_CAPABLE


LABOUR_CAPABLE = frozenset({LabourCapacity.ORDINARY, LabourCapacity.SKILLED, LabourCapacity.WEAK})


class Sex(LabelledEnum):
    """Sex, derived from the resident ID number."""

    MALE = "MALE", "男"
    FEMALE = "FEMALE", "女"


class PovertyStatus(LabelledEnum):
    """Whether a registered household has exited poverty."""

    NOT_EXITED = "NOT_EXITED", "未脱贫"
    EXITED = "EXITED", "已脱贫"


class WorkForm(LabelledEnum):
    """Form of work (就业形式)."""

    WAGE_WORK = "WAGE_WORK", "务工"
    SELF_EMPLOYED = "SELF_EMPLOYED", "自主创业"
    WELFARE_POST = "WELFARE_POST", "公益性岗位"
    WORKSHOP = "WORKSHOP", "扶贫车间"
    FLEXIBLE = "FLEXIBLE", "灵活就业"


class WorkPlace(LabelledEnum):
    """Where the work is (就业地点), relative to the worker's county."""

    IN_COUNTY = "IN_COUNTY", "县内"
    IN_REGION = "IN_REGION", "区内县外"
    GUANGDONG = "GUANGDONG", "广东省"
    OTHER_PROVINCE = "OTHER_PROVINCE", "其他省份"
