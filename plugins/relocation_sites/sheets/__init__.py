"""The plugin's ledger sheets (台账), imported and exported through `core.importing`."""

from __future__ import annotations

from core.sdk import SheetKind, sheet_kind
from plugins.relocation_sites.kinds import FACILITIES, FAIRS, PUSHES
from plugins.relocation_sites.sheets import households, posts, sites
from plugins.relocation_sites.sheets.common import SITE_PARENT

SHEET_KINDS = (
    SheetKind(
        name="relocation_sites",
        title="安置点台账",
        columns=sites.COLUMNS,
        importer=sites.SiteImporter.open,
        exporter=sites.export_sites,
        description="易地扶贫搬迁安置点及其劳动就业社会保障服务站，一行一个安置点。",
    ),
    SheetKind(
        name="relocation_households",
        title="搬迁户安置台账",
        columns=households.COLUMNS,
        importer=households.HouseholdImporter.open,
        exporter=households.export_households,
        after=("ledger", "relocation_sites"),
        description="建档立卡搬迁户分配到的安置点，一行一户；须与两清台账的“是否易地扶贫搬迁”一致。",
    ),
    sheet_kind(
        FACILITIES,
        parent=SITE_PARENT,
        name="relocation_facilities",
        title="三微台账",
        after=("relocation_sites",),
    ),
    SheetKind(
        name="relocation_posts",
        title="安置点公益性岗位台账",
        columns=posts.COLUMNS,
        importer=posts.PostImporter.open,
        exporter=posts.export_posts,
        after=("ledger", "relocation_sites", "relocation_households"),
        description="安置点公益性岗位及在岗人，一行一个岗位。",
    ),
    sheet_kind(
        FAIRS,
        parent=SITE_PARENT,
        name="relocation_job_fairs",
        title="安置点专场招聘会台账",
        after=("relocation_sites",),
    ),
    sheet_kind(
        PUSHES,
        parent=SITE_PARENT,
        name="relocation_job_pushes",
        title="安置点岗位推送台账",
        after=("relocation_sites",),
    ),
)
