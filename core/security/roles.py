"""Roles and what each may do."""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """What a caller is."""

    ADMIN = "admin"
    """Everything."""
    COUNTY = "county"
    """Reads and writes the core records of its region subtree."""
    DEPARTMENT = "department"
    """Writes its own plugins' records within its region scope; reads what it needs."""
    VIEWER = "viewer"
    """Aggregates and the board only: no personal data."""


ROLE_DESCRIPTIONS = {
    Role.ADMIN: "管理员：全部数据与操作。",
    Role.COUNTY: "县区：读写本区划及下级的核心记录（户、成员、就业）。",
    Role.DEPARTMENT: "部门：在其区划范围内写本部门插件的记录，读取工作所需的数据。",
    Role.VIEWER: "查看者：只看汇总与看板，不看个人信息；少于 5 户的汇总不显示。",
}
